import { ChannelNameSchema } from '@chatbot/core';
import { z } from 'zod';
import type { Db } from './database';
import { RecordNotFoundError } from './errors';
import type { Conversation, Label, Prisma, Turn } from './generated/prisma/client';
import { listTurns } from './turns';

export const ConversationFilterSchema = z.object({
  channel: ChannelNameSchema.optional(),
  status: z.enum(['open', 'handed_off', 'closed']).optional(),
  /** Conversations with at least one user message classified as this intent. */
  intent: z.string().min(1).max(100).optional(),
  /** Conversations with at least one user message classified with confidence below this. */
  maxConfidence: z.number().min(0).max(1).optional(),
  /** Conversations with a message at or after this moment (and at or before `to`, when given). */
  from: z.date().optional(),
  to: z.date().optional(),
  /** Case-insensitive text search over every turn (user, bot and agent). */
  q: z.string().trim().min(1).max(200).optional(),
  limit: z.number().int().min(1).max(200).default(50),
  offset: z.number().int().min(0).default(0),
});
export type ConversationFilter = z.input<typeof ConversationFilterSchema>;

export type ConversationSummary = Conversation & { turnCount: number };

/** Conversations matching every given filter, most recently active first, and how many match in all. */
export async function listConversations(db: Db, filter: ConversationFilter = {}): Promise<{ items: ConversationSummary[]; total: number }> {
  const { channel, status, intent, maxConfidence, from, to, q, limit, offset } = ConversationFilterSchema.parse(filter);
  // Each turn condition is its own `some`, so "intent X" and "text Y" may match different turns.
  const turnConditions: Prisma.TurnWhereInput[] = [];
  if (intent !== undefined) turnConditions.push({ direction: 'inbound', intent });
  if (maxConfidence !== undefined) turnConditions.push({ direction: 'inbound', confidence: { lt: maxConfidence } });
  if (q !== undefined) turnConditions.push({ text: { contains: q, mode: 'insensitive' } });
  if (from !== undefined || to !== undefined) turnConditions.push({ createdAt: { gte: from, lte: to } });
  const where: Prisma.ConversationWhereInput = {
    channel,
    status,
    AND: turnConditions.map((condition) => ({ turns: { some: condition } })),
  };
  const [rows, total] = await Promise.all([
    db.conversation.findMany({
      where,
      include: { _count: { select: { turns: true } } },
      orderBy: [{ lastMessageAt: 'desc' }, { id: 'desc' }],
      take: limit,
      skip: offset,
    }),
    db.conversation.count({ where }),
  ]);
  return { items: rows.map(({ _count, ...conversation }) => ({ ...conversation, turnCount: _count.turns })), total };
}

export type TurnWithLabel = Turn & { label: Pick<Label, 'intent' | 'createdBy' | 'createdAt'> | null };

/** One conversation with all its turns in order, each with its current (newest) label. */
export async function getConversationWithTurns(db: Db, id: string): Promise<Conversation & { turns: TurnWithLabel[] }> {
  const conversation = z.uuid().safeParse(id).success ? await db.conversation.findUnique({ where: { id } }) : null;
  if (!conversation) throw new RecordNotFoundError(`conversation ${id} does not exist`);
  const turns = await listTurns(db, { conversationId: id });
  const labels = await db.label.findMany({
    where: { turnId: { in: turns.map((turn) => turn.id) } },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
  });
  const newestLabel = new Map<string, Label>();
  for (const label of labels) if (!newestLabel.has(label.turnId)) newestLabel.set(label.turnId, label);
  return {
    ...conversation,
    turns: turns.map((turn) => {
      const label = newestLabel.get(turn.id);
      return { ...turn, label: label ? { intent: label.intent, createdBy: label.createdBy, createdAt: label.createdAt } : null };
    }),
  };
}

/**
 * Privacy request: deletes every conversation of one end user on one channel, with their turns and
 * labels (by cascade). Throws RecordNotFoundError when there is nothing of theirs.
 */
export async function deleteEndUserData(db: Db, channel: string, userId: string): Promise<{ conversations: number; turns: number; labels: number }> {
  return db.$transaction(async (tx) => {
    const where = { channel, userId };
    const conversations = await tx.conversation.findMany({ where, select: { id: true } });
    if (conversations.length === 0) throw new RecordNotFoundError(`no conversations of user ${userId} on channel ${channel}`);
    const conversationIds = conversations.map((conversation) => conversation.id);
    const turns = await tx.turn.count({ where: { conversationId: { in: conversationIds } } });
    const labels = await tx.label.count({ where: { turn: { conversationId: { in: conversationIds } } } });
    await tx.conversation.deleteMany({ where: { id: { in: conversationIds } } });
    return { conversations: conversationIds.length, turns, labels };
  });
}
