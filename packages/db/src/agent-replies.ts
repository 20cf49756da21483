import { MAX_MESSAGE_LENGTH } from '@chatbot/core';
import type { Db } from './database';
import type { Conversation, Turn } from './generated/prisma/client';
import { assertAgentMayAct, claimFor, lockConversation, type InboxAgent } from './inbox-claims';
import { typedTextSchema } from './typed-text';

/**
 * A human's reply as every channel takes it: trimmed, storable, at most MAX_MESSAGE_LENGTH characters
 * (the platform's one limit; adapters split a long reply into the parts their channel allows).
 */
export const AgentReplyTextSchema = typedTextSchema('reply text', MAX_MESSAGE_LENGTH, ', the most a message may have on any channel');

/**
 * Stores a human's message in a conversation; the caller queues its delivery. An agent's reply is
 * refused unless the conversation is handed off and claimed by nobody else, and it claims an
 * unclaimed one, so that two agents never both answer; an admin's (no agent) is not checked.
 * `waitedMs`: for the first human reply since the conversation was handed off, how long the user
 * waited for it (the time to first reply); null for every other reply.
 */
export async function recordAgentReply(
  db: Db,
  conversationId: string,
  text: string,
  agent: InboxAgent | null = null,
): Promise<{ conversation: Conversation; turn: Turn; waitedMs: number | null }> {
  const validText = AgentReplyTextSchema.parse(text);
  return db.$transaction(async (tx) => {
    const existing = await lockConversation(tx, conversationId);
    if (agent) assertAgentMayAct(existing, agent);
    const now = new Date();
    // Under the conversation's lock, so that of two replies at once only one counts as the first.
    const handedOffAt = existing.status === 'handed_off' ? existing.handedOffAt : null;
    const answeredBefore = handedOffAt !== null && (await tx.turn.count({ where: { conversationId, kind: 'agent', createdAt: { gte: handedOffAt } } })) > 0;
    const turn = await tx.turn.create({
      data: { conversationId, channel: existing.channel, direction: 'outbound', kind: 'agent', text: validText, agentName: agent?.displayName ?? null, createdAt: now },
    });
    const conversation = await tx.conversation.update({
      where: { id: conversationId },
      data: { lastMessageAt: now, ...(agent ? claimFor(existing, agent, now) : {}) },
    });
    return { conversation, turn, waitedMs: handedOffAt === null || answeredBefore ? null : now.getTime() - handedOffAt.getTime() };
  });
}
