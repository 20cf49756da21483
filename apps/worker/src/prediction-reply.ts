import type { CatalogueLanguage } from '@chatbot/core';
import type { DialogueState, Reply } from '@chatbot/dialogue';
import type { Prediction } from '@chatbot/model';
import type { BotCatalogue } from './bot-catalogue';
import { composeReply } from './dialogue-turn';
import { FALLBACK_INTENT } from './reply-chooser';

/**
 * The reply to a prediction the dialogue layer did not take: the intent's catalogue reply (the
 * fallback's, for a message the model did not understand), or, when the intent names an action the
 * bot has configured, that action's answer, as a completed form's would be (see deferredReply). The
 * catalogue reply is then the action's fallback, said if the action is gone by the time it is called.
 * An intent naming an action that is not configured is simply answered from the catalogue.
 */
export function replyToPrediction(bot: BotCatalogue, prediction: Prediction, state: DialogueState, language: CatalogueLanguage, variantKey: string): Reply {
  const intent = prediction.outOfScope || !prediction.intent ? FALLBACK_INTENT : prediction.intent;
  const catalogueReply: Reply = { kind: 'intent', intent };
  const action = bot.intents.get(intent)?.action;
  if (!action || !bot.actions.has(action)) return catalogueReply;
  const { template, variables } = composeReply(bot, catalogueReply, state, language, variantKey);
  return { kind: 'action', action, form: null, fallback: { template, variables } };
}
