import type { Db } from './database';

/** What the feedback queue carries, as the store needs it. */
export interface ReplyFeedbackInput {
  channel: string;
  conversationKey: string;
  /** The reply's turn id (OutboundMessage.id). */
  replyId: string;
  /** null: the user took their rating back. */
  helpful: boolean | null;
}

/**
 * Stores an end user's rating on the bot's reply. Only a reply of the bot or the platform (not a
 * human agent's) in the rater's own conversation can be rated: false when no such reply exists, so a
 * forged or stale rating changes nothing. An unhelpful reply puts its question in the review queue.
 */
export async function recordReplyFeedback(db: Db, input: ReplyFeedbackInput): Promise<boolean> {
  const { count } = await db.turn.updateMany({
    where: {
      id: input.replyId,
      direction: 'outbound',
      kind: { in: ['bot', 'system'] },
      conversation: { channel: input.channel, conversationKey: input.conversationKey },
    },
    data: { helpful: input.helpful },
  });
  return count === 1;
}
