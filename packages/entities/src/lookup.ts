import { normalizeText } from '@chatbot/nlp';
import { normaliseWithOffsets, type NormalisedText } from './normalised-text';
import type { Entity } from './types';

// Lookups match on the model's normalised text (case, full-width forms, apostrophes, spaces), and on top
// of that ignore spaces, apostrophes, hyphens, underscores and middle dots, so that "iPhone 15",
// "iphone15" and "i-Phone 15" are one key. Words of scripts written with spaces must start and end at word
// boundaries ("cat" is not found in "concatenate", "iphone 15" not in "iphone 150"); Chinese and Japanese
// have no spaces, so their characters match anywhere.
const SEPARATOR = /[ '\-_\u00b7\u2010-\u2015\u30fb]/;
const WORD_CHARACTER = /^[\p{L}\p{N}\p{M}]$/u;
const UNSPACED_SCRIPT = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]$/u;

export interface LookupValue {
  value: string;
  synonyms: string[];
}

/** The matching key of a value or synonym: its normalised text without separators. */
export function lookupKey(text: string): string {
  let key = '';
  for (const character of normalizeText(text)) if (!SEPARATOR.test(character)) key += character;
  return key;
}

/** A message's key string, with the normalised position of every key unit. */
export interface KeyedText {
  readonly normalised: NormalisedText;
  readonly key: string;
  readonly keyToNormalised: Int32Array;
}

export function keyText(original: string): KeyedText {
  const normalised = normaliseWithOffsets(original);
  const positions: number[] = [];
  let key = '';
  for (let i = 0; i < normalised.text.length; i++) {
    const unit = normalised.text[i] as string;
    if (SEPARATOR.test(unit)) continue;
    key += unit;
    positions.push(i);
  }
  return { normalised, key, keyToNormalised: Int32Array.from(positions) };
}

export type LookupProblem = { kind: 'empty'; value: string; synonym: string } | { kind: 'ambiguous'; key: string; synonym: string; values: [string, string] };

/** One lookup entity's synonyms, indexed for matching. */
export class LookupIndex {
  /** Key -> canonical value. */
  private readonly canonical = new Map<string, string>();
  /** First two key units -> lengths of keys starting with them, longest first. */
  private readonly lengthsByPrefix = new Map<string, number[]>();
  /** What the save-time check reports: synonyms that normalise to nothing, or to another value's key. */
  readonly problems: LookupProblem[] = [];

  constructor(
    readonly name: string,
    values: readonly LookupValue[],
  ) {
    for (const { value, synonyms } of values) {
      for (const synonym of [value, ...synonyms]) {
        const key = lookupKey(synonym);
        if (key.length === 0) {
          this.problems.push({ kind: 'empty', value, synonym });
          continue;
        }
        const owner = this.canonical.get(key);
        if (owner === undefined) this.add(key, value);
        else if (owner !== value) this.problems.push({ kind: 'ambiguous', key, synonym, values: [owner, value] });
      }
    }
    for (const lengths of this.lengthsByPrefix.values()) lengths.sort((a, b) => b - a);
  }

  private add(key: string, value: string): void {
    this.canonical.set(key, value);
    const prefix = key.slice(0, 2);
    const lengths = this.lengthsByPrefix.get(prefix);
    if (lengths === undefined) this.lengthsByPrefix.set(prefix, [key.length]);
    else if (!lengths.includes(key.length)) lengths.push(key.length);
  }

  /** The longest match starting at each position of the message (overlaps are resolved later). */
  find(original: string, keyed: KeyedText): Entity[] {
    const { key, keyToNormalised, normalised } = keyed;
    const found: Entity[] = [];
    for (let i = 0; i < key.length; i++) {
      if (isLowSurrogate(key.charCodeAt(i))) continue;
      const normalisedStart = keyToNormalised[i] as number;
      if (!startsAtBoundary(normalised.text, normalisedStart)) continue;
      // Keys of one unit are indexed under themselves; longer ones under their first two units.
      for (const prefix of i + 1 < key.length ? [key.slice(i, i + 2), key[i] as string] : [key[i] as string]) {
        const match = this.longestAt(key, i, prefix, normalised.text, keyToNormalised);
        if (match === null) continue;
        const start = normalised.from[normalisedStart] as number;
        const end = normalised.to[match.normalisedEnd - 1] as number;
        found.push({ type: this.name, value: match.value, text: original.slice(start, end), start, end, extractor: 'lookup' });
        break;
      }
    }
    return found;
  }

  private longestAt(key: string, i: number, prefix: string, normalisedText: string, keyToNormalised: Int32Array): { value: string; normalisedEnd: number } | null {
    for (const length of this.lengthsByPrefix.get(prefix) ?? []) {
      if (prefix.length === 2 ? length < 2 : length !== 1) continue;
      if (i + length > key.length) continue;
      const value = this.canonical.get(key.slice(i, i + length));
      if (value === undefined) continue;
      const normalisedEnd = (keyToNormalised[i + length - 1] as number) + 1;
      if (endsAtBoundary(normalisedText, normalisedEnd)) return { value, normalisedEnd };
    }
    return null;
  }
}

function isLowSurrogate(unit: number): boolean {
  return unit >= 0xdc00 && unit <= 0xdfff;
}

/** A word of a spaced script (Latin letters, digits...) must not continue the text before it. */
function startsAtBoundary(text: string, start: number): boolean {
  if (start === 0) return true;
  const first = String.fromCodePoint(text.codePointAt(start) as number);
  if (!isSpacedWordCharacter(first)) return true;
  return !isSpacedWordCharacter(codePointBefore(text, start));
}

function endsAtBoundary(text: string, end: number): boolean {
  if (end >= text.length) return true;
  const last = codePointBefore(text, end);
  if (!isSpacedWordCharacter(last)) return true;
  return !isSpacedWordCharacter(String.fromCodePoint(text.codePointAt(end) as number));
}

function codePointBefore(text: string, index: number): string {
  const unit = text.charCodeAt(index - 1);
  if (isLowSurrogate(unit) && index >= 2) return text.slice(index - 2, index);
  return text.slice(index - 1, index);
}

function isSpacedWordCharacter(character: string): boolean {
  return WORD_CHARACTER.test(character) && !UNSPACED_SCRIPT.test(character);
}
