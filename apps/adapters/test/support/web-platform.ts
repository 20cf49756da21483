import { INBOUND_QUEUE, createLogger, type Redis } from '@chatbot/core';
import { Queue } from 'bullmq';
import { AdapterMetrics, WebAdapter, startAdapters, type RunningAdapters, type WebAdapterOptions } from '../../src';
import { startFakeWorker } from './fake-worker';
import { isolatedRedis } from './redis';

export interface WebPlatform {
  adapter: WebAdapter;
  /** http://127.0.0.1:<port> */
  url: string;
  wsUrl: string;
  redis: Redis;
  prefix: string;
  metrics: AdapterMetrics;
  inbound: Queue;
  /** Every job ever added to `inbound` (they are kept after completion), whatever its state. */
  inboundJobCount(): Promise<number>;
  stop(): Promise<void>;
}

/**
 * The adapters process as main.ts wires it (web channel only, a free port), on a Redis prefix
 * of its own, with a fake worker that answers every message with "echo: <text>".
 */
export async function startWebPlatform(
  options: { fakeWorker?: boolean } & Pick<WebAdapterOptions, 'rateLimits' | 'trustProxy' | 'socketLimits'> = {},
): Promise<WebPlatform> {
  const { redis, prefix, cleanup } = isolatedRedis();
  const logger = createLogger('adapters-test', 'silent');
  const metrics = new AdapterMetrics();
  const adapter = new WebAdapter({
    port: 0,
    host: '127.0.0.1',
    redis,
    prefix,
    metrics,
    rateLimits: options.rateLimits,
    trustProxy: options.trustProxy,
    socketLimits: options.socketLimits,
  });
  const running: RunningAdapters = await startAdapters({ adapters: [adapter], redis, prefix, logger, metrics });
  const worker = options.fakeWorker === false ? undefined : startFakeWorker(redis, prefix);
  const inbound = new Queue(INBOUND_QUEUE, { connection: redis, prefix });
  const url = adapter.url;
  return {
    adapter,
    url,
    wsUrl: `${url.replace('http', 'ws')}/ws`,
    redis,
    prefix,
    metrics,
    inbound,
    async inboundJobCount() {
      const counts = await inbound.getJobCounts();
      return Object.values(counts).reduce((sum, n) => sum + n, 0);
    },
    async stop() {
      await worker?.close();
      await inbound.close();
      await running.stop();
      await cleanup();
    },
  };
}
