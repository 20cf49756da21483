import { describe, expect, it } from 'vitest';
import { conversation, eventTypes } from './testing/conversation';
import { DEFAULT_FORMS } from './testing/forms';

describe('decide: answering the form', () => {
  it('completes the order-status form in English over two turns', () => {
    const chat = conversation(DEFAULT_FORMS);
    expect(chat.say('where is my order?', { intent: 'order_status' }).text).toBe("What's your order number?");
    const answer = chat.say('48213', { entities: [['number', '48213']] });
    expect(answer).toMatchObject({ handled: true, handoff: false, text: "Thanks! I've noted order 48213; a colleague will check where it is." });
    expect(eventTypes(answer)).toEqual(['slot_filled', 'form_completed']);
    expect(chat.state.form).toBeNull();
  });

  it('completes the cancel-order form in Chinese, with confirmation', () => {
    const chat = conversation(DEFAULT_FORMS);
    expect(chat.say('我要取消订单', { intent: 'cancel_order' }).text).toBe('请问您的订单号是多少？');
    expect(chat.say('订单号48213', { entities: [['number', '48213']] }).text).toBe('我们应该发到哪个邮箱？');
    expect(chat.say('ann@example.com', { entities: [['email', 'ann@example.com']], language: 'zh' }).text).toBe('确认取消订单48213，并发邮件到ann@example.com吗？');
    const done = chat.say('是的');
    expect(done.text).toBe('订单48213将被取消，我们会发邮件到ann@example.com。');
    expect(done.events).toEqual([
      { type: 'confirmation_accepted', intent: 'cancel_order' },
      { type: 'form_completed', intent: 'cancel_order', slots: { order_id: 48213, email: 'ann@example.com' } },
    ]);
  });

  it('takes several slots answered at once', () => {
    const chat = conversation(DEFAULT_FORMS);
    chat.say('cancel my order', { intent: 'cancel_order' });
    const turn = chat.say('order 48213, email ann@example.com', {
      entities: [
        ['number', '48213'],
        ['email', 'ann@example.com'],
      ],
    });
    expect(turn.text).toBe('Cancel order 48213 and write to ann@example.com?');
    expect(eventTypes(turn)).toEqual(['slot_filled', 'slot_filled', 'confirmation_requested']);
  });

  it('re-asks a wrong value with the reason, then takes the right one', () => {
    const chat = conversation(DEFAULT_FORMS);
    chat.say('where is my order?', { intent: 'order_status' });
    const wrong = chat.say('4821', { entities: [['number', '4821']] });
    expect(wrong.text).toBe("Order numbers have 5 digits. What's your order number?");
    expect(wrong.events).toEqual([{ type: 'slot_rejected', intent: 'order_status', slot: 'order_id', reason: 'pattern', value: 4821 }]);
    expect(wrong.state.form).toMatchObject({ asking: 'order_id', retries: 1 });
    expect(wrong.state.slots.order_id).toBeUndefined();
    expect(chat.say('sorry, 48213', { entities: [['number', '48213']] }).text).toBe("Thanks! I've noted order 48213; a colleague will check where it is.");
  });

  it('re-asks in Chinese with the Chinese reason', () => {
    const chat = conversation(DEFAULT_FORMS);
    chat.say('我的订单到哪了', { intent: 'order_status' });
    expect(chat.say('不知道').text).toBe('订单号是5位数字。请问您的订单号是多少？');
  });

  it('does not accept just anything: a message without a value for the asked slot is re-asked', () => {
    const chat = conversation(DEFAULT_FORMS);
    chat.say('where is my order?', { intent: 'order_status' });
    const turn = chat.say('hmm, let me look', { intent: 'order_status', confidence: 0.5 });
    expect(turn.events).toEqual([{ type: 'slot_rejected', intent: 'order_status', slot: 'order_id', reason: 'no_value' }]);
    expect(turn.text).toBe("Order numbers have 5 digits. What's your order number?");
  });

  it('uses a default reason in each language when the slot has none', () => {
    const chat = conversation(DEFAULT_FORMS);
    chat.say('cancel 48213', { intent: 'cancel_order', entities: [['number', '48213']] });
    expect(chat.say('dunno').text).toBe("Sorry, I didn't get that. Which email address should we write to?");
    const zh = conversation(DEFAULT_FORMS);
    zh.say('取消订单48213', { intent: 'cancel_order', entities: [['number', '48213']] });
    expect(zh.say('不知道').text).toBe('抱歉，我没有看明白。我们应该发到哪个邮箱？');
  });

  it('takes a free-text answer verbatim (trimmed)', () => {
    const chat = conversation(DEFAULT_FORMS);
    chat.say('change the address of 48213', { intent: 'change_address', entities: [['number', '48213']] });
    const turn = chat.say('  Flat 2, 10 Downing St, London  ');
    expect(turn.text).toBe('Order 48213 will go to: Flat 2, 10 Downing St, London.');
    expect(turn.state.slots.address).toMatchObject({ value: 'Flat 2, 10 Downing St, London', text: '  Flat 2, 10 Downing St, London  ' });
  });

  it('refuses a free-text answer outside the allowed values, listing them, and accepts one in any case', () => {
    const chat = conversation(DEFAULT_FORMS);
    expect(chat.say('return 48213', { intent: 'return_item', entities: [['number', '48213']] }).text).toBe(
      'Why are you returning it (damaged, wrong item, changed my mind)?',
    );
    const wrong = chat.say('too small');
    expect(wrong.text).toBe('Please answer with one of: damaged, wrong item, changed my mind. Why are you returning it (damaged, wrong item, changed my mind)?');
    expect(wrong.events).toEqual([{ type: 'slot_rejected', intent: 'return_item', slot: 'reason', reason: 'not_allowed', value: 'too small' }]);
    const right = chat.say(' Wrong Item ');
    expect(right.text).toBe('Return of order 48213 (wrong item) noted.');
    expect(right.state.slots.reason?.value).toBe('wrong item');
  });

  it('lists the allowed values the Chinese way in Chinese', () => {
    const chat = conversation(DEFAULT_FORMS);
    expect(chat.say('我要退货，订单48213', { intent: 'return_item', entities: [['number', '48213']] }).text).toBe(
      '退货原因是什么（damaged、wrong item、changed my mind）？',
    );
  });

  it('takes a volunteered later slot without counting a retry, and asks the missing one again', () => {
    const chat = conversation(DEFAULT_FORMS);
    chat.say('cancel my order', { intent: 'cancel_order' });
    const turn = chat.say('write to ann@example.com', { entities: [['email', 'ann@example.com']] });
    expect(turn.text).toBe("What's your order number?");
    expect(turn.state.form).toMatchObject({ asking: 'order_id', retries: 0 });
    expect(turn.state.slots.email?.value).toBe('ann@example.com');
    expect(chat.say('48213', { entities: [['number', '48213']] }).text).toBe('Cancel order 48213 and write to ann@example.com?');
  });

  it('does not overwrite a slot already filled when answering another', () => {
    const chat = conversation(DEFAULT_FORMS);
    chat.say('cancel 48213', { intent: 'cancel_order', entities: [['number', '48213']] });
    const turn = chat.say('55555', { entities: [['number', '55555']] });
    expect(turn.state.slots.order_id?.value).toBe(48213);
    expect(turn.events).toEqual([{ type: 'slot_rejected', intent: 'cancel_order', slot: 'email', reason: 'no_value' }]);
  });

  it("takes the answer from a message that is the form's own intent again, without restarting the form", () => {
    const chat = conversation(DEFAULT_FORMS);
    chat.say('where is my order?', { intent: 'order_status' });
    const turn = chat.say('where is my order 48213?', { intent: 'order_status', entities: [['number', '48213']] });
    expect(eventTypes(turn)).toEqual(['slot_filled', 'form_completed']);
  });
});
