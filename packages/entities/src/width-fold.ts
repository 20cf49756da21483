// Chinese input methods type full-width letters, digits and punctuation ("１２３４５", "ＯＲＤ"). Folding them
// to ASCII one unit for one unit keeps every offset valid, so a match on the folded text is a span of the
// original. (NFKC does the same for these characters but may change lengths elsewhere.)
const FULL_WIDTH_ASCII = /[\uff01-\uff5e\u3000]/g;

/** `text` with full-width ASCII forms (U+FF01..U+FF5E) and the ideographic space as ASCII; same length. */
export function foldWidth(text: string): string {
  return text.replace(FULL_WIDTH_ASCII, (character) => (character === '\u3000' ? ' ' : String.fromCharCode(character.charCodeAt(0) - 0xfee0)));
}
