import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, extname, join, relative } from 'node:path';
import type { DialogueEvent } from '@chatbot/dialogue';
import { parseDocument } from 'yaml';
import { z } from 'zod';

/**
 * Story files: whole conversations with what the bot should make of each message (see
 * data/default-bot/stories/README.md). A file is YAML with `stories:`, a list of stories; a story has a
 * `name`, an optional `language` and `steps`; a step is `user:` (the message) plus expectations.
 */

/** What the policy may record for a message, for `events:`; the compiler keeps it complete. */
export const STORY_EVENT_TYPES = [
  'form_started',
  'slot_filled',
  'slot_reused',
  'slot_rejected',
  'slot_expired',
  'confirmation_requested',
  'confirmation_accepted',
  'confirmation_denied',
  'confirmation_unclear',
  'form_cancelled',
  'form_interrupted',
  'form_resumed',
  'form_completed',
  'action_requested',
  'form_dropped',
  'retry_limit',
  'handoff_requested',
] as const satisfies ReadonlyArray<DialogueEvent['type']>;
type UnlistedEvent = Exclude<DialogueEvent['type'], (typeof STORY_EVENT_TYPES)[number]>;
const everyEventListed: [UnlistedEvent] extends [never] ? true : UnlistedEvent = true;
void everyEventListed;

/** An expected intent that is not one: the model found the message out of scope. */
export const OUT_OF_SCOPE = 'out_of_scope';
/** `form: none`: no form is waiting for an answer after the step. */
export const NO_FORM = 'none';

const NAME = /^[a-z][a-z0-9_]*$/;
const name = (what: string) => z.string().regex(NAME, `must be ${what} name (lowercase snake_case, e.g. order_status)`);
const flag = (key: string) => z.literal(true, `write \`${key}: true\` or leave it out`);
const text = z.union([z.string(), z.number()]).transform(String);

export const ReplyExpectationSchema = z
  .strictObject({
    /** A form now waits for this slot: the reply asked for it (again, after a refused value). */
    asks: name('a slot'),
    /** A form now waits for a yes or no: the reply asked to confirm. */
    confirms: flag('confirms'),
    /** This form completed: the reply is its `done` text. */
    completes: name('an intent'),
    /** The active form was cancelled. */
    cancelled: flag('cancelled'),
    /** The reply contains this intent's catalogue reply (one of its texts). */
    intent_reply: name('an intent'),
    /** The reply contains the catalogue's fallback reply ("Sorry, I didn't understand"). */
    fallback: flag('fallback'),
  })
  .partial()
  .refine((reply) => Object.keys(reply).length > 0, {
    message: 'needs at least one of: asks, confirms, completes, cancelled, intent_reply, fallback',
    // An unknown kind of reply is said already; that the known ones are missing would be noise.
    when: (payload) => payload.issues.length === 0,
  });
export type ReplyExpectation = z.infer<typeof ReplyExpectationSchema>;

export const StoryStepSchema = z.strictObject({
  /** What the user says. */
  user: text.pipe(z.string().trim().min(1, 'is empty: write what the user says')),
  /** The classified intent, or out_of_scope. */
  intent: z
    .string()
    .refine((value) => value === OUT_OF_SCOPE || NAME.test(value), `must be an intent name (lowercase snake_case, e.g. order_status) or ${OUT_OF_SCOPE}`)
    .optional(),
  /** What kind of reply; every key given must hold. */
  reply: ReplyExpectationSchema.optional(),
  /** Texts the reply (as the user reads it) contains. */
  reply_contains: z
    .union([text, z.array(text).min(1)])
    .transform((value) => (Array.isArray(value) ? value : [value]))
    .optional(),
  /** Slot values of the conversation after the step (null: not set); slots not named are not checked. */
  slots: z.record(name('a slot'), z.union([text, z.null()])).optional(),
  /** The form waiting for an answer after the step, or none. */
  form: z
    .string()
    .refine((value) => value === NO_FORM || NAME.test(value), `must be the intent of a form (e.g. order_status) or ${NO_FORM}`)
    .optional(),
  /** Whether the conversation is handed to a person after the step. */
  handoff: z.boolean().optional(),
  /** Dialogue events this message must have recorded (others may be recorded too). */
  events: z.array(z.enum(STORY_EVENT_TYPES, { error: `must be one of: ${STORY_EVENT_TYPES.join(', ')}` })).optional(),
});
export type StoryStep = z.infer<typeof StoryStepSchema>;

export const StorySchema = z.strictObject({
  name: text.pipe(z.string().trim().min(1, 'is empty: give the story a name')),
  /** The language the user writes in: every reply must be in it too. */
  language: z.enum(['en', 'zh'], 'must be en or zh').optional(),
  steps: z.array(StoryStepSchema).min(1, 'is empty: a story needs at least one step'),
});

const StoryFileSchema = z.strictObject({ stories: z.array(StorySchema).min(1, 'is empty: a story file needs at least one story') });

export interface Story extends z.infer<typeof StorySchema> {
  /** The file it came from, as given to the parser (relative to the folder read). */
  file: string;
}

/** A story file that cannot be used: the message names the file, line or story and step, and what is wrong. */
export class StoryFileError extends Error {
  override name = 'StoryFileError';
}

const STEP_KEYS = Object.keys(StoryStepSchema.shape);
const KNOWN_KEYS: Record<string, readonly string[]> = {
  file: ['stories'],
  story: Object.keys(StorySchema.shape),
  step: STEP_KEYS,
  reply: ['asks', 'confirms', 'completes', 'cancelled', 'intent_reply', 'fallback'],
};

/** Parses one story file's text; `file` names it in errors and in the stories. */
export function parseStoryFile(source: string, file: string): Story[] {
  const document = parseDocument(source, { prettyErrors: true, uniqueKeys: true });
  const [yamlError] = document.errors;
  if (yamlError) {
    const at = yamlError.linePos?.[0];
    throw new StoryFileError(`${file}${at ? `:${at.line}:${at.col}` : ''}: not valid YAML: ${firstLine(yamlError.message)}`);
  }
  const raw: unknown = document.toJS();
  const parsed = StoryFileSchema.safeParse(raw);
  if (!parsed.success) throw new StoryFileError(parsed.error.issues.map((issue) => `${file}: ${describeIssue(issue, raw)}`).join('\n'));
  const seen = new Set<string>();
  return parsed.data.stories.map((story, index) => {
    if (seen.has(story.name)) throw new StoryFileError(`${file}: story ${index + 1} "${story.name}": the name is used by an earlier story of the file`);
    seen.add(story.name);
    return { ...story, file };
  });
}

/**
 * Reads stories from a folder (every *.yaml and *.yml in it, in name order; README.md and other files
 * are skipped) or from one file. All files are checked; the error lists every bad one.
 */
export async function readStories(path: string): Promise<Story[]> {
  const info = await stat(path).catch((error: NodeJS.ErrnoException) => {
    throw new StoryFileError(error.code === 'ENOENT' ? `${path}: no such file or folder` : `${path}: ${error.message}`);
  });
  const files = info.isDirectory()
    ? (await readdir(path))
        .filter((entry) => ['.yaml', '.yml'].includes(extname(entry)))
        .sort()
        .map((entry) => join(path, entry))
    : [path];
  if (files.length === 0) throw new StoryFileError(`${path}: no story files (*.yaml) in this folder`);
  const stories: Story[] = [];
  const problems: string[] = [];
  for (const file of files) {
    const shown = info.isDirectory() ? relative(path, file) : basename(file);
    try {
      stories.push(...parseStoryFile(await readFile(file, 'utf8'), shown));
    } catch (error) {
      if (!(error instanceof StoryFileError)) throw error;
      problems.push(error.message);
    }
  }
  if (problems.length > 0) throw new StoryFileError(problems.join('\n'));
  return stories;
}

/** One zod issue as a reader of the file wants it: "story 2 "cancel (en)", step 3 (user: "never mind"): ...". */
function describeIssue(issue: z.core.$ZodIssue, raw: unknown): string {
  const path = issue.path;
  const parts: string[] = [];
  let level: keyof typeof KNOWN_KEYS = 'file';
  let rest = path;
  if (path[0] === 'stories' && typeof path[1] === 'number') {
    const story = at(raw, ['stories', path[1]]);
    const storyName = at(story, ['name']);
    parts.push(`story ${path[1] + 1}${typeof storyName === 'string' ? ` "${storyName}"` : ''}`);
    level = 'story';
    rest = path.slice(2);
    if (rest[0] === 'steps' && typeof rest[1] === 'number') {
      const user = at(story, ['steps', rest[1], 'user']);
      parts.push(`step ${rest[1] + 1}${typeof user === 'string' || typeof user === 'number' ? ` (user: ${JSON.stringify(String(user))})` : ''}`);
      level = 'step';
      rest = rest.slice(2);
      if (rest[0] === 'reply') level = 'reply';
    }
  }
  const where = parts.length > 0 ? `${parts.join(', ')}: ` : '';
  const field = rest.length > 0 ? `${rest.join('.')}: ` : '';
  if (issue.code === 'unrecognized_keys') {
    const known = KNOWN_KEYS[level]!.join(', ');
    const keys = issue.keys.map((key) => `"${key}"`).join(', ');
    const what = level === 'step' ? 'expectation' : level === 'reply' ? 'kind of reply' : 'key';
    return `${where}${field}unknown ${what}${issue.keys.length > 1 ? 's' : ''} ${keys} (known: ${known})`;
  }
  const value = at(raw, path as Array<string | number>);
  if (issue.code === 'invalid_key')
    return `${where}${rest.slice(0, -1).join('.')}: ${JSON.stringify(rest.at(-1))} is not a slot name (lowercase snake_case); a value with a comma inside { } needs quotes`;
  if (path.length === 0 && issue.code === 'invalid_type') return 'must hold `stories:`, a list of stories (see data/default-bot/stories/README.md)';
  if ((issue.code === 'invalid_type' || issue.code === 'invalid_union') && value === undefined)
    return `${where}${field}missing${rest.at(-1) === 'user' ? ': write what the user says (user: ...)' : ''}`;
  // A bad item of a list: name the item by its value ("events: "form_begun" must be one of ...").
  if (typeof rest.at(-1) === 'number' && (typeof value === 'string' || typeof value === 'number'))
    return `${where}${rest.slice(0, -1).join('.')}: ${JSON.stringify(value)} ${issue.message}`;
  return `${where}${field}${issue.message}`;
}

function at(value: unknown, path: ReadonlyArray<string | number>): unknown {
  let current = value;
  for (const key of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string | number, unknown>)[key];
  }
  return current;
}

/** The yaml package's message without its own position (the file:line:col before it says it). */
function firstLine(message: string): string {
  return message
    .split('\n')[0]!
    .replace(/ at line \d+, column \d+:?$/, '')
    .trim();
}
