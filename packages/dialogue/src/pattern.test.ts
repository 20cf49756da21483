import { describe, expect, it } from 'vitest';
import { compilePattern, hasNestedRepetition, patternProblem } from './pattern';

describe('compilePattern', () => {
  it('makes the whole value match, like an HTML pattern attribute', () => {
    const fiveDigits = compilePattern('\\d{5}');
    expect(fiveDigits.test('48213')).toBe(true);
    expect(fiveDigits.test('482131')).toBe(false);
    expect(fiveDigits.test('x48213')).toBe(false);
    expect(compilePattern('a|b').test('ab')).toBe(false);
  });

  it('understands Unicode, so Chinese text matches character by character', () => {
    expect(compilePattern('\\p{Script=Han}{2,4}').test('损坏')).toBe(true);
  });
});

describe('patternProblem', () => {
  it('accepts ordinary patterns', () => {
    for (const pattern of ['\\d{5}', '[A-Z]{2}\\d{6}', '(\\d{3}-)?\\d{4}', '(ab){2,}', '(?:red|green|blue)', '[(+*)]+', '\\(\\d+\\)+', '(\\d{3})+'])
      expect(patternProblem(pattern), pattern).toBeNull();
  });

  it('says why a pattern does not compile', () => {
    expect(patternProblem('(\\d')).toMatch(/^is not a valid regular expression \(.+\)$/);
  });

  it('refuses nested repetition, the catastrophic-backtracking shape', () => {
    for (const pattern of ['(a+)+', '(a*)*', '(\\d+)*x', '((ab)+c)+', '(?:x\\w+)+', '(a{1,3})+', '(a+){2,}', '([a-z]+\\s?)+'])
      expect(hasNestedRepetition(pattern), pattern).toBe(true);
    expect(patternProblem('(a+)+')).toMatch(/exponential/);
  });
});
