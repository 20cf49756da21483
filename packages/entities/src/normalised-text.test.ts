import { readFileSync } from 'node:fs';
import { createRng, normalizeText, parseJsonl } from '@chatbot/nlp';
import { describe, expect, it } from 'vitest';
import { normaliseWithOffsets } from './normalised-text';

function randomStrings(alphabet: string, count: number, maxLength = 12): string[] {
  const characters = [...alphabet];
  const random = createRng(11);
  return Array.from({ length: count }, () => {
    let text = '';
    const length = 1 + Math.floor(random() * maxLength);
    for (let i = 0; i < length; i++) text += characters[Math.floor(random() * characters.length)];
    return text;
  });
}

describe('normaliseWithOffsets', () => {
  it('gives exactly what the model normalisation gives, on random strings', () => {
    // Full-width forms, ligatures, combining accents, controls, format characters, apostrophes, CJK, emoji.
    const alphabet = "aZ9 .,'-\t\n\u3000\u00a0ＡＢ１２？ﬁ①㎏e\u0301é’\u200b\u00ad\u0000\u0007我的订单😀\ufeffİ";
    const mismatches = randomStrings(alphabet, 20000).filter((text) => normaliseWithOffsets(text).text !== normalizeText(text));
    expect(mismatches).toEqual([]);
  });

  it('gives exactly what the model normalisation gives, on the Chinese and English datasets', () => {
    for (const name of ['smp2017_ecdt/train.jsonl', 'clinc150/test.jsonl']) {
      const url = new URL(`../../../../shared/datasets/${name}`, import.meta.url);
      const texts = parseJsonl(readFileSync(url, 'utf8'), name).map((example) => example.text);
      expect(texts.filter((text) => normaliseWithOffsets(text).text !== normalizeText(text))).toEqual([]);
    }
  });

  it('maps every normalised unit back to the original characters it came from', () => {
    const original = '  😀 ＩＰｈｏｎｅ\u3000\u3000１５ ﬁne ';
    const { text, from, to } = normaliseWithOffsets(original);
    expect(text).toBe('😀 iphone 15 fine');
    const i = text.indexOf('iphone');
    expect(original.slice(from[i], to[i + 'iphone 15'.length - 1])).toBe('ＩＰｈｏｎｅ\u3000\u3000１５');
    // "ﬁ" becomes two units, both from the one ligature.
    const f = text.indexOf('fi');
    expect([from[f], to[f], from[f + 1], to[f + 1]]).toEqual([original.indexOf('ﬁ'), original.indexOf('ﬁ') + 1, original.indexOf('ﬁ'), original.indexOf('ﬁ') + 1]);
  });
});
