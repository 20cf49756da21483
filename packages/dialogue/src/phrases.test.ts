import { describe, expect, it } from 'vitest';
import { isCancelPhrase, isNo, isYes, normalisePhrase } from './phrases';

describe('isCancelPhrase', () => {
  it('recognises the English cancel phrases, in any case and with punctuation', () => {
    for (const text of ['never mind', 'Nevermind!', 'cancel', 'CANCEL.', 'forget it', 'Stop', '  never   mind...  ']) expect(isCancelPhrase(text), text).toBe(true);
  });

  it('recognises the Chinese cancel phrases, with full-width punctuation', () => {
    for (const text of ['算了', '算了。', '取消', '取消！', '不用了', '不用了，谢谢', '算了吧', '那算了']) expect(isCancelPhrase(text), text).toBe(true);
  });

  it('allows a little filler around the phrase', () => {
    for (const text of ['ok never mind', 'oh, forget it', 'cancel please', 'never mind, thanks', 'no, cancel that', 'actually never mind'])
      expect(isCancelPhrase(text), text).toBe(true);
  });

  it('does not take a sentence that merely contains the phrase', () => {
    for (const text of [
      'cancel my order',
      'I want to cancel order 48213',
      'stop sending me emails',
      '取消订单',
      '我想取消订单',
      'never mind the box, it is damaged',
      'ok',
    ])
      expect(isCancelPhrase(text), text).toBe(false);
  });
});

describe('isYes and isNo', () => {
  it('recognise yes in English and Chinese', () => {
    for (const text of [
      'yes',
      'Yeah!',
      'yep',
      'correct',
      'right',
      'sure',
      'OK',
      "that's right",
      'yes please',
      '是',
      '是的',
      '对',
      '对的',
      '好',
      '好的',
      '没错',
      '确认',
      '是的。',
      '对啊',
      '好吧',
    ])
      expect(isYes(text), text).toBe(true);
  });

  it('recognise no in English and Chinese', () => {
    for (const text of ['no', 'Nope.', 'wrong', 'not right', 'no thanks', '不', '不是', '不对', '错了', '不是的', '不对！']) expect(isNo(text), text).toBe(true);
  });

  it('keep yes and no apart, and take neither for anything else', () => {
    for (const text of ['yes', 'ok', '是的', '好']) expect(isNo(text), text).toBe(false);
    for (const text of ['no', 'nope', '不是', '错了']) expect(isYes(text), text).toBe(false);
    for (const text of ['maybe', 'yes and no', 'what?', '48213', '不知道', '']) {
      expect(isYes(text), text).toBe(false);
      expect(isNo(text), text).toBe(false);
    }
  });
});

describe('normalisePhrase', () => {
  it('lower-cases, turns full-width into half-width, drops punctuation and joins Chinese words', () => {
    expect(normalisePhrase('  ＮＥＶＥＲ, mind!! ')).toBe('never mind');
    expect(normalisePhrase('不用了 ， 谢谢！')).toBe('不用了谢谢');
  });
});
