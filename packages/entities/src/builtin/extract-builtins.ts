import type { BuiltinEntityType, Entity } from '../types';
import { chunkText, prepareForRecognizers } from './chunks';
import { resolveDateTime } from './datetime-value';
import { resolveMoney } from './money-value';
import { cardinal, ordinalValue } from './number-value';
import { RecognizerRun, type Found } from './recognizer-run';
import type { BuiltinRecognizers, RecognizerLanguage } from './recognizers';
import { phoneValue, trimUrl } from './sequence-value';
import { addSeconds, isoDateTime, localDateOf, wallTimeIn, type WallTime } from './wall-time';

export interface BuiltinRequest {
  /** The message, already cut to the maximum length. */
  message: string;
  types: ReadonlySet<BuiltinEntityType>;
  language: RecognizerLanguage;
  referenceTime: Date;
  timeZone: string;
  deadline: number;
  recognizers: BuiltinRecognizers;
}

// Cheapest first, so that when the budget runs out it is the slow ones that are skipped.
const ORDER: readonly BuiltinEntityType[] = ['email', 'url', 'phone', 'ordinal', 'number', 'money', 'datetime', 'duration'];

// "十分钟" is ten minutes and "三分之一" a third, not 十分 (0.1 yuan) or 三分 (0.03 yuan).
const FEN_NOT_MONEY = /分$/;
const AFTER_FEN_NOT_MONEY = /^[钟之]/;
// Dates a customer means lie in this range; "138-1234-5678" holds no month of the year 1234.
const MIN_YEAR = 1900;
const MAX_YEAR = 2199;
// "in 2 hours", "两小时后": a point in time made of a duration.
const DURATION_INSIDE: Record<RecognizerLanguage, RegExp> = { en: /^(?:in|within|after)\s+/i, zh: /(?:之后|以后|后)$/ };
const DAY = 86_400;
// "1 hour 30 minutes", "两小时三十分钟": the recognizer gives each part; they are one duration.
const DURATION_JOINER = /^\s*(?:and|,|又|零)?\s*$/i;

export function extractBuiltins(request: BuiltinRequest): { entities: Entity[]; skipped: string[] } {
  const { message, types, language, deadline, recognizers } = request;
  const reference = wallTimeIn(request.referenceTime, request.timeZone);
  const prepared = prepareForRecognizers(message);
  const run = new RecognizerRun({ recognizers, language, prepared, chunks: chunkText(prepared), referenceDate: localDateOf(reference), deadline });
  const context: TypeContext = { message, language, reference, run, inner: new Map() };
  const entities: Entity[] = [];
  const skipped: string[] = [];
  for (const type of ORDER) {
    if (!types.has(type)) continue;
    if (performance.now() >= deadline) {
      skipped.push(type);
      continue;
    }
    const { found, complete } = EXTRACTORS[type](context);
    entities.push(...found);
    if (!complete) skipped.push(type);
  }
  return { entities, skipped };
}

interface TypeContext {
  message: string;
  language: RecognizerLanguage;
  reference: WallTime;
  run: RecognizerRun;
  /** The duration inside each "in 2 hours" date-time, by its start (parsed once for both types). */
  inner: Map<number, InnerDuration | null | 'skipped'>;
}

interface InnerDuration {
  start: number;
  end: number;
  seconds: number;
}

interface TypeOutput {
  found: Entity[];
  complete: boolean;
}

const EXTRACTORS: Record<BuiltinEntityType, (context: TypeContext) => TypeOutput> = {
  email: ({ message, run }) => mapFound(run.get('email'), message, 'email', (text) => ({ value: text.toLowerCase() })),
  url: ({ message, run }) => {
    const output = run.get('url');
    const found: Entity[] = [];
    for (const item of output.found) {
      const end = item.start + trimUrl(message.slice(item.start, item.end)).length;
      if (end > item.start) found.push(entity('url', message, item.start, end, message.slice(item.start, end)));
    }
    return { found, complete: output.complete };
  },
  phone: ({ message, run }) =>
    mapFound(run.get('phone'), message, 'phone', (text, item) => {
      const value = phoneValue(text, item);
      return value === null ? null : { value };
    }),
  ordinal: ({ message, run }) =>
    mapFound(run.get('ordinal'), message, 'ordinal', (text, item) => {
      const value = ordinalValue(message, text, item);
      return value === null ? null : { value };
    }),
  number: ({ message, language, run }) => {
    const output = run.get('number');
    // Digits that belong to an ordinal ("第二", "twenty-first"), a phone number, an address or a link
    // are not quantities.
    const parts = [...run.get('ordinal').found, ...phones(run, message), ...run.get('email').found, ...run.get('url').found];
    const found: Entity[] = [];
    for (const item of output.found) {
      if (parts.some((part) => part.start <= item.start && item.end <= part.end)) continue;
      const number = cardinal(message, item, language);
      if (number !== null) found.push(entity('number', message, number.start, item.end, number.value));
    }
    return { found, complete: output.complete };
  },
  money: ({ message, language, run }) =>
    mapFound(run.get('currency'), message, 'money', (text, item) => {
      if (language === 'zh' && FEN_NOT_MONEY.test(text) && AFTER_FEN_NOT_MONEY.test(message.slice(item.end))) return null;
      const money = resolveMoney(item.resolution, text, language);
      return money && { value: money.amount, unit: money.code };
    }),
  datetime: (context) => {
    const { message, reference, run } = context;
    const inPhone = phones(run, message);
    let complete = true;
    const output = mapFound(run.get('datetime'), message, 'datetime', (_text, item) => {
      if (inPhone.some((phone) => phone.start <= item.start && item.end <= phone.end)) return null;
      const resolved = resolveDateTime(item.typeName, item.resolution, reference);
      if (resolved?.kind !== 'datetime' || !plausibleYears(resolved.value)) return null;
      // "in 2 hours" is now plus the duration: the recognizer gets "半个小时后" wrong (now), so it is
      // computed here for durations under a day (longer ones keep the recognizer's date).
      const inner = durationInside(context, item);
      if (inner === 'skipped') complete = false;
      else if (inner !== null && inner.seconds < DAY) return { value: isoDateTime(addSeconds(reference, inner.seconds)) };
      return { value: resolved.value };
    });
    return { found: output.found, complete: output.complete && complete };
  },
  duration: (context) => {
    const { message, reference, run } = context;
    const output = run.get('datetime');
    const found: Entity[] = [];
    let complete = output.complete;
    for (const item of output.found) {
      const resolved = resolveDateTime(item.typeName, item.resolution, reference);
      if (resolved?.kind === 'duration') found.push(duration(message, item.start, item.end, resolved.seconds));
      else if (resolved?.kind === 'datetime') {
        const inner = durationInside(context, item);
        if (inner === 'skipped') complete = false;
        else if (inner !== null) found.push(duration(message, inner.start, inner.end, inner.seconds));
      }
    }
    return { found: joinDurations(found, message), complete };
  },
};

function mapFound(
  output: { found: Found[]; complete: boolean },
  message: string,
  type: BuiltinEntityType,
  resolve: (text: string, item: Found) => { value: string | number; unit?: string } | null,
): TypeOutput {
  const found: Entity[] = [];
  for (const item of output.found) {
    const resolved = resolve(message.slice(item.start, item.end), item);
    if (resolved === null) continue;
    const result = entity(type, message, item.start, item.end, resolved.value);
    found.push(resolved.unit === undefined ? result : { ...result, unit: resolved.unit });
  }
  return { found, complete: output.complete };
}

function entity(type: string, message: string, start: number, end: number, value: string | number): Entity {
  return { type, value, text: message.slice(start, end), start, end, extractor: 'builtin' };
}

function duration(message: string, start: number, end: number, seconds: number): Entity {
  return { ...entity('duration', message, start, end, seconds), unit: 'second' };
}

/** Phone numbers as the phone type returns them (the number and date-time types leave their digits alone). */
function phones(run: RecognizerRun, message: string): Found[] {
  return run.get('phone').found.filter((item) => phoneValue(message.slice(item.start, item.end), item) !== null);
}

function plausibleYears(value: string): boolean {
  return value.split('/').every((side) => {
    const year = Number(side.slice(0, 4));
    return year >= MIN_YEAR && year <= MAX_YEAR;
  });
}

/** "in 2 hours" -> the duration "2 hours" with its own span, when the inner text reads as exactly one. */
function durationInside(context: TypeContext, item: Found): InnerDuration | null | 'skipped' {
  if (context.inner.has(item.start)) return context.inner.get(item.start) as InnerDuration | null | 'skipped';
  const result = findDurationInside(context, item);
  context.inner.set(item.start, result);
  return result;
}

function findDurationInside({ message, language, reference, run }: TypeContext, item: Found): InnerDuration | null | 'skipped' {
  const text = message.slice(item.start, item.end);
  const marker = DURATION_INSIDE[language].exec(text);
  if (marker === null) return null;
  const start = language === 'en' ? item.start + marker[0].length : item.start;
  const end = language === 'en' ? item.end : item.end - marker[0].length;
  const inner = run.parsePiece('datetime', message.slice(start, end), start);
  if (inner === null) return 'skipped';
  const only = inner.length === 1 ? inner[0] : undefined;
  if (only === undefined || only.start !== start || only.end !== end) return null;
  const resolved = resolveDateTime(only.typeName, only.resolution, reference);
  return resolved?.kind === 'duration' ? { start, end, seconds: resolved.seconds } : null;
}

/** Adjacent parts of one duration ("1 hour 30 minutes": the larger unit first) become one. */
function joinDurations(durations: Entity[], message: string): Entity[] {
  const sorted = [...durations].sort((a, b) => a.start - b.start);
  const joined: Entity[] = [];
  for (const next of sorted) {
    const last = joined.at(-1);
    if (last !== undefined && last.end <= next.start && (last.value as number) > (next.value as number) && DURATION_JOINER.test(message.slice(last.end, next.start))) {
      joined[joined.length - 1] = duration(message, last.start, next.end, (last.value as number) + (next.value as number));
    } else joined.push(next);
  }
  return joined;
}
