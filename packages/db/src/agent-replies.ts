import { z } from 'zod';
import type { Db } from './database';
import { RecordNotFoundError } from './errors';
import type { Conversation, Turn } from './generated/prisma/client';

export const AgentReplyTextSchema = z.string().trim().min(1, 'reply text is empty').max(4000, 'reply text is longer than 4000 characters');

/** Stores a human agent's message in a conversation; the caller queues its delivery. */
export async function recordAgentReply(db: Db, conversationId: string, text: string): Promise<{ conversation: Conversation; turn: Turn }> {
  const validText = AgentReplyTextSchema.parse(text);
  return db.$transaction(async (tx) => {
    const existing = z.uuid().safeParse(conversationId).success ? await tx.conversation.findUnique({ where: { id: conversationId } }) : null;
    if (!existing) throw new RecordNotFoundError(`conversation ${conversationId} does not exist`);
    const now = new Date();
    const turn = await tx.turn.create({
      data: { conversationId, channel: existing.channel, direction: 'outbound', kind: 'agent', text: validText, createdAt: now },
    });
    const conversation = await tx.conversation.update({ where: { id: conversationId }, data: { lastMessageAt: now } });
    return { conversation, turn };
  });
}
