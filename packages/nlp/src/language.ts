import { isPrintableAscii } from './normalise';
import type { Language } from './types';

// Chinese and Japanese are written without spaces, so their characters are counted one by one;
// scripts written with spaces are counted by words. A Chinese word is about 1.5 characters (ICU
// splits 我的订单到哪了 into 5 words), so Han characters are converted to words at that rate:
// "我的order在哪" (about 2.7 Chinese words against 1 English word) is Chinese, as a reader would say.
const UNIT = /\p{Script=Han}|[\p{Script=Hiragana}\p{Script=Katakana}]|\p{Script=Latin}+|\p{L}+/gu;
const HAN = /^\p{Script=Han}$/u;
const LATIN = /^\p{Script=Latin}/u;
const HAN_CHARACTERS_PER_WORD = 1.5;
const ASCII_LETTER = /[a-z]/i;

/**
 * Tells Chinese from English: 'zh' when Chinese words (estimated from Han characters) outweigh the words
 * of other scripts (ties go to Chinese: Chinese users mix in English words far more than the reverse),
 * 'en' when Latin words dominate, 'other' for anything else (empty, emoji, digits, Cyrillic, kana...).
 */
export function detectLanguage(text: string): Language {
  // In printable ASCII every letter is Latin: one is enough for English (the common case, decided cheaply).
  if (isPrintableAscii(text)) return ASCII_LETTER.test(text) ? 'en' : 'other';
  return detectLanguageOfAnyText(text);
}

/** detectLanguage without the printable-ASCII shortcut (exported for the test that proves the shortcut). */
export function detectLanguageOfAnyText(text: string): Language {
  let han = 0;
  let latin = 0;
  let other = 0;
  for (const [unit] of text.normalize('NFKC').matchAll(UNIT)) {
    if (HAN.test(unit)) han++;
    else if (LATIN.test(unit)) latin++;
    else other++;
  }
  const chineseWords = han / HAN_CHARACTERS_PER_WORD;
  if (chineseWords === 0 && latin === 0) return 'other';
  if (chineseWords >= latin && chineseWords >= other) return 'zh';
  if (latin > chineseWords && latin > other) return 'en';
  return 'other';
}
