import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { createLogger, createRedis, OutboundPublisher, outboundQueueName, startOutboundConsumer, type OutboundMessage } from '../src/index';
import { openQueue } from '../src/queues/open-queue';
import { killHard, spawnUntilFirstLine } from './support/spawn-script';

const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const prefix = `test-core-outbound-${randomUUID().slice(0, 8)}`;
const redis = createRedis(redisUrl);
const CHANNEL = 'web';

afterAll(async () => {
  await openQueue(outboundQueueName(CHANNEL), redis, prefix).obliterate({ force: true });
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length) await redis.del(...keys);
  redis.disconnect();
});

describe('a reply whose adapters process died while delivering it', () => {
  it('is delivered by another adapters process within about 15 s (not the minute BullMQ would wait by default)', async () => {
    const publisher = new OutboundPublisher(redis, prefix);
    const reply = await publisher.publish({
      id: randomUUID(),
      channel: CHANNEL,
      conversationKey: 'web:crashed-delivery',
      replyTo: null,
      text: 'Order 48213 left our warehouse.',
      kind: 'bot',
      language: 'en',
      idempotencyKey: 'out.web.crashed-delivery',
      createdAt: new Date().toISOString(),
    });
    // "delivering": the dying process holds the job.
    await killHard(await spawnUntilFirstLine('deliver-then-hang.ts', [redisUrl, prefix, CHANNEL]));
    const killedAt = Date.now();

    const delivered: OutboundMessage[] = [];
    const survivor = startOutboundConsumer({ channel: CHANNEL, redis, prefix, logger: createLogger('survivor', 'silent'), deliver: async (m) => void delivered.push(m) });
    try {
      await expect.poll(() => delivered.map((m) => m.id), { timeout: 20_000, interval: 200 }).toEqual([reply.id]);
      expect(Date.now() - killedAt).toBeLessThan(20_000);
    } finally {
      await survivor.close();
      await publisher.close();
    }
  }, 40_000);
});
