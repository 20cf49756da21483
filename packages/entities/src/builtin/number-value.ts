import type { Found } from './recognizer-run';
import type { RecognizerLanguage } from './recognizers';

// What the number and ordinal recognizers give, read as a customer means it.

// "next one", "the last one": ordinals relative to something (the recognizer gives 0 or 1).
const RELATIVE_ORDINAL = /\b(?:next|last|previous|prior|preceding|following|current|penultimate|antepenultimate)\b/i;
// "wait a second", "one second", "30 second delay": the unit of time, not the ordinal.
const SECOND_AS_UNIT_BEFORE = /(?:\b(?:a|one|per|each|every|split|half|just a)|\d)\s*$/i;
// 一 in words where it counts nothing: 问一下 (ask a bit), 一起 (together), 一样 (the same), 一定
// (surely), 一直 (always), 一般 (usually), 一些 (some), 一切 (all), 一旦 (once), 一律, 一致, 一向,
// 一共 (in total); 统一, 唯一, 万一. 查一下 is in most Chinese support questions.
const NOT_A_QUANTITY_AFTER_ONE = /^[下起样定直般些切旦律致向共]/;
const NOT_A_QUANTITY_BEFORE_ONE = /[统唯万]$/;
// 周三, 星期五, 礼拜一: the numeral names a weekday.
const WEEKDAY_NUMERAL = /^[一二三四五六七日天]$/;
const WEEKDAY_BEFORE = /(?:周|星期|礼拜)$/;
// "the second one", "the red one", "this one": the pronoun, not the number.
const PRONOUN_ONE_BEFORE = /\b(?:the|this|that|which|another|any|each|every)\s+(?:[a-z-]+\s+)?$/i;
// "iPhone15", "A4", "B2B": digits after a letter are part of a name (digits before one, "5kg", are a quantity).
const LETTER_BEFORE = /\p{Script=Latin}$/u;

/** A number the platform can carry exactly: finite and within Number.MAX_SAFE_INTEGER; else null (dropped). */
export function safeNumber(raw: unknown): number | null {
  if (raw === null || raw === undefined || raw === '') return null;
  const value = Number(raw);
  return Number.isFinite(value) && Math.abs(value) <= Number.MAX_SAFE_INTEGER ? value : null;
}

/** A cardinal number at `item`, or null when it is none. A hyphen after a letter or digit is no minus ("A-5678"). */
export function cardinal(message: string, item: Found, language: RecognizerLanguage): { start: number; value: number } | null {
  let value = safeNumber(item.resolution?.value);
  if (value === null) return null;
  let start = item.start;
  if (message[start] === '-' && /[\p{L}\p{N}]/u.test(message[start - 1] ?? '')) {
    start++;
    value = -value;
  }
  const text = message.slice(start, item.end);
  const before = message.slice(Math.max(0, start - 24), start);
  const after = message.slice(item.end, item.end + 1);
  if (LETTER_BEFORE.test(before)) return null;
  if (language === 'zh') {
    if (text === '一' && (NOT_A_QUANTITY_AFTER_ONE.test(after) || NOT_A_QUANTITY_BEFORE_ONE.test(before))) return null;
    if (WEEKDAY_NUMERAL.test(text) && WEEKDAY_BEFORE.test(before)) return null;
  } else if (/^one$/i.test(text) && PRONOUN_ONE_BEFORE.test(before)) return null;
  return { start, value };
}

/** An absolute ordinal's value (1st, second, 第三), or null for relative ones and "second" the unit. */
export function ordinalValue(message: string, text: string, item: Found): number | null {
  const value = safeNumber(item.resolution?.value);
  if (value === null || value < 1 || !Number.isInteger(value)) return null;
  if (RELATIVE_ORDINAL.test(text)) return null;
  if (/^second$/i.test(text) && SECOND_AS_UNIT_BEFORE.test(message.slice(Math.max(0, item.start - 12), item.start))) return null;
  return value;
}
