import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { InvalidMessageError } from '../errors';
import { ConversationSequence } from '../conversation-sequence';
import { InboundDraftSchema, type InboundDraft, type InboundMessage } from '../messages';
import { redisKey } from '../redis';
import { KEEP_COMPLETED_MESSAGES, KEEP_FAILED_FOR_A_WEEK, type DeliveryPolicy } from './delivery-policy';

/**
 * The `inbound` queue: end users' messages, from the adapters to the workers.
 * Payload: InboundMessageSchema (messages.ts); job id: `inboundJobId(channel, nativeMessageId)`.
 */
export const INBOUND_QUEUE = 'inbound';

/** A worker that fails on a message (a dependency down) tries again for about 15 s. */
export const INBOUND_DELIVERY: DeliveryPolicy = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 500 },
  removeOnComplete: KEEP_COMPLETED_MESSAGES,
  removeOnFail: KEEP_FAILED_FOR_A_WEEK,
};

/**
 * BullMQ refuses custom job ids containing ':' (except its own 3-part form), so native ids are
 * URI-encoded, which turns ':' into '%3A'.
 */
export function inboundJobId(channel: string, nativeMessageId: string): string {
  return `${channel}.${encodeURIComponent(nativeMessageId)}`;
}

export type PublishResult = { status: 'queued'; message: InboundMessage } | { status: 'duplicate'; jobId: string };

/** How long a delivered native message id is remembered, so a late retry is still recognised. */
const DEDUPE_TTL_SECONDS = 24 * 3600;

/**
 * The one way adapters put a message on the `inbound` queue: validates it, drops duplicate
 * deliveries (same channel + native id), numbers it within its conversation, and enqueues it
 * with a deterministic job id. Resolves only once the message is safely in Redis.
 */
export class InboundPublisher {
  private readonly queue: Queue;
  private readonly sequence: ConversationSequence;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {
    this.queue = new Queue(INBOUND_QUEUE, { connection: redis, prefix });
    this.sequence = new ConversationSequence(redis, prefix);
  }

  async publish(draft: InboundDraft): Promise<PublishResult> {
    const parsed = InboundDraftSchema.safeParse(draft);
    if (!parsed.success) throw new InvalidMessageError(parsed.error.issues.map((i) => i.message).join('; '));
    const valid = parsed.data;
    const jobId = inboundJobId(valid.channel, valid.nativeMessageId);
    const marker = redisKey(this.prefix, 'dedupe', jobId);
    const fresh = await this.redis.set(marker, '1', 'EX', DEDUPE_TTL_SECONDS, 'NX');
    if (fresh === null) return { status: 'duplicate', jobId };
    try {
      const message: InboundMessage = {
        ...valid,
        id: randomUUID(),
        seq: await this.sequence.next(valid.conversationKey),
        receivedAt: new Date().toISOString(),
      };
      await this.queue.add('message', message, { ...INBOUND_DELIVERY, jobId });
      return { status: 'queued', message };
    } catch (error) {
      // Not queued: forget the marker so the channel's retry of this delivery is processed.
      await this.redis.del(marker).catch(() => undefined);
      throw error;
    }
  }

  async close(): Promise<void> {
    await this.queue.close();
  }
}
