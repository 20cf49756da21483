import { describe, expect, it } from 'vitest';
import { evaluate } from './metrics';

describe('evaluate', () => {
  // Ten items; "z" is predicted once but never gold.
  const gold = ['a', 'a', 'a', 'b', 'b', 'c', 'oos', 'oos', 'oos', 'oos'];
  const predicted = ['a', 'a', 'b', 'a', 'z', 'oos', 'a', 'oos', 'oos', 'b'];
  // Confusion matrix (rows gold, columns predicted; labels a b c oos z):
  //        a  b  c  oos z   | support
  //   a    2  1  0  0   0   | 3
  //   b    1  0  0  0   1   | 2
  //   c    0  0  0  1   0   | 1
  //   oos  1  1  0  2   0   | 4
  //   z    0  0  0  0   0   | 0
  // column  4  2  0  3   1
  // a:   P = 2/4 = 1/2, R = 2/3, F1 = 2 x 1/2 x 2/3 / (1/2 + 2/3) = (2/3) / (7/6) = 4/7
  // b:   P = 0/2, R = 0/2, F1 = 0
  // c:   P = 0/0 -> 0, R = 0/1, F1 = 0
  // oos: P = 2/3, R = 2/4 = 1/2, F1 = 2 x 2/3 x 1/2 / (2/3 + 1/2) = (2/3) / (7/6) = 4/7
  // z:   P = 0/1, R = 0/0 -> 0, F1 = 0, support 0 (left out of the macro average)
  // accuracy = (2 + 2) / 10 = 0.4; macro-F1 = (4/7 + 0 + 0 + 4/7) / 4 = 2/7
  // in-scope accuracy: 6 gold in-scope items, 2 right (c predicted oos counts as wrong) = 1/3
  const report = evaluate(gold, predicted);

  it('computes accuracy, macro-F1 and in-scope accuracy', () => {
    expect(report.n).toBe(10);
    expect(report.accuracy).toBeCloseTo(0.4, 12);
    expect(report.macroF1).toBeCloseTo(2 / 7, 12);
    expect(report.inScopeAccuracy).toBeCloseTo(1 / 3, 12);
  });

  it('computes out-of-scope recall and precision', () => {
    expect(report.oosRecall).toBeCloseTo(1 / 2, 12);
    expect(report.oosPrecision).toBeCloseTo(2 / 3, 12);
  });

  it('builds the confusion matrix over sorted labels', () => {
    expect(report.labels).toEqual(['a', 'b', 'c', 'oos', 'z']);
    expect(report.confusion).toEqual([
      [2, 1, 0, 0, 0],
      [1, 0, 0, 0, 1],
      [0, 0, 0, 1, 0],
      [1, 1, 0, 2, 0],
      [0, 0, 0, 0, 0],
    ]);
  });

  it('scores every label, including one that is only predicted', () => {
    const scores = Object.fromEntries(report.perIntent.map((s) => [s.intent, s]));
    expect(report.perIntent.map((s) => s.intent)).toEqual(['a', 'b', 'c', 'oos', 'z']);
    expect(scores.a).toEqual({ intent: 'a', precision: 1 / 2, recall: 2 / 3, f1: expect.closeTo(4 / 7, 12), support: 3 });
    expect(scores.b).toEqual({ intent: 'b', precision: 0, recall: 0, f1: 0, support: 2 });
    expect(scores.c).toEqual({ intent: 'c', precision: 0, recall: 0, f1: 0, support: 1 });
    expect(scores.oos).toEqual({ intent: 'oos', precision: 2 / 3, recall: 1 / 2, f1: expect.closeTo(4 / 7, 12), support: 4 });
    expect(scores.z).toEqual({ intent: 'z', precision: 0, recall: 0, f1: 0, support: 0 });
  });

  it('lists mistakes, most frequent first, then by gold and predicted label', () => {
    expect(evaluate(['x', 'x', 'x', 'y', 'w'], ['y', 'y', 'x', 'x', 'x']).topConfusions).toEqual([
      { gold: 'x', predicted: 'y', count: 2 },
      { gold: 'w', predicted: 'x', count: 1 },
      { gold: 'y', predicted: 'x', count: 1 },
    ]);
    expect(evaluate(gold, predicted, { topConfusionCount: 2 }).topConfusions).toEqual([
      { gold: 'a', predicted: 'b', count: 1 },
      { gold: 'b', predicted: 'a', count: 1 },
    ]);
  });

  it('gives null out-of-scope figures when gold has no out-of-scope items', () => {
    // 3 of 4 right; every item is in scope, so in-scope accuracy equals accuracy.
    const inScopeOnly = evaluate(['a', 'a', 'b', 'b'], ['a', 'b', 'b', 'b']);
    expect(inScopeOnly.accuracy).toBe(0.75);
    expect(inScopeOnly.inScopeAccuracy).toBe(0.75);
    expect(inScopeOnly.oosRecall).toBeNull();
    expect(inScopeOnly.oosPrecision).toBeNull();
  });

  it('uses the given out-of-scope label', () => {
    const custom = evaluate(['none', 'none', 'a'], ['none', 'a', 'a'], { outOfScopeLabel: 'none' });
    expect(custom.oosRecall).toBe(0.5);
    expect(custom.oosPrecision).toBe(1);
    expect(custom.inScopeAccuracy).toBe(1);
  });

  it('gives zeros, not NaN, for no items', () => {
    expect(evaluate([], [])).toMatchObject({ n: 0, accuracy: 0, macroF1: 0, inScopeAccuracy: 0, oosRecall: null, labels: [] });
  });

  it('refuses gold and predictions of different lengths', () => {
    expect(() => evaluate(['a', 'b'], ['a'])).toThrow('gold has 2 labels but predicted has 1');
  });
});
