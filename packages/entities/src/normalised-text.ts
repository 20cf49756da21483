// The model's normalisation (@chatbot/nlp normalizeText) with a map back to the original text, so that a
// match found on normalised text can name the characters the user typed. normalizeText works on the whole
// string; here each base character and the combining marks after it (the unit NFKC composes within) is
// normalised on its own. A test proves both give the same text on datasets and random strings.

// The same character classes as normalizeText's (packages/nlp/src/normalise.ts).
const NON_WHITESPACE_CONTROL = /^(?!\s)\p{Cc}$/u;
const FORMAT_CHARACTER = /^\p{Cf}$/u;
const TYPOGRAPHIC_APOSTROPHE = /^[\u2018\u2019\u02bc\uff07]$/;
const WHITESPACE = /^\s$/u;
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
// A base character with its combining marks, or marks with no base.
const CLUSTER = /\P{M}\p{M}*|\p{M}+/gsu;

export interface NormalisedText {
  /** Equal to normalizeText(original). */
  readonly text: string;
  /** For each UTF-16 unit of `text`, the original span it came from: [from[i], to[i]). */
  readonly from: Int32Array;
  readonly to: Int32Array;
}

/** normalizeText(original) with, for every output unit, the span of the original it came from. */
export function normaliseWithOffsets(original: string): NormalisedText {
  const builder = new OffsetBuilder();
  if (PRINTABLE_ASCII.test(original)) {
    const lower = original.toLowerCase();
    for (let i = 0; i < lower.length; i++) builder.push(lower[i] as string, i, i + 1);
  } else {
    for (const match of original.matchAll(CLUSTER)) {
      const start = match.index;
      const end = start + match[0].length;
      for (const codePoint of match[0].normalize('NFKC').toLowerCase()) {
        if (NON_WHITESPACE_CONTROL.test(codePoint) || FORMAT_CHARACTER.test(codePoint)) continue;
        builder.push(TYPOGRAPHIC_APOSTROPHE.test(codePoint) ? "'" : codePoint, start, end);
      }
    }
  }
  return builder.finish();
}

/** Collects output characters with their sources; whitespace runs become one space, none at either end. */
class OffsetBuilder {
  private text = '';
  private readonly from: number[] = [];
  private readonly to: number[] = [];
  private pendingSpace: [number, number] | null = null;

  push(character: string, start: number, end: number): void {
    if (WHITESPACE.test(character)) {
      if (this.text.length > 0 && this.pendingSpace === null) this.pendingSpace = [start, end];
      return;
    }
    if (this.pendingSpace !== null) {
      this.append(' ', this.pendingSpace[0], this.pendingSpace[1]);
      this.pendingSpace = null;
    }
    this.append(character, start, end);
  }

  private append(character: string, start: number, end: number): void {
    this.text += character;
    for (let i = 0; i < character.length; i++) {
      this.from.push(start);
      this.to.push(end);
    }
  }

  finish(): NormalisedText {
    return { text: this.text, from: Int32Array.from(this.from), to: Int32Array.from(this.to) };
  }
}
