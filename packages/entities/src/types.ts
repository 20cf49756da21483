/** The entity types the platform recognises without any configuration, in English and Chinese. */
export const BUILTIN_ENTITY_TYPES = ['number', 'ordinal', 'money', 'datetime', 'duration', 'email', 'phone', 'url'] as const;
export type BuiltinEntityType = (typeof BUILTIN_ENTITY_TYPES)[number];

const BUILTIN_NAMES: ReadonlySet<string> = new Set(BUILTIN_ENTITY_TYPES);

export function isBuiltinEntityType(name: string): name is BuiltinEntityType {
  return BUILTIN_NAMES.has(name);
}

/** Which extractor found an entity. */
export type EntityExtractorKind = 'builtin' | 'regex' | 'lookup';

export interface Entity {
  /** A built-in type, or a custom entity's name. */
  type: string;
  /**
   * Normalised: number (number, ordinal, money amount, duration in seconds); ISO 8601 for datetime
   * ("2026-12-07" for a date, "2026-12-05T15:00:00" local wall time for a date-time, in the bot's time zone;
   * a range is an ISO 8601 interval "start/end"); lower-cased address for email; digits with a leading + if
   * given for phone; the URL as written; the canonical value for a lookup; the match (or its first capture
   * group, if any) for a regex. Values are plain data, never escaped: escaping is each channel's job.
   */
  value: string | number;
  /** money: ISO 4217 code (USD, CNY, EUR, GBP, JPY ...); duration: 'second'. */
  unit?: string;
  /** The span in the original message text (UTF-16 offsets, end exclusive) and its text. */
  text: string;
  start: number;
  end: number;
  extractor: EntityExtractorKind;
}

export interface ExtractOptions {
  language: 'en' | 'zh';
  /** Only these types are looked for (built-in names and/or custom entity names); an empty set costs ~nothing. */
  types: ReadonlySet<string>;
  /** What "tomorrow" is relative to (the message's receipt time). */
  referenceTime: Date;
  /** IANA zone the bot's dates are in; default 'UTC'. */
  timeZone?: string;
  /** Whole-message budget; default DEFAULT_BUDGET_MS. Extractors not started in time are skipped and reported. */
  budgetMs?: number;
}

export interface ExtractResult {
  /** Sorted by start (then longer first, then by type). */
  entities: Entity[];
  /** Requested types that were not (fully) looked for: the budget ran out, or a recognizer failed. */
  skipped: string[];
}

/** Default whole-message budget for extraction. */
export const DEFAULT_BUDGET_MS = 50;
