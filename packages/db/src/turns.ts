import type { Db } from './database';
import type { Turn } from './generated/prisma/client';

export interface TurnFilter {
  conversationId: string;
}

/** The turns of a conversation, oldest first (a reply always follows the message it answers). */
export function listTurns(db: Db, filter: TurnFilter): Promise<Turn[]> {
  return db.turn.findMany({
    where: { conversationId: filter.conversationId },
    // A reply with zero latency shares its message's timestamp: inbound sorts before outbound.
    orderBy: [{ createdAt: 'asc' }, { direction: 'asc' }, { id: 'asc' }],
  });
}
