import type { Form, Slot } from './form-schema';
import { joinSentences } from './language';
import { fillSlots, type FillResult, type Rejection } from './slot-filling';
import { slotValue, type ActiveForm } from './state';
import { CONFIRM_MAX_RETRIES, FALLBACK_INTENT, type Turn } from './turn';
import { DEFAULT_REFUSALS, POLICY_TEXTS } from './texts';

/**
 * The steps of a form: start, fill, ask the next slot, confirm, complete, give up, be interrupted,
 * be resumed. Each changes the turn's state and adds replies and events.
 */

/** Fills slots from the message into the state, with an event per slot. */
export function applyFill(turn: Turn, form: Form, request: { slots: readonly Slot[]; asking: string | null }): FillResult {
  const { message, entities } = turn.input;
  const result = fillSlots({ ...request, entities, text: message.text, now: turn.now, turnId: message.turnId ?? null });
  for (const { slot, value } of result.filled) {
    turn.state.slots[slot] = value;
    turn.events.push({ type: 'slot_filled', intent: form.intent, slot, value: value.value });
  }
  return result;
}

/** Starts a form: takes what the message already says, reuses what is still known, asks the rest. */
export function startForm(turn: Turn, form: Form): void {
  turn.state.paused = turn.state.paused.filter((paused) => paused.intent !== form.intent);
  turn.state.form = { intent: form.intent, asking: null, retries: 0, confirming: false, updatedAt: turn.nowIso };
  turn.events.push({ type: 'form_started', intent: form.intent });
  const fill = applyFill(turn, form, { slots: form.slots, asking: null });
  for (const slot of form.slots) {
    const stored = turn.current(form, slot);
    if (stored && !fill.filled.some((filled) => filled.slot === slot.name))
      turn.events.push({ type: 'slot_reused', intent: form.intent, slot: slot.name, value: stored.value });
  }
  // A value in the message that the first question would refuse: say why right away.
  const first = turn.firstMissing(form);
  const refusal = first && fill.rejected.get(first.name);
  advance(turn, form, first && refusal ? refusalText(turn, first, refusal) : null);
}

/** Asks the first missing slot, or the confirmation, or completes the form. */
export function advance(turn: Turn, form: Form, lead: string | null = null): void {
  const active = turn.state.form as ActiveForm;
  const missing = turn.firstMissing(form);
  if (missing) {
    const retries = active.asking === missing.name ? active.retries : 0;
    turn.state.form = { ...active, asking: missing.name, retries, confirming: false, updatedAt: turn.nowIso };
    turn.ask(form, missing, lead);
    return;
  }
  if (form.confirm && !active.confirming) {
    turn.state.form = { ...active, asking: null, retries: 0, confirming: true, updatedAt: turn.nowIso };
    turn.events.push({ type: 'confirmation_requested', intent: form.intent });
    turn.sayTemplate(form, form.confirm[turn.language]);
    return;
  }
  complete(turn, form);
}

/** The form is done: its completion reply with the collected values, then any paused form. */
export function complete(turn: Turn, form: Form): void {
  const slots = turn.collected(form);
  turn.events.push({ type: 'form_completed', intent: form.intent, slots });
  if (form.action) {
    turn.events.push({ type: 'action_requested', intent: form.intent, action: form.action });
    turn.say({ kind: 'action', action: form.action, form: form.intent, fallback: { template: form.done[turn.language], variables: turn.typed(form) } });
  } else turn.sayTemplate(form, form.done[turn.language]);
  turn.state.form = null;
  resumePaused(turn);
}

/** Resumes the most recently paused form that still exists, if any, and asks where it was. */
export function resumePaused(turn: Turn): void {
  while (turn.state.form === null && turn.state.paused.length > 0) {
    const paused = turn.state.paused.pop()!;
    const form = turn.forms.get(paused.intent);
    if (!form) continue;
    turn.state.form = { intent: paused.intent, asking: paused.asking, retries: paused.retries, confirming: false, updatedAt: turn.nowIso };
    turn.events.push({ type: 'form_resumed', intent: form.intent });
    advance(turn, form);
  }
}

/** The slot (or, with slot null, the confirmation) was not answered usably: ask again with the reason, or give up. */
export function retry(turn: Turn, form: Form, slot: Slot | null, refusal: Rejection): void {
  const active = turn.state.form as ActiveForm;
  const retries = active.retries + 1;
  if (slot)
    turn.events.push({ type: 'slot_rejected', intent: form.intent, slot: slot.name, reason: refusal.code, ...(refusal.value !== undefined && { value: refusal.value }) });
  else turn.events.push({ type: 'confirmation_unclear', intent: form.intent });
  if (retries > (slot ? slot.maxRetries : CONFIRM_MAX_RETRIES)) {
    giveUp(turn, form, slot);
    return;
  }
  turn.state.form = { ...active, retries, updatedAt: turn.nowIso };
  if (slot) turn.ask(form, slot, refusalText(turn, slot, refusal));
  else turn.sayTemplate(form, joinSentences(turn.language, POLICY_TEXTS.confirmUnclear[turn.language], form.confirm?.[turn.language] ?? ''));
}

/** Past the retry limit: hand off with the slots collected, or fall back (keeping them). */
function giveUp(turn: Turn, form: Form, slot: Slot | null): void {
  turn.events.push({ type: 'retry_limit', intent: form.intent, slot: slot?.name ?? null, outcome: form.onRetryLimit });
  turn.state.form = null;
  if (form.onRetryLimit === 'handoff') {
    handOff(turn, form);
    return;
  }
  turn.say({ kind: 'intent', intent: FALLBACK_INTENT });
  resumePaused(turn);
}

/** Hands the conversation to a person: no reply of the bot's, no form left waiting; the slots stay for the agent. */
export function handOff(turn: Turn, form: Form): void {
  turn.events.push({ type: 'handoff_requested', intent: form.intent, slots: turn.collected(form) });
  turn.state.form = null;
  turn.state.paused = [];
  turn.handoff = true;
}

export function cancel(turn: Turn, form: Form): void {
  turn.events.push({ type: 'form_cancelled', intent: form.intent });
  turn.state.form = null;
  const resumes = turn.state.paused.some((paused) => turn.forms.has(paused.intent));
  turn.sayTemplate(null, (resumes ? POLICY_TEXTS.cancelledResuming : POLICY_TEXTS.cancelled)[turn.language]);
  resumePaused(turn);
}

/** The user said no to the confirmation: forget the form's values and ask them all again. */
export function restart(turn: Turn, form: Form): void {
  turn.events.push({ type: 'confirmation_denied', intent: form.intent });
  for (const slot of form.slots) if (slotValue(turn.state, slot.name)) delete turn.state.slots[slot.name];
  turn.state.form = { ...(turn.state.form as ActiveForm), asking: null, retries: 0, confirming: false };
  advance(turn, form, POLICY_TEXTS.restart[turn.language]);
}

/**
 * Another intent, confidently: the form is paused (resumed right after, when it resumes at all) and
 * the other intent answered, or its own form started.
 */
export function interrupt(turn: Turn, form: Form, by: string): void {
  const active = turn.state.form as ActiveForm;
  turn.events.push({ type: 'form_interrupted', intent: form.intent, by, resumes: form.resumeAfterInterruption });
  turn.state.form = null;
  if (form.resumeAfterInterruption) turn.pause({ intent: active.intent, asking: active.asking, retries: active.retries, updatedAt: turn.nowIso });
  const other = turn.forms.get(by);
  if (other) {
    startForm(turn, other);
    return;
  }
  turn.say({ kind: 'intent', intent: by });
  resumePaused(turn);
}

/** The reason said before asking a slot again. */
function refusalText(turn: Turn, slot: Slot, refusal: Rejection): string {
  return (slot.invalid ?? DEFAULT_REFUSALS[refusal.code])[turn.language];
}
