import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  findExchange,
  getConversationState,
  getConversationStatus,
  listTurns,
  recordExchange,
  RecordNotFoundError,
  setConversationStatus,
  type ExchangeInput,
} from '../src/index';
import { useIsolatedDatabase } from './support/use-isolated-database';

const database = useIsolatedDatabase();

/** A web exchange with fresh ids; `overrides` replaces top-level parts. */
function exchange(overrides: Partial<ExchangeInput> = {}): ExchangeInput {
  return {
    channel: 'web',
    conversationKey: `web:${randomUUID()}`,
    user: { id: 'user-1', displayName: 'Ada' },
    language: 'en',
    inbound: {
      nativeMessageId: randomUUID(),
      text: 'where is my order?',
      receivedAt: new Date('2025-06-01T10:00:00Z'),
      intent: 'order_status',
      confidence: 0.93,
      outOfScope: false,
      topIntents: [
        { intent: 'order_status', score: 0.93 },
        { intent: 'shipping_time', score: 0.04 },
      ],
      modelVersion: 'v1',
    },
    reply: { text: 'Your order is on its way.', kind: 'bot', latencyMs: 12.6 },
    ...overrides,
  };
}

describe('recordExchange', () => {
  it('stores the conversation, the inbound turn and the reply that points at it', async () => {
    const input = exchange();
    const result = await recordExchange(database.db, input);

    expect(result.created).toBe(true);
    expect(result.conversation).toMatchObject({
      channel: 'web',
      conversationKey: input.conversationKey,
      userId: 'user-1',
      userName: 'Ada',
      status: 'open',
      language: 'en',
    });
    const turns = await listTurns(database.db, { conversationId: result.conversation.id });
    expect(turns).toHaveLength(2);
    const [inbound, reply] = turns;
    expect(inbound).toMatchObject({
      id: result.inboundTurn.id,
      direction: 'inbound',
      kind: 'user',
      text: 'where is my order?',
      intent: 'order_status',
      confidence: 0.93,
      outOfScope: false,
      topIntents: input.inbound.topIntents,
      modelVersion: 'v1',
      nativeMessageId: input.inbound.nativeMessageId,
      createdAt: input.inbound.receivedAt,
    });
    expect(reply).toMatchObject({
      id: result.replyTurn?.id,
      direction: 'outbound',
      kind: 'bot',
      text: 'Your order is on its way.',
      inboundTurnId: inbound!.id,
      modelVersion: 'v1',
      latencyMs: 13,
      createdAt: new Date('2025-06-01T10:00:00.013Z'),
    });
  });

  it('stores nothing for a redelivered message and returns the reply stored the first time', async () => {
    const first = await recordExchange(database.db, exchange());
    const redelivered = exchange({
      conversationKey: first.conversation.conversationKey,
      inbound: { ...exchange().inbound, nativeMessageId: first.inboundTurn.nativeMessageId! },
      reply: { text: 'A different answer', kind: 'bot', latencyMs: 5 },
    });

    const second = await recordExchange(database.db, redelivered);

    expect(second.created).toBe(false);
    expect(second.replyTurn).toEqual(first.replyTurn);
    expect(second.inboundTurn).toEqual(first.inboundTurn);
    expect(await listTurns(database.db, { conversationId: first.conversation.id })).toHaveLength(2);
  });

  it('stores a message delivered twice at the same moment exactly once', async () => {
    const input = exchange();
    const results = await Promise.all([recordExchange(database.db, input), recordExchange(database.db, input), recordExchange(database.db, input)]);

    expect(results.filter((result) => result.created)).toHaveLength(1);
    expect(new Set(results.map((result) => result.replyTurn?.id)).size).toBe(1);
    expect(await listTurns(database.db, { conversationId: results[0]!.conversation.id })).toHaveLength(2);
  });

  it('creates one conversation when its first two messages arrive at the same moment', async () => {
    const conversationKey = `web:${randomUUID()}`;
    const results = await Promise.all([recordExchange(database.db, exchange({ conversationKey })), recordExchange(database.db, exchange({ conversationKey }))]);

    expect(results.every((result) => result.created)).toBe(true);
    expect(results[0]!.conversation.id).toBe(results[1]!.conversation.id);
    expect(await listTurns(database.db, { conversationId: results[0]!.conversation.id })).toHaveLength(4);
  });

  it('keeps the same native message id apart on different channels', async () => {
    const nativeMessageId = randomUUID();
    const onWeb = await recordExchange(database.db, exchange({ inbound: { ...exchange().inbound, nativeMessageId } }));
    const onSlack = await recordExchange(database.db, exchange({ channel: 'slack', inbound: { ...exchange().inbound, nativeMessageId } }));
    expect(onSlack.created).toBe(true);
    expect(onSlack.inboundTurn.id).not.toBe(onWeb.inboundTurn.id);
  });

  it('adds later messages to the same conversation, in order, and keeps its last known language', async () => {
    const first = await recordExchange(database.db, exchange());
    const second = await recordExchange(
      database.db,
      exchange({
        conversationKey: first.conversation.conversationKey,
        language: null,
        inbound: { ...exchange().inbound, text: 'thanks', receivedAt: new Date('2025-06-01T10:01:00Z') },
      }),
    );

    expect(second.conversation.id).toBe(first.conversation.id);
    expect(second.conversation.language).toBe('en');
    expect(second.conversation.lastMessageAt.getTime()).toBeGreaterThanOrEqual(first.conversation.lastMessageAt.getTime());
    const texts = (await listTurns(database.db, { conversationId: first.conversation.id })).map((turn) => turn.text);
    expect(texts).toEqual(['where is my order?', 'Your order is on its way.', 'thanks', 'Your order is on its way.']);
  });

  it('stores only the inbound turn when the bot stays silent', async () => {
    const result = await recordExchange(database.db, exchange({ reply: null }));
    expect(result.replyTurn).toBeNull();
    expect(await findExchange(database.db, 'web', result.inboundTurn.nativeMessageId!)).toMatchObject({ replyTurn: null });
  });

  it('refuses bad input with a clear error and stores nothing', async () => {
    const input = exchange({ channel: 'Not A Channel' });
    await expect(recordExchange(database.db, input)).rejects.toThrow(/channel must be a lowercase identifier/);
    await expect(recordExchange(database.db, exchange({ inbound: { ...exchange().inbound, confidence: 1.5 } }))).rejects.toThrow(/confidence/);
    expect(await getConversationStatus(database.db, 'Not A Channel', input.conversationKey)).toBeNull();
  });
});

describe('findExchange', () => {
  it('stores the entities of a message, what the dialogue did, the reply template and the new dialogue state together', async () => {
    const entities = [{ type: 'order_id', value: '48213', text: '48213', start: 15, end: 20, extractor: 'regex' as const }];
    const dialogueState = { slots: { order_id: { value: '48213', text: '48213', turnId: null, setAt: '2025-06-01T10:00:00.000Z' } }, form: null, paused: [] };
    const template = { template: 'Order {order_id} is on its way.', variables: { order_id: '48213' } };
    const base = exchange();
    const input = exchange({
      inbound: { ...base.inbound, text: 'where is order 48213?', entities, dialogueEvents: [{ type: 'form_completed', intent: 'order_status' }] },
      reply: { text: 'Order 48213 is on its way.', kind: 'bot', latencyMs: 3, template },
      dialogueState,
    });
    const { conversation, inboundTurn, replyTurn } = await recordExchange(database.db, input);
    expect(inboundTurn).toMatchObject({ entities, dialogueEvents: [{ type: 'form_completed', intent: 'order_status' }] });
    expect(replyTurn).toMatchObject({ text: 'Order 48213 is on its way.', replyTemplate: template });
    expect(conversation.dialogueState).toEqual(dialogueState);
    expect((await getConversationState(database.db, 'web', input.conversationKey))?.dialogueState).toEqual(dialogueState);

    // A message that says nothing about the dialogue leaves its state alone, and stores no entities.
    const next = await recordExchange(database.db, exchange({ conversationKey: input.conversationKey }));
    expect(next.conversation.dialogueState).toEqual(dialogueState);
    expect(next.inboundTurn).toMatchObject({ entities: null, dialogueEvents: null });
    expect(next.replyTurn?.replyTemplate).toBeNull();
  });

  it('returns null for a message that was never stored', async () => {
    expect(await findExchange(database.db, 'web', 'never-seen')).toBeNull();
  });
});

describe('conversation status', () => {
  it('is null for an unknown conversation, open for a new one, and follows setConversationStatus', async () => {
    const { conversation } = await recordExchange(database.db, exchange());
    expect(await getConversationStatus(database.db, 'web', 'web:unknown')).toBeNull();
    expect(await getConversationStatus(database.db, 'web', conversation.conversationKey)).toBe('open');

    await setConversationStatus(database.db, conversation.id, 'handed_off');
    expect(await getConversationStatus(database.db, 'web', conversation.conversationKey)).toBe('handed_off');
  });

  it('cannot be set on a conversation that does not exist, or to an unknown status', async () => {
    await expect(setConversationStatus(database.db, randomUUID(), 'closed')).rejects.toThrow(RecordNotFoundError);
    await expect(setConversationStatus(database.db, 'not-a-uuid', 'closed')).rejects.toThrow(RecordNotFoundError);
    const { conversation } = await recordExchange(database.db, exchange());
    // @ts-expect-error an unknown status is what this test is about
    await expect(setConversationStatus(database.db, conversation.id, 'paused')).rejects.toThrow(/open.*handed_off.*closed/);
  });
});
