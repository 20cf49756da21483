import { describe, expect, it } from 'vitest';
import { DEFAULT_FEATURIZER_CONFIG, type FeaturizerConfig, featurize, parseFeaturizerConfig } from './featurise';

const config = DEFAULT_FEATURIZER_CONFIG;
const small: FeaturizerConfig = { buckets: 1000, wordNgrams: 2, charNgramMin: 2, charNgramMax: 4, seed: 1 };

function isDistinctInRange(ids: Int32Array, buckets: number): boolean {
  return new Set(ids).size === ids.length && ids.every((id) => id >= 0 && id < buckets);
}

describe('featurize', () => {
  it('is deterministic', () => {
    expect(featurize('Where is my order?', config)).toEqual(featurize('Where is my order?', config));
  });

  it('gives distinct ids inside [0, buckets), also when n-grams repeat or collide', () => {
    for (const text of ['where is my order', '我的订单到哪了', 'a b c d e f g h i j k l m n o p', 'no no no no no']) {
      expect(isDistinctInRange(featurize(text, small), small.buckets), text).toBe(true);
    }
  });

  it('sees the same features through normalisation', () => {
    expect(featurize('ＷＨＥＲＥ   is my Order', config)).toEqual(featurize('where is my order', config));
  });

  it('counts the word and character n-grams it is configured for', () => {
    // "ab cd": word unigrams ab, cd + bigram "ab cd" = 3; character 2..3-grams of "<ab>" and "<cd>":
    // 3 bigrams + 2 trigrams each = 10. 13 features, all distinct with 2^30 buckets.
    const wide: FeaturizerConfig = { buckets: 2 ** 30, wordNgrams: 2, charNgramMin: 2, charNgramMax: 3, seed: 3 };
    expect(featurize('ab cd', wide)).toHaveLength(13);
    expect(featurize('ab cd', { ...wide, charNgramMax: 0 })).toHaveLength(3);
    expect(featurize('ab cd', { ...wide, wordNgrams: 0 })).toHaveLength(10);
    // "ab ab": ab, "ab ab" and the 5 character n-grams of "<ab>", each once.
    expect(featurize('ab ab', wide)).toHaveLength(7);
  });

  it('changes every id when the seed changes', () => {
    const a = featurize('track my parcel', { ...config, seed: 1 });
    const b = featurize('track my parcel', { ...config, seed: 2 });
    expect(a).not.toEqual(b);
  });

  it('shares character n-grams between related words', () => {
    const withoutWords = { ...config, wordNgrams: 0 };
    const shared = (a: Int32Array, b: Int32Array) => a.filter((id) => b.includes(id)).length;
    const refund = featurize('refund', withoutWords);
    expect(shared(refund, featurize('refunds', withoutWords))).toBeGreaterThan(shared(refund, featurize('weather', withoutWords)));
  });

  it('gives an empty array for text without words', () => {
    for (const text of ['', '   ', '?!...', '😀👍']) expect(featurize(text, config), text).toHaveLength(0);
  });

  it('handles a 10,000-character text', () => {
    const ids = featurize('where is my order '.repeat(500) + '订'.repeat(1000), config);
    expect(ids.length).toBeGreaterThan(10);
    expect(isDistinctInRange(ids, config.buckets)).toBe(true);
    expect(isDistinctInRange(featurize('x'.repeat(10000), config), config.buckets)).toBe(true);
  });

  it('refuses a config it cannot honour, naming the field', () => {
    expect(() => featurize('hi', { ...config, buckets: 0 })).toThrow(/buckets/);
    expect(() => featurize('hi', { ...config, charNgramMin: 4, charNgramMax: 3 })).toThrow(/charNgramMax/);
    expect(() => parseFeaturizerConfig({ buckets: 10 })).toThrow(/wordNgrams/);
  });
});
