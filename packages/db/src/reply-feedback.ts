import type { Db } from './database';
import type { Prisma } from './generated/prisma/client';

/** What the feedback queue carries, as the store needs it. */
export interface ReplyFeedbackInput {
  channel: string;
  conversationKey: string;
  /** The reply's turn id (OutboundMessage.id). */
  replyId: string;
  /** null: the user took their rating back. */
  helpful: boolean | null;
  /** When the adapter passed the rating on. */
  ratedAt: Date;
}

/** stored; superseded: a newer rating of the reply was stored already; no-reply: nothing of this conversation to rate. */
export type ReplyFeedbackOutcome = 'stored' | 'superseded' | 'no-reply';

/**
 * Stores an end user's rating on the bot's reply, unless a newer rating of it is stored already
 * (ratings may be stored out of order: several workers, retries). Only a reply of the bot or the
 * platform (not a human agent's) in the rater's own conversation can be rated, so a forged or stale
 * rating changes nothing. An unhelpful reply puts its question in the review queue.
 */
export async function recordReplyFeedback(db: Db, input: ReplyFeedbackInput): Promise<ReplyFeedbackOutcome> {
  const rateable: Prisma.TurnWhereInput = {
    id: input.replyId,
    direction: 'outbound',
    kind: { in: ['bot', 'system'] },
    conversation: { channel: input.channel, conversationKey: input.conversationKey },
  };
  const { count } = await db.turn.updateMany({
    where: { ...rateable, OR: [{ ratedAt: null }, { ratedAt: { lte: input.ratedAt } }] },
    data: { helpful: input.helpful, ratedAt: input.ratedAt },
  });
  if (count === 1) return 'stored';
  return (await db.turn.count({ where: rateable })) === 1 ? 'superseded' : 'no-reply';
}
