import type { ActionCallOutcome } from '@chatbot/actions';
import type { ActionResponse, Button } from '@chatbot/actions-sdk';
import { renderTemplate, templatePlaceholders, type ActionReplyContext, type CatalogueLanguage, type ReplyPart } from '@chatbot/core';
import { startFormForAction, type DialogueState } from '@chatbot/dialogue';
import type { BotCatalogue } from '../bot-catalogue';
import { composeReply } from '../dialogue-turn';
import { HANDOFF_ENTRY } from '../handoff-policy';
import { ACTION_FAILED_TEXT, talkToPersonButton } from './action-texts';

/**
 * The placeholder an action's own text travels in. An action's text is untrusted (it comes from a
 * business's server), so all of it is a value that each channel escapes, never markup; the leading
 * underscore keeps it apart from slot names, which start with a letter.
 */
export const ACTION_TEXT_VARIABLE = '_action_reply';

/** How an action call ended, as far as the reply is concerned. */
export type ActionResult = ActionCallOutcome | { status: 'not_configured' } | { status: 'not_repeated' };

export interface ActionReply {
  template: string;
  variables: Record<string, string>;
  buttons: Button[];
  state: DialogueState;
  handoff: boolean;
  kind: 'bot' | 'system';
}

export interface ActionReplyInput {
  result: ActionResult;
  context: ActionReplyContext;
  state: DialogueState;
  language: CatalogueLanguage;
  bot: BotCatalogue;
  /** The message's id: picks catalogue variants and is recorded as the turn that set a slot. */
  messageId: string;
  now: Date;
}

/**
 * The reply to a message an action answered: what was to be said before, the action's answer (its
 * text, a catalogue reply, or the fallback), then what was to be said after (a resumed form's
 * question, or the form the action started). A failed call is answered with an apology and a button
 * to reach a person, never silence; the slots collected stay.
 */
export function composeActionReply(input: ActionReplyInput): ActionReply {
  const { result, context, language } = input;
  if (result.status === 'not_configured') return assemble([context.before, context.fallback, context.after], [], input.state, false);
  if (result.status !== 'ok') {
    return assemble([context.before, { template: ACTION_FAILED_TEXT[language], variables: {} }, context.after], [talkToPersonButton(language)], input.state, false);
  }
  const response = result.response;
  const state = applySlots(input.state, response, input.messageId, input.now);
  const values = stringValues(response.variables);
  const main = answerOf(response, values, state, input);
  if (response.handoff) {
    // No more questions once a person takes over; the slots stay for the agent.
    const handedOver: DialogueState = { ...state, form: null, paused: [] };
    const notice = main ?? composeReply(input.bot, { kind: 'intent', intent: HANDOFF_ENTRY }, handedOver, language, input.messageId);
    return { ...assemble([context.before, notice], response.buttons ?? [], handedOver, true), kind: main ? 'bot' : 'system' };
  }
  if (response.startForm) {
    const started = startFormForAction({ state, intent: response.startForm, forms: input.bot.forms, language, now: input.now });
    if (started.handled && started.reply) {
      const question = composeReply(input.bot, started.reply, started.state, language, input.messageId);
      return assemble([context.before, main, question], response.buttons ?? [], started.state, false);
    }
  }
  return assemble([context.before, main ?? context.fallback, context.after], response.buttons ?? [], state, false);
}

/** The action's own answer as a reply part: its text (one escaped value), or a catalogue reply with its values; null for neither. */
function answerOf(response: ActionResponse, values: Record<string, string>, state: DialogueState, input: ActionReplyInput): ReplyPart | null {
  if (response.text !== undefined) return { template: `{${ACTION_TEXT_VARIABLE}}`, variables: { [ACTION_TEXT_VARIABLE]: renderTemplate(response.text, values) } };
  if (response.replyKey !== undefined) {
    const catalogue = composeReply(input.bot, { kind: 'intent', intent: response.replyKey }, state, input.language, input.messageId);
    return { template: catalogue.template, variables: { ...catalogue.variables, ...values } };
  }
  return null;
}

function applySlots(state: DialogueState, response: ActionResponse, messageId: string, now: Date): DialogueState {
  if (!response.slots) return state;
  const slots = { ...state.slots };
  for (const [name, value] of Object.entries(response.slots)) {
    if (value === null) delete slots[name];
    else slots[name] = { value, text: String(value), turnId: messageId, setAt: now.toISOString() };
  }
  return { ...state, slots };
}

function stringValues(variables: ActionResponse['variables']): Record<string, string> {
  return Object.fromEntries(Object.entries(variables ?? {}).map(([name, value]) => [name, String(value)]));
}

/** Joins the parts (a blank line between them) and keeps only the values the text uses. */
function assemble(parts: ReadonlyArray<ReplyPart | null>, buttons: Button[], state: DialogueState, handoff: boolean): ActionReply {
  const present = parts.filter((part): part is ReplyPart => part !== null);
  const template = present.map((part) => part.template).join('\n\n');
  const offered: Record<string, string> = Object.assign({}, ...present.map((part) => part.variables));
  const variables = Object.fromEntries(templatePlaceholders(template).flatMap((name) => (Object.hasOwn(offered, name) ? [[name, offered[name]!]] : [])));
  return { template, variables, buttons, state, handoff, kind: 'bot' };
}
