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
import { killHard, spawnUntilFirstLine } from './support/spawn-script';

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

  it('answers the retry of a message whose publisher died after claiming it and before queueing it', async () => {
    const crashed = draft('crash-1', 'where is my order?', 'web:crash');
    // "claimed": the marker is set, the job is not queued.
    await killHard(await spawnUntilFirstLine('claim-then-hang.ts', [redisUrl, prefix, JSON.stringify(crashed)]));
    expect(await queue.getJob(inboundJobId('web', 'crash-1'))).toBeUndefined();

    const retry = await publisher.publish(crashed);
    expect(retry).toMatchObject({ status: 'queued', message: { seq: 1 } });
    expect(InboundMessageSchema.parse((await queue.getJob(inboundJobId('web', 'crash-1')))?.data)).toEqual(retry.status === 'queued' && retry.message);
    expect(await publisher.publish(crashed)).toEqual({ status: 'duplicate', jobId: 'web.crash-1' });
    // The number the dead publisher took is used, so the conversation has no gap to wait out.
    expect(await publisher.publish(draft('crash-2', 'and my refund?', 'web:crash'))).toMatchObject({ status: 'queued', message: { seq: 2 } });
  }, 30_000);

  it('queues a message delivered twice at the same moment once', async () => {
    const results = await Promise.all([publisher.publish(draft('twice-1', 'hi', 'web:twice')), publisher.publish(draft('twice-1', 'hi', 'web:twice'))]);
    expect(results.filter((result) => result.status === 'queued').length).toBeGreaterThanOrEqual(1);
    const jobs = (await queue.getJobs(['waiting'])).filter((job) => job.id === 'web.twice-1');
    expect(jobs).toHaveLength(1);
    expect(await redis.get(`${prefix}:conv:web:twice:seq`)).toBe('1');
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

  it('waits for an earlier message that is still queued, however long ago it came (a dead worker, an outage)', async () => {
    await publisher.publish(draft('slow-1', 'first', 'web:slow'));
    await publisher.publish(draft('slow-2', 'second', 'web:slow'));
    const longAgo = new Date(Date.now() - 3600_000);
    expect(await sequence.check('web:slow', 2, longAgo, 5000)).toBe('wait');
    // Its job gone (never to be answered): the number is skipped once the gap is old enough.
    await (await queue.getJob(inboundJobId('web', 'slow-1')))!.remove();
    expect(await sequence.check('web:slow', 2, longAgo, 5000)).toBe('ready');
    expect(await sequence.check('web:slow', 2, new Date(), 5000)).toBe('wait');
  });

  it('never moves the answered mark backwards', async () => {
    await sequence.markDone('web:back', 5);
    await sequence.markDone('web:back', 3);
    expect(await sequence.check('web:back', 5, now)).toBe('done');
    expect(await sequence.check('web:back', 6, now)).toBe('ready');
  });
});
