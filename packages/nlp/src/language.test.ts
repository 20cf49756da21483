import { describe, expect, it } from 'vitest';
import { detectLanguage, detectLanguageOfAnyText } from './language';
import { randomStrings } from './testing/random-strings';

describe('detectLanguage', () => {
  it('recognises English', () => {
    expect(detectLanguage('Where is my order?')).toBe('en');
    expect(detectLanguage('ＷＨＥＲＥ is my parcel')).toBe('en');
  });

  it('recognises Chinese, simplified and traditional', () => {
    expect(detectLanguage('我的订单到哪了')).toBe('zh');
    expect(detectLanguage('我的訂單到哪了？')).toBe('zh');
  });

  it('calls Chinese with English words mixed in Chinese', () => {
    expect(detectLanguage('我的order在哪')).toBe('zh');
    expect(detectLanguage('帮我查一下 tracking number')).toBe('zh');
    expect(detectLanguage('你好 hello')).toBe('zh');
  });

  it('calls English with a Chinese word mixed in English', () => {
    expect(detectLanguage('I would like to order some 饺子 please')).toBe('en');
    expect(detectLanguage('find PlayStation官方杂志, a song')).toBe('en');
  });

  it('says other for empty, emoji-only, digits-only and punctuation-only text', () => {
    expect(detectLanguage('')).toBe('other');
    expect(detectLanguage('😀👍🎉')).toBe('other');
    expect(detectLanguage('12345')).toBe('other');
    expect(detectLanguage('?!...')).toBe('other');
  });

  it('says other for scripts that are neither Chinese nor English', () => {
    expect(detectLanguage('Где мой заказ?')).toBe('other');
    expect(detectLanguage('أين طلبي')).toBe('other');
    expect(detectLanguage('私の注文はどこですか')).toBe('other');
  });

  // Printable ASCII takes a shortcut; this proves it gives what counting words by script gives.
  it('gives the same answer for printable ASCII with or without the shortcut', () => {
    const alphabet = 'aZ09 .,!?-_~\t我é';
    const mismatches = randomStrings(alphabet, 20000).filter((text) => detectLanguage(text) !== detectLanguageOfAnyText(text));
    expect(mismatches).toEqual([]);
  });
});
