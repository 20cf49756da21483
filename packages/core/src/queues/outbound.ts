import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { openQueue } from './open-queue';
import { InvalidMessageError, describeIssues } from '../errors';
import { OutboundMessageSchema, type OutboundDraft, type OutboundMessage } from '../messages';
import { KEEP_COMPLETED_MESSAGES, KEEP_FAILED_FOR_A_WEEK, type DeliveryPolicy } from './delivery-policy';

/**
 * The `outbound.<channel>` queues: replies (the bot's, an agent's, the platform's), from the workers
 * and the API to the channel's adapter. Payload: OutboundMessageSchema (messages.ts); job id = the
 * message's idempotencyKey, so a reply queued twice (a retried job) is delivered once.
 */
export function outboundQueueName(channel: string): string {
  return `outbound.${channel}`;
}

/** A channel that cannot take a reply (rate limit, outage) gets it again for about four minutes. */
export const OUTBOUND_DELIVERY: DeliveryPolicy = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: KEEP_COMPLETED_MESSAGES,
  removeOnFail: KEEP_FAILED_FOR_A_WEEK,
};

/** The idempotency key (and job id) of the bot's reply to an inbound message (`inboundJobId`). */
export function outboundJobId(inboundJobIdValue: string): string {
  return `reply.${inboundJobIdValue}`;
}

/** The idempotency key (and job id) of an agent's reply, stored as turn `turnId`. */
export function agentReplyJobId(turnId: string): string {
  return `agent.${turnId}`;
}

/**
 * The one way to queue a reply: validates it and adds it to its channel's outbound queue under its
 * idempotency key with the outbound delivery policy. Keeps one BullMQ queue per channel, opened on
 * first use and closed with the publisher.
 */
export class OutboundPublisher {
  private readonly queues = new Map<string, Queue>();

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  /** Resolves once the reply is safely in Redis; throws InvalidMessageError for a malformed one. */
  async publish(draft: OutboundDraft): Promise<OutboundMessage> {
    const parsed = OutboundMessageSchema.safeParse(draft);
    if (!parsed.success) throw new InvalidMessageError(describeIssues(parsed.error.issues));
    const message = parsed.data;
    await this.queueFor(message.channel).add('reply', message, { ...OUTBOUND_DELIVERY, jobId: message.idempotencyKey });
    return message;
  }

  private queueFor(channel: string): Queue {
    let queue = this.queues.get(channel);
    if (!queue) {
      queue = openQueue(outboundQueueName(channel), this.redis, this.prefix);
      this.queues.set(channel, queue);
    }
    return queue;
  }

  async close(): Promise<void> {
    await Promise.all([...this.queues.values()].map((queue) => queue.close()));
  }
}
