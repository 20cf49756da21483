import { describe, expect, it } from 'vitest';
import { ActionConfigSchema } from '@chatbot/actions';
import { emptyDialogueState } from '@chatbot/dialogue';
import type { Prediction } from '@chatbot/model';
import { repliesOnly, type BotCatalogue } from './bot-catalogue';
import { composeReply } from './dialogue-turn';
import { replyToPrediction } from './prediction-reply';

const PERSON = { type: 'reply' as const, label: 'Talk to a person', text: 'talk to a human' };
const STORES = { type: 'link' as const, label: 'Store finder', url: 'https://shop.example/stores' };

const bot: BotCatalogue = {
  ...repliesOnly(
    new Map([
      ['opening_hours', { en: ['We are open 9 to 18.'], zh: ['我们9点到18点营业。'] }],
      ['order_status', { en: ['Your order {order_id} is on its way.'], zh: ['订单 {order_id} 在路上。'] }],
      ['gift_wrap', { en: [], zh: [] }],
      ['fallback', { en: ['Sorry, I did not get that.'], zh: ['抱歉，我没听懂。'] }],
    ]),
  ),
  intents: new Map([
    ['opening_hours', { buttons: { en: [STORES], zh: [] }, action: 'store_hours' }],
    ['order_status', { buttons: { en: [], zh: [] }, action: 'order_lookup' }],
    ['fallback', { buttons: { en: [PERSON], zh: [{ type: 'reply', label: '转人工' }] }, action: null }],
  ]),
  actions: new Map([['store_hours', ActionConfigSchema.parse({ name: 'store_hours', url: 'https://shop.example/hours', secret: 'a-secret-of-16-chars' })]]),
};
const predicted = (intent: string | null, outOfScope = false): Prediction => ({ intent, confidence: 0.9, outOfScope, top: [], language: 'en' });
const state = emptyDialogueState();

describe('the reply to a prediction no form took', () => {
  it('is the action of an intent that names a configured one, with the catalogue reply as its fallback', () => {
    expect(replyToPrediction(bot, predicted('opening_hours'), state, 'en', 'm1')).toEqual({
      kind: 'action',
      action: 'store_hours',
      form: null,
      fallback: { template: 'We are open 9 to 18.', variables: {} },
    });
  });

  it("is the intent's catalogue reply when its action is not configured, or it names none", () => {
    expect(replyToPrediction(bot, predicted('order_status'), state, 'en', 'm1')).toEqual({ kind: 'intent', intent: 'order_status' });
    expect(replyToPrediction(bot, predicted('gift_wrap'), state, 'en', 'm1')).toEqual({ kind: 'intent', intent: 'gift_wrap' });
  });

  it('is the fallback for a message the model did not understand', () => {
    expect(replyToPrediction(bot, predicted(null, true), state, 'en', 'm1')).toEqual({ kind: 'intent', intent: 'fallback' });
  });
});

describe("a composed reply's buttons", () => {
  it("are the catalogue buttons of its intent, in the reply's language", () => {
    expect(composeReply(bot, { kind: 'intent', intent: 'fallback' }, state, 'en', 'm1').buttons).toEqual([PERSON]);
    expect(composeReply(bot, { kind: 'intent', intent: 'fallback' }, state, 'zh', 'm1').buttons).toEqual([{ type: 'reply', label: '转人工' }]);
    expect(composeReply(bot, { kind: 'intent', intent: 'opening_hours' }, state, 'zh', 'm1').buttons).toEqual([]);
  });

  it("are the fallback's when the intent has no text and the fallback answers", () => {
    const reply = composeReply(bot, { kind: 'intent', intent: 'gift_wrap' }, state, 'en', 'm1');
    expect(reply).toMatchObject({ template: 'Sorry, I did not get that.', source: 'fallback', buttons: [PERSON] });
  });

  it("are those of a sequence's catalogue parts; a form's own texts bring none", () => {
    const sequence = composeReply(
      bot,
      {
        kind: 'sequence',
        parts: [
          { kind: 'intent', intent: 'opening_hours' },
          { kind: 'template', template: 'What is your order number?', variables: {} },
        ],
      },
      state,
      'en',
      'm1',
    );
    expect(sequence).toMatchObject({ template: 'We are open 9 to 18.\n\nWhat is your order number?', buttons: [STORES] });
    expect(composeReply(bot, { kind: 'template', template: 'Which day?', variables: {} }, state, 'en', 'm1').buttons).toEqual([]);
  });
});
