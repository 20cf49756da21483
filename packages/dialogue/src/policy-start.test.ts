import { describe, expect, it } from 'vitest';
import { FormSchema } from './form-schema';
import { decide } from './policy';
import { emptyDialogueState } from './state';
import { START, conversation, eventTypes } from './testing/conversation';
import { CANCEL_ORDER, CHANGE_ADDRESS, DEFAULT_FORMS, ORDER_STATUS, formsByIntent } from './testing/forms';

describe('decide: no form involved', () => {
  it('leaves the turn to the worker, answering with the predicted intent', () => {
    const turn = conversation(DEFAULT_FORMS).say('hello', { intent: 'greeting' });
    expect(turn).toMatchObject({ handled: false, handoff: false, reply: { kind: 'intent', intent: 'greeting' }, events: [] });
    expect(turn.state).toEqual(emptyDialogueState());
  });

  it('answers an out-of-scope message, or one without an intent, with the fallback', () => {
    const chat = conversation(DEFAULT_FORMS);
    expect(chat.say('asdf').reply).toEqual({ kind: 'intent', intent: 'fallback' });
    expect(chat.say('where is it', { intent: 'order_status', outOfScope: true, confidence: 0.3 })).toMatchObject({
      handled: false,
      reply: { kind: 'intent', intent: 'fallback' },
    });
  });

  it('does not treat "never mind" or "yes" as anything special without a form', () => {
    expect(conversation(DEFAULT_FORMS).say('never mind', { intent: 'thanks' })).toMatchObject({ handled: false, reply: { intent: 'thanks' } });
    expect(conversation(DEFAULT_FORMS).say('yes')).toMatchObject({ handled: false, reply: { intent: 'fallback' } });
  });
});

describe('decide: starting a form', () => {
  it('asks for the first slot in English', () => {
    const turn = conversation(DEFAULT_FORMS).say('where is my order?', { intent: 'order_status' });
    expect(turn).toMatchObject({ handled: true, handoff: false, text: "What's your order number?" });
    expect(turn.state.form).toEqual({ intent: 'order_status', asking: 'order_id', retries: 0, confirming: false, updatedAt: START.toISOString() });
    expect(eventTypes(turn)).toEqual(['form_started']);
  });

  it('asks in Chinese when the message is Chinese', () => {
    expect(conversation(DEFAULT_FORMS).say('我的订单到哪了', { intent: 'order_status' }).text).toBe('请问您的订单号是多少？');
  });

  it('completes at once when the triggering message has every slot, without asking it again', () => {
    const turn = conversation(DEFAULT_FORMS).say('where is order 48213?', { intent: 'order_status', entities: [['number', '48213']] });
    expect(turn.text).toBe("Thanks! I've noted order 48213; a colleague will check where it is.");
    expect(turn.reply).toEqual({ kind: 'template', template: ORDER_STATUS.done.en, variables: { order_id: '48213' } });
    expect(turn.events).toEqual([
      { type: 'form_started', intent: 'order_status' },
      { type: 'slot_filled', intent: 'order_status', slot: 'order_id', value: 48213 },
      { type: 'form_completed', intent: 'order_status', slots: { order_id: 48213 } },
    ]);
    expect(turn.state.form).toBeNull();
    expect(turn.state.slots.order_id).toMatchObject({ value: 48213, text: '48213', setAt: START.toISOString() });
  });

  it('fills several slots from the triggering message and goes straight to the confirmation', () => {
    const turn = conversation(DEFAULT_FORMS).say('cancel order 48213, email ann@example.com', {
      intent: 'cancel_order',
      entities: [
        ['number', '48213'],
        ['email', 'ann@example.com'],
      ],
    });
    expect(turn.text).toBe('Cancel order 48213 and write to ann@example.com?');
    expect(turn.state.form).toMatchObject({ intent: 'cancel_order', asking: null, confirming: true });
    expect(eventTypes(turn)).toEqual(['form_started', 'slot_filled', 'slot_filled', 'confirmation_requested']);
  });

  it('skips a slot the triggering message already answered and asks the next one', () => {
    const turn = conversation(DEFAULT_FORMS).say('I want to cancel order 48213', { intent: 'cancel_order', entities: [['number', '48213']] });
    expect(turn.text).toBe('Which email address should we write to?');
    expect(turn.state.form).toMatchObject({ asking: 'email', retries: 0 });
  });

  it('uses values already collected in the prompt of a later slot', () => {
    const turn = conversation(DEFAULT_FORMS).say('new address for 48213 please', { intent: 'change_address', entities: [['number', '48213']] });
    expect(turn.reply).toEqual({ kind: 'template', template: CHANGE_ADDRESS.slots[1]!.prompt.en, variables: { order_id: '48213' } });
    expect(turn.text).toBe('What is the new address for order 48213?');
  });

  it('does not fill a free-text slot from the triggering message', () => {
    const turn = conversation(DEFAULT_FORMS).say('change the address of 48213 to 1 Main St', { intent: 'change_address', entities: [['number', '48213']] });
    expect(turn.state.slots.address).toBeUndefined();
    expect(turn.state.form?.asking).toBe('address');
  });

  it('says why a value in the triggering message is refused when asking for it', () => {
    const turn = conversation(DEFAULT_FORMS).say('where is order 4821?', { intent: 'order_status', entities: [['number', '4821']] });
    expect(turn.text).toBe("Order numbers have 5 digits. What's your order number?");
    expect(turn.state.form).toMatchObject({ asking: 'order_id', retries: 0 });
    expect(turn.state.slots.order_id).toBeUndefined();
  });

  it('starts a form whatever the confidence, as long as the model recognised the intent', () => {
    expect(conversation(DEFAULT_FORMS).say('order?', { intent: 'order_status', confidence: 0.4 })).toMatchObject({ handled: true, text: "What's your order number?" });
  });

  it('records the turn that set a slot when the worker gives it', () => {
    const turn = conversation(DEFAULT_FORMS).say('order 48213', { intent: 'order_status', entities: [['number', '48213']], turnId: 'turn-7' });
    expect(turn.state.slots.order_id?.turnId).toBe('turn-7');
    expect(conversation(DEFAULT_FORMS).say('order 48213', { intent: 'order_status', entities: [['number', '48213']] }).state.slots.order_id?.turnId).toBeNull();
  });

  it('is pure: the input state is not changed, and the same input gives the same decision', () => {
    const state = emptyDialogueState();
    const input = {
      state,
      message: { text: 'cancel 48213', language: 'en' as const },
      prediction: { intent: 'cancel_order', confidence: 0.9, outOfScope: false },
      entities: [{ type: 'number', value: 48213, text: '48213', start: 7, end: 12, extractor: 'builtin' as const }],
      forms: formsByIntent(CANCEL_ORDER),
      now: START,
    };
    const first = decide(input);
    expect(state).toEqual(emptyDialogueState());
    expect(decide(input)).toEqual(first);
  });

  it('treats a slot called like an Object method as an ordinary, empty slot', () => {
    const form = FormSchema.parse({
      ...ORDER_STATUS,
      slots: [{ ...ORDER_STATUS.slots[0], name: 'constructor', pattern: undefined }],
      done: { en: 'Got {constructor}.', zh: '好' },
    });
    const chat = conversation(formsByIntent(form));
    expect(chat.say('where is my order', { intent: 'order_status' }).text).toBe("What's your order number?");
    expect(chat.say('7', { entities: [['number', '7']] }).text).toBe('Got 7.');
  });
});
