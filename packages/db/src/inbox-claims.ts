import { z } from 'zod';
import { agentDisplayName } from './api-keys';
import type { Db } from './database';
import { ConversationClaimedError, ConversationNotHandedOffError, RecordNotFoundError } from './errors';
import type { Conversation, Prisma } from './generated/prisma/client';
import { typedTextSchema } from './typed-text';

/** The person behind an agent key: the key's id, which a claim records, and the name end users see. */
export interface InboxAgent {
  id: string;
  displayName: string;
}

export const CloseReasonSchema = typedTextSchema('a close reason', 500);

type LockedConversation = Conversation & { claimedBy: { name: string; displayName: string | null } | null };

/**
 * Locks the conversation's row until the transaction ends, so that two agents claiming or answering
 * it at once take turns: the second sees what the first wrote and is refused.
 */
export async function lockConversation(tx: Prisma.TransactionClient, conversationId: string): Promise<LockedConversation> {
  const found = z.uuid().safeParse(conversationId).success
    ? await tx.$queryRaw<unknown[]>`SELECT 1 FROM conversations WHERE id = ${conversationId}::uuid FOR UPDATE`
    : [];
  if (found.length === 0) throw new RecordNotFoundError(`conversation ${conversationId} does not exist`);
  return tx.conversation.findUniqueOrThrow({
    where: { id: conversationId },
    include: { claimedBy: { select: { name: true, displayName: true } } },
  });
}

/** Refuses an agent's claim, reply, release or close when no person is wanted there or another agent has it. */
export function assertAgentMayAct(conversation: LockedConversation, agent: InboxAgent): void {
  if (conversation.status !== 'handed_off') {
    throw new ConversationNotHandedOffError(`conversation ${conversation.id} is ${conversation.status}, not handed off: the bot has it or it is closed`);
  }
  if (conversation.claimedBy && conversation.claimedById !== agent.id) {
    throw new ConversationClaimedError(`conversation ${conversation.id} is claimed by ${JSON.stringify(agentDisplayName(conversation.claimedBy))}`);
  }
}

/** The columns that make `agent` the conversation's claimant; nothing when it already is (its claim keeps its time). */
export function claimFor(conversation: LockedConversation, agent: InboxAgent, now: Date): Prisma.ConversationUncheckedUpdateInput {
  return conversation.claimedById === agent.id ? {} : { claimedById: agent.id, claimedAt: now };
}

/**
 * Claims a handed-off conversation for an agent, atomically: of two agents claiming at once, one
 * gets it and the other gets ConversationClaimedError naming them. Claiming one's own again is harmless.
 */
export function claimConversation(db: Db, conversationId: string, agent: InboxAgent): Promise<{ id: string; claimedBy: string; claimedAt: Date }> {
  return db.$transaction(async (tx) => {
    const conversation = await lockConversation(tx, conversationId);
    assertAgentMayAct(conversation, agent);
    const claimed = await tx.conversation.update({ where: { id: conversationId }, data: claimFor(conversation, agent, new Date()) });
    return { id: claimed.id, claimedBy: agent.displayName, claimedAt: claimed.claimedAt! }; // just set, or kept
  });
}

/**
 * Ends the people's part of a conversation: back to the bot (`open`) or `closed` with a reason. The
 * database's trigger drops the claim as the status changes. An agent may only end what is handed off
 * and not claimed by someone else; an admin (no agent) may end any conversation, claimed or not.
 */
function endHandoff(db: Db, conversationId: string, agent: InboxAgent | null, data: Prisma.ConversationUpdateInput): Promise<Conversation> {
  return db.$transaction(async (tx) => {
    const conversation = await lockConversation(tx, conversationId);
    if (agent) assertAgentMayAct(conversation, agent);
    return tx.conversation.update({ where: { id: conversationId }, data });
  });
}

/** Gives the conversation back to the bot, which answers the user's next message again. */
export function releaseConversation(db: Db, conversationId: string, agent: InboxAgent | null): Promise<Conversation> {
  return endHandoff(db, conversationId, agent, { status: 'open' });
}

/** Closes the conversation with the reason the agent gave (a later message from the user reaches the bot). */
export function closeConversation(db: Db, conversationId: string, reason: string, agent: InboxAgent | null): Promise<Conversation> {
  return endHandoff(db, conversationId, agent, { status: 'closed', closedReason: CloseReasonSchema.parse(reason) });
}
