import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import { afterAll, describe, expect, it } from 'vitest';
import { createRedis, FEEDBACK_QUEUE, FeedbackPublisher, InvalidMessageError, QueuedReplyFeedbackSchema, ReplyFeedbackSchema } from '../src/index';

const redis = createRedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
const prefix = `test-feedback-${randomUUID().slice(0, 8)}`;
const publisher = new FeedbackPublisher(redis, prefix);
const queue = new Queue(FEEDBACK_QUEUE, { connection: redis, prefix });

afterAll(async () => {
  await queue.obliterate({ force: true });
  await publisher.close();
  await queue.close();
  redis.disconnect();
});

describe('FeedbackPublisher', () => {
  it('queues a valid rating, or a rating taken back (null), on the feedback queue', async () => {
    const feedback = { channel: 'web', conversationKey: 'web:s1', replyId: randomUUID(), helpful: false };
    const withdrawal = { ...feedback, helpful: null };
    await publisher.publish(feedback);
    await publisher.publish(withdrawal);
    const jobs = (await queue.getJobs(['waiting'])).sort((a, b) => Number(a.id) - Number(b.id));
    expect(jobs.map((job) => ReplyFeedbackSchema.parse(job.data))).toEqual([feedback, withdrawal]);
    // Stamped when published, so that the newer of two ratings wins however late the older is stored.
    const [first, second] = jobs.map((job) => Date.parse(QueuedReplyFeedbackSchema.parse(job.data).ratedAt));
    expect(Math.abs(Date.now() - first!)).toBeLessThan(60_000);
    expect(second!).toBeGreaterThanOrEqual(first!);
  });

  it('refuses a rating that does not name a reply, and queues nothing', async () => {
    const before = await queue.count();
    await expect(publisher.publish({ channel: 'web', conversationKey: 'web:s1', replyId: 'not-a-uuid', helpful: true })).rejects.toThrow(InvalidMessageError);
    await expect(publisher.publish({ channel: 'web', conversationKey: 'web:s1', replyId: randomUUID(), helpful: 'yes' as unknown as boolean })).rejects.toThrow(
      /helpful/,
    );
    expect(await queue.count()).toBe(before);
  });
});
