import { describe, expect, it } from 'vitest';
import { keyText, LookupIndex, lookupKey } from './lookup';

const products = new LookupIndex('product', [
  { value: 'iPhone 15', synonyms: ['iPhone 15', 'iphone15', '苹果15'] },
  { value: 'iPhone 15 Pro', synonyms: ['苹果15pro'] },
  { value: 'T-shirt', synonyms: ['tee', 'T恤'] },
  { value: 'cat food', synonyms: ['猫粮'] },
  { value: 'cat', synonyms: [] },
]);

function find(index: LookupIndex, text: string) {
  return index.find(text, keyText(text)).map(({ value, text: span, start, end }) => ({ value, span, start, end }));
}

describe('lookupKey', () => {
  it('ignores case, width, spaces, hyphens and apostrophes', () => {
    expect(lookupKey('iPhone 15')).toBe('iphone15');
    expect(lookupKey('ｉＰｈｏｎｅ　１５')).toBe('iphone15');
    expect(lookupKey("I-Phone's 15")).toBe('iphones15');
    expect(lookupKey('苹果 15')).toBe('苹果15');
  });
});

describe('LookupIndex', () => {
  it('finds a value by any synonym, in any spelling, and returns the canonical value', () => {
    for (const text of ['I want an iphone15', 'I want an iPhone 15', 'I want an IPHONE-15', '我想买苹果15', '我想买ｉＰｈｏｎｅ１５']) {
      expect(find(products, text).map((match) => match.value)).toEqual(['iPhone 15']);
    }
  });

  it('points start and end at the original characters, with emoji and full-width text before them', () => {
    const text = '😀😀 我想买 ｉＰｈｏｎｅ　１５ 谢谢';
    const [match] = find(products, text);
    expect(match?.span).toBe('ｉＰｈｏｎｅ　１５');
    expect(text.slice(match?.start, match?.end)).toBe('ｉＰｈｏｎｅ　１５');
  });

  it('matches Latin words only at word boundaries, Chinese anywhere', () => {
    expect(find(products, 'please concatenate these')).toEqual([]);
    expect(find(products, 'iphone 150 please')).toEqual([]);
    expect(find(products, 'my cat is hungry').map((match) => match.value)).toEqual(['cat']);
    expect(find(products, '买猫粮和T恤').map((match) => match.value)).toEqual(['cat food', 'T-shirt']);
    expect(find(products, 'two teeshirts')).toEqual([]);
  });

  it('takes the longest value at a position (iPhone 15 Pro over iPhone 15)', () => {
    expect(find(products, 'iphone 15 pro max').map((match) => [match.value, match.span])).toEqual([['iPhone 15 Pro', 'iphone 15 pro']]);
    expect(find(products, '苹果15pro').map((match) => match.value)).toEqual(['iPhone 15 Pro']);
  });

  it('reports synonyms that are empty after normalisation or listed under two values', () => {
    const index = new LookupIndex('size', [
      { value: 'Large', synonyms: ['L', 'big'] },
      { value: 'Extra large', synonyms: ['XL', 'Big'] },
      { value: 'Small', synonyms: [' - '] },
    ]);
    expect(index.problems).toEqual([
      { kind: 'ambiguous', key: 'big', synonym: 'Big', values: ['Large', 'Extra large'] },
      { kind: 'empty', value: 'Small', synonym: ' - ' },
    ]);
  });

  it('handles a long message quickly', () => {
    const text = 'iphone 15 and 苹果15 and cat food, '.repeat(120).slice(0, 4000);
    const started = performance.now();
    const matches = find(products, text);
    expect(performance.now() - started).toBeLessThan(200);
    expect(matches.length).toBeGreaterThan(300);
  });
});
