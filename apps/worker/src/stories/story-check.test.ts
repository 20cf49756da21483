import { describe, expect, it } from 'vitest';
import { checkStep, type ObservedStep } from './story-check';

const observed: ObservedStep = {
  intent: 'opening_hours',
  outOfScope: false,
  confidence: 0.93,
  reply: { text: "We're open 9-18.\n\nWhat's your order number?", kind: 'bot' },
  intentReplies: ['opening_hours'],
  events: [
    { type: 'form_interrupted', intent: 'order_status', by: 'opening_hours', resumes: true },
    { type: 'form_resumed', intent: 'order_status' },
  ],
  slots: { order_id: '48213' },
  form: { intent: 'order_status', asking: 'order_id', confirming: false },
  handedOff: false,
};

describe('checkStep', () => {
  it('passes a step whose every expectation holds', () => {
    const step = {
      user: 'what time do you open?',
      intent: 'opening_hours',
      reply: { intent_reply: 'opening_hours', asks: 'order_id' },
      reply_contains: ['9-18'],
      slots: { order_id: '48213', address: null },
      form: 'order_status',
      handoff: false,
      events: ['form_interrupted' as const],
    };
    expect(checkStep(step, observed, 'en')).toEqual([]);
  });

  it('says what was expected and what it got, one sentence per expectation missed', () => {
    const step = {
      user: 'x',
      intent: 'out_of_scope',
      reply: { confirms: true as const, completes: 'order_status', cancelled: true as const, fallback: true as const },
      reply_contains: ['48213'],
      slots: { order_id: null, address: 'Main St' },
      form: 'none',
      handoff: true,
      events: ['retry_limit' as const],
    };
    expect(checkStep(step, observed, 'zh')).toEqual([
      'intent: expected out_of_scope, got opening_hours (confidence 0.93)',
      'reply: expected it to ask for a confirmation (yes or no); the order_status form waits for order_id',
      'reply: expected the order_status form to complete; no form completed',
      'reply: expected a form to be cancelled; none was',
      'reply: expected the fallback reply; it holds the reply of opening_hours',
      'reply: expected it to contain "48213"',
      "reply: expected it in Chinese (zh), the story's language; got no Chinese",
      'slots.order_id: expected not set, got "48213"',
      'slots.address: expected "Main St", got not set',
      'form: expected none, got order_status',
      'handoff: expected the conversation to go to a person; it stays with the bot',
      'events: expected retry_limit, not recorded',
    ]);
  });

  it('says the bot stayed silent when a reply was expected', () => {
    expect(checkStep({ user: 'hello?', reply: { asks: 'order_id' } }, { ...observed, reply: null, handedOff: true })).toEqual([
      'reply: expected one, but the bot stayed silent (a person has the conversation)',
    ]);
  });
});
