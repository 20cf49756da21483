import { z } from 'zod';
import type { Db } from './database';
import { RecordNotFoundError, isPrismaError } from './errors';
import { ReplyTemplateSchema, StoredButtonSchema, jsonOrNull, type Exchange } from './exchanges';
import type { ActionCall, Conversation, Prisma, Turn } from './generated/prisma/client';

/**
 * An action call's life: created 'pending' with the user's turn (recordExchange's pendingAction), then
 * `beginActionCall` counts each job that starts calling, and `recordActionReply` stores the outcome,
 * the reply turn and the conversation's new dialogue state in one transaction, once: a retried job
 * finds it finished and re-sends the stored reply.
 */

export type StoredActionCall = ActionCall;

export const ACTION_CALL_STATUSES = ['pending', 'ok', 'error', 'timeout', 'circuit_open', 'not_configured', 'not_repeated'] as const;
export type ActionCallStatus = (typeof ACTION_CALL_STATUSES)[number];

/** An action call as a job finds it: the call as it was before this job (attempts so far, status), the user's turn and the conversation. */
export interface ActionCallInProgress {
  call: StoredActionCall;
  inboundTurn: Turn;
  conversation: Conversation;
  /** The conversation's last `historyTurns` turns up to the user's (oldest first): the request's history. None for a finished call. */
  history: Array<Pick<Turn, 'kind' | 'text' | 'createdAt'>>;
}

/** Where an action job's message lives: from the job's payload, so nothing has to be read first to find it. */
export interface ActionCallMessage {
  channel: string;
  conversationKey: string;
  nativeMessageId: string;
}

/**
 * Counts a job starting on a pending call (a finished one is left alone) and returns what the job
 * needs. The call is on the reply's path, so everything is asked for at once (one round trip, not
 * five in a row): the count, the call, the user's turn and the conversation (found by the message's
 * keys), and the history (`historyTurns` turns up to the user's, which is the newest: a conversation's
 * next message waits for this one's reply).
 */
export async function beginActionCall(db: Db, id: string, message: ActionCallMessage, historyTurns: number): Promise<ActionCallInProgress> {
  const { channel, conversationKey, nativeMessageId } = message;
  const [counted, found, inboundTurn, conversation, newestFirst] = await Promise.all([
    db.actionCall.updateManyAndReturn({ where: { id, status: 'pending' }, data: { attempts: { increment: 1 } } }),
    db.actionCall.findUnique({ where: { id } }),
    db.turn.findUnique({ where: { channel_direction_nativeMessageId: { channel, direction: 'inbound', nativeMessageId } } }),
    db.conversation.findUnique({ where: { channel_conversationKey: { channel, conversationKey } } }),
    db.turn.findMany({
      where: { conversation: { channel, conversationKey } },
      orderBy: { createdAt: 'desc' },
      take: historyTurns,
      select: { kind: true, text: true, createdAt: true },
    }),
  ]);
  if (!found || !inboundTurn || !conversation || found.inboundTurnId !== inboundTurn.id) {
    throw new RecordNotFoundError(`action call ${id} does not exist for message ${channel}/${nativeMessageId}`);
  }
  // The call as it was before this job: the count this job added is taken off again.
  const call = counted[0] ? { ...counted[0], attempts: counted[0].attempts - 1 } : found;
  const history = counted[0] ? newestFirst.filter((turn) => turn.createdAt <= inboundTurn.createdAt).reverse() : [];
  return { call, inboundTurn, conversation, history };
}

export async function markInterimSent(db: Db, id: string, at: Date): Promise<void> {
  await db.actionCall.updateMany({ where: { id, interimSentAt: null }, data: { interimSentAt: at } });
}

export const ActionReplySchema = z.object({
  actionCallId: z.uuid(),
  status: z.enum(ACTION_CALL_STATUSES).exclude(['pending']),
  httpStatus: z.int().nullable(),
  latencyMs: z.number().min(0).nullable(),
  response: z.record(z.string(), z.unknown()).nullable(),
  error: z.string().max(2000).nullable(),
  reply: z.object({
    text: z.string().min(1),
    kind: z.enum(['bot', 'system']),
    latencyMs: z.number().min(0),
    template: ReplyTemplateSchema.nullable(),
    buttons: z.array(StoredButtonSchema).nullable(),
  }),
  /** The dialogue state after the action's answer (slots it set, a form it started). */
  dialogueState: z.custom<object>((value) => typeof value === 'object' && value !== null && !Array.isArray(value)),
  /** Hand the conversation to a person (the action asked for it, or the call failed and the bot handed off). */
  handoff: z.boolean(),
});
export type ActionReplyInput = z.input<typeof ActionReplySchema>;

/**
 * Finishes a pending action call: its outcome, the reply turn (answering the call's inbound turn) and
 * the conversation's state, in one transaction. `created: false` when the call was finished already
 * (a retried job): nothing is written and the stored exchange comes back. `inboundTurn` is the call's
 * (beginActionCall's): what the transaction writes comes back as written, with no second read.
 */
export async function recordActionReply(db: Db, input: ActionReplyInput, inboundTurn: Turn): Promise<Exchange & { created: boolean }> {
  const finished = ActionReplySchema.parse(input);
  const repliedAt = new Date(inboundTurn.createdAt.getTime() + Math.round(finished.reply.latencyMs));
  try {
    // One batch (no round trips back to this process in between): the claim fails with P2025 when
    // the call is no longer pending, which rolls the reply and the state back with it.
    const [actionCall, replyTurn, conversation] = await db.$transaction([
      db.actionCall.update({
        where: { id: finished.actionCallId, inboundTurnId: inboundTurn.id, status: 'pending' },
        data: {
          status: finished.status,
          httpStatus: finished.httpStatus,
          latencyMs: finished.latencyMs === null ? null : Math.round(finished.latencyMs),
          response: jsonOrNull(finished.response as Prisma.InputJsonObject | null),
          error: finished.error,
          finishedAt: new Date(),
        },
      }),
      db.turn.create({
        data: {
          conversationId: inboundTurn.conversationId,
          channel: inboundTurn.channel,
          direction: 'outbound',
          kind: finished.reply.kind,
          text: finished.reply.text,
          modelVersion: inboundTurn.modelVersion,
          latencyMs: Math.round(finished.reply.latencyMs),
          replyTemplate: jsonOrNull(finished.reply.template),
          buttons: jsonOrNull(finished.reply.buttons),
          inboundTurnId: inboundTurn.id,
          createdAt: repliedAt,
        },
      }),
      db.conversation.update({
        where: { id: inboundTurn.conversationId },
        data: {
          dialogueState: finished.dialogueState as Prisma.InputJsonObject,
          lastMessageAt: repliedAt,
          ...(finished.handoff ? { status: 'handed_off' } : {}),
        },
      }),
    ]);
    return { created: true, conversation, inboundTurn, replyTurn, actionCall };
  } catch (error) {
    // Finished already (a retried job): what the first one stored comes back.
    if (!isPrismaError(error, 'P2025')) throw error;
    return { created: false, ...(await exchangeOfCall(db, finished.actionCallId)) };
  }
}

async function exchangeOfCall(db: Db, actionCallId: string): Promise<Exchange> {
  const call = await db.actionCall.findUniqueOrThrow({ where: { id: actionCallId }, include: { inboundTurn: { include: { conversation: true, reply: true } } } });
  const { inboundTurn, ...actionCall } = call;
  const { conversation, reply, ...turn } = inboundTurn;
  return { conversation, inboundTurn: turn, replyTurn: reply, actionCall };
}

/** A conversation's action calls, oldest first (the dashboard's conversation view). */
export async function listActionCalls(db: Db, conversationId: string): Promise<StoredActionCall[]> {
  return db.actionCall.findMany({ where: { conversationId }, orderBy: { createdAt: 'asc' } });
}
