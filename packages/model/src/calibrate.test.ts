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

  it('without out-of-scope data, keeps 99% of the correct in-scope answers', () => {
    // 200 correct scores 0.001..0.200: floor(0.01 * 200) = 2 -> keep from the third lowest (0.003) up, so
    // the threshold sits between 0.002 and 0.003. Wrong answers do not count.
    const examples = Array.from({ length: 200 }, (_, i) => inScope((i + 1) / 1000));
    examples.push(inScope(0.0001, false));
    expect(calibrateThreshold(examples, 'oos')).toBeCloseTo(0.0025, 12);
  });

  it('without out-of-scope data and few examples, sits halfway below the lowest correct score', () => {
    expect(calibrateThreshold([inScope(0.4), inScope(0.6)], 'oos')).toBeCloseTo(0.2, 12);
  });

  it('is 0 without in-scope examples to protect', () => {
    expect(calibrateThreshold([outOfScope(0.5)], 'oos')).toBe(0);
  });
});
