import { BUILTIN_ENTITY_TYPES, FREE_TEXT } from './entity';
import { describeFormIssue } from './form-issues';
import { FormSchema, type Form, type Slot } from './form-schema';
import { compilePattern } from './pattern';
import { templatePlaceholders } from '@chatbot/core';
import { CHOICES_VARIABLE } from './texts';
import { CANCEL_INTENT, DEFAULT_HANDOFF_INTENT, FALLBACK_INTENT } from './turn';

/** What a form may refer to: the catalogue's intents and the bot's entity types (custom ones; built-ins are always known). */
export interface KnownNames {
  intents: ReadonlySet<string>;
  entityTypes: ReadonlySet<string>;
}

export type FormCheck = { ok: true; form: Form } | { ok: false; reasons: string[] };

/** Intents the policy gives a meaning of its own; a form on one of them could never run. */
const RESERVED_INTENTS = new Set([FALLBACK_INTENT, CANCEL_INTENT, DEFAULT_HANDOFF_INTENT]);
const LANGUAGE_NAMES = { en: 'English (en)', zh: 'Chinese (zh)' } as const;

/**
 * Checks a form before it is saved (the admin API): its shape (FormSchema), and what it refers to.
 * Refuses, each with a sentence saying what to fix: an unknown intent or entity type (listing the
 * known ones), a prompt or reply missing in a language, a placeholder naming no slot (or one not
 * collected yet when the text is said), a pattern that is not a valid regular expression, allowed
 * values the pattern would refuse. On success, gives the form with its defaults applied.
 */
export function checkForm(candidate: unknown, known: KnownNames): FormCheck {
  const parsed = FormSchema.safeParse(candidate);
  if (!parsed.success) return { ok: false, reasons: parsed.error.issues.map((issue) => describeFormIssue(issue, candidate)) };
  const form = parsed.data;
  const reasons: string[] = [];

  if (RESERVED_INTENTS.has(form.intent)) reasons.push(`The intent "${form.intent}" cannot have a form: the bot gives it a meaning of its own.`);
  else if (!known.intents.has(form.intent)) reasons.push(`The intent "${form.intent}" is not in the catalogue: add the intent first, or pick one that exists.`);

  const entityTypes = [FREE_TEXT, ...new Set([...BUILTIN_ENTITY_TYPES, ...[...known.entityTypes].sort()])];
  form.slots.forEach((slot, index) => {
    const label = `slot ${index + 1} ("${slot.name}")`;
    if (!entityTypes.includes(slot.entity)) {
      reasons.push(`The entity type "${slot.entity}" of ${label} does not exist. Known types: ${entityTypes.join(', ')} ("${FREE_TEXT}" takes the message's own text).`);
    }
    reasons.push(...allowedValueProblems(slot, label));
    const earlier = form.slots.slice(0, index).map((other) => other.name);
    const extra = slot.allowed ? [CHOICES_VARIABLE] : [];
    for (const language of ['en', 'zh'] as const) {
      reasons.push(...placeholderProblems(form, slot.prompt[language], `The ${LANGUAGE_NAMES[language]} prompt of ${label}`, [...earlier, ...extra], slot));
      if (slot.invalid)
        reasons.push(
          ...placeholderProblems(form, slot.invalid[language], `The ${LANGUAGE_NAMES[language]} refusal reason (invalid) of ${label}`, [...earlier, ...extra], slot),
        );
    }
  });
  const all = form.slots.map((slot) => slot.name);
  for (const language of ['en', 'zh'] as const) {
    if (form.confirm) reasons.push(...placeholderProblems(form, form.confirm[language], `The ${LANGUAGE_NAMES[language]} confirmation question (confirm)`, all, null));
    reasons.push(...placeholderProblems(form, form.done[language], `The ${LANGUAGE_NAMES[language]} completion reply (done)`, all, null));
  }
  return reasons.length > 0 ? { ok: false, reasons } : { ok: true, form };
}

/** Every {name} in a text must be a variable it will have: `usable` (slots collected by then, {_choices}). */
function placeholderProblems(form: Form, text: string, what: string, usable: readonly string[], slot: Slot | null): string[] {
  const slotNames = form.slots.map((other) => other.name);
  return templatePlaceholders(text)
    .filter((name) => !usable.includes(name))
    .map((name) => {
      if (name === CHOICES_VARIABLE) return `${what} uses {${name}}, but only a slot with allowed values has it.`;
      if (slot && name === slot.name) return `${what} uses {${name}}, the slot's own value, which is not known yet when it is said.`;
      if (slotNames.includes(name)) return `${what} uses {${name}}, which is asked later: a slot's texts can only use the slots before it.`;
      return `${what} uses {${name}}, which is not a slot of this form (its slots: ${slotNames.join(', ')}).`;
    });
}

function allowedValueProblems(slot: Slot, label: string): string[] {
  if (!slot.allowed) return [];
  const problems: string[] = [];
  const seen = new Set<string>();
  const regex = slot.pattern === undefined ? null : compilePattern(slot.pattern);
  for (const value of slot.allowed) {
    const key = value.normalize('NFKC').toLowerCase();
    if (seen.has(key)) problems.push(`The allowed values of ${label} list "${value}" twice.`);
    seen.add(key);
    if (regex && !regex.test(value)) problems.push(`The allowed value "${value}" of ${label} does not match its pattern, so it could never be accepted.`);
  }
  return problems;
}
