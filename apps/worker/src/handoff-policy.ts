import type { ConversationState } from '@chatbot/db';

/** The intent of a user who asks for a person. */
export const TALK_TO_HUMAN_INTENT = 'talk_to_human';
/** Catalogue entry said when the conversation is handed over to a human agent. */
export const HANDOFF_ENTRY = 'handoff';

/**
 * A conversation goes to a human when the user asks for one, or when the bot fails to understand
 * two messages in a row: this one and the previous one, which got the bot's fallback reply (a
 * previous message answered by the handoff notice, or not answered while an agent had the
 * conversation, does not count, so a released conversation starts afresh).
 */
export function shouldHandOff(
  prediction: { intent: string | null; outOfScope: boolean },
  lastUserTurn: Pick<NonNullable<ConversationState['lastUserTurn']>, 'outOfScope' | 'replyKind'> | null,
): boolean {
  if (prediction.intent === TALK_TO_HUMAN_INTENT) return true;
  return prediction.outOfScope && lastUserTurn?.outOfScope === true && lastUserTurn.replyKind === 'bot';
}
