import { describe, expect, it } from 'vitest';
import { conversation, eventTypes } from './testing/conversation';
import { FormSchema } from './form-schema';
import { DEFAULT_FORMS, formsByIntent } from './testing/forms';

describe('decide: another intent during a form', () => {
  it('answers the other intent, then asks the form again (the form resumes by default)', () => {
    const chat = conversation(DEFAULT_FORMS);
    chat.say('where is my order?', { intent: 'order_status' });
    const turn = chat.say('what are your opening hours?', { intent: 'opening_hours', confidence: 0.9 });
    expect(turn.reply).toEqual({
      kind: 'sequence',
      parts: [
        { kind: 'intent', intent: 'opening_hours' },
        { kind: 'template', template: "What's your order number?", variables: {} },
      ],
    });
    expect(turn.events).toEqual([
      { type: 'form_interrupted', intent: 'order_status', by: 'opening_hours', resumes: true },
      { type: 'form_resumed', intent: 'order_status' },
    ]);
    expect(turn.state).toMatchObject({ form: { intent: 'order_status', asking: 'order_id', retries: 0 }, paused: [] });
    expect(chat.say('48213', { entities: [['number', '48213']] }).text).toContain('48213');
  });

  it('keeps the retries counted so far across the interruption', () => {
    const chat = conversation(DEFAULT_FORMS);
    chat.say('where is my order?', { intent: 'order_status' });
    chat.say('4821', { entities: [['number', '4821']] });
    expect(chat.say('opening hours?', { intent: 'opening_hours' }).state.form?.retries).toBe(1);
  });

  it('drops a form that does not resume, answering only the other intent', () => {
    const chat = conversation(DEFAULT_FORMS);
    chat.say('I want to return 48213', { intent: 'return_item', entities: [['number', '48213']] });
    const turn = chat.say('do you have discount codes?', { intent: 'discount_code' });
    expect(turn.reply).toEqual({ kind: 'intent', intent: 'discount_code' });
    expect(turn.events).toEqual([{ type: 'form_interrupted', intent: 'return_item', by: 'discount_code', resumes: false }]);
    expect(turn.state).toMatchObject({ form: null, paused: [] });
    expect(turn.state.slots.order_id?.value).toBe(48213);
  });

  it("starts the other intent's form, pausing this one, and resumes this one when that completes", () => {
    const chat = conversation(DEFAULT_FORMS);
    chat.say('change my address', { intent: 'change_address' });
    const switched = chat.say('actually, cancel my order', { intent: 'cancel_order' });
    expect(switched.text).toBe("What's your order number?");
    expect(switched.state).toMatchObject({ form: { intent: 'cancel_order', asking: 'order_id' }, paused: [{ intent: 'change_address', asking: 'order_id' }] });
    expect(eventTypes(switched)).toEqual(['form_interrupted', 'form_started']);

    chat.say('48213, ann@example.com', {
      entities: [
        ['number', '48213'],
        ['email', 'ann@example.com'],
      ],
    });
    const done = chat.say('yes');
    // The paused form already has its order number from the other form: it asks for the address.
    expect(done.text).toBe('Order 48213 will be cancelled; we will write to ann@example.com. | What is the new address for order 48213?');
    expect(eventTypes(done)).toEqual(['confirmation_accepted', 'form_completed', 'form_resumed']);
    expect(done.state).toMatchObject({ form: { intent: 'change_address', asking: 'address' }, paused: [] });
  });

  it('completes a resumed form at once when the other form collected all it needs', () => {
    const chat = conversation(DEFAULT_FORMS);
    chat.say('where is my order?', { intent: 'order_status' });
    const turn = chat.say('cancel order 48213', { intent: 'cancel_order', entities: [['number', '48213']] });
    // 48213 fills the asked order_id of order_status: the message filled something, so it is an answer, not an interruption.
    expect(eventTypes(turn)).toEqual(['slot_filled', 'form_completed']);
  });

  it('does not interrupt on an unconfident or out-of-scope other intent: that is a wrong answer', () => {
    const chat = conversation(DEFAULT_FORMS);
    chat.say('where is my order?', { intent: 'order_status' });
    expect(eventTypes(chat.say('hours?', { intent: 'opening_hours', confidence: 0.6 }))).toEqual(['slot_rejected']);
    expect(eventTypes(chat.say('blah', { intent: 'opening_hours', confidence: 0.9, outOfScope: true }))).toEqual(['slot_rejected']);
  });

  it('interrupts at the confidence given by confidentAt', () => {
    const chat = conversation(DEFAULT_FORMS, { confidentAt: 0.5 });
    chat.say('where is my order?', { intent: 'order_status' });
    expect(eventTypes(chat.say('hours?', { intent: 'opening_hours', confidence: 0.5 }))).toEqual(['form_interrupted', 'form_resumed']);
  });

  it('lets a free-text slot take the message even when it looks like another intent', () => {
    const chat = conversation(DEFAULT_FORMS);
    chat.say('change the address of 48213', { intent: 'change_address', entities: [['number', '48213']] });
    const turn = chat.say('the same as my billing address, thanks', { intent: 'thanks', confidence: 0.8 });
    expect(eventTypes(turn)).toEqual(['slot_filled', 'form_completed']);
  });

  it('interrupts a free-text slot with allowed values when the message is not one of them', () => {
    const chat = conversation(DEFAULT_FORMS);
    chat.say('return 48213', { intent: 'return_item', entities: [['number', '48213']] });
    expect(eventTypes(chat.say('how long does shipping take?', { intent: 'shipping_time' }))).toEqual(['form_interrupted']);
  });

  it('interrupts a confirmation, and asks for it again on resuming', () => {
    const chat = conversation(DEFAULT_FORMS);
    chat.say('cancel 48213 ann@example.com', {
      intent: 'cancel_order',
      entities: [
        ['number', '48213'],
        ['email', 'ann@example.com'],
      ],
    });
    const turn = chat.say('when are you open?', { intent: 'opening_hours' });
    expect(turn.text).toBe('<opening_hours> | Cancel order 48213 and write to ann@example.com?');
    expect(turn.state.form).toMatchObject({ intent: 'cancel_order', confirming: true });
  });

  it('hands off at once, with the slots, when the user asks for a person', () => {
    const chat = conversation(DEFAULT_FORMS);
    chat.say('cancel 48213', { intent: 'cancel_order', entities: [['number', '48213']] });
    const turn = chat.say('let me talk to a human', { intent: 'talk_to_human', confidence: 0.9 });
    expect(turn).toMatchObject({ handled: true, handoff: true, reply: null });
    expect(turn.events).toEqual([{ type: 'handoff_requested', intent: 'cancel_order', slots: { order_id: 48213 } }]);
    expect(turn.state).toMatchObject({ form: null, paused: [], slots: { order_id: { value: 48213 } } });
  });

  it('starts a paused form afresh when its intent comes again, taking it off the paused list', () => {
    const chat = conversation(DEFAULT_FORMS);
    chat.say('a', { intent: 'order_status' });
    chat.say('b', { intent: 'cancel_order' });
    chat.say('c', { intent: 'change_address' });
    expect(chat.state.paused.map((form) => form.intent)).toEqual(['order_status', 'cancel_order']);
    chat.say('d', { intent: 'order_status' });
    expect(chat.state).toMatchObject({ form: { intent: 'order_status' }, paused: [{ intent: 'cancel_order' }, { intent: 'change_address' }] });
  });

  it('forgets the oldest paused forms beyond three', () => {
    const forms = formsByIntent(
      ...['a', 'b', 'c', 'd', 'e'].map((intent) =>
        FormSchema.parse({ intent, slots: [{ name: 'n', entity: 'number', prompt: { en: `${intent}?`, zh: `${intent}？` } }], done: { en: 'ok', zh: '好' } }),
      ),
    );
    const chat = conversation(forms);
    for (const intent of ['a', 'b', 'c', 'd', 'e']) chat.say(intent, { intent });
    expect(chat.state.form?.intent).toBe('e');
    expect(chat.state.paused.map((form) => form.intent)).toEqual(['b', 'c', 'd']);
  });
});
