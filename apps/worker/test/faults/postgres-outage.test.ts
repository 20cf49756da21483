import { describe, expect, it } from 'vitest';
import { ChatClient } from './chat-client';
import { useFaultPlatform } from './fault-platform';
import { describeReport, perfectDelivery, waitForDeliveryReport } from './delivery-report';
import { chatSteadily } from './steady-load';

/** FAULT_OUTAGE_SECONDS=180 for the long mode (README: Reliability). */
const OUTAGE_MS = Number(process.env.FAULT_OUTAGE_SECONDS ?? 30) * 1000;
const LOAD = { conversations: 20, intervalMs: 400 };

const platform = useFaultPlatform();

describe('PostgreSQL stopped under load', () => {
  it(
    `answers every acknowledged message once, in order, after a ${OUTAGE_MS / 1000} s outage`,
    async () => {
      await platform().startWorker();
      const load = chatSteadily(platform(), { ...LOAD, durationMs: OUTAGE_MS + 10_000, tag: 'pg' });
      await new Promise((r) => setTimeout(r, 4000));
      await platform().postgres.stop();
      await new Promise((r) => setTimeout(r, OUTAGE_MS));
      await platform().postgres.start();

      const report = await waitForDeliveryReport(platform(), await load);
      console.log(describeReport(`PostgreSQL stopped for ${OUTAGE_MS / 1000} s`, report));
      expect(report).toEqual(perfectDelivery(report));
      expect(report.acknowledged).toBeGreaterThan(1000);

      // The worker said what happened, in plain words, and recovered by itself.
      expect(platform().logLines.some((line) => line.includes('the database does not answer'))).toBe(true);
      expect(platform().logLines.some((line) => line.includes('the database answers again'))).toBe(true);
    },
    OUTAGE_MS + 600_000,
  );

  it('starts a worker while PostgreSQL is down: it waits, says so, and serves once the database is back', async () => {
    await platform().postgres.stop();
    const ready = platform().startWorker();
    await expect.poll(() => platform().logLines.some((line) => line.includes('the database does not answer yet')), { timeout: 15_000 }).toBe(true);
    await platform().postgres.start();
    await ready;
    const chat = new ChatClient(platform().chatUrl, 'late-start');
    await chat.open();
    const question = chat.type('where is my order?');
    await expect.poll(() => chat.repliesTo.get(question)?.length, { timeout: 30_000 }).toBe(1);
    chat.close();
  }, 90_000);
});
