import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { InboundDraftSchema, type InboundDraft, type InboundMessage } from './messages';
import { INBOUND_QUEUE, inboundJobId } from './queues';
import { redisKey } from './redis';
import { ConversationSequence } from './conversation-sequence';
import { InvalidMessageError } from './errors';

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
      await this.queue.add('message', message, {
        jobId,
        attempts: 5,
        backoff: { type: 'exponential', delay: 500 },
        removeOnComplete: { age: 3600, count: 10000 },
        removeOnFail: { age: 7 * 24 * 3600 },
      });
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
