import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseJsonl } from './dataset';
import { normalizeText } from './normalise';
import { randomStrings } from './testing/random-strings';
import { tokenize } from './tokenise';

/** The definition tokenize must match: ICU word segments, apostrophes dropped. */
const segmenter = new Intl.Segmenter('en', { granularity: 'word' });
function segmenterTokens(text: string): string[] {
  return [...segmenter.segment(normalizeText(text))]
    .filter((segment) => segment.isWordLike)
    .map((segment) => segment.segment.replaceAll("'", ''))
    .filter((token) => token.length > 0);
}

describe('tokenize', () => {
  it('splits English into normalised words without punctuation', () => {
    expect(tokenize('Where is my ORDER #123, please?')).toEqual(['where', 'is', 'my', 'order', '123', 'please']);
  });

  it('keeps numbers, abbreviations and contractions together, without the apostrophe', () => {
    expect(tokenize("I don't have $3.50 or 1,000 e.g. today")).toEqual(['i', 'dont', 'have', '3.50', 'or', '1,000', 'e.g', 'today']);
    expect(tokenize('Can’t find John’s parcel')).toEqual(['cant', 'find', 'johns', 'parcel']);
  });

  it('splits hyphenated words and drops quotes around words', () => {
    expect(tokenize("my e-mail is 'broken'")).toEqual(['my', 'e', 'mail', 'is', 'broken']);
  });

  it('segments Chinese into dictionary words', () => {
    expect(tokenize('我的订单到哪了？')).toEqual(['我的', '订单', '到', '哪', '了']);
    expect(tokenize('请帮我查一下快递')).toEqual(['请', '帮', '我', '查', '一下', '快递']);
  });

  it('segments mixed Chinese and English', () => {
    expect(tokenize('我的Order在哪')).toEqual(['我的', 'order', '在', '哪']);
  });

  it('gives no tokens for empty, punctuation-only or emoji-only text', () => {
    expect(tokenize('')).toEqual([]);
    expect(tokenize('?!... ---')).toEqual([]);
    expect(tokenize('😀👍🎉')).toEqual([]);
  });

  it('handles a 10,000-character text', () => {
    const tokens = tokenize('refund '.repeat(1000) + '退'.repeat(3000));
    expect(tokens.filter((token) => token === 'refund')).toHaveLength(1000);
    expect(tokens.join('').length).toBe(6000 + 3000);
  });

  // tokenize skips Intl.Segmenter for plain ASCII; these prove the shortcut changes nothing.
  it('agrees with Intl.Segmenter on random ASCII strings', () => {
    // Includes "_" and "é", which must take the Intl.Segmenter path.
    const alphabet = 'ab1 .,:;\'"!#$%&()*+-/<=>?@[\\]^_`{|}~AZ9é';
    const mismatches = randomStrings(alphabet, 20000).filter((text) => JSON.stringify(tokenize(text)) !== JSON.stringify(segmenterTokens(text)));
    expect(mismatches).toEqual([]);
  }, 30_000);

  it('agrees with Intl.Segmenter on the English datasets', () => {
    for (const name of ['clinc150/train.jsonl', 'snips/train.jsonl']) {
      const url = new URL(`../../../../shared/datasets/${name}`, import.meta.url);
      const texts = parseJsonl(readFileSync(url, 'utf8'), name).map((example) => example.text);
      const mismatches = texts.filter((text) => JSON.stringify(tokenize(text)) !== JSON.stringify(segmenterTokens(text)));
      expect(mismatches).toEqual([]);
    }
  }, 30_000); // 30k sentences through two segmenters: seconds, more on a busy machine
});
