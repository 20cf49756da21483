import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ConversationSequence,
  createRedis,
  INBOUND_QUEUE,
  inboundJobId,
  InboundMessageSchema,
  InboundPublisher,
  InvalidMessageError,
  MAX_MESSAGE_LENGTH,
} from '../src/index';

const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const prefix = `test-core-${randomUUID().slice(0, 8)}`;
const redis = createRedis(redisUrl);
const publisher = new InboundPublisher(redis, prefix);
const queue = new Queue(INBOUND_QUEUE, { connection: redis, prefix });

const draft = (nativeMessageId: string, text = 'where is my order?', conversationKey = 'web:s1') => ({
  channel: 'web',
  nativeMessageId,
  conversationKey,
  user: { id: 'u1' },
  text,
});

beforeAll(async () => {
  await redis.ping();
});

afterAll(async () => {
  await queue.obliterate({ force: true });
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length) await redis.del(...keys);
  await publisher.close();
  await queue.close();
  redis.disconnect();
});

describe('InboundPublisher', () => {
  it('queues a valid message under a job id made of channel and native id', async () => {
    const result = await publisher.publish(draft('m:1'));
    expect(result.status).toBe('queued');
    const job = await queue.getJob(inboundJobId('web', 'm:1'));
    const message = InboundMessageSchema.parse(job?.data);
    expect(message).toMatchObject({ channel: 'web', nativeMessageId: 'm:1', text: 'where is my order?', seq: 1 });
  });

  it('recognises a second delivery of the same message and queues nothing', async () => {
    await publisher.publish(draft('dup-1', 'hi', 'web:dup'));
    const again = await publisher.publish(draft('dup-1', 'hi', 'web:dup'));
    expect(again).toEqual({ status: 'duplicate', jobId: 'web.dup-1' });
    expect(await redis.get(`${prefix}:conv:web:dup:seq`)).toBe('1');
  });

  it('numbers the messages of each conversation in order', async () => {
    const seqs = [];
    for (const id of ['a1', 'a2', 'a3']) {
      const result = await publisher.publish(draft(id, 'text', 'web:numbered'));
      if (result.status === 'queued') seqs.push(result.message.seq);
    }
    expect(seqs).toEqual([1, 2, 3]);
  });

  it.each([
    ['an empty message', '   ', /empty/],
    ['an oversized message', 'x'.repeat(MAX_MESSAGE_LENGTH + 1), /longer than 4000/],
  ])('refuses %s with a clear error and queues nothing', async (_name, text, message) => {
    const id = `bad-${randomUUID()}`;
    await expect(publisher.publish(draft(id, text))).rejects.toThrow(InvalidMessageError);
    await expect(publisher.publish(draft(id, text))).rejects.toThrow(message);
    expect(await queue.getJob(inboundJobId('web', id))).toBeUndefined();
  });
});

describe('ConversationSequence', () => {
  const sequence = new ConversationSequence(redis, prefix);
  const now = new Date();

  it('lets a message through only after its predecessor is answered', async () => {
    expect(await sequence.check('web:order', 1, now)).toBe('ready');
    expect(await sequence.check('web:order', 2, now)).toBe('wait');
    await sequence.markDone('web:order', 1);
    expect(await sequence.check('web:order', 2, now)).toBe('ready');
    expect(await sequence.check('web:order', 1, now)).toBe('done');
  });

  it('skips a number lost before it was queued once the gap is old enough', async () => {
    const old = new Date(Date.now() - 60_000);
    expect(await sequence.check('web:gap', 3, old, 5000)).toBe('ready');
  });

  it('never moves the answered mark backwards', async () => {
    await sequence.markDone('web:back', 5);
    await sequence.markDone('web:back', 3);
    expect(await sequence.check('web:back', 5, now)).toBe('done');
    expect(await sequence.check('web:back', 6, now)).toBe('ready');
  });
});
