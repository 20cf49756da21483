import { INBOUND_QUEUE, createLogger, createRedis, openQueue } from '@chatbot/core';
import { describe, expect, it } from 'vitest';
import { useFaultPlatform } from './fault-platform';
import { describeReport, perfectDelivery, waitForDeliveryReport } from './delivery-report';
import { chatSteadily } from './steady-load';

const platform = useFaultPlatform();

describe('a worker killed (SIGKILL) with jobs in hand, a second worker running', () => {
  it('answers every acknowledged message once, in order: the killed worker’s jobs are taken over', async () => {
    const doomed = await platform().startWorker();
    await platform().startWorker();
    const redis = createRedis(platform().config.REDIS_URL, createLogger('fault-test', 'silent'));
    const inbound = openQueue(INBOUND_QUEUE, redis, platform().config.REDIS_PREFIX);
    try {
      const load = chatSteadily(platform(), { conversations: 40, intervalMs: 200, durationMs: 20_000, tag: 'kill' });
      await expect.poll(() => inbound.getActiveCount(), { timeout: 10_000, interval: 5 }).toBeGreaterThan(0);
      doomed.kill('SIGKILL');
      const report = await waitForDeliveryReport(platform(), await load);
      console.log(describeReport('a worker SIGKILLed with jobs active, a second one running', report));
      expect(report).toEqual(perfectDelivery(report));
      // Proof that the kill hit jobs in hand: some job was found stalled (its worker gone) and run again.
      const stalled = (await inbound.getCompleted(0, -1)).filter((job) => job.stalledCounter > 0);
      expect(stalled.length).toBeGreaterThan(0);
    } finally {
      await inbound.close();
      redis.disconnect();
    }
  }, 120_000);
});
