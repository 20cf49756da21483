import safeRegex from 'safe-regex2';
import { z } from 'zod';
import { LookupIndex, type LookupProblem } from './lookup';
import { findSlowProbe } from './regex-probe';
import { isBuiltinEntityType } from './types';

export const MAX_PATTERN_LENGTH = 200;
export const MAX_LOOKUP_VALUES = 1000;
export const MAX_SYNONYMS_PER_VALUE = 50;
export const MAX_LOOKUP_TEXT_LENGTH = 100;

const ENTITY_NAME = /^[a-z][a-z0-9_]{0,39}$/;

const EntityNameSchema = z
  .string()
  .regex(ENTITY_NAME, 'must start with a lower-case letter and hold only a-z, 0-9 and _, at most 40 characters')
  .refine((name) => !isBuiltinEntityType(name), 'is the name of a built-in entity type');

const RegexEntitySchema = z.object({
  name: EntityNameSchema,
  kind: z.literal('regex'),
  pattern: z.string().min(1, 'is empty').max(MAX_PATTERN_LENGTH, `is longer than ${MAX_PATTERN_LENGTH} characters`),
  /** Match letters in either case (JavaScript regular expressions have no inline (?i) in Node 20). */
  ignoreCase: z.boolean().optional(),
});

const LookupValueSchema = z.object({
  value: z.string().min(1, 'is empty').max(MAX_LOOKUP_TEXT_LENGTH, `is longer than ${MAX_LOOKUP_TEXT_LENGTH} characters`),
  synonyms: z
    .array(z.string().max(MAX_LOOKUP_TEXT_LENGTH, `is longer than ${MAX_LOOKUP_TEXT_LENGTH} characters`))
    .max(MAX_SYNONYMS_PER_VALUE, `has more than ${MAX_SYNONYMS_PER_VALUE} synonyms`),
});

const LookupEntitySchema = z.object({
  name: EntityNameSchema,
  kind: z.literal('lookup'),
  values: z.array(LookupValueSchema).min(1, 'has no values').max(MAX_LOOKUP_VALUES, `has more than ${MAX_LOOKUP_VALUES} values`),
});

/** What an admin saves for a custom entity: a regular expression, or a lookup list with synonyms. */
export const CustomEntitySchema = z.discriminatedUnion('kind', [RegexEntitySchema, LookupEntitySchema]);
export type CustomEntity = z.infer<typeof CustomEntitySchema>;
export type RegexEntity = z.infer<typeof RegexEntitySchema>;
export type LookupEntity = z.infer<typeof LookupEntitySchema>;

export type CheckResult = { ok: true } | { ok: false; reason: string };

/** The flags a regex entity runs with: all matches, Unicode mode, and case folding if asked for. */
export function regexFlags(entity: RegexEntity): string {
  return entity.ignoreCase ? 'giu' : 'gu';
}

/**
 * Save-time check beyond the schema: a regex compiles, does not match the empty string and is not
 * catastrophic (safe-regex2's star-height check, then trial runs on inputs made to backtrack); a lookup
 * has no synonym that normalises to nothing or is listed under two values. The reason is for the admin.
 */
export function checkCustomEntity(entity: CustomEntity): CheckResult {
  const parsed = CustomEntitySchema.safeParse(entity);
  if (!parsed.success) return { ok: false, reason: describeSchemaError(parsed.error) };
  const checked = parsed.data;
  return checked.kind === 'regex' ? checkPattern(checked.pattern, regexFlags(checked)) : checkLookup(checked);
}

/** Whether the pattern compiles with these flags: null if it does, else the engine's message. */
export function compileError(pattern: string, flags: string): string | null {
  try {
    new RegExp(pattern, flags);
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}

function checkPattern(pattern: string, flags: string): CheckResult {
  const error = compileError(pattern, flags);
  if (error !== null) return { ok: false, reason: `pattern is not a valid regular expression: ${error}` };
  if (new RegExp(pattern, flags.replace('g', '')).test('')) return { ok: false, reason: 'pattern matches the empty string, so it would match everywhere' };
  // safe-regex2's parser does not read lookbehind, so it cannot vouch for such a pattern.
  if (/\(\?<[=!]/.test(pattern)) return { ok: false, reason: 'pattern uses lookbehind ((?<=...) or (?<!...)), which the safety check cannot analyse' };
  if (!safeRegex(pattern)) {
    return { ok: false, reason: 'pattern can take exponential time: it nests quantifiers (like (a+)+) or has more than 25 of them' };
  }
  const slow = findSlowProbe(pattern, flags);
  if (slow !== null) {
    const preview = slow.input.length > 24 ? `${slow.input.slice(0, 12)}…${slow.input.slice(-6)}` : slow.input;
    return {
      ok: false,
      reason: `pattern backtracks catastrophically: it took more than ${slow.timeoutMs} ms on a ${slow.input.length}-character test input (${JSON.stringify(preview)})`,
    };
  }
  return { ok: true };
}

function checkLookup(entity: LookupEntity): CheckResult {
  const problems = new LookupIndex(entity.name, entity.values).problems;
  const first = problems[0];
  if (first === undefined) return { ok: true };
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more problem${problems.length > 2 ? 's' : ''})` : '';
  return { ok: false, reason: describeLookupProblem(first) + more };
}

function describeLookupProblem(problem: LookupProblem): string {
  if (problem.kind === 'empty') return `synonym ${JSON.stringify(problem.synonym)} of ${JSON.stringify(problem.value)} has nothing left to match after normalisation`;
  const [first, second] = problem.values;
  return `${JSON.stringify(problem.synonym)} (matched as ${JSON.stringify(problem.key)}) is listed under both ${JSON.stringify(first)} and ${JSON.stringify(second)}`;
}

function describeSchemaError(error: z.ZodError): string {
  const issue = error.issues[0];
  if (issue === undefined) return 'invalid custom entity';
  const path = issue.path.map(String).join('.');
  return path ? `${path} ${issue.message}` : issue.message;
}
