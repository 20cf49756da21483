import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAINTENANCE_QUEUE, RETENTION_SCHEDULER_ID, createLogger, createRedis, type Redis } from '@chatbot/core';
import { createDatabase, createIsolatedDatabase, listAuditEntries, recordExchange, type Database, type IsolatedDatabase } from '@chatbot/db';
import { startDataRetention } from '../src/data-retention';
import { createWorkerMetrics } from '../src/worker-metrics';

const DAY_MS = 24 * 3600 * 1000;
let isolated: IsolatedDatabase;
let database: Database;
let redis: Redis;
let queue: Queue;
const prefix = `test-retention-${randomUUID().slice(0, 8)}`;
const logger = createLogger('retention-test', 'silent');

beforeAll(async () => {
  isolated = await createIsolatedDatabase();
  database = createDatabase(isolated.url);
  redis = createRedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  queue = new Queue(MAINTENANCE_QUEUE, { connection: redis, prefix });
});

afterAll(async () => {
  await queue?.obliterate({ force: true });
  await queue?.close();
  redis?.disconnect();
  await database?.close();
  await isolated?.drop();
});

async function conversationQuietFor(daysAgo: number): Promise<string> {
  const conversationKey = `web:${randomUUID()}`;
  const { conversation } = await recordExchange(database.prisma, {
    channel: 'web',
    conversationKey,
    user: { id: conversationKey },
    language: 'en',
    inbound: {
      nativeMessageId: randomUUID(),
      text: 'my name is Ada, where is my order?',
      receivedAt: new Date(),
      intent: 'order_status',
      confidence: 0.9,
      outOfScope: false,
      topIntents: [],
      modelVersion: 'v1',
    },
    reply: { text: 'Let me check.', kind: 'bot', latencyMs: 1 },
  });
  await database.prisma.conversation.update({ where: { id: conversation.id }, data: { lastMessageAt: new Date(Date.now() - daysAgo * DAY_MS) } });
  return conversation.id;
}

const exists = async (conversationId: string) => (await database.prisma.conversation.findUnique({ where: { id: conversationId } })) !== null;

describe('data retention in the worker', () => {
  it('deletes conversations quiet for longer than CONVERSATION_RETENTION_DAYS on its schedule, counts them and writes an audit entry', async () => {
    const [old, recent] = [await conversationQuietFor(31), await conversationQuietFor(29)];
    const metrics = createWorkerMetrics();
    const retention = await startDataRetention({ db: database.prisma, redis, prefix, logger, metrics, retentionDays: 30, checkEveryMs: 300 });
    try {
      await expect.poll(() => exists(old), { timeout: 10_000 }).toBe(false);
      expect(await exists(recent)).toBe(true);
      const deleted = Object.fromEntries((await metrics.retentionDeleted.get()).values.map((v) => [v.labels.what, v.value]));
      expect(deleted).toEqual({ conversations: 1, turns: 2 });
      expect(await listAuditEntries(database.prisma, { actor: 'data-retention' })).toMatchObject([
        { action: 'conversations.expire', details: { conversations: 1, turns: 2 } },
      ]);
    } finally {
      await retention.close();
    }
  });

  it('removes the schedule when a worker starts without a retention period, so deletions really stop', async () => {
    const on = await startDataRetention({ db: database.prisma, redis, prefix, logger, metrics: createWorkerMetrics(), retentionDays: 30, checkEveryMs: 300 });
    await on.close();
    expect(await queue.getJobScheduler(RETENTION_SCHEDULER_ID)).toMatchObject({ every: 300 });

    const off = await startDataRetention({ db: database.prisma, redis, prefix, logger, metrics: createWorkerMetrics(), retentionDays: undefined });
    try {
      expect(await queue.getJobScheduler(RETENTION_SCHEDULER_ID)).toBeUndefined();
      // This worker consumes the maintenance queue: had the 300 ms schedule survived, it would delete this.
      const old = await conversationQuietFor(400);
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect(await exists(old)).toBe(true);
    } finally {
      await off.close();
    }
  });
});
