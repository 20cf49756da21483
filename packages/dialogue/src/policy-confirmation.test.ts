import { describe, expect, it } from 'vitest';
import { conversation, eventTypes } from './testing/conversation';
import { DEFAULT_FORMS } from './testing/forms';

function confirming(language: 'en' | 'zh' = 'en') {
  const chat = conversation(DEFAULT_FORMS);
  chat.say(language === 'zh' ? '取消订单48213，邮箱ann@example.com' : 'cancel 48213, ann@example.com', {
    intent: 'cancel_order',
    entities: [
      ['number', '48213'],
      ['email', 'ann@example.com'],
    ],
  });
  expect(chat.state.form).toMatchObject({ confirming: true, asking: null });
  return chat;
}

describe('decide: confirming a form', () => {
  it.each(['yes', 'Yeah!', 'yep', 'correct', 'right', 'sure', 'ok', 'yes please'])('completes on "%s"', (text) => {
    const turn = confirming().say(text);
    expect(turn.text).toBe('Order 48213 will be cancelled; we will write to ann@example.com.');
    expect(eventTypes(turn)).toEqual(['confirmation_accepted', 'form_completed']);
    expect(turn.state.form).toBeNull();
  });

  it.each(['是', '是的', '对', '对的', '好', '好的', '没错', '确认'])('completes on "%s" in Chinese', (text) => {
    expect(confirming('zh').say(text).text).toBe('订单48213将被取消，我们会发邮件到ann@example.com。');
  });

  it.each(['no', 'nope', 'wrong', 'not right', '不', '不是', '不对', '错了'])('on "%s", forgets the values and asks them all again', (text) => {
    const turn = confirming().say(text);
    expect(eventTypes(turn)).toEqual(['confirmation_denied']);
    expect(turn.state.slots).toEqual({});
    expect(turn.state.form).toMatchObject({ intent: 'cancel_order', asking: 'order_id', retries: 0, confirming: false });
  });

  it.each(['no', "no it's not", '不'])('takes "%s" as the answer even when the model reads it as the cancel intent', (text) => {
    const turn = confirming().say(text, { intent: 'cancel', confidence: 0.9 });
    expect(eventTypes(turn)).toEqual(['confirmation_denied']);
    expect(turn.state.form).toMatchObject({ intent: 'cancel_order', asking: 'order_id', confirming: false });
  });

  it('still cancels on the cancel intent when the message is not a yes or no', () => {
    const turn = confirming().say("I'd rather not continue", { intent: 'cancel', confidence: 0.9 });
    expect(eventTypes(turn)).toEqual(['form_cancelled']);
    expect(turn.state.form).toBeNull();
  });

  it('says it starts again before the first question, in the language of the message', () => {
    expect(confirming().say('no').text).toBe("OK, let's start again. What's your order number?");
    expect(confirming().say('不对').text).toBe('好的，我们重新来。请问您的订单号是多少？');
  });

  it('asks again on anything else, counting a retry', () => {
    const chat = confirming();
    const turn = chat.say('hmm, what?');
    expect(turn.text).toBe('Please answer yes or no. Cancel order 48213 and write to ann@example.com?');
    expect(eventTypes(turn)).toEqual(['confirmation_unclear']);
    expect(turn.state.form).toMatchObject({ confirming: true, retries: 1 });
    expect(confirming('zh').say('嗯？').text).toBe('请回答“是”或“不是”。确认取消订单48213，并发邮件到ann@example.com吗？');
  });

  it('gives up after two unclear answers, as the form says (hand off)', () => {
    const chat = confirming();
    chat.say('what?');
    chat.say('huh');
    const turn = chat.say('eh');
    expect(turn).toMatchObject({ handoff: true, reply: null });
    expect(turn.events).toContainEqual({ type: 'retry_limit', intent: 'cancel_order', slot: null, outcome: 'handoff' });
  });

  it('asks a value again rather than confirm it when it expired meanwhile', () => {
    const chat = confirming();
    chat.wait(40);
    chat.say('what?');
    chat.wait(21);
    const turn = chat.say('yes');
    expect(turn.text).toBe("What's your order number?");
    expect(turn.state.form).toMatchObject({ asking: 'order_id', confirming: false });
  });
});
