/**
 * An entity found in a message, as the entity extractor reports it. Structurally the same as
 * @chatbot/entities' Entity (written in parallel; the two are to be unified).
 */
export interface DialogueEntity {
  /** A built-in type (BUILTIN_ENTITY_TYPES) or a custom entity's name. */
  type: string;
  /** The normalised value (a number for numbers and money, ISO text for dates, the canonical name for lookups). */
  value: string | number;
  unit?: string;
  /** The characters of the message it was found in, as typed. */
  text: string;
  start: number;
  end: number;
  extractor: 'builtin' | 'regex' | 'lookup';
}

/** Entity types every bot has, without defining them. */
export const BUILTIN_ENTITY_TYPES = ['number', 'ordinal', 'money', 'datetime', 'duration', 'email', 'phone', 'url'] as const;
export type BuiltinEntityType = (typeof BUILTIN_ENTITY_TYPES)[number];

/** The "entity type" of a slot filled with the message's own text, when that slot is the one being asked. */
export const FREE_TEXT = 'text';
