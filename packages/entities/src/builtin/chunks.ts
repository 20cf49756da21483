// The recognizers' cost grows much faster than the text: the currency extractor runs each of its unit
// expressions over the rest of the text for every number it finds, so 100 characters of "1 2 3 ..." take
// ~200 ms and 400 take seconds (measured in the benchmark). So they read a message in chunks: sentences,
// cut further to at most MAX_CHUNK_LENGTH characters and MAX_NUMBERS_PER_CHUNK digit runs, and the budget
// is checked before each chunk. An entity never spans sentences in practice; a cut inside a sentence is
// made at a space or comma where there is one.

export const MAX_CHUNK_LENGTH = 120;
export const MAX_NUMBERS_PER_CHUNK = 12;
/** Longer runs of digits are no number, phone or amount anyone types: the recognizers do not see them. */
export const MAX_DIGIT_RUN = 32;

export interface Chunk {
  /** Offset of the chunk in the message. */
  start: number;
  text: string;
}

const SENTENCE_END = /[。！？\n]+|[.!?]+(?=\s|$)/g;
const SOFT_BREAK = /[\s;,]/;
const DIGIT_RUN = /[0-9\uff10-\uff19]+/g;
const LONG_DIGIT_RUN = new RegExp(`[0-9\\uff10-\\uff19]{${MAX_DIGIT_RUN + 1},}`, 'g');
// The recognizers read the Chinese commas as thousands separators ("¥350，400元" is 350400); in chat they
// separate items, so between digits the recognizers see a semicolon instead (one unit for one: offsets
// stay valid). Elsewhere they are left alone: "明天，下午三点" is one date-time only with the comma.
const CHINESE_COMMA_BETWEEN_DIGITS = /(?<=[0-9\uff10-\uff19])[，、](?=[0-9\uff10-\uff19])/g;

/** The text the recognizers read: the same length as the message, so their offsets are the message's. */
export function prepareForRecognizers(message: string): string {
  return message.replace(CHINESE_COMMA_BETWEEN_DIGITS, ';').replace(LONG_DIGIT_RUN, (run) => ' '.repeat(run.length));
}

/** Splits the prepared text into the chunks the recognizers read (blank ones left out). */
export function chunkText(prepared: string): Chunk[] {
  const chunks: Chunk[] = [];
  let start = 0;
  for (const match of prepared.matchAll(SENTENCE_END)) {
    const end = match.index + match[0].length;
    splitPiece(prepared, start, end, chunks);
    start = end;
  }
  splitPiece(prepared, start, prepared.length, chunks);
  return chunks;
}

function splitPiece(text: string, start: number, end: number, chunks: Chunk[]): void {
  while (start < end) {
    let cut = Math.min(end, start + MAX_CHUNK_LENGTH);
    const crowded = startOfDigitRun(text, start, cut, MAX_NUMBERS_PER_CHUNK + 1);
    if (crowded !== -1) cut = crowded;
    else if (cut < end) cut = softBreakBefore(text, start, cut);
    // Never split a surrogate pair.
    if (cut < end && cut > start + 1 && isHighSurrogate(text.charCodeAt(cut - 1))) cut--;
    const piece = text.slice(start, cut);
    if (/\S/.test(piece)) chunks.push({ start, text: piece });
    start = cut;
  }
}

/** Where the n-th digit run in [start, end) begins, or -1 if there are fewer. */
function startOfDigitRun(text: string, start: number, end: number, n: number): number {
  DIGIT_RUN.lastIndex = start;
  let count = 0;
  for (let match = DIGIT_RUN.exec(text); match !== null && match.index < end; match = DIGIT_RUN.exec(text)) {
    if (++count === n) return match.index;
  }
  return -1;
}

/** Just after the last space or comma in (start, cut], or cut itself when there is none. */
function softBreakBefore(text: string, start: number, cut: number): number {
  for (let i = cut - 1; i > start; i--) if (SOFT_BREAK.test(text[i] as string)) return i + 1;
  return cut;
}

function isHighSurrogate(unit: number): boolean {
  return unit >= 0xd800 && unit <= 0xdbff;
}
