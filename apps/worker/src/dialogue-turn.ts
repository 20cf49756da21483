import { MAX_BUTTONS, type Button } from '@chatbot/actions-sdk';
import { templatePlaceholders, type ActionReplyContext, type CatalogueLanguage, type InboundMessage, type ReplyPart } from '@chatbot/core';
import { decide, parseDialogueState, slotsForEntityExtraction, type Decision, type DialogueState, type Reply } from '@chatbot/dialogue';
import type { Entity } from '@chatbot/entities';
import type { Prediction } from '@chatbot/model';
import type { BotCatalogue } from './bot-catalogue';
import { chooseReply, type ChosenReply } from './reply-chooser';

/** What the dialogue layer made of one message. */
export interface DialogueTurn {
  decision: Decision;
  /** The entities found; null when none were looked for (no form needed any). */
  entities: Entity[] | null;
}

/**
 * Runs the dialogue layer for a classified message: looks for the entity types that the active form,
 * or the predicted intent's form, needs (none, at no cost, when neither has one), then lets the policy
 * decide. Deterministic for a message: "now" is when it was received, so a retried job decides alike.
 */
export function runDialogue(
  bot: BotCatalogue,
  input: { storedState: unknown; message: InboundMessage; prediction: Prediction; language: CatalogueLanguage; timeZone: string },
): DialogueTurn {
  const { message, prediction, language } = input;
  const state = parseDialogueState(input.storedState);
  const predicted = { intent: prediction.intent, confidence: prediction.confidence, outOfScope: prediction.outOfScope };
  const receivedAt = new Date(message.receivedAt);
  const types = slotsForEntityExtraction(state, predicted, bot.forms);
  const entities = types.size === 0 ? null : bot.entities.extract(message.text, { language, types, referenceTime: receivedAt, timeZone: input.timeZone }).entities;
  const decision = decide({
    state,
    message: { text: message.text, language, turnId: message.id },
    prediction: predicted,
    entities: entities ?? [],
    forms: bot.forms,
    now: receivedAt,
  });
  return { decision, entities };
}

/** A reply ready to store and send: a template and the values each channel escapes into it, and its buttons. */
export interface ComposedReply {
  template: string;
  variables: Record<string, string>;
  /** The catalogue buttons of the intents whose replies it holds, in the reply's language. */
  buttons: Button[];
  /** Where the text came from: an intent's catalogue entry ("fallback" among them), or "form". */
  source: string;
  language: CatalogueLanguage;
}

/**
 * Turns the policy's reply into one text. Catalogue replies may use the conversation's slot values
 * too (`{order_id}`) and bring their intent's buttons; the parts of a sequence (an interrupting
 * intent's answer, then the form's question again) are joined by a blank line.
 */
export function composeReply(bot: BotCatalogue, reply: Reply, state: DialogueState, language: CatalogueLanguage, variantKey: string): ComposedReply {
  const parts = reply.kind === 'sequence' ? reply.parts : [reply];
  const slots = Object.fromEntries(Object.entries(state.slots).map(([name, slot]) => [name, slot.text.trim()]));
  const composed = parts.map((part): ComposedReply => {
    if (part.kind === 'template') return { template: part.template, variables: { ...slots, ...part.variables }, buttons: [], source: 'form', language };
    // An action's answer composed here is its fallback: the action is not configured (the worker calls configured ones).
    if (part.kind === 'action') return { template: part.fallback.template, variables: { ...slots, ...part.fallback.variables }, buttons: [], source: 'form', language };
    const chosen: ChosenReply = chooseReply(bot.replies, { intent: part.intent, outOfScope: false, language }, variantKey);
    // The buttons of the entry the text came from: the fallback's, when the intent had no text.
    const buttons = bot.intents.get(chosen.source)?.buttons[chosen.language] ?? [];
    return { template: chosen.text, variables: slots, buttons, source: chosen.source, language: chosen.language };
  });
  const template = composed.map((part) => part.template).join('\n\n');
  const offered: Record<string, string> = Object.assign({}, ...composed.map((part) => part.variables));
  // Only the values the text uses travel with it (and are stored with the reply).
  const variables = Object.fromEntries(templatePlaceholders(template).flatMap((name) => (Object.hasOwn(offered, name) ? [[name, offered[name]!]] : [])));
  const buttons = composed.flatMap((part) => part.buttons).slice(0, MAX_BUTTONS);
  return { template, variables, buttons, source: composed[0]!.source, language: composed[0]!.language };
}

/** A reply whose middle is an action's answer: the action, and what is said around it. */
export interface DeferredReply {
  action: string;
  context: ActionReplyContext;
}

/**
 * Splits off the action of a reply that has one, and that the bot has configured: the worker stores
 * the turn, and an action job gives the reply. Null for a reply without one, or whose action is not
 * configured (its fallback, a form's done text, is then simply the reply).
 */
export function deferredReply(bot: BotCatalogue, reply: Reply | null, state: DialogueState, language: CatalogueLanguage, variantKey: string): DeferredReply | null {
  if (!reply) return null;
  const parts = reply.kind === 'sequence' ? reply.parts : [reply];
  const index = parts.findIndex((part) => part.kind === 'action');
  const part = parts[index];
  if (part?.kind !== 'action' || !bot.actions.has(part.action)) return null;
  const compose = (list: typeof parts): ReplyPart | null => {
    if (list.length === 0) return null;
    const { template, variables } = composeReply(bot, list.length === 1 ? list[0]! : { kind: 'sequence', parts: list }, state, language, variantKey);
    return { template, variables };
  };
  return { action: part.action, context: { fallback: compose([part])!, before: compose(parts.slice(0, index)), after: compose(parts.slice(index + 1)) } };
}
