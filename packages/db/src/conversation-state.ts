import type { Db } from './database';
import type { ConversationStatus, TurnKind } from './generated/prisma/client';

/** What the worker needs to know about a conversation before answering its next message. */
export interface ConversationState {
  conversationId: string;
  status: ConversationStatus;
  /** The newest stored user message: whether the model understood it, the kind of reply it got (null: none) and that reply's buttons (JSON). */
  lastUserTurn: { outOfScope: boolean; replyKind: TurnKind | null; replyButtons: unknown } | null;
  /** The stored dialogue state (JSON, for @chatbot/dialogue to parse), or null before any form. */
  dialogueState: unknown;
  /** The language the conversation was last answered in ('en', 'zh'), or null. */
  language: string | null;
}

/** The conversation's status and newest user message, or null when the conversation does not exist yet. */
export async function getConversationState(db: Db, channel: string, conversationKey: string): Promise<ConversationState | null> {
  const conversation = await db.conversation.findUnique({
    where: { channel_conversationKey: { channel, conversationKey } },
    select: {
      id: true,
      status: true,
      dialogueState: true,
      language: true,
      turns: {
        where: { direction: 'inbound' },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        take: 1,
        select: { outOfScope: true, reply: { select: { kind: true, buttons: true } } },
      },
    },
  });
  if (!conversation) return null;
  const [last] = conversation.turns;
  return {
    conversationId: conversation.id,
    status: conversation.status,
    lastUserTurn: last ? { outOfScope: last.outOfScope, replyKind: last.reply?.kind ?? null, replyButtons: last.reply?.buttons ?? null } : null,
    dialogueState: conversation.dialogueState,
    language: conversation.language,
  };
}
