import { z } from 'zod';
import { patternProblem } from './pattern';

/**
 * What an intent's form is: the slots to collect, how each is asked and validated, and what happens
 * at the end. Managed in the admin API with the catalogue; `checkForm` checks one before it is saved.
 */

export const SLOT_NAME = /^[a-z][a-z0-9_]{0,39}$/;
export const MAX_SLOTS = 10;
export const MAX_PATTERN_LENGTH = 200;
export const MAX_ALLOWED_VALUES = 100;
export const DEFAULT_MAX_RETRIES = 2;
export const DEFAULT_SLOT_TTL_MINUTES = 60;

/** A text per language, both required: a form that cannot speak one of the bot's languages is refused. */
const TextsSchema = z.strictObject({
  en: z.string().trim().min(1).max(1000),
  zh: z.string().trim().min(1).max(1000),
});

export const SlotSchema = z.strictObject({
  name: z.string().regex(SLOT_NAME, 'must start with a lowercase letter and contain only a-z, 0-9 and _ (at most 40 characters)'),
  /** A built-in entity type, a custom entity's name, or 'text' for the message's own text. */
  entity: z.string().trim().min(1).max(100),
  prompt: TextsSchema,
  /** Said before the prompt again when a value is refused; a default per language otherwise. */
  invalid: TextsSchema.optional(),
  /** A regular expression the whole value must match (the normalised value; for free text, the trimmed text). */
  pattern: z
    .string()
    .min(1)
    .max(MAX_PATTERN_LENGTH)
    .superRefine((pattern, ctx) => {
      const problem = patternProblem(pattern);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    })
    .optional(),
  /** The values accepted, compared case-insensitively after trimming; the value is stored as written here. */
  allowed: z.array(z.string().trim().min(1).max(200)).min(1).max(MAX_ALLOWED_VALUES).optional(),
  /** How many times a refused value is asked again before the form's onRetryLimit applies. */
  maxRetries: z.int().min(0).max(5).default(DEFAULT_MAX_RETRIES),
});

export const FormSchema = z
  .strictObject({
    /** The intent that starts the form; one form per intent. */
    intent: z.string().trim().min(1).max(100),
    slots: z.array(SlotSchema).min(1).max(MAX_SLOTS),
    /** Asked once every slot is filled, with {slot} placeholders; yes completes, no starts over. */
    confirm: TextsSchema.optional(),
    /** Whether the form is asked again after another intent interrupted it. */
    resumeAfterInterruption: z.boolean().default(true),
    /** What happens when a slot is refused more than its maxRetries: hand off, or the fallback reply. */
    onRetryLimit: z.enum(['handoff', 'fallback']).default('handoff'),
    /** The reply when the form completes, with {slot} placeholders; the fallback when it names an action that is not configured. */
    done: TextsSchema,
    /** An action (fulfilment webhook) to call when the form completes: its answer is the reply. */
    action: z
      .string()
      .regex(/^[a-z][a-z0-9_]{0,39}$/, 'must be an action name: a lowercase letter, then a-z, 0-9 and _ (at most 40 characters)')
      .optional(),
    /** How long a collected value is reused (by this form and any other with a slot of that name). */
    slotTtlMinutes: z
      .number()
      .positive()
      .max(60 * 24 * 30)
      .default(DEFAULT_SLOT_TTL_MINUTES),
  })
  .superRefine((form, ctx) => {
    const seen = new Set<string>();
    form.slots.forEach((slot, index) => {
      if (seen.has(slot.name))
        ctx.addIssue({ code: 'custom', path: ['slots', index, 'name'], message: 'is the name of an earlier slot too (slot names must be unique)' });
      seen.add(slot.name);
    });
  });

export type Form = z.output<typeof FormSchema>;
/** A form as written by an admin (defaults not applied yet). */
export type FormInput = z.input<typeof FormSchema>;
export type Slot = z.output<typeof SlotSchema>;
