import { z } from 'zod';
import { SLOT_NAME } from './form-schema';

/**
 * A conversation's dialogue state, stored as JSON in PostgreSQL with the turns. Reading it never
 * fails: junk is repaired field by field (a bad slot is dropped, a bad form is forgotten) and
 * anything unreadable becomes the empty state.
 */

export interface SlotValue {
  /** The entity's normalised value, or the trimmed message text for a free-text slot. */
  value: string | number;
  unit?: string;
  /** What the user typed, verbatim: data, never markup. */
  text: string;
  /** The inbound turn that set it, when the worker passes it. */
  turnId: string | null;
  /** When it was set (ISO 8601); a value is reused for the form's slotTtlMinutes after this. */
  setAt: string;
}

export interface ActiveForm {
  intent: string;
  /** The slot the bot asked for last; null while confirming. */
  asking: string | null;
  /** How many times the asked slot (or the confirmation) was asked again. */
  retries: number;
  confirming: boolean;
  /** When the form was last touched; a form untouched for its slotTtlMinutes is dropped. */
  updatedAt?: string;
}

export interface PausedForm {
  intent: string;
  asking: string | null;
  retries: number;
  updatedAt?: string;
}

export interface DialogueState {
  slots: Record<string, SlotValue>;
  form: ActiveForm | null;
  /** Forms interrupted by another intent, to resume when the active one ends; the last is resumed first. */
  paused: PausedForm[];
}

/** At most this many interrupted forms wait to be resumed; older ones are forgotten. */
export const MAX_PAUSED = 3;

export function emptyDialogueState(): DialogueState {
  return { slots: {}, form: null, paused: [] };
}

const MAX_VALUE_LENGTH = 2000;
const isoTime = z.string().refine((text) => !Number.isNaN(Date.parse(text)));

const SlotValueSchema = z.object({
  value: z.union([z.string().max(MAX_VALUE_LENGTH), z.number()]),
  unit: z.string().max(50).optional().catch(undefined),
  text: z.string().max(MAX_VALUE_LENGTH),
  turnId: z.string().max(100).nullable().catch(null),
  setAt: isoTime,
});

const SlotsSchema = z
  .unknown()
  .optional()
  .transform((raw): Record<string, SlotValue> => {
    const slots: Record<string, SlotValue> = {};
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return slots;
    for (const [name, value] of Object.entries(raw)) {
      if (!SLOT_NAME.test(name)) continue;
      const parsed = SlotValueSchema.safeParse(value);
      if (parsed.success) slots[name] = withoutUndefinedUnit(parsed.data);
    }
    return slots;
  });

function withoutUndefinedUnit(slot: SlotValue): SlotValue {
  const { unit, ...rest } = slot;
  return unit === undefined ? rest : { ...rest, unit };
}

const formFields = {
  intent: z.string().min(1).max(100),
  asking: z.string().regex(SLOT_NAME).nullable().catch(null),
  retries: z.int().min(0).max(100).catch(0),
  updatedAt: isoTime.optional().catch(undefined),
};

const ActiveFormSchema = z
  .object({ ...formFields, confirming: z.boolean().catch(false) })
  .nullable()
  .catch(null)
  .transform((form): ActiveForm | null => form && withoutUndefinedTime({ ...form, asking: form.confirming ? null : form.asking }));

const PausedSchema = z
  .array(z.object(formFields).nullable().catch(null))
  .catch([])
  .transform((list): PausedForm[] =>
    list
      .filter((form) => form !== null)
      .map(withoutUndefinedTime)
      .slice(-MAX_PAUSED),
  );

function withoutUndefinedTime<T extends { updatedAt?: string | undefined }>(form: T): T {
  if (form.updatedAt !== undefined) return form;
  const { updatedAt: _updatedAt, ...rest } = form;
  return rest as T;
}

/** Reads a stored dialogue state (the JSON column, possibly null or junk); never throws. */
export const DialogueStateSchema: z.ZodType<DialogueState, unknown> = z
  .object({ slots: SlotsSchema, form: ActiveFormSchema, paused: PausedSchema })
  .catch(() => emptyDialogueState());

/** DialogueStateSchema.parse, by name. */
export function parseDialogueState(stored: unknown): DialogueState {
  return DialogueStateSchema.parse(stored);
}

/** A slot's value, if the state has one (own properties only: a slot may be called "constructor"). */
export function slotValue(state: DialogueState, name: string): SlotValue | undefined {
  return Object.hasOwn(state.slots, name) ? state.slots[name] : undefined;
}

/** How old a value is at `now`, in minutes (negative for a clock that went back). */
export function ageInMinutes(time: string, now: Date): number {
  return (now.getTime() - Date.parse(time)) / 60_000;
}
