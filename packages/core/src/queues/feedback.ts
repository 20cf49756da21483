import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { openQueue } from './open-queue';
import { z } from 'zod';
import { InvalidMessageError, describeIssues } from '../errors';
import { ChannelNameSchema } from '../messages';
import { KEEP_COMPLETED_MESSAGES, KEEP_FAILED_FOR_A_WEEK, type DeliveryPolicy } from './delivery-policy';

/** The `feedback` queue: end users' ratings of replies, from the adapters to the workers. */
export const FEEDBACK_QUEUE = 'feedback';

/** An end user's rating of one of the bot's replies (thumbs up or down in the chat). */
export const ReplyFeedbackSchema = z.object({
  channel: ChannelNameSchema,
  /** The conversation the reply belongs to; a rating of another conversation's reply is ignored. */
  conversationKey: z.string().min(1).max(500),
  /** OutboundMessage.id of the rated reply. */
  replyId: z.uuid(),
  /** true helpful, false unhelpful, null: the user took their rating back. */
  helpful: z.boolean().nullable(),
});
export type ReplyFeedback = z.infer<typeof ReplyFeedbackSchema>;

/**
 * A rating as the feedback queue carries it (the payload of its jobs): stamped with the moment the
 * adapter passed it on, so that of two ratings of one reply the later one wins, whichever a worker
 * happens to store last.
 */
export const QueuedReplyFeedbackSchema = ReplyFeedbackSchema.extend({ ratedAt: z.iso.datetime() });
export type QueuedReplyFeedback = z.infer<typeof QueuedReplyFeedbackSchema>;

export const FEEDBACK_DELIVERY: DeliveryPolicy = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 500 },
  removeOnComplete: KEEP_COMPLETED_MESSAGES,
  removeOnFail: KEEP_FAILED_FOR_A_WEEK,
};

/** The `helpful` label of the rating metrics: "true", "false" or "withdrawn". */
export function ratingLabel(helpful: boolean | null): string {
  return helpful === null ? 'withdrawn' : String(helpful);
}

/**
 * Puts end users' ratings on the `feedback` queue, where a worker stores them on the reply's turn
 * (an unhelpful reply puts its question in the admins' review queue). A user may change their mind or
 * take the rating back: each rating is stamped with when it was published, and the newest one counts.
 */
export class FeedbackPublisher {
  private readonly queue: Queue;

  constructor(redis: Redis, prefix: string) {
    this.queue = openQueue(FEEDBACK_QUEUE, redis, prefix);
  }

  /** Resolves once the rating is safely in Redis; throws InvalidMessageError for a malformed one. */
  async publish(feedback: ReplyFeedback): Promise<void> {
    const parsed = ReplyFeedbackSchema.safeParse(feedback);
    if (!parsed.success) throw new InvalidMessageError(describeIssues(parsed.error.issues));
    const queued: QueuedReplyFeedback = { ...parsed.data, ratedAt: new Date().toISOString() };
    await this.queue.add('feedback', queued, FEEDBACK_DELIVERY);
  }

  async close(): Promise<void> {
    await this.queue.close();
  }
}
