import type { DecideInput, Decision, DialogueEvent, Reply, SlotValues } from './decision';
import { FREE_TEXT } from './entity';
import type { Form, Slot } from './form-schema';
import { joinSentences, type DialogueLanguage } from './language';
import { validateSlotValue } from './slot-filling';
import { ageInMinutes, MAX_PAUSED, slotValue, type DialogueState, type PausedForm, type SlotValue } from './state';
import { CHOICES_SEPARATOR, CHOICES_VARIABLE } from './texts';

export const DEFAULT_CONFIDENT_AT = 0.7;
export const DEFAULT_HANDOFF_INTENT = 'talk_to_human';
export const CANCEL_INTENT = 'cancel';
export const FALLBACK_INTENT = 'fallback';
/** How many times an unclear answer to a confirmation is asked again before the form's onRetryLimit. */
export const CONFIRM_MAX_RETRIES = 2;

type SimpleReply = Exclude<Reply, { kind: 'sequence' }>;

/** One decision being made: the input, the state being changed (a copy), the replies and events so far. */
export class Turn {
  readonly state: DialogueState;
  readonly events: DialogueEvent[] = [];
  readonly language: DialogueLanguage;
  readonly confidentAt: number;
  readonly handoffIntent: string;
  readonly now: Date;
  readonly nowIso: string;
  private readonly parts: SimpleReply[] = [];
  handoff = false;

  constructor(readonly input: DecideInput) {
    this.state = structuredClone(input.state);
    this.language = input.message.language === 'zh' ? 'zh' : 'en';
    this.confidentAt = input.confidentAt ?? DEFAULT_CONFIDENT_AT;
    this.handoffIntent = input.handoffIntent ?? DEFAULT_HANDOFF_INTENT;
    this.now = input.now;
    this.nowIso = input.now.toISOString();
  }

  get forms(): ReadonlyMap<string, Form> {
    return this.input.forms;
  }

  say(reply: SimpleReply): void {
    this.parts.push(reply);
  }

  /** A template reply: a form's or the policy's text, with the form's collected values as variables. */
  sayTemplate(form: Form | null, template: string, slot: Slot | null = null): void {
    // Replies show each value as the user wrote it ("$12.50", "next Monday"); the normalised value is for actions.
    const variables: Record<string, string> = form ? this.typed(form) : {};
    if (slot?.allowed) variables[CHOICES_VARIABLE] = slot.allowed.join(CHOICES_SEPARATOR[this.language]);
    this.say({ kind: 'template', template, variables });
  }

  /** Asks for a slot: its prompt, after `lead` (a refusal reason, "let's start again") if any. */
  ask(form: Form, slot: Slot, lead: string | null = null): void {
    this.sayTemplate(form, joinSentences(this.language, lead, slot.prompt[this.language]), slot);
  }

  /** The form's slot value that counts now: set within the form's TTL, and valid for this form's slot. */
  current(form: Form, slot: Slot): SlotValue | undefined {
    const stored = slotValue(this.state, slot.name);
    if (!stored || ageInMinutes(stored.setAt, this.now) > form.slotTtlMinutes) return undefined;
    return validateSlotValue(slot, stored.value, stored.text).ok ? stored : undefined;
  }

  firstMissing(form: Form): Slot | undefined {
    return form.slots.find((slot) => !this.current(form, slot));
  }

  /** The form's slots that have a current value, with the values. */
  /** The form's current slot values as the user typed them. */
  typed(form: Form): Record<string, string> {
    const texts: Record<string, string> = {};
    for (const slot of form.slots) {
      const stored = this.current(form, slot);
      // Free text and allowed values are already in their final form (trimmed; the form's spelling).
      if (stored) texts[slot.name] = slot.entity === FREE_TEXT || slot.allowed ? String(stored.value) : stored.text.trim();
    }
    return texts;
  }

  collected(form: Form): SlotValues {
    const values: SlotValues = {};
    for (const slot of form.slots) {
      const stored = this.current(form, slot);
      if (stored) values[slot.name] = stored.value;
    }
    return values;
  }

  pause(form: PausedForm): void {
    this.state.paused = [...this.state.paused.filter((paused) => paused.intent !== form.intent), form].slice(-MAX_PAUSED);
  }

  /** Whether the prediction is confidently the given intent, or (with no intent given) any in-scope intent. */
  confident(intent?: string): boolean {
    const { prediction } = this.input;
    return !prediction.outOfScope && prediction.intent !== null && prediction.confidence >= this.confidentAt && (intent === undefined || prediction.intent === intent);
  }

  decision(handled: boolean): Decision {
    const reply: Reply | null = this.parts.length === 0 ? null : this.parts.length === 1 ? (this.parts[0] as SimpleReply) : { kind: 'sequence', parts: [...this.parts] };
    return { state: this.state, reply, handoff: this.handoff, handled, events: this.events };
  }
}
