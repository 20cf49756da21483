import { describe, expect, it } from 'vitest';
import { FormSchema } from './form-schema';
import { conversation, eventTypes } from './testing/conversation';
import { DEFAULT_FORMS, ORDER_STATUS, formsByIntent } from './testing/forms';

describe('decide: the retry limit', () => {
  it('hands off after maxRetries re-asks, keeping the slots for the agent', () => {
    const chat = conversation(DEFAULT_FORMS);
    chat.say('cancel 48213', { intent: 'cancel_order', entities: [['number', '48213']] });
    expect(chat.say('dunno').state.form?.retries).toBe(1);
    expect(chat.say('still dunno').state.form?.retries).toBe(2);
    const turn = chat.say('no idea');
    expect(turn).toMatchObject({ handled: true, handoff: true, reply: null });
    expect(turn.events).toEqual([
      { type: 'slot_rejected', intent: 'cancel_order', slot: 'email', reason: 'no_value' },
      { type: 'retry_limit', intent: 'cancel_order', slot: 'email', outcome: 'handoff' },
      { type: 'handoff_requested', intent: 'cancel_order', slots: { order_id: 48213 } },
    ]);
    expect(turn.state).toMatchObject({ form: null, paused: [], slots: { order_id: { value: 48213 } } });
  });

  it('falls back when the form says so, keeping the slots', () => {
    const chat = conversation(DEFAULT_FORMS);
    chat.say('return 48213', { intent: 'return_item', entities: [['number', '48213']] });
    chat.say('too small');
    const turn = chat.say('too big');
    expect(turn).toMatchObject({ handled: true, handoff: false, reply: { kind: 'intent', intent: 'fallback' } });
    expect(eventTypes(turn)).toEqual(['slot_rejected', 'retry_limit']);
    expect(turn.state.form).toBeNull();
    expect(turn.state.slots.order_id?.value).toBe(48213);
  });

  it('gives up at the first wrong answer when maxRetries is 0', () => {
    const strict = FormSchema.parse({ ...ORDER_STATUS, slots: [{ ...ORDER_STATUS.slots[0], maxRetries: 0 }] });
    const chat = conversation(formsByIntent(strict));
    chat.say('where is my order', { intent: 'order_status' });
    expect(chat.say('4821', { entities: [['number', '4821']] }).handoff).toBe(true);
  });

  it('resumes a paused form after falling back', () => {
    const chat = conversation(DEFAULT_FORMS);
    chat.say('where is my order?', { intent: 'order_status' });
    chat.say('return an item', { intent: 'return_item' });
    chat.say('48213', { entities: [['number', '48213']] });
    chat.say('meh');
    const turn = chat.say('meh');
    expect(turn.text).toBe("<fallback> | Thanks! I've noted order 48213; a colleague will check where it is.");
    expect(eventTypes(turn)).toEqual(['slot_rejected', 'retry_limit', 'form_resumed', 'form_completed']);
  });

  it('counts retries per slot: a filled slot starts the next one at zero', () => {
    const chat = conversation(DEFAULT_FORMS);
    chat.say('cancel an order', { intent: 'cancel_order' });
    chat.say('4821', { entities: [['number', '4821']] });
    expect(chat.say('48213', { entities: [['number', '48213']] }).state.form).toMatchObject({ asking: 'email', retries: 0 });
  });
});
