import type { Db } from './database';

export interface RetentionResult {
  conversations: number;
  turns: number;
}

/**
 * Data retention: deletes what is stored of the conversations quiet since `cutoff`: every turn
 * except the messages an admin labelled (they are retraining data; `deleteEndUserData` erases those
 * too), and each conversation once no turn of it is left. Works through the backlog in batches of
 * `batchSize` conversations, one transaction each, so no lock is held for long. A conversation that
 * gets a new message meanwhile is no longer quiet and keeps everything.
 */
export async function deleteQuietConversations(db: Db, cutoff: Date, batchSize = 500): Promise<RetentionResult> {
  const quiet = { lastMessageAt: { lt: cutoff } };
  const total: RetentionResult = { conversations: 0, turns: 0 };
  for (;;) {
    // Only conversations with something left to delete, so kept labelled turns do not come back every batch.
    const batch = await db.conversation.findMany({
      where: { ...quiet, OR: [{ turns: { none: {} } }, { turns: { some: { labels: { none: {} } } } }] },
      select: { id: true },
      orderBy: { lastMessageAt: 'asc' },
      take: batchSize,
    });
    if (batch.length === 0) return total;
    const ids = batch.map((conversation) => conversation.id);
    const deleted = await db.$transaction(async (tx) => {
      const turns = await tx.turn.deleteMany({ where: { conversationId: { in: ids }, conversation: quiet, labels: { none: {} } } });
      const conversations = await tx.conversation.deleteMany({ where: { id: { in: ids }, ...quiet, turns: { none: {} } } });
      return { turns: turns.count, conversations: conversations.count };
    });
    total.turns += deleted.turns;
    total.conversations += deleted.conversations;
    if (batch.length < batchSize) return total;
  }
}
