import { describe, expect, it } from 'vitest';
import { normalizeAnyText, normalizeText } from './normalise';
import { randomStrings } from './testing/random-strings';

describe('normalizeText', () => {
  it('turns full-width letters and digits into lower-case half-width ones', () => {
    expect(normalizeText('ＡＢＣ１２３')).toBe('abc123');
    expect(normalizeText('Ｗｈｅｒｅ　is my ＯＲＤＥＲ？')).toBe('where is my order?');
  });

  it('folds case without depending on the host locale', () => {
    // A Turkish locale would turn "I" into dotless "ı"; toLowerCase never does.
    expect(normalizeText('I WANT A REFUND')).toBe('i want a refund');
  });

  it('collapses runs of any whitespace into one space and trims', () => {
    expect(normalizeText('  hello \t\n  world\u00a0 ')).toBe('hello world');
  });

  it('strips control and invisible format characters', () => {
    expect(normalizeText('re\u0000fund\u0007')).toBe('refund');
    expect(normalizeText('zero\u200bwidth \u00adsoft')).toBe('zerowidth soft');
  });

  it('treats typographic apostrophes as the ASCII one', () => {
    expect(normalizeText('Don’t')).toBe("don't");
  });

  it('keeps Chinese text as it is, apart from full-width punctuation', () => {
    expect(normalizeText('我的订单到哪了？')).toBe('我的订单到哪了?');
  });

  it('gives an empty string for empty or blank input', () => {
    expect(normalizeText('')).toBe('');
    expect(normalizeText(' \u3000\t')).toBe('');
  });

  // Printable ASCII takes a shortcut; this proves it gives what the full normalisation gives.
  it('gives the same result for printable ASCII with or without the shortcut', () => {
    const alphabet = "aZ09 .,'!?-_~\t\n\u007f\u00a0é’";
    const mismatches = randomStrings(alphabet, 20000).filter((text) => normalizeText(text) !== normalizeAnyText(text));
    expect(mismatches).toEqual([]);
  });
});
