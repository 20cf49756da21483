import { describe, expect, it } from 'vitest';
import { createRng, kFold, shuffle, stratifiedSplit } from './split';

interface Item {
  id: number;
  intent: string;
}

/** 3 intents of 10, 5 and 2 items, then one intent with a single item. */
function items(): Item[] {
  const counts: Record<string, number> = { a: 10, b: 5, c: 2, d: 1 };
  let id = 0;
  return Object.entries(counts).flatMap(([intent, count]) => Array.from({ length: count }, () => ({ id: id++, intent })));
}
const ids = (list: readonly Item[]) => list.map((item) => item.id);
const countOf = (list: readonly Item[], intent: string) => list.filter((item) => item.intent === intent).length;

describe('createRng', () => {
  it('repeats its sequence for a seed and stays in [0, 1)', () => {
    const a = createRng(42);
    const b = createRng(42);
    const first = Array.from({ length: 1000 }, a);
    expect(Array.from({ length: 1000 }, b)).toEqual(first);
    expect(first.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(Array.from({ length: 1000 }, createRng(43))).not.toEqual(first);
  });
});

describe('shuffle', () => {
  it('permutes a copy, the same way for the same seed', () => {
    const input = Array.from({ length: 50 }, (_, i) => i);
    const shuffled = shuffle(input, 1);
    expect(shuffled).toEqual(shuffle(input, 1));
    expect(shuffled).not.toEqual(input);
    expect([...shuffled].sort((x, y) => x - y)).toEqual(input);
    expect(input[0]).toBe(0);
  });
});

describe('stratifiedSplit', () => {
  it('holds out a share of every intent, never its last example', () => {
    const { train, holdout } = stratifiedSplit(items(), 0.2, 7);
    // a: round(0.2 x 10) = 2; b: round(1.0) = 1; c: round(0.4) = 0; d: single example stays in train.
    expect(['a', 'b', 'c', 'd'].map((intent) => countOf(holdout, intent))).toEqual([2, 1, 0, 0]);
    expect(['a', 'b', 'c', 'd'].map((intent) => countOf(train, intent))).toEqual([8, 4, 2, 1]);
  });

  it('gives a 2-example intent one held-out example once fraction x count reaches 0.5', () => {
    const { train, holdout } = stratifiedSplit(items(), 0.25, 7);
    expect(countOf(holdout, 'c')).toBe(1);
    expect(countOf(train, 'c')).toBe(1);
    // Even a fraction near 1 leaves one example of each intent in train.
    const large = stratifiedSplit(items(), 0.95, 7);
    expect(['a', 'b', 'c', 'd'].map((intent) => countOf(large.train, intent))).toEqual([1, 1, 1, 1]);
  });

  it('partitions the items: no overlap, nothing lost', () => {
    const { train, holdout } = stratifiedSplit(items(), 0.3, 1);
    expect([...ids(train), ...ids(holdout)].sort((x, y) => x - y)).toEqual(ids(items()));
  });

  it('is deterministic for a seed and varies with it', () => {
    expect(stratifiedSplit(items(), 0.3, 5)).toEqual(stratifiedSplit(items(), 0.3, 5));
    expect(ids(stratifiedSplit(items(), 0.3, 5).holdout)).not.toEqual(ids(stratifiedSplit(items(), 0.3, 6).holdout));
  });

  it('refuses a fraction outside [0, 1)', () => {
    expect(() => stratifiedSplit(items(), 1, 1)).toThrow(/holdoutFraction/);
    expect(() => stratifiedSplit(items(), -0.1, 1)).toThrow(/holdoutFraction/);
  });
});

describe('kFold', () => {
  it('puts every item in exactly one test fold and the rest in train', () => {
    const all = items();
    const folds = kFold(all, 3, 11);
    expect(folds).toHaveLength(3);
    expect(folds.flatMap((fold) => ids(fold.test)).sort((x, y) => x - y)).toEqual(ids(all));
    for (const fold of folds) {
      expect([...ids(fold.train), ...ids(fold.test)].sort((x, y) => x - y)).toEqual(ids(all));
    }
  });

  it('stratifies: each fold gets its share of every intent and folds differ in size by at most one', () => {
    const folds = kFold(items(), 3, 11);
    // a has 10 items over 3 folds: 3 or 4 each; b has 5: 1 or 2 each.
    for (const fold of folds) {
      expect(countOf(fold.test, 'a')).toBeGreaterThanOrEqual(3);
      expect(countOf(fold.test, 'a')).toBeLessThanOrEqual(4);
      expect(countOf(fold.test, 'b')).toBeGreaterThanOrEqual(1);
      expect(countOf(fold.test, 'b')).toBeLessThanOrEqual(2);
    }
    const sizes = folds.map((fold) => fold.test.length);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
  });

  it('is deterministic for a seed', () => {
    expect(kFold(items(), 4, 3)).toEqual(kFold(items(), 4, 3));
  });

  it('counts an object listed twice twice', () => {
    const item = { intent: 'a' };
    const folds = kFold([item, item, { intent: 'b' }, { intent: 'b' }], 2, 1);
    expect(folds.map((fold) => fold.test.length)).toEqual([2, 2]);
  });

  it('refuses a k it cannot honour', () => {
    expect(() => kFold(items(), 1, 1)).toThrow(/k must be/);
    expect(() => kFold(items().slice(0, 3), 4, 1)).toThrow(/cannot make 4 folds from 3 items/);
  });
});
