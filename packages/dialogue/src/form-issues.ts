import type { z } from 'zod';

/**
 * Turns FormSchema's issues into sentences an admin can act on: what (which slot, which language)
 * and what is wrong with it, e.g. 'The Chinese (zh) prompt of slot 1 ("order_id") is missing.'
 */

const LANGUAGES: Record<string, string> = { en: 'English (en)', zh: 'Chinese (zh)' };
const EXPECTED: Record<string, string> = { string: 'text', number: 'a number', int: 'a whole number', boolean: 'true or false', array: 'a list', object: 'an object' };
const FIELDS: Record<string, string> = { name: 'name', entity: 'entity type', pattern: 'pattern', maxRetries: 'maxRetries (the number of retries)' };
const FORM_FIELDS: Record<string, string> = {
  intent: 'The intent',
  slots: 'The slot list',
  resumeAfterInterruption: 'resumeAfterInterruption',
  onRetryLimit: 'onRetryLimit',
  slotTtlMinutes: 'slotTtlMinutes',
};

type Path = ReadonlyArray<PropertyKey>;

function at(input: unknown, path: Path): unknown {
  let value = input;
  for (const key of path) {
    if (typeof value !== 'object' || value === null || !Object.hasOwn(value, key)) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

function slotLabel(input: unknown, index: number): string {
  const name = at(input, ['slots', index, 'name']);
  return typeof name === 'string' && name.length > 0 && name.length <= 40 ? `slot ${index + 1} ("${name}")` : `slot ${index + 1}`;
}

const language = (key: PropertyKey | undefined) => (key === undefined ? '' : `${LANGUAGES[String(key)] ?? `"${String(key)}"`} `);
const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** What the issue is about, as the subject of a sentence. */
function subject(path: Path, input: unknown): string {
  const [first, second, third, fourth] = path;
  if (first === undefined) return 'The form';
  if (first === 'slots' && typeof second === 'number') {
    const slot = slotLabel(input, second);
    if (third === undefined) return capitalise(slot);
    if (third === 'prompt') return `The ${language(fourth)}prompt of ${slot}`;
    if (third === 'invalid') return `The ${language(fourth)}refusal reason (invalid) of ${slot}`;
    if (third === 'allowed') return typeof fourth === 'number' ? `Allowed value ${fourth + 1} of ${slot}` : `The allowed values of ${slot}`;
    return `The ${FIELDS[String(third)] ?? String(third)} of ${slot}`;
  }
  if (first === 'confirm') return `The ${language(second)}confirmation question (confirm)`;
  if (first === 'done') return `The ${language(second)}completion reply (done)`;
  return FORM_FIELDS[String(first)] ?? `"${path.map(String).join('.')}"`;
}

/** What is wrong, as the rest of the sentence. */
function predicate(issue: z.core.$ZodIssue, input: unknown): string {
  switch (issue.code) {
    case 'invalid_type':
      return at(input, issue.path) === undefined ? 'is missing' : `must be ${EXPECTED[issue.expected] ?? issue.expected}`;
    case 'too_small':
      if (issue.origin === 'string') return Number(issue.minimum) <= 1 ? 'is empty' : `must have at least ${issue.minimum} characters`;
      if (issue.origin === 'array') return `must have at least ${issue.minimum} ${Number(issue.minimum) === 1 ? 'entry' : 'entries'}`;
      return issue.inclusive === false ? `must be more than ${issue.minimum}` : `must be at least ${issue.minimum}`;
    case 'too_big':
      if (issue.origin === 'string') return `is too long (at most ${issue.maximum} characters)`;
      if (issue.origin === 'array') return `has too many entries (at most ${issue.maximum})`;
      return `must be at most ${issue.maximum}`;
    case 'invalid_value':
      return `must be one of: ${issue.values.map(String).join(', ')}`;
    case 'unrecognized_keys':
      return `has ${issue.keys.length === 1 ? 'an unknown field' : 'unknown fields'}: ${issue.keys.join(', ')} (a typo?)`;
    default:
      return issue.message;
  }
}

export function describeFormIssue(issue: z.core.$ZodIssue, input: unknown): string {
  return `${subject(issue.path, input)} ${predicate(issue, input)}.`;
}
