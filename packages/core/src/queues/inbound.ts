import { randomUUID } from 'node:crypto';
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { openQueue } from './open-queue';
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
 * Claims a native message for publishing, in one step: if nobody has, numbers it in its conversation,
 * records which job will carry the number (for the order check) and records the claim as
 * `pending|seq|id|receivedAt`; either way returns the marker as it now is.
 * KEYS: marker, the conversation's counter, its queued hash. ARGV: marker TTL, counter TTL, message
 * id, receivedAt, the job's Redis key.
 */
const CLAIM_SCRIPT = `
local marker = redis.call('GET', KEYS[1])
if marker then return {0, marker} end
local seq = redis.call('INCR', KEYS[2])
redis.call('EXPIRE', KEYS[2], ARGV[2])
redis.call('HSET', KEYS[3], seq, ARGV[5])
redis.call('EXPIRE', KEYS[3], ARGV[2])
marker = 'pending|' .. seq .. '|' .. ARGV[3] .. '|' .. ARGV[4]
redis.call('SET', KEYS[1], marker, 'EX', ARGV[1])
return {1, marker}
`;
const QUEUED = 'queued';
/** How long a delivery waits for another one's claim on the same message before taking it over. */
const CLAIM_WAIT_MS = 2000;

/**
 * The one way adapters put a message on the `inbound` queue: validates it, drops duplicate
 * deliveries (same channel + native id), numbers it within its conversation, and enqueues it
 * with a deterministic job id. Resolves only once the message is safely in Redis.
 *
 * Marker and enqueue cannot be split by a crash: the marker is first a claim that carries the
 * message's number, id and time, and becomes "queued" only once the job is in Redis. A delivery that
 * finds a claim pending waits for it (a simultaneous delivery: then it is a duplicate); a claim still
 * pending after two seconds was left by a publisher that died, and the delivery enqueues the same
 * message under the same job id, which BullMQ adds once: a retry after a crash is answered.
 */
export class InboundPublisher {
  private readonly queue: Queue;
  private readonly sequence: ConversationSequence;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {
    this.queue = openQueue(INBOUND_QUEUE, redis, prefix);
    this.sequence = new ConversationSequence(redis, prefix);
  }

  async publish(draft: InboundDraft): Promise<PublishResult> {
    const parsed = InboundDraftSchema.safeParse(draft);
    if (!parsed.success) throw new InvalidMessageError(parsed.error.issues.map((i) => i.message).join('; '));
    const valid = parsed.data;
    const jobId = inboundJobId(valid.channel, valid.nativeMessageId);
    const markerKey = redisKey(this.prefix, 'dedupe', jobId);
    const [fresh, marker] = (await this.redis.eval(
      CLAIM_SCRIPT,
      3,
      markerKey,
      this.sequence.counterKey(valid.conversationKey),
      this.sequence.queuedKey(valid.conversationKey),
      DEDUPE_TTL_SECONDS,
      this.sequence.counterTtlSeconds,
      randomUUID(),
      new Date().toISOString(),
      this.queue.toKey(jobId),
    )) as [number, string];
    if (marker === QUEUED) return { status: 'duplicate', jobId };
    if (fresh === 0) {
      // Another delivery holds the claim: usually a second delivery at the same moment (two adapter
      // replicas, a quick retry), done within milliseconds; if it does not finish, its publisher died.
      const settled = await this.waitForClaim(markerKey);
      if (settled === QUEUED) return { status: 'duplicate', jobId };
      if (settled === null) return this.publish(draft); // it failed and let go: claim it afresh
    }
    const [, seq, id, receivedAt] = marker.split('|');
    const message: InboundMessage = { ...valid, id: id!, seq: Number(seq), receivedAt: receivedAt! };
    try {
      await this.queue.add('message', message, { ...INBOUND_DELIVERY, jobId });
    } catch (error) {
      // Not queued: forget our claim so the channel's retry of this delivery is processed.
      if (fresh === 1) await this.redis.del(markerKey).catch(() => undefined);
      throw error;
    }
    await this.redis.set(markerKey, QUEUED, 'KEEPTTL', 'XX');
    return { status: 'queued', message };
  }

  /** The claim's state once it is no longer pending, or still pending after CLAIM_WAIT_MS (its holder is gone). */
  private async waitForClaim(markerKey: string): Promise<string | null> {
    const giveUpAt = Date.now() + CLAIM_WAIT_MS;
    for (;;) {
      const marker = await this.redis.get(markerKey);
      if (marker === null || marker === QUEUED || Date.now() >= giveUpAt) return marker;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  async close(): Promise<void> {
    await this.queue.close();
  }
}
