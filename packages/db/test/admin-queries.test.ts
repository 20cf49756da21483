import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  activateModelVersion,
  createApiKey,
  findRollbackTarget,
  findUsableApiKey,
  hashApiKey,
  labelTurns,
  listReviewQueue,
  recordAgentReply,
  recordExchange,
  RecordNotFoundError,
  registerModelVersion,
  revokeApiKey,
  UnknownIntentError,
  type ExchangeInput,
} from '../src/index';
import { useIsolatedDatabase } from './support/use-isolated-database';

const database = useIsolatedDatabase();

async function storeUserMessage(text: string, outOfScope: boolean, entities: ExchangeInput['inbound']['entities'] = null) {
  return recordExchange(database.db, {
    channel: 'web',
    conversationKey: `web:${randomUUID()}`,
    user: { id: 'u1' },
    language: 'en',
    inbound: {
      nativeMessageId: randomUUID(),
      text,
      receivedAt: new Date(),
      intent: outOfScope ? null : 'greeting',
      confidence: 0.5,
      outOfScope,
      topIntents: [],
      modelVersion: 'v1',
      entities,
    },
    reply: { text: 'reply', kind: 'bot', latencyMs: 1 },
  });
}

describe('API keys', () => {
  it('finds a key by its clear text only while it is not revoked', async () => {
    const { apiKey, key } = await createApiKey(database.db, { name: 'ops', role: 'viewer' });
    expect(await database.db.apiKey.findUnique({ where: { id: apiKey.id } })).toMatchObject({ keyHash: hashApiKey(key) });
    expect(await findUsableApiKey(database.db, key)).toMatchObject({ id: apiKey.id, role: 'viewer' });
    expect(await findUsableApiKey(database.db, `${key}x`)).toBeNull();
    await revokeApiKey(database.db, apiKey.id);
    expect(await findUsableApiKey(database.db, key)).toBeNull();
  });
});

describe('labelTurns', () => {
  it('refuses unknown intents unless asked to create them, and then stores labels and intents together', async () => {
    const { inboundTurn } = await storeUserMessage('wrap it please', true);
    await expect(labelTurns(database.db, { labels: [{ turnId: inboundTurn.id, intent: 'gift_wrap' }], createdBy: 't' })).rejects.toThrow(UnknownIntentError);
    expect(await database.db.label.count()).toBe(0);

    const result = await labelTurns(database.db, { labels: [{ turnId: inboundTurn.id, intent: 'gift_wrap' }], createIntent: true, createdBy: 't' });
    expect(result.createdIntents).toEqual(['gift_wrap']);
    expect(await database.db.label.count()).toBe(1);
  });

  it('only labels user messages', async () => {
    const { replyTurn } = await storeUserMessage('hello', false);
    await expect(labelTurns(database.db, { labels: [{ turnId: replyTurn!.id, intent: null }], createdBy: 't' })).rejects.toThrow(RecordNotFoundError);
  });
});

describe('listReviewQueue', () => {
  it('holds out-of-scope messages and unhelpful answers, not understood ones, and not agent turns', async () => {
    const fellBack = await storeUserMessage('what is the meaning of life', true);
    const understood = await storeUserMessage('hi', false);
    const unhelpful = await storeUserMessage('where is my order', false);
    await database.db.turn.update({ where: { id: unhelpful.replyTurn!.id }, data: { helpful: false } });
    await recordAgentReply(database.db, understood.conversation.id, 'Hello from a human');

    const ids = (await listReviewQueue(database.db, { includeLabelled: true })).items.map((item) => item.turnId);
    expect(ids).toContain(fellBack.inboundTurn.id);
    expect(ids).toContain(unhelpful.inboundTurn.id);
    expect(ids).not.toContain(understood.inboundTurn.id);
  });
});

describe('listReviewQueue entities', () => {
  it("carries each message's entities, and null where none were looked for", async () => {
    const entity = { type: 'order_id', value: '48213', text: '48213', start: 6, end: 11, extractor: 'regex' as const };
    const withEntity = await storeUserMessage('order 48213 is lost??', true, [entity]);
    const without = await storeUserMessage('bananas', true);
    const items = new Map((await listReviewQueue(database.db, { includeLabelled: true })).items.map((item) => [item.turnId, item]));
    expect(items.get(withEntity.inboundTurn.id)?.entities).toEqual([entity]);
    expect(items.get(without.inboundTurn.id)?.entities).toBeNull();
  });
});

describe('findRollbackTarget', () => {
  it('is the version promoted most recently before the active one; never-promoted versions do not count', async () => {
    await expect(findRollbackTarget(database.db)).rejects.toThrow(RecordNotFoundError);
    const register = (version: string) => registerModelVersion(database.db, { version, artefactPath: `/m/${version}`, metrics: {}, activate: false });
    await register('a');
    await register('b');
    await register('never-promoted');
    await activateModelVersion(database.db, 'a');
    await new Promise((resolve) => setTimeout(resolve, 5));
    await activateModelVersion(database.db, 'b');
    expect((await findRollbackTarget(database.db)).version).toBe('a');
  });
});
