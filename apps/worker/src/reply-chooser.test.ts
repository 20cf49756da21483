import { describe, expect, it } from 'vitest';
import { answerLanguage, chooseReply, type ReplyCatalogue } from './reply-chooser';

const catalogue: ReplyCatalogue = new Map([
  ['order_status', { en: ['Let me check your order.'], zh: ['我来帮您查订单。'] }],
  ['greeting', { en: ['Hi!', 'Hello!'], zh: [] }],
  ['fallback', { en: ['Sorry, I did not get that.'], zh: ['抱歉，我没听懂。'] }],
]);

describe('chooseReply', () => {
  it('answers in the language of the message', () => {
    const en = chooseReply(catalogue, { intent: 'order_status', outOfScope: false, language: 'en' }, 'm1');
    const zh = chooseReply(catalogue, { intent: 'order_status', outOfScope: false, language: 'zh' }, 'm1');
    expect(en).toEqual({ text: 'Let me check your order.', source: 'order_status', language: 'en' });
    expect(zh).toEqual({ text: '我来帮您查订单。', source: 'order_status', language: 'zh' });
  });

  it('falls back when the message is out of scope', () => {
    const reply = chooseReply(catalogue, { intent: null, outOfScope: true, language: 'zh' }, 'm1');
    expect(reply).toEqual({ text: '抱歉，我没听懂。', source: 'fallback', language: 'zh' });
  });

  it('falls back when the intent has no replies at all', () => {
    const reply = chooseReply(catalogue, { intent: 'unknown_intent', outOfScope: false, language: 'en' }, 'm1');
    expect(reply.source).toBe('fallback');
  });

  it('uses English replies when an intent has none in the message language', () => {
    const reply = chooseReply(catalogue, { intent: 'greeting', outOfScope: false, language: 'zh' }, 'm1');
    expect(['Hi!', 'Hello!']).toContain(reply.text);
  });

  it('picks the same variant for the same message every time', () => {
    const picks = new Set(Array.from({ length: 5 }, () => chooseReply(catalogue, { intent: 'greeting', outOfScope: false, language: 'en' }, 'same-id').text));
    expect(picks.size).toBe(1);
  });

  it('explains what is missing when the catalogue has no fallback', () => {
    expect(() => chooseReply(new Map(), { intent: null, outOfScope: true, language: 'en' }, 'x')).toThrow(/no "fallback" entry/);
  });
});

describe('answerLanguage', () => {
  it("answers a message in its own language, and one without words (an order number) in the conversation's", () => {
    expect(answerLanguage('zh', 'en')).toBe('zh');
    expect(answerLanguage('en', 'zh')).toBe('en');
    expect(answerLanguage('other', 'zh')).toBe('zh');
    expect(answerLanguage('other', null)).toBe('en');
    expect(answerLanguage(null, undefined)).toBe('en');
  });
});
