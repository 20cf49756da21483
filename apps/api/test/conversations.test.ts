import { beforeAll, describe, expect, it } from 'vitest';
import { useAdminApi } from './support/admin-api-harness';
import { storeMessage } from './support/conversation-fixtures';

const api = useAdminApi();
const ids: Record<string, string> = {};

const day = (date: string) => new Date(`${date}T12:00:00Z`);
const listIds = async (query: string) => {
  const response = await api.call('GET', `/api/v1/conversations${query}`);
  expect(response.status, JSON.stringify(response.json)).toBe(200);
  return new Set<string>(response.json.items.map((item: { id: string }) => item.id));
};

beforeAll(async () => {
  for (const name of ['order_status', 'greeting']) await api.call('POST', '/api/v1/intents', { body: { name } });
  const order = await storeMessage(api.db, { userId: 'ann', text: 'where is my parcel', intent: 'order_status', confidence: 0.95, receivedAt: day('2025-03-01') });
  const refund = await storeMessage(api.db, {
    channel: 'slack',
    userId: 'bob',
    text: 'I want my money back',
    intent: 'return_refund',
    confidence: 0.55,
    receivedAt: day('2025-03-10'),
  });
  const unknown = await storeMessage(api.db, { userId: 'cat', text: 'do you sell llamas', intent: null, receivedAt: day('2025-03-20') });
  await api.db.conversation.update({ where: { id: refund.conversation.id }, data: { status: 'handed_off' } });
  Object.assign(ids, { order: order.conversation.id, refund: refund.conversation.id, unknown: unknown.conversation.id });
});

describe('GET /api/v1/conversations', () => {
  it('lists every conversation, most recently active first, with a total', async () => {
    const response = await api.call('GET', '/api/v1/conversations');
    expect(response.json.total).toBe(3);
    expect(response.json.items.map((item: { id: string }) => item.id)).toEqual([ids.unknown, ids.refund, ids.order]);
    expect(response.json.items[0]).toMatchObject({ channel: 'web', userId: 'cat', status: 'open', turnCount: 2 });
  });

  it.each([
    ['channel', '?channel=slack', ['refund']],
    ['intent', '?intent=order_status', ['order']],
    ['confidence below X', '?maxConfidence=0.6', ['refund', 'unknown']],
    ['handed off', '?status=handed_off', ['refund']],
    ['date range', '?from=2025-03-05&to=2025-03-15', ['refund']],
    ['text search (case-insensitive)', '?q=PARCEL', ['order']],
    ['text search over bot replies too', '?q=a%20reply', ['order', 'refund', 'unknown']],
    ['several filters together', '?channel=web&maxConfidence=0.5', ['unknown']],
  ])('filters by %s', async (_filter, query, expected) => {
    expect(await listIds(query)).toEqual(new Set(expected.map((name) => ids[name])));
  });

  it('pages with limit and offset', async () => {
    const page = await api.call('GET', '/api/v1/conversations?limit=1&offset=1');
    expect(page.json.items.map((item: { id: string }) => item.id)).toEqual([ids.refund]);
    expect(page.json.total).toBe(3);
  });

  it.each([
    ['?maxConfidence=2', 'query.maxConfidence'],
    ['?from=yesterday', 'query.from'],
    ['?status=sleeping', 'query.status'],
    ['?colour=red', 'colour'],
  ])('refuses %s with 400 naming the problem', async (query, named) => {
    const response = await api.call('GET', `/api/v1/conversations${query}`);
    expect(response.status).toBe(400);
    expect(response.json.error).toEqual({ code: 'bad_request', message: expect.stringContaining(named) });
  });
});

describe('GET /api/v1/conversations/:id', () => {
  it('returns the conversation with all turns in order, each with its label', async () => {
    const { inboundTurn } = await storeMessage(api.db, { userId: 'ann', text: 'and when will it arrive', intent: 'shipping_time', conversationKey: 'web:ann' });
    await api.call('POST', '/api/v1/labels', { body: { turnId: inboundTurn.id, intent: 'order_status' } });

    const response = await api.call('GET', `/api/v1/conversations/${ids.order}`);
    expect(response.status).toBe(200);
    expect(response.json.turns.map((turn: { text: string; direction: string }) => [turn.direction, turn.text])).toEqual([
      ['inbound', 'where is my parcel'],
      ['outbound', 'a reply'],
      ['inbound', 'and when will it arrive'],
      ['outbound', 'a reply'],
    ]);
    expect(response.json.turns[2].label).toMatchObject({ intent: 'order_status', createdBy: 'admin-token' });
    expect(response.json.turns[0].label).toBeNull();
  });

  it('is 404 for an unknown or malformed id', async () => {
    for (const id of ['0197a000-0000-7000-8000-000000000000', 'nope']) {
      const response = await api.call('GET', `/api/v1/conversations/${id}`);
      expect(response.status).toBe(404);
      expect(response.json.error.code).toBe('not_found');
    }
  });
});

describe('DELETE /api/v1/end-users/:channel/:userId (privacy request)', () => {
  it("deletes the user's conversations, turns and labels, and nobody else's", async () => {
    const first = await storeMessage(api.db, { channel: 'discord', userId: 'dora', conversationKey: 'discord:g1:c1', text: 'hello', intent: null });
    await storeMessage(api.db, { channel: 'discord', userId: 'dora', conversationKey: 'discord:g1:c2', text: 'my address is 1 Elm St', intent: null });
    const other = await storeMessage(api.db, { channel: 'discord', userId: 'eve', text: 'hi', intent: null });
    await api.call('POST', '/api/v1/labels', { body: { turnId: first.inboundTurn.id, intent: 'greeting' } });

    const response = await api.call('DELETE', '/api/v1/end-users/discord/dora');
    expect(response.status).toBe(200);
    expect(response.json.deleted).toEqual({ conversations: 2, turns: 4, labels: 1 });

    expect(await api.db.conversation.count({ where: { userId: 'dora' } })).toBe(0);
    expect(await api.db.turn.count({ where: { text: { contains: 'Elm St' } } })).toBe(0);
    expect(await api.db.label.count({ where: { turnId: first.inboundTurn.id } })).toBe(0);
    expect(await api.db.conversation.count({ where: { id: other.conversation.id } })).toBe(1);
    const audit = await api.db.auditLog.findFirst({ where: { action: 'end-user.delete' } });
    expect(audit).toMatchObject({ actor: 'admin-token', target: 'discord:dora' });
    expect(JSON.stringify(audit?.details)).not.toContain('Elm St');
  });

  it('is 404 when the user has nothing stored', async () => {
    const response = await api.call('DELETE', '/api/v1/end-users/web/nobody');
    expect(response.status).toBe(404);
    expect(response.json.error.message).toContain('nobody');
  });
});
