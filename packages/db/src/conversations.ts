import { z } from 'zod';
import type { Db } from './database';
import { RecordNotFoundError } from './errors';
import { Prisma, type ConversationStatus } from './generated/prisma/client';

const ConversationStatusSchema = z.enum(['open', 'handed_off', 'closed']);

/** The conversation's status, or null when no such conversation exists yet. */
export async function getConversationStatus(db: Db, channel: string, conversationKey: string): Promise<ConversationStatus | null> {
  const conversation = await db.conversation.findUnique({
    where: { channel_conversationKey: { channel, conversationKey } },
    select: { status: true },
  });
  return conversation?.status ?? null;
}

export async function setConversationStatus(db: Db, conversationId: string, status: ConversationStatus): Promise<void> {
  const validStatus = ConversationStatusSchema.parse(status);
  if (!z.uuid().safeParse(conversationId).success) throw new RecordNotFoundError(`conversation ${conversationId} does not exist`);
  try {
    await db.conversation.update({ where: { id: conversationId }, data: { status: validStatus } });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2025') {
      throw new RecordNotFoundError(`conversation ${conversationId} does not exist`);
    }
    throw error;
  }
}
