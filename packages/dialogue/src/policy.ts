import type { DecideInput, Decision } from './decision';
import { DEFAULT_SLOT_TTL_MINUTES, type Form } from './form-schema';
import { advance, applyFill, cancel, complete, handOff, interrupt, restart, retry, startForm } from './form-flow';
import { isCancelPhrase, isNo, isYes } from './phrases';
import { ageInMinutes, type ActiveForm } from './state';
import { CANCEL_INTENT, FALLBACK_INTENT, Turn } from './turn';

/**
 * The dialogue policy: state + prediction + entities in, decision out. Pure and synchronous; the
 * same input (with the same `now`) always gives the same decision.
 *
 * - No active form, and the intent has one: start it (see startForm).
 * - Active form: cancel ("never mind", "算了", a confident `cancel` intent, unless the message is a
 *   plain yes or no to the form's confirmation question) ends it; a confident
 *   handoff intent hands off with the slots; otherwise the message answers the asked slot (and any
 *   other missing one), and a message that fills nothing while confidently being another intent
 *   interrupts the form instead.
 * - No form involved: `handled: false`, the worker answers as it always has.
 */
export function decide(input: DecideInput): Decision {
  const turn = new Turn(input);
  dropExpiredSlots(turn);
  dropStaleForms(turn);

  const active = turn.state.form;
  const form = active && turn.forms.get(active.intent);
  if (active && form) {
    continueForm(turn, active, form);
    return turn.decision(true);
  }
  const { prediction } = input;
  const triggered = !prediction.outOfScope && prediction.intent !== null ? turn.forms.get(prediction.intent) : undefined;
  if (triggered) {
    startForm(turn, triggered);
    return turn.decision(true);
  }
  turn.say({ kind: 'intent', intent: prediction.outOfScope ? FALLBACK_INTENT : (prediction.intent ?? FALLBACK_INTENT) });
  return turn.decision(false);
}

function continueForm(turn: Turn, active: ActiveForm, form: Form): void {
  const { message, prediction } = turn.input;
  // At a yes-or-no question a plain "no" is the answer, though the model may read it as the cancel intent ("no" is how many cancel).
  const answersConfirmation = active.confirming && (isYes(message.text) || isNo(message.text));
  if (isCancelPhrase(message.text) || (turn.confident(CANCEL_INTENT) && !answersConfirmation)) return cancel(turn, form);
  if (turn.confident(turn.handoffIntent)) return handOff(turn, form);
  const missing = turn.firstMissing(form);

  if (active.confirming) {
    // A value expired while the user was asked to confirm: ask it again rather than confirm a gap.
    if (missing) return advance(turn, form);
    if (isYes(message.text)) {
      turn.events.push({ type: 'confirmation_accepted', intent: form.intent });
      return complete(turn, form);
    }
    if (isNo(message.text)) return restart(turn, form);
    if (interrupts(turn, form)) return interrupt(turn, form, prediction.intent as string);
    return retry(turn, form, null, { code: 'no_value' });
  }

  if (!missing) return advance(turn, form);
  // The asked slot, if it is still missing (the form may have changed since it was asked); else the first missing.
  const asked = form.slots.find((slot) => slot.name === active.asking && !turn.current(form, slot)) ?? missing;
  if (asked.name !== active.asking) turn.state.form = { ...active, asking: asked.name, retries: 0 };

  const fillable = form.slots.filter((slot) => slot === asked || !turn.current(form, slot));
  const fill = applyFill(turn, form, { slots: fillable, asking: asked.name });
  if (fill.filled.length === 0 && interrupts(turn, form)) return interrupt(turn, form, prediction.intent as string);
  const refusal = fill.rejected.get(asked.name);
  // Other slots answered but not the asked one, without a wrong value for it: progress, not a retry.
  if (refusal && !(refusal.code === 'no_value' && fill.filled.length > 0)) return retry(turn, form, asked, refusal);
  advance(turn, form);
}

/** Another intent, confidently, that is neither this form's own nor a cancel (those were handled before). */
function interrupts(turn: Turn, form: Form): boolean {
  const { intent } = turn.input.prediction;
  return turn.confident() && intent !== form.intent && intent !== CANCEL_INTENT;
}

/** Drops slot values older than the longest slotTtlMinutes of the forms that use the slot. */
function dropExpiredSlots(turn: Turn): void {
  for (const [name, slot] of Object.entries(turn.state.slots)) {
    let ttl = 0;
    for (const form of turn.forms.values()) if (form.slots.some((formSlot) => formSlot.name === name)) ttl = Math.max(ttl, form.slotTtlMinutes);
    if (ageInMinutes(slot.setAt, turn.now) > (ttl || DEFAULT_SLOT_TTL_MINUTES)) {
      delete turn.state.slots[name];
      turn.events.push({ type: 'slot_expired', slot: name });
    }
  }
}

/** Forgets forms that no longer exist, or that nobody touched for their slotTtlMinutes. */
function dropStaleForms(turn: Turn): void {
  const stale = (intent: string, updatedAt: string | undefined): 'expired' | 'form_removed' | null => {
    const form = turn.forms.get(intent);
    if (!form) return 'form_removed';
    return updatedAt !== undefined && ageInMinutes(updatedAt, turn.now) > form.slotTtlMinutes ? 'expired' : null;
  };
  const active = turn.state.form;
  const reason = active && stale(active.intent, active.updatedAt);
  if (active && reason) {
    turn.events.push({ type: 'form_dropped', intent: active.intent, reason });
    turn.state.form = null;
  }
  turn.state.paused = turn.state.paused.filter((paused) => {
    const why = stale(paused.intent, paused.updatedAt);
    if (why) turn.events.push({ type: 'form_dropped', intent: paused.intent, reason: why });
    return !why;
  });
}

/**
 * Starts a form because an action asked for it (its answer named `startForm`): the slots the
 * conversation already holds are reused and the first missing one is asked. A form that was active
 * is paused, to be resumed when this one ends. `handled: false` when the bot has no such form.
 */
export function startFormForAction(input: {
  state: DecideInput['state'];
  intent: string;
  forms: DecideInput['forms'];
  language: DecideInput['message']['language'];
  now: Date;
}): Decision {
  const turn = new Turn({
    state: input.state,
    message: { text: '', language: input.language, turnId: null },
    prediction: { intent: input.intent, confidence: 1, outOfScope: false },
    entities: [],
    forms: input.forms,
    now: input.now,
  });
  const form = turn.forms.get(input.intent);
  if (!form) return turn.decision(false);
  const active = turn.state.form;
  if (active && active.intent !== form.intent) turn.pause({ intent: active.intent, asking: active.asking, retries: active.retries, updatedAt: turn.nowIso });
  startForm(turn, form);
  return turn.decision(true);
}
