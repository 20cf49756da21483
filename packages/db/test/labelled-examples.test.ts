import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { getConversationState, loadLabelledExamples, recordExchange, type ExchangeInput } from '../src/index';
import { useIsolatedDatabase } from './support/use-isolated-database';

const database = useIsolatedDatabase();

function exchange(conversationKey: string, text: string, outOfScope: boolean, reply: ExchangeInput['reply'], receivedAt = new Date()): ExchangeInput {
  return {
    channel: 'web',
    conversationKey,
    user: { id: 'u' },
    language: 'en',
    inbound: {
      nativeMessageId: randomUUID(),
      text,
      receivedAt,
      intent: outOfScope ? null : 'greeting',
      confidence: 0.5,
      outOfScope,
      topIntents: [],
      modelVersion: 'v1',
    },
    reply,
  };
}

async function userTurn(text: string) {
  return (await recordExchange(database.db, exchange(`web:${randomUUID()}`, text, true, null))).inboundTurn;
}

async function label(turnId: string, intent: string | null, createdAt: Date) {
  await database.db.label.create({ data: { turnId, intent, createdBy: 'admin', createdAt } });
}

describe('loadLabelledExamples', () => {
  it('gives every labelled user message once, with its newest label; null means out of scope', async () => {
    const relabelled = await userTurn('can you gift wrap it');
    const outOfScope = await userTurn('tell me a joke about cats');
    await userTurn('never labelled');
    await label(relabelled.id, 'order_status', new Date('2025-01-01T00:00:00Z'));
    await label(relabelled.id, 'gift_wrap', new Date('2025-01-02T00:00:00Z'));
    await label(outOfScope.id, null, new Date('2025-01-01T00:00:00Z'));

    const examples = await loadLabelledExamples(database.db);
    expect(examples).toHaveLength(2);
    expect(examples).toEqual(
      expect.arrayContaining([
        { turnId: relabelled.id, text: 'can you gift wrap it', intent: 'gift_wrap' },
        { turnId: outOfScope.id, text: 'tell me a joke about cats', intent: null },
      ]),
    );
  });
});

describe('getConversationState', () => {
  it('is null for a conversation that does not exist yet', async () => {
    expect(await getConversationState(database.db, 'web', `web:${randomUUID()}`)).toBeNull();
  });

  it('tells the status, the language and how the newest user message was understood and answered', async () => {
    const key = `web:${randomUUID()}`;
    await recordExchange(database.db, exchange(key, 'hello', false, { text: 'Hi!', kind: 'bot', latencyMs: 1 }, new Date('2025-01-01T00:00:00Z')));
    await recordExchange(database.db, exchange(key, 'qwzx', true, { text: 'Sorry?', kind: 'bot', latencyMs: 1 }, new Date('2025-01-01T00:01:00Z')));
    expect(await getConversationState(database.db, 'web', key)).toMatchObject({ status: 'open', language: 'en', lastUserTurn: { outOfScope: true, replyKind: 'bot' } });

    await recordExchange(database.db, exchange(key, 'anyone?', true, null, new Date('2025-01-01T00:02:00Z')));
    const state = await getConversationState(database.db, 'web', key);
    expect(state?.lastUserTurn).toEqual({ outOfScope: true, replyKind: null, replyButtons: null });
    expect(state?.conversationId).toMatch(/^[0-9a-f-]{36}$/);
  });
});
