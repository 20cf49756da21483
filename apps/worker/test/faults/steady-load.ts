import type { InboundPublisher } from '@chatbot/core';

/** Questions the default bot answers with confidence, so no conversation is handed off (and falls silent). */
const QUESTIONS = ['where is my order?', 'I want a refund', 'how do I return an item?', '我的订单到哪了'];

export interface AcknowledgedMessage {
  conversationKey: string;
  nativeMessageId: string;
  /** Position among this conversation's acknowledged messages (0, 1, 2...). */
  position: number;
}

/**
 * Steady load as chat users make it: `conversations` conversations, each sending a message every
 * `intervalMs` (20 every 400 ms: 50 messages a second), for `durationMs`. Returns every message
 * whose publish resolved, i.e. that the user saw acknowledged.
 */
export async function sendSteadyLoad(
  publisher: InboundPublisher,
  options: { conversations: number; intervalMs: number; durationMs: number; tag: string },
): Promise<AcknowledgedMessage[]> {
  const acknowledged: AcknowledgedMessage[] = [];
  const deadline = Date.now() + options.durationMs;
  const conversation = async (c: number) => {
    const conversationKey = `web:${options.tag}-${c}`;
    for (let i = 0; Date.now() < deadline; i++) {
      const nativeMessageId = `${options.tag}-${c}-${i}`;
      const sent = Date.now();
      const result = await publisher.publish({ channel: 'web', nativeMessageId, conversationKey, user: { id: `user-${c}` }, text: QUESTIONS[i % QUESTIONS.length]! });
      if (result.status === 'queued') acknowledged.push({ conversationKey, nativeMessageId, position: i });
      await new Promise((r) => setTimeout(r, Math.max(0, options.intervalMs - (Date.now() - sent))));
    }
  };
  await Promise.all(Array.from({ length: options.conversations }, (_, c) => conversation(c)));
  return acknowledged;
}
