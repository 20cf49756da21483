import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ConversationWithTurnsJson, ReviewQueueJson } from '../src/routes/response-schemas';
import { useAdminApi } from './support/admin-api-harness';
import { storeMessage } from './support/conversation-fixtures';

const api = useAdminApi();

const ORDER_ENTITY = { type: 'order_id', value: '48213', text: '48213', start: 9, end: 14, extractor: 'regex' as const };

describe('what a conversation has collected', () => {
  it("shows each user message's entities and dialogue events, and the conversation's slots and active form", async () => {
    const userId = `ann-${randomUUID().slice(0, 6)}`;
    const asked = await storeMessage(api.db, {
      userId,
      text: 'I want to cancel an order',
      intent: 'cancel_order',
      entities: [],
      dialogueEvents: [{ type: 'form_started', intent: 'cancel_order' }],
      dialogueState: { slots: {}, form: { intent: 'cancel_order', asking: 'order_id', retries: 0, confirming: false }, paused: [] },
      reply: 'Which order would you like to cancel?',
    });
    const turnId = randomUUID();
    const setAt = '2026-12-04T10:00:00.000Z';
    await storeMessage(api.db, {
      userId,
      id: turnId,
      text: 'order no 48213',
      intent: 'cancel_order',
      entities: [ORDER_ENTITY],
      dialogueEvents: [
        { type: 'slot_filled', intent: 'cancel_order', slot: 'order_id', value: '48213' },
        { type: 'confirmation_requested', intent: 'cancel_order' },
      ],
      dialogueState: {
        // A slot name that is not one (written by hand, or by an older version) is left out.
        slots: { order_id: { value: '48213', text: '48213', turnId, setAt }, 'Not A Slot': { value: 1, text: '1', turnId: null, setAt } },
        form: { intent: 'cancel_order', asking: null, retries: 0, confirming: true },
        paused: [{ intent: 'change_address', asking: 'address', retries: 1 }],
      },
      reply: 'Cancel order 48213?',
    });

    const response = await api.call('GET', `/api/v1/conversations/${asked.conversation.id}`);
    expect(response.status).toBe(200);
    const { dialogueState, turns } = response.json;
    expect(dialogueState).toEqual({
      slots: { order_id: { value: '48213', text: '48213', turnId, setAt } },
      form: { intent: 'cancel_order', asking: null, retries: 0, confirming: true },
      paused: [{ intent: 'change_address', asking: 'address', retries: 1 }],
    });
    expect(turns.map((turn: { direction: string; entities: unknown }) => [turn.direction, turn.entities])).toEqual([
      ['inbound', []],
      ['outbound', null],
      ['inbound', [ORDER_ENTITY]],
      ['outbound', null],
    ]);
    expect(turns[2].id).toBe(turnId);
    expect(turns[2].dialogueEvents).toEqual([
      { type: 'slot_filled', intent: 'cancel_order', slot: 'order_id', value: '48213' },
      { type: 'confirmation_requested', intent: 'cancel_order' },
    ]);
    // The answer is exactly what openapi.json says it is (nothing undescribed, nothing missing).
    expect(ConversationWithTurnsJson.parse(response.json)).toEqual(response.json);
  });

  it('is null before the first form', async () => {
    const { conversation } = await storeMessage(api.db, { text: 'hello', intent: 'greeting' });
    const response = await api.call('GET', `/api/v1/conversations/${conversation.id}`);
    expect(response.json.dialogueState).toBeNull();
    expect(response.json.turns[0]).toMatchObject({ entities: null, dialogueEvents: null });
  });

  it('gives review queue items their entities', async () => {
    const { inboundTurn } = await storeMessage(api.db, { text: 'parcel 48213 went missing', intent: null, entities: [{ ...ORDER_ENTITY, start: 7, end: 12 }] });
    const queue = await api.call('GET', '/api/v1/review-queue');
    const item = queue.json.items.find((candidate: { turnId: string }) => candidate.turnId === inboundTurn.id);
    expect(item.entities).toEqual([{ ...ORDER_ENTITY, start: 7, end: 12 }]);
    expect(ReviewQueueJson.parse(queue.json)).toEqual(queue.json);
  });
});
