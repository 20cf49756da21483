import { MAX_MESSAGE_LENGTH } from '@chatbot/core';
import { RegexSandbox } from './regex-sandbox';

// The star-height check (safe-regex2) misses exponential patterns built from alternatives that overlap,
// such as (a|aa)+$ or (a|a)*b. So a pattern is also tried, at save time, on inputs made to backtrack: its
// own characters (and pairs of them) pumped to a short and to the longest message length, then a character
// it does not expect. A pattern that needs more than a few milliseconds on 40 characters, or 100 ms on a
// whole message, is refused. Quadratic patterns (\d+x on 4,000 digits: a few ms) pass. A run that
// overran its limit is tried again with ten times the time before the pattern is refused: a busy machine
// can stall a harmless run once, while a catastrophic one on the same input takes seconds to years.

interface ProbeLimit {
  length: number;
  timeoutMs: number;
}

const PROBE_LIMITS: readonly ProbeLimit[] = [
  { length: 40, timeoutMs: 20 },
  { length: MAX_MESSAGE_LENGTH, timeoutMs: 100 },
];
/** How much longer the confirming run of an overrun probe may take. */
const CONFIRM_FACTOR = 10;
const MAX_REPRESENTATIVES = 8;
const SUFFIXES = ['!', '#', '~', '\u2603'];

export interface SlowProbe {
  input: string;
  timeoutMs: number;
}

/** The first probe input on which the pattern runs past its limit, or null when it handles all of them. */
export function findSlowProbe(source: string, flags: string): SlowProbe | null {
  const sandbox = new RegexSandbox([{ source, flags }]);
  const representatives = representativeCharacters(source);
  const suffix = SUFFIXES.find((candidate) => !representatives.includes(candidate)) ?? '!';
  const prefix = literalPrefix(source);
  const pumps = [...representatives];
  for (const first of representatives) for (const second of representatives) if (first !== second) pumps.push(first + second);
  for (const { length, timeoutMs } of PROBE_LIMITS) {
    for (const pump of pumps) {
      const body = pump.repeat(Math.ceil(Math.max(1, length - prefix.length - 1) / pump.length)).slice(0, Math.max(1, length - prefix.length - 1));
      const input = prefix + body + suffix;
      const overruns = (limitMs: number) => sandbox.run(input, [0], limitMs).unfinished.length > 0;
      if (overruns(timeoutMs) && overruns(timeoutMs * CONFIRM_FACTOR)) return { input, timeoutMs };
    }
  }
  return null;
}

/** Characters the pattern's atoms match: its literals, and one member of each class or escape. */
export function representativeCharacters(source: string): string[] {
  const found = new Set<string>();
  const add = (character: string | undefined) => {
    if (character !== undefined && character.length > 0 && found.size < MAX_REPRESENTATIVES) found.add(character);
  };
  let i = 0;
  while (i < source.length && found.size < MAX_REPRESENTATIVES) {
    const character = source[i] as string;
    if (character === '\\') {
      const [represented, next] = readEscape(source, i);
      add(represented);
      i = next;
    } else if (character === '[') {
      const [represented, next] = readClass(source, i);
      add(represented);
      i = next;
    } else if (character === '{') {
      const close = source.indexOf('}', i);
      i = close === -1 ? i + 1 : close + 1;
    } else if (character === '(') {
      i += groupHeaderLength(source, i);
    } else if ('|)?*+^$'.includes(character)) {
      i++;
    } else if (character === '.') {
      add('a');
      i++;
    } else {
      const codePoint = String.fromCodePoint(source.codePointAt(i) as number);
      add(codePoint);
      i += codePoint.length;
    }
  }
  if (found.size === 0) add('a');
  return [...found];
}

/** The escape at `i` ("\d", "\u4e00", "\." ...): a character it matches (or undefined) and where it ends. */
function readEscape(source: string, i: number): [string | undefined, number] {
  const kind = source[i + 1];
  switch (kind) {
    case undefined:
      return [undefined, i + 1];
    case 'd':
      return ['1', i + 2];
    case 'w':
    case 'D':
    case 'S':
      return ['a', i + 2];
    case 's':
      return [' ', i + 2];
    case 'W':
      return ['!', i + 2];
    case 'b':
    case 'B':
      return [undefined, i + 2];
    case 'n':
      return ['\n', i + 2];
    case 't':
      return ['\t', i + 2];
    case 'p':
    case 'P':
    case 'k': {
      const close = source.indexOf(kind === 'k' ? '>' : '}', i);
      return [kind === 'p' && /Han/i.test(source.slice(i, close)) ? '中' : undefined, close === -1 ? i + 2 : close + 1];
    }
    case 'u': {
      const braced = /^\\u\{([0-9a-fA-F]+)\}/.exec(source.slice(i));
      if (braced) return [safeFromCodePoint(parseInt(braced[1] as string, 16)), i + braced[0].length];
      const plain = /^\\u([0-9a-fA-F]{4})/.exec(source.slice(i));
      if (plain) return [String.fromCharCode(parseInt(plain[1] as string, 16)), i + 6];
      return ['u', i + 2];
    }
    case 'x': {
      const hex = /^\\x([0-9a-fA-F]{2})/.exec(source.slice(i));
      if (hex) return [String.fromCharCode(parseInt(hex[1] as string, 16)), i + 4];
      return ['x', i + 2];
    }
    default:
      return /[1-9]/.test(kind) ? [undefined, i + 2] : [kind, i + 2];
  }
}

/** The class at `i` ("[a-z]", "[^0-9]"): its first member (none for a negated class) and where it ends. */
function readClass(source: string, i: number): [string | undefined, number] {
  let j = i + 1;
  const negated = source[j] === '^';
  if (negated) j++;
  let first: string | undefined;
  while (j < source.length && source[j] !== ']') {
    if (source[j] === '\\') {
      const [represented, next] = readEscape(source, j);
      first ??= represented;
      j = next;
    } else {
      first ??= source[j];
      j++;
    }
  }
  return [negated ? undefined : first, j + 1];
}

function groupHeaderLength(source: string, i: number): number {
  const header = /^\((?:\?:|\?=|\?!|\?<=|\?<!|\?<[A-Za-z_$][\w$]*>)?/.exec(source.slice(i, i + 50));
  return header ? header[0].length : 1;
}

/** The pattern's leading literal text ("order" for "order\s*#?(\d+)"), after an optional ^ or \b. */
function literalPrefix(source: string): string {
  const start = source.startsWith('^') ? 1 : source.startsWith('\\b') ? 2 : 0;
  const literal = /^[\p{L}\p{N} #:_-]+/u.exec(source.slice(start));
  if (!literal) return '';
  // A quantifier after the run applies to its last character only; leave that one to the pump.
  const text = literal[0];
  return /^[?*+{]/.test(source.slice(start + text.length)) ? text.slice(0, -1) : text;
}

function safeFromCodePoint(codePoint: number): string | undefined {
  return codePoint <= 0x10ffff ? String.fromCodePoint(codePoint) : undefined;
}
