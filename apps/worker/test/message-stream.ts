import { Queue } from 'bullmq';
import { INBOUND_QUEUE, OutboundMessageSchema, type OutboundMessage } from '@chatbot/core';
import type { PlatformFixture } from './platform-fixture';

/**
 * Messages the bot understands and answers at once (an order question carries its number, so the
 * order-status form has nothing to ask), so no conversation in a stream falls back twice, is handed
 * off, or waits on a question.
 */
export const UNDERSTOOD_TEXTS = ['where is my order 48213?', 'hello', '我的订单48213到哪了', 'what time do you open', 'my payment failed', '你们几点开门'];

export interface SentMessage {
  index: number;
  nativeMessageId: string;
  conversationKey: string;
  receivedAt: number;
}

/**
 * Publishes up to `count` messages one every `intervalMs`, spread round-robin over `conversations`
 * conversations; `beforeEach` runs before message `index` is published (to promote a model
 * mid-stream) and may end the stream early by returning 'stop'.
 */
export async function sendStream(
  platform: PlatformFixture,
  options: { name: string; count: number; conversations: number; intervalMs: number; beforeEach?: (index: number) => Promise<unknown> | unknown },
): Promise<SentMessage[]> {
  const sent: SentMessage[] = [];
  for (let index = 0; index < options.count; index++) {
    if ((await options.beforeEach?.(index)) === 'stop') break;
    const conversationKey = `web:${options.name}-${index % options.conversations}`;
    const nativeMessageId = `${options.name}-${index}`;
    const result = await platform.publisher.publish({
      channel: 'web',
      nativeMessageId,
      conversationKey,
      user: { id: conversationKey },
      text: UNDERSTOOD_TEXTS[index % UNDERSTOOD_TEXTS.length]!,
    });
    if (result.status !== 'queued') throw new Error(`message ${nativeMessageId} was not queued`);
    sent.push({ index, nativeMessageId, conversationKey, receivedAt: Date.parse(result.message.receivedAt) });
    await new Promise((r) => setTimeout(r, options.intervalMs));
  }
  return sent;
}

/** The reply to each sent message (by native id) with the moment it was queued, once all are there or time is up. */
export async function repliesTo(platform: PlatformFixture, sent: SentMessage[], timeoutMs = 30_000): Promise<Map<string, { reply: OutboundMessage; queuedAt: number }>> {
  const wanted = new Set(sent.map((m) => m.nativeMessageId));
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = new Map<string, { reply: OutboundMessage; queuedAt: number }>();
    for (const job of await platform.waitForReplies(0)) {
      const reply = OutboundMessageSchema.parse(job.data);
      if (reply.replyTo !== null && wanted.has(reply.replyTo)) found.set(reply.replyTo, { reply, queuedAt: job.timestamp });
    }
    if (found.size === wanted.size || Date.now() > deadline) return found;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * The inbound queue's job counts once no job is waiting, delayed or active, or when time is up.
 * The worker queues a message's reply before BullMQ marks the message's job completed, so a
 * test that has every reply can still see the last job active for a moment.
 */
export async function settledInboundCounts(platform: PlatformFixture, timeoutMs = 10_000): Promise<Record<string, number>> {
  const inbound = new Queue(INBOUND_QUEUE, { connection: platform.redis, prefix: platform.config.REDIS_PREFIX });
  try {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const counts = await inbound.getJobCounts('completed', 'failed', 'waiting', 'delayed', 'active');
      const unfinished = (counts.waiting ?? 0) + (counts.delayed ?? 0) + (counts.active ?? 0);
      if (unfinished === 0 || Date.now() > deadline) return counts;
      await new Promise((r) => setTimeout(r, 50));
    }
  } finally {
    await inbound.close();
  }
}

/** Percentile (0..100) of a list of numbers, nearest-rank. */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
}
