import { describe, expect, it } from 'vitest';
import { conversation, eventTypes } from './testing/conversation';
import { DEFAULT_FORMS } from './testing/forms';

function inForm() {
  const chat = conversation(DEFAULT_FORMS);
  chat.say('cancel order 48213', { intent: 'cancel_order', entities: [['number', '48213']] });
  return chat;
}

describe('decide: cancelling a form', () => {
  it.each(['never mind', 'Nevermind.', 'cancel', 'forget it', 'stop', 'ok, never mind'])('stops the form on "%s"', (text) => {
    const turn = inForm().say(text);
    expect(turn).toMatchObject({ handled: true, handoff: false, text: "OK, I've stopped. Is there anything else I can help you with?" });
    expect(turn.events).toEqual([{ type: 'form_cancelled', intent: 'cancel_order' }]);
    expect(turn.state.form).toBeNull();
  });

  it.each(['算了', '取消', '不用了', '算了吧。'])('stops the form on "%s", answering in Chinese', (text) => {
    const chat = conversation(DEFAULT_FORMS);
    chat.say('我要取消订单', { intent: 'cancel_order' });
    expect(chat.say(text).text).toBe('好的，已经取消了。还有什么可以帮您的吗？');
    expect(chat.state.form).toBeNull();
  });

  it('stops the form on a confident cancel intent, whatever the words', () => {
    const turn = inForm().say('please drop this whole thing', { intent: 'cancel', confidence: 0.8 });
    expect(eventTypes(turn)).toEqual(['form_cancelled']);
  });

  it('does not cancel on an unconfident cancel intent', () => {
    const turn = inForm().say('hmm drop it maybe', { intent: 'cancel', confidence: 0.5 });
    expect(eventTypes(turn)).toEqual(['slot_rejected']);
    expect(turn.state.form).not.toBeNull();
  });

  it('keeps the slots collected so far', () => {
    const chat = inForm();
    chat.say('never mind');
    expect(chat.state.slots.order_id?.value).toBe(48213);
  });

  it('cancels even while a free-text slot is being asked', () => {
    const chat = conversation(DEFAULT_FORMS);
    chat.say('change the address of 48213', { intent: 'change_address', entities: [['number', '48213']] });
    expect(eventTypes(chat.say('forget it'))).toEqual(['form_cancelled']);
    expect(chat.state.slots.address).toBeUndefined();
  });

  it('cancels while confirming', () => {
    const chat = inForm();
    chat.say('ann@example.com', { entities: [['email', 'ann@example.com']] });
    expect(chat.state.form?.confirming).toBe(true);
    expect(eventTypes(chat.say('no, cancel that'))).toEqual(['form_cancelled']);
  });

  it('does not take a sentence containing a cancel word for a cancel', () => {
    const chat = conversation(DEFAULT_FORMS);
    chat.say('where is my order', { intent: 'order_status' });
    const turn = chat.say('cancel my order 48213', { intent: 'cancel_order', entities: [['number', '48213']] });
    expect(eventTypes(turn)).toEqual(['slot_filled', 'form_completed']);
  });

  it('resumes a paused form after the cancel', () => {
    const chat = conversation(DEFAULT_FORMS);
    chat.say('where is my order', { intent: 'order_status' });
    chat.say('I want to cancel an order', { intent: 'cancel_order' });
    expect(chat.state.paused.map((form) => form.intent)).toEqual(['order_status']);
    const turn = chat.say('never mind');
    expect(turn.text).toBe("OK, I've stopped that. | What's your order number?");
    expect(eventTypes(turn)).toEqual(['form_cancelled', 'form_resumed']);
    expect(turn.state).toMatchObject({ form: { intent: 'order_status', asking: 'order_id' }, paused: [] });
  });
});
