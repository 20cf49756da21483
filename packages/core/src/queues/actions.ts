import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import { ConversationSequence } from '../conversation-sequence';
import { InvalidMessageError, describeIssues } from '../errors';
import { InboundMessageSchema } from '../messages';
import { KEEP_COMPLETED_MESSAGES, KEEP_FAILED_FOR_A_WEEK, type DeliveryPolicy } from './delivery-policy';
import { openQueue } from './open-queue';

/**
 * The `actions` queue: messages whose reply is an action's (fulfilment webhook's) answer, from the
 * inbound workers to the action workers. A slow business backend holds an action slot, of which there
 * are many, and never an inbound slot: other conversations keep their pace.
 * Payload: ActionJobSchema; job id: `actionJobId(inbound job id)`.
 */
export const ACTIONS_QUEUE = 'actions';

/** A reply text with the values each channel escapes into it (see reply-template.ts). */
export const ReplyPartSchema = z.object({ template: z.string().min(1), variables: z.record(z.string(), z.string()) });
export type ReplyPart = z.infer<typeof ReplyPartSchema>;

/**
 * What a reply says around an action's answer, decided with the user's turn and stored with the
 * pending action call (so a retried job says the same).
 */
export const ActionReplyContextSchema = z.object({
  /** What the bot says when the action is not configured (a form's `done` text). */
  fallback: ReplyPartSchema,
  /** Said before the action's answer (an interrupting intent's answer) and after it (a resumed form's question). */
  before: ReplyPartSchema.nullable(),
  after: ReplyPartSchema.nullable(),
});
export type ActionReplyContext = z.infer<typeof ActionReplyContextSchema>;

export const ActionJobSchema = z.object({
  /** The pending action call stored with the user's turn (which holds the reply's context). */
  actionCallId: z.uuid(),
  /** The message being answered: where the reply goes, and its place in the conversation's order. */
  message: InboundMessageSchema,
});
export type ActionJob = z.infer<typeof ActionJobSchema>;

/**
 * A worker that fails on an action job (PostgreSQL or Redis away) tries again for about half a minute;
 * the business backend's own failures never fail the job (they end in an apology).
 */
export const ACTIONS_DELIVERY: DeliveryPolicy = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: KEEP_COMPLETED_MESSAGES,
  removeOnFail: KEEP_FAILED_FOR_A_WEEK,
};

export function actionJobId(inboundJobId: string): string {
  return `action.${inboundJobId}`;
}

/**
 * Queues an action job and hands the message's place in its conversation's order to it: from then
 * on the next message of the conversation waits for the action job (as it waited for the inbound
 * job), so replies keep their order however long the backend takes. Safe to repeat: the job id is
 * fixed, and handing over again changes nothing.
 */
export class ActionPublisher {
  private readonly queue: Queue;
  private readonly sequence: ConversationSequence;

  constructor(redis: Redis, prefix: string) {
    this.queue = openQueue(ACTIONS_QUEUE, redis, prefix);
    this.sequence = new ConversationSequence(redis, prefix);
  }

  async publish(job: ActionJob, inboundJobId: string): Promise<void> {
    const parsed = ActionJobSchema.safeParse(job);
    if (!parsed.success) throw new InvalidMessageError(describeIssues(parsed.error.issues));
    const jobId = actionJobId(inboundJobId);
    await this.queue.add('action', parsed.data, { ...ACTIONS_DELIVERY, jobId });
    await this.sequence.handOver(parsed.data.message.conversationKey, parsed.data.message.seq, this.queue.toKey(jobId));
  }

  async close(): Promise<void> {
    await this.queue.close();
  }
}
