import { foldWidth } from '../width-fold';
import type { Found } from './recognizer-run';

// Phone numbers and links, as the sequence recognizers give them.

/**
 * Phone results below this score are bare digit runs ("12345678": 0.3, "123456789": 0.4), more likely an
 * order id or an amount; formatted numbers score 0.7 to 1, bare 10 digits 0.5 and 11 digits 0.6.
 */
export const MIN_PHONE_SCORE = 0.5;
const MIN_PHONE_DIGITS = 7;
const MAX_PHONE_DIGITS = 15;
// A Chinese mobile number (1[3-9] and 9 more digits, +86 or not) is one whatever its score: the recognizer
// scores 13900001111 at 0.4 for its repeated digits.
const CHINESE_MOBILE = /^(?:\+?86)?1[3-9]\d{9}$/;
const URL_TRAILING_PUNCTUATION = /[.,;:!?'"’”。，！？]+$/;
const BRACKETS: Record<string, string> = { ')': '(', ']': '[', '}': '{', '>': '<' };

/** Digits with a leading + if given, or null when the result is no phone number. */
export function phoneValue(text: string, item: Found): string | null {
  const folded = foldWidth(text).trim();
  const digits = folded.replace(/\D/g, '');
  const plus = folded.startsWith('+') ? '+' : '';
  if (digits.length < MIN_PHONE_DIGITS || digits.length > MAX_PHONE_DIGITS) return null;
  if (phoneScore(item) < MIN_PHONE_SCORE && !CHINESE_MOBILE.test(plus + digits)) return null;
  return plus + digits;
}

export function phoneScore(item: Found): number {
  return Number(item.resolution?.score ?? 0);
}

/** The URL without the sentence's punctuation after it ("see https://x.org/a." -> "https://x.org/a"). */
export function trimUrl(url: string): string {
  let trimmed = url.replace(URL_TRAILING_PUNCTUATION, '');
  // A closing bracket is the sentence's unless the link opened one ("(see https://x.org/a_(b))").
  while (/[)\]}>]$/.test(trimmed)) {
    const close = trimmed.slice(-1);
    const open = BRACKETS[close] as string;
    if (trimmed.split(open).length >= trimmed.split(close).length) break;
    trimmed = trimmed.slice(0, -1).replace(URL_TRAILING_PUNCTUATION, '');
  }
  return trimmed;
}
