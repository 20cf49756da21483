import { describe, expect, it } from 'vitest';
import { FormSchema } from './form-schema';
import { parseDialogueState } from './state';
import { START, conversation, eventTypes } from './testing/conversation';
import { CANCEL_ORDER, DEFAULT_FORMS, ORDER_STATUS, formsByIntent } from './testing/forms';

function knowsOrder() {
  const chat = conversation(DEFAULT_FORMS);
  chat.say('where is order 48213?', { intent: 'order_status', entities: [['number', '48213']] });
  return chat;
}

describe('decide: what the conversation remembers', () => {
  it('reuses a slot collected earlier in the conversation, without asking it again', () => {
    const chat = knowsOrder();
    chat.wait(30);
    const turn = chat.say('I want to cancel it', { intent: 'cancel_order' });
    expect(turn.text).toBe('Which email address should we write to?');
    expect(turn.events).toEqual([
      { type: 'form_started', intent: 'cancel_order' },
      { type: 'slot_reused', intent: 'cancel_order', slot: 'order_id', value: 48213 },
    ]);
  });

  it('prefers a value in the new message to the remembered one', () => {
    const chat = knowsOrder();
    const turn = chat.say('cancel order 55555', { intent: 'cancel_order', entities: [['number', '55555']] });
    expect(turn.state.slots.order_id?.value).toBe(55555);
    expect(eventTypes(turn)).toEqual(['form_started', 'slot_filled']);
  });

  it('asks again once the value is older than the slot TTL, and drops it from the state', () => {
    const chat = knowsOrder();
    chat.wait(61);
    const turn = chat.say('I want to cancel it', { intent: 'cancel_order' });
    expect(turn.text).toBe("What's your order number?");
    expect(turn.events[0]).toEqual({ type: 'slot_expired', slot: 'order_id' });
    expect(turn.state.slots.order_id).toBeUndefined();
  });

  it('drops expired values on any message, even one no form is involved in', () => {
    const chat = knowsOrder();
    chat.wait(90);
    const turn = chat.say('hello', { intent: 'greeting' });
    expect(turn).toMatchObject({ handled: false, events: [{ type: 'slot_expired', slot: 'order_id' }] });
    expect(turn.state.slots).toEqual({});
  });

  it("keeps a value as long as the longest TTL of the forms using it, but reuses it only within each form's own", () => {
    const longLived = FormSchema.parse({ ...ORDER_STATUS, slotTtlMinutes: 24 * 60 });
    const chat = conversation(formsByIntent(longLived, CANCEL_ORDER));
    chat.say('order 48213', { intent: 'order_status', entities: [['number', '48213']] });
    chat.wait(120);
    const turn = chat.say('cancel it', { intent: 'cancel_order' });
    expect(turn.state.slots.order_id?.value).toBe(48213);
    expect(turn.text).toBe("What's your order number?");
    chat.say('never mind');
    expect(chat.say('where is my order', { intent: 'order_status' }).text).toBe("Thanks! I've noted order 48213; a colleague will check where it is.");
  });

  it('does not reuse a remembered value that this form would refuse', () => {
    const anyNumber = FormSchema.parse({ ...ORDER_STATUS, intent: 'track_parcel', slots: [{ ...ORDER_STATUS.slots[0], pattern: undefined }] });
    const chat = conversation(formsByIntent(anyNumber, ORDER_STATUS));
    chat.say('track 123', { intent: 'track_parcel', entities: [['number', '123']] });
    expect(chat.say('where is my order', { intent: 'order_status' }).text).toBe("What's your order number?");
  });

  it('drops a form nobody answered for its TTL, and treats the message afresh', () => {
    const chat = conversation(DEFAULT_FORMS);
    chat.say('where is my order?', { intent: 'order_status' });
    chat.wait(61);
    const turn = chat.say('hi', { intent: 'greeting' });
    expect(turn).toMatchObject({ handled: false, reply: { kind: 'intent', intent: 'greeting' } });
    expect(turn.events).toEqual([{ type: 'form_dropped', intent: 'order_status', reason: 'expired' }]);
    expect(turn.state.form).toBeNull();
  });

  it('drops a form that was deleted from the bot since', () => {
    const chat = conversation(formsByIntent(CANCEL_ORDER), {
      state: parseDialogueState({ form: { intent: 'order_status', asking: 'order_id', retries: 0, confirming: false } }),
    });
    const turn = chat.say('48213', { entities: [['number', '48213']] });
    expect(turn).toMatchObject({ handled: false, events: [{ type: 'form_dropped', intent: 'order_status', reason: 'form_removed' }] });
  });

  it('asks the first missing slot when the stored form asks for a slot the form no longer has', () => {
    const chat = conversation(DEFAULT_FORMS, { state: parseDialogueState({ form: { intent: 'order_status', asking: 'tracking_code', retries: 2, confirming: false } }) });
    const turn = chat.say('48213', { entities: [['number', '48213']] });
    expect(eventTypes(turn)).toEqual(['slot_filled', 'form_completed']);
  });

  it('carries on from a stored state that was junk, as from an empty one', () => {
    const chat = conversation(DEFAULT_FORMS, { state: parseDialogueState('{"not": "json"') });
    expect(chat.say('where is my order', { intent: 'order_status' }).text).toBe("What's your order number?");
  });

  it('records when each value was set', () => {
    const chat = knowsOrder();
    expect(chat.state.slots.order_id?.setAt).toBe(START.toISOString());
  });
});
