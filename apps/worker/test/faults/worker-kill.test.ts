import { INBOUND_QUEUE, openQueue } from '@chatbot/core';
import { describe, expect, it } from 'vitest';
import { useFaultPlatform } from './fault-platform';
import { describeReport, waitForDeliveryReport } from './delivery-report';
import { sendSteadyLoad } from './steady-load';

const platform = useFaultPlatform();

describe('a worker killed (SIGKILL) with jobs in hand, a second worker running', () => {
  it('answers every acknowledged message once, in order: the killed worker’s jobs are taken over', async () => {
    const doomed = await platform().startWorker();
    await platform().startWorker();
    const inbound = openQueue(INBOUND_QUEUE, platform().redis, platform().config.REDIS_PREFIX);
    try {
      const load = sendSteadyLoad(platform().publisher, { conversations: 40, intervalMs: 200, durationMs: 20_000, tag: 'kill' });
      await expect.poll(() => inbound.getActiveCount(), { timeout: 10_000, interval: 5 }).toBeGreaterThan(0);
      doomed.kill('SIGKILL');
      const report = await waitForDeliveryReport(platform(), await load, 'kill');
      console.log(describeReport('a worker SIGKILLed with jobs active, a second one running', report));
      expect(report).toEqual({ acknowledged: report.acknowledged, answered: report.acknowledged, lost: 0, duplicated: 0, outOfOrder: 0, failedJobs: 0 });
      // Proof that the kill hit jobs in hand: some job was found stalled (its worker gone) and run again.
      const stalled = (await inbound.getCompleted(0, -1)).filter((job) => job.stalledCounter > 0);
      expect(stalled.length).toBeGreaterThan(0);
    } finally {
      await inbound.close();
    }
  }, 120_000);
});
