import { randomUUID } from 'node:crypto';
import { recordExchange, type Db } from '../../src/index';

/** A web user's message and the bot's reply, stored as the worker stores them. */
export function storeExchange(db: Db, conversationKey = `web:${randomUUID()}`, text = 'where is my order') {
  return recordExchange(db, {
    channel: 'web',
    conversationKey,
    user: { id: 'u1' },
    language: 'en',
    inbound: { nativeMessageId: randomUUID(), text, receivedAt: new Date(), intent: 'greeting', confidence: 0.9, outOfScope: false, topIntents: [], modelVersion: 'v1' },
    reply: { text: 'Hello!', kind: 'bot', latencyMs: 1 },
  });
}
