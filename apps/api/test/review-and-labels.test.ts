import { beforeAll, describe, expect, it, vi } from 'vitest';
import { useAdminApi } from './support/admin-api-harness';
import { storeMessage } from './support/conversation-fixtures';

const api = useAdminApi();
const turns: Record<string, string> = {};
const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000);
const guesses = [
  { intent: 'order_status', score: 0.3 },
  { intent: 'shipping_time', score: 0.25 },
  { intent: 'complaint', score: 0.2 },
  { intent: 'greeting', score: 0.1 },
];

beforeAll(async () => {
  for (const name of ['order_status', 'greeting']) await api.call('POST', '/api/v1/intents', { body: { name } });
  const understood = await storeMessage(api.db, { text: 'hello there', intent: 'greeting', receivedAt: minutesAgo(50) });
  const oldFallback = await storeMessage(api.db, { text: 'llama prices', intent: null, topIntents: guesses, receivedAt: minutesAgo(40) });
  const unhelpful = await storeMessage(api.db, { text: 'where is it', intent: 'greeting', receivedAt: minutesAgo(30) });
  await api.db.turn.update({ where: { id: unhelpful.replyTurn!.id }, data: { helpful: false } });
  const newFallback = await storeMessage(api.db, { text: 'parcel went missing??', intent: null, topIntents: guesses, receivedAt: minutesAgo(20) });
  Object.assign(turns, {
    understood: understood.inboundTurn.id,
    oldFallback: oldFallback.inboundTurn.id,
    unhelpful: unhelpful.inboundTurn.id,
    newFallback: newFallback.inboundTurn.id,
  });
});

const reviewQueue = async (query = '') => {
  const response = await api.call('GET', `/api/v1/review-queue${query}`);
  expect(response.status).toBe(200);
  return response.json as { items: Array<{ turnId: string; topIntents: unknown[]; label: unknown; reply: { helpful: boolean | null } }>; total: number };
};

describe('GET /api/v1/review-queue', () => {
  it('holds fallbacks and unhelpful answers, newest first, with the top-3 guesses', async () => {
    const queue = await reviewQueue();
    expect(queue.items.map((item) => item.turnId)).toEqual([turns.newFallback, turns.unhelpful, turns.oldFallback]);
    expect(queue.total).toBe(3);
    expect(queue.items[0]!.topIntents).toEqual(guesses.slice(0, 3));
    expect(queue.items[1]!.reply.helpful).toBe(false);
  });
});

describe('POST /api/v1/labels', () => {
  it('labels a turn with an existing intent; the turn leaves the queue unless labelled ones are asked for', async () => {
    const response = await api.call('POST', '/api/v1/labels', { body: { turnId: turns.newFallback, intent: 'order_status' } });
    expect(response.status).toBe(201);
    expect(response.json.labels).toEqual([expect.objectContaining({ turnId: turns.newFallback, intent: 'order_status', createdBy: 'admin-token' })]);

    expect((await reviewQueue()).items.map((item) => item.turnId)).not.toContain(turns.newFallback);
    const withLabelled = await reviewQueue('?includeLabelled=true');
    expect(withLabelled.items.find((item) => item.turnId === turns.newFallback)?.label).toMatchObject({ intent: 'order_status' });
    expect(await api.db.auditLog.findFirst({ where: { action: 'label.create', target: turns.newFallback } })).toMatchObject({ actor: 'admin-token' });
  });

  it('labels a turn "out of scope" with intent null', async () => {
    const response = await api.call('POST', '/api/v1/labels', { body: { turnId: turns.oldFallback, intent: null } });
    expect(response.status).toBe(201);
    expect(await api.db.label.findFirst({ where: { turnId: turns.oldFallback } })).toMatchObject({ intent: null });
  });

  it('creates a new intent on the fly with createIntent, and tells workers the catalogue changed', async () => {
    const events = await api.listen('catalogue.changed');
    const response = await api.call('POST', '/api/v1/labels', { body: { turnId: turns.unhelpful, intent: 'track_parcel', createIntent: true } });
    expect(response.status).toBe(201);
    expect(response.json.createdIntents).toEqual(['track_parcel']);
    expect(await api.db.intent.count({ where: { name: 'track_parcel' } })).toBe(1);
    await vi.waitFor(() => expect(events).toHaveLength(1));
  });

  it('is 422 with a clear message for an unknown intent without createIntent, and stores nothing', async () => {
    const before = await api.db.label.count();
    const response = await api.call('POST', '/api/v1/labels', { body: { turnId: turns.understood, intent: 'no_such_intent' } });
    expect(response.status).toBe(422);
    expect(response.json.error).toEqual({ code: 'unprocessable', message: expect.stringContaining('"no_such_intent"') });
    expect(response.json.error.message).toContain('createIntent');
    expect(await api.db.label.count()).toBe(before);
    expect(await api.db.intent.count({ where: { name: 'no_such_intent' } })).toBe(0);
  });

  it('is 404 for a turn that does not exist, or that is a bot reply', async () => {
    const reply = await api.db.turn.findFirstOrThrow({ where: { direction: 'outbound' } });
    for (const turnId of ['0197a000-0000-7000-8000-000000000000', reply.id]) {
      const response = await api.call('POST', '/api/v1/labels', { body: { turnId, intent: 'greeting' } });
      expect(response.status).toBe(404);
      expect(response.json.error.message).toContain(turnId);
    }
  });

  it('is 400 for a malformed body', async () => {
    for (const body of [{ intent: 'greeting' }, { turnId: 'not-a-uuid', intent: 'greeting' }, { turnId: turns.understood, intent: 'has spaces' }]) {
      const response = await api.call('POST', '/api/v1/labels', { body });
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.json.error.code).toBe('bad_request');
    }
  });
});

describe('POST /api/v1/labels/bulk', () => {
  it('labels many turns at once', async () => {
    const response = await api.call('POST', '/api/v1/labels/bulk', {
      body: {
        labels: [
          { turnId: turns.understood, intent: 'greeting' },
          { turnId: turns.oldFallback, intent: 'order_status' },
        ],
      },
    });
    expect(response.status).toBe(201);
    expect(response.json.labels).toHaveLength(2);
    // The newest label of a turn wins: oldFallback was "out of scope" before.
    const conversation = await api.db.turn.findUniqueOrThrow({ where: { id: turns.oldFallback } });
    const detail = await api.call('GET', `/api/v1/conversations/${conversation.conversationId}`);
    expect(detail.json.turns[0].label.intent).toBe('order_status');
  });

  it('stores none of them when one fails', async () => {
    const before = await api.db.label.count();
    const response = await api.call('POST', '/api/v1/labels/bulk', {
      body: {
        labels: [
          { turnId: turns.understood, intent: 'greeting' },
          { turnId: '0197a000-0000-7000-8000-000000000001', intent: 'greeting' },
        ],
      },
    });
    expect(response.status).toBe(404);
    expect(await api.db.label.count()).toBe(before);
  });
});
