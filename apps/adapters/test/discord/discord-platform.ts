import { INBOUND_QUEUE, InboundMessageSchema, inboundJobId, type InboundMessage, type Redis, type ReplyFeedback } from '@chatbot/core';
import { Queue } from 'bullmq';
import { pino } from 'pino';
import { AdapterMetrics, DiscordAdapter, startAdapters, type RunningAdapters } from '../../src';
import { failingFirstPublishes } from '../support/failing-publishes';
import { startFakeWorker } from '../support/fake-worker';
import { queuedRatings } from '../support/queued-ratings';
import { FakeDiscord } from './fake-discord';

export interface LogLine {
  level: number;
  msg: string;
  [field: string]: unknown;
}

export interface DiscordPlatform {
  fake: FakeDiscord;
  adapter: DiscordAdapter;
  /** Every log line the adapters wrote, parsed. */
  logs: LogLine[];
  /** Every job ever added to `inbound` (they are kept after completion), whatever its state. */
  inboundJobCount(): Promise<number>;
  /** The message queued for a Discord message id, if it was queued. */
  queued(discordMessageId: string): Promise<InboundMessage | undefined>;
  /** The ratings on `feedback`, oldest first. */
  ratings(): Promise<ReplyFeedback[]>;
  /** Stops the adapter, the fake worker and (if this call started it) the fake Discord. */
  stop(): Promise<void>;
}

/**
 * The adapters process as main.ts wires it, with only the Discord channel, whose discord.js client
 * talks to a fake Discord (started here unless `fake` is given). With `fakeWorker` (the default)
 * every message is answered "echo: <text>". Redis keys live under `prefix`; the caller removes them.
 */
export async function startDiscordPlatform(options: {
  redis: Redis;
  prefix: string;
  fake?: FakeDiscord;
  fakeWorker?: boolean;
  /** The first n publishes fail the way they do while Redis refuses or loses the connection. */
  failingFirstPublishes?: number;
}): Promise<DiscordPlatform> {
  const { redis, prefix } = options;
  const fake = options.fake ?? (await FakeDiscord.start());
  const logs: LogLine[] = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => void logs.push(JSON.parse(line) as LogLine) });
  const metrics = new AdapterMetrics();
  const adapter = new DiscordAdapter({ token: fake.token, apiUrl: fake.apiUrl, redis, prefix, publishRetryMs: 50 });
  const channelAdapter = options.failingFirstPublishes ? failingFirstPublishes(adapter, options.failingFirstPublishes) : adapter;
  const worker = options.fakeWorker === false ? undefined : startFakeWorker(redis, prefix);
  const inbound = new Queue(INBOUND_QUEUE, { connection: redis, prefix });
  let running: RunningAdapters;
  try {
    running = await startAdapters({ adapters: [channelAdapter], redis, prefix, logger, metrics });
  } catch (error) {
    await Promise.all([worker?.close(), inbound.close(), options.fake ? undefined : fake.close()]);
    throw error;
  }
  return {
    fake,
    adapter,
    logs,
    async inboundJobCount() {
      const counts = await inbound.getJobCounts();
      return Object.values(counts).reduce((sum, n) => sum + n, 0);
    },
    async queued(discordMessageId) {
      const job = await inbound.getJob(inboundJobId('discord', discordMessageId));
      return job ? InboundMessageSchema.parse(job.data) : undefined;
    },
    ratings: () => queuedRatings(redis, prefix),
    async stop() {
      await worker?.close();
      await inbound.close();
      await running.stop();
      if (!options.fake) await fake.close();
    },
  };
}
