import { INBOUND_QUEUE, OutboundMessageSchema } from '@chatbot/core';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFaultPlatform, type FaultPlatform } from './fault-platform';
import { sendSteadyLoad } from './steady-load';

/** FAULT_OUTAGE_SECONDS=180 for the long mode (README: Reliability). */
const OUTAGE_MS = Number(process.env.FAULT_OUTAGE_SECONDS ?? 30) * 1000;
const LOAD = { conversations: 20, intervalMs: 400 };

let platform: FaultPlatform;
beforeAll(async () => {
  platform = await startFaultPlatform();
}, 180_000);
afterAll(async () => {
  await platform?.dispose();
}, 60_000);

describe('PostgreSQL stopped under load', () => {
  it(
    `answers every acknowledged message once, in order, after a ${OUTAGE_MS / 1000} s outage`,
    async () => {
      await platform.startWorker();
      const load = sendSteadyLoad(platform.publisher, { ...LOAD, durationMs: OUTAGE_MS + 10_000, tag: 'pg' });
      await new Promise((r) => setTimeout(r, 4000));
      await platform.postgres.stop();
      await new Promise((r) => setTimeout(r, OUTAGE_MS));
      await platform.postgres.start();
      const acknowledged = await load;

      // Every acknowledged message gets its reply: one job on outbound.web each, none failed.
      const inbound = new Queue(INBOUND_QUEUE, { connection: platform.redis, prefix: platform.config.REDIS_PREFIX });
      try {
        await expect.poll(() => platform.outbound.getWaitingCount(), { timeout: 120_000, interval: 500 }).toBe(acknowledged.length);
        expect(await inbound.getFailedCount()).toBe(0);
      } finally {
        await inbound.close();
      }
      const replies = (await platform.outbound.getJobs(['waiting'], 0, -1, true)).map((job) => OutboundMessageSchema.parse(job.data));
      expect(new Set(replies.map((reply) => reply.replyTo)).size).toBe(acknowledged.length);

      // Exactly one stored inbound turn (and one reply turn) per acknowledged message.
      const turns = await platform.db.turn.groupBy({ by: ['direction'], _count: true, where: { conversation: { conversationKey: { startsWith: 'web:pg-' } } } });
      expect(Object.fromEntries(turns.map((row) => [row.direction, row._count]))).toEqual({ inbound: acknowledged.length, outbound: acknowledged.length });

      // Within each conversation the replies were queued in the order the messages were sent.
      for (let c = 0; c < LOAD.conversations; c++) {
        const key = `web:pg-${c}`;
        const sent = acknowledged.filter((m) => m.conversationKey === key).map((m) => m.nativeMessageId);
        expect(replies.filter((reply) => reply.conversationKey === key).map((reply) => reply.replyTo)).toEqual(sent);
      }

      // The worker said what happened, in plain words, and recovered by itself.
      expect(platform.logLines.some((line) => line.includes('the database does not answer'))).toBe(true);
      expect(platform.logLines.some((line) => line.includes('the database answers again'))).toBe(true);
      console.log(`PostgreSQL outage ${OUTAGE_MS / 1000} s: ${acknowledged.length} acknowledged, ${replies.length} answered, 0 lost, 0 duplicated`);
    },
    OUTAGE_MS + 240_000,
  );

  it('starts a worker while PostgreSQL is down: it waits, says so, and serves once the database is back', async () => {
    await platform.postgres.stop();
    const ready = platform.startWorker();
    await expect.poll(() => platform.logLines.some((line) => line.includes('the database does not answer yet')), { timeout: 15_000 }).toBe(true);
    await platform.postgres.start();
    await ready;
    const before = await platform.outbound.getWaitingCount();
    await platform.publisher.publish({
      channel: 'web',
      nativeMessageId: 'late-start',
      conversationKey: 'web:late-start',
      user: { id: 'late' },
      text: 'where is my order?',
    });
    await expect.poll(() => platform.outbound.getWaitingCount(), { timeout: 30_000 }).toBe(before + 1);
  }, 90_000);
});
