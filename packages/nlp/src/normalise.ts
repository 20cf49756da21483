// Control characters that are not whitespace (NUL, BEL, ESC, ...) carry no meaning in a chat message.
const NON_WHITESPACE_CONTROL = /(?!\s)\p{Cc}/gu;
// Invisible format characters (zero-width space, soft hyphen, bidi marks, BOM) would otherwise
// split or glue words differently from what the user sees.
const FORMAT_CHARACTERS = /\p{Cf}/gu;
// Phones and word processors type typographic apostrophes; treat them as the ASCII one so that
// "don’t" and "don't" are the same word.
const TYPOGRAPHIC_APOSTROPHES = /[\u2018\u2019\u02bc\uff07]/g;
const WHITESPACE_RUN = /\s+/gu;

// Printable ASCII is already NFKC and holds no control, format or typographic characters, and its only
// whitespace is the space: for it (most English messages) all but case folding and spaces can be skipped.
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
const SPACE_RUN = / {2,}/g;

/** Whether the text is printable ASCII only (space to "~"): the fast paths of normalisation and language detection. */
export function isPrintableAscii(text: string): boolean {
  return PRINTABLE_ASCII.test(text);
}

/**
 * Canonical form of a message for matching: NFKC (full-width letters and digits become
 * half-width, ligatures are split), lower case, no control characters, single spaces, trimmed.
 * `toLowerCase` (not `toLocaleLowerCase`) keeps the result independent of the host locale.
 */
export function normalizeText(text: string): string {
  if (isPrintableAscii(text)) return text.toLowerCase().replace(SPACE_RUN, ' ').trim();
  return normalizeAnyText(text);
}

/** normalizeText without the printable-ASCII shortcut (exported for the test that proves the shortcut). */
export function normalizeAnyText(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(NON_WHITESPACE_CONTROL, '')
    .replace(FORMAT_CHARACTERS, '')
    .replace(TYPOGRAPHIC_APOSTROPHES, "'")
    .replace(WHITESPACE_RUN, ' ')
    .trim();
}
