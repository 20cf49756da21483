import { normalizeText } from './normalise';

// ICU's word segmenter uses its dictionary for Chinese whatever the locale; fixing the locale keeps
// results the same on every host.
const segmenter = new Intl.Segmenter('en', { granularity: 'word' });

// Intl.Segmenter costs about 20 µs per short message, most of the featuriser's time. For printable
// ASCII other than "_" its word rules (Unicode UAX #29) reduce to this expression: runs of letters and
// digits, joined by ' : . between letters and by , ; . ' between digits ("e.g", "3.5", "1,000").
// A test checks that both paths agree on whole datasets and on random ASCII strings.
const ASCII_WITHOUT_UNDERSCORE = /^[\x20-\x5e\x60-\x7e]*$/;
const ASCII_WORD = /[a-z0-9]+(?:(?:(?<=[a-z])[':.](?=[a-z])|(?<=[0-9])[,;.'](?=[0-9]))[a-z0-9]+)*/g;

// ICU keeps "don't" and "john's" as one word. Chat users often type "dont" and "johns", so the
// apostrophe is dropped to make both spellings the same token.
const APOSTROPHE = /'/g;

/** Normalised word tokens of a message (punctuation, spaces and emoji dropped), English and Chinese alike. */
export function tokenize(text: string): string[] {
  const normalized = normalizeText(text);
  const words = ASCII_WITHOUT_UNDERSCORE.test(normalized) ? (normalized.match(ASCII_WORD) ?? []) : segmentWords(normalized);
  const tokens: string[] = [];
  for (const word of words) {
    const token = word.includes("'") ? word.replace(APOSTROPHE, '') : word;
    if (token.length > 0) tokens.push(token);
  }
  return tokens;
}

function segmentWords(text: string): string[] {
  const words: string[] = [];
  for (const segment of segmenter.segment(text)) if (segment.isWordLike) words.push(segment.segment);
  return words;
}
