import { describe, expect, it } from 'vitest';
import { calibrateThreshold, type ScoredExample } from './calibrate';

const inScope = (score: number, right = true): ScoredExample => ({ gold: 'a', intent: right ? 'a' : 'b', score, outOfScopeWins: false });
const outOfScope = (score: number, outOfScopeWins = false): ScoredExample => ({ gold: 'oos', intent: 'a', score, outOfScopeWins });

describe('calibrateThreshold', () => {
  it('with out-of-scope data, maximises in-scope accuracy + out-of-scope recall at <= 1 point of in-scope accuracy', () => {
    // 100 in-scope examples, all right, scores 0.01..1.00; out of scope: 0.3, 0.5, 0.015.
    // No threshold: in-scope 100%. Allowed: down to 99%, i.e. rejecting only 0.01 (and the 0.015 just above it).
    // t = (0.015 + 0.02) / 2: 99% + 1/3 (0.015 caught) beats t = 0: 100% + 0. Higher thresholds would catch
    // more out-of-scope examples (t = 0.505: 50% + 100%) but cost far more than 1 point.
    const examples = [...Array.from({ length: 100 }, (_, i) => inScope((i + 1) / 100)), outOfScope(0.3), outOfScope(0.5), outOfScope(0.015)];
    expect(calibrateThreshold(examples, 'oos')).toBeCloseTo(0.0175, 12);
  });

  it('a wrong in-scope answer refused by the threshold costs nothing', () => {
    // Wrong answers at 0.2 and 0.3 are not in-scope accuracy; rejecting them costs nothing. The first
    // threshold that catches the out-of-scope 0.25 sits between it and 0.3.
    const examples = [inScope(0.9), inScope(0.8), inScope(0.2, false), inScope(0.3, false), outOfScope(0.25)];
    expect(calibrateThreshold(examples, 'oos')).toBeCloseTo(0.275, 12);
  });

  it('needs no threshold when the out-of-scope class already catches the out-of-scope examples', () => {
    const examples = [inScope(0.5), inScope(0.4), outOfScope(0.9, true), outOfScope(0.8, true)];
    expect(calibrateThreshold(examples, 'oos')).toBe(0);
  });

  it('without out-of-scope data, maximises right answers kept + wrong answers refused', () => {
    // Sorted scores: wrong 0.1, wrong 0.2, right 0.3, wrong 0.35, right 0.4, right 0.9.
    // t = 0: 3 + 0; t = 0.25 (refuses 0.1 and 0.2): 3 + 2 = 5, the best; t = 0.375: 2 + 3 = 5 ties, and
    // the lowest of equal thresholds wins (a fallback only when it pays).
    const examples = [inScope(0.9), inScope(0.4), inScope(0.35, false), inScope(0.3), inScope(0.2, false), inScope(0.1, false)];
    expect(calibrateThreshold(examples, 'oos')).toBeCloseTo(0.25, 12);
  });

  it('without out-of-scope data, refuses nothing when every answer is right', () => {
    expect(calibrateThreshold([inScope(0.4), inScope(0.6)], 'oos')).toBe(0);
  });

  it('without out-of-scope data, a right answer below a wrong one is kept when that pays', () => {
    // Refusing 0.1 (wrong) gains 1; refusing also 0.2 (right) and 0.3 (wrong) gains nothing more.
    const examples = [inScope(0.1, false), inScope(0.2), inScope(0.3, false), inScope(0.8), inScope(0.9)];
    expect(calibrateThreshold(examples, 'oos')).toBeCloseTo(0.15, 12);
  });

  it('is 0 without in-scope examples to protect', () => {
    expect(calibrateThreshold([outOfScope(0.5)], 'oos')).toBe(0);
  });
});
