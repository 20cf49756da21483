import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Db } from './database';
import { RecordNotFoundError } from './errors';
import { ReplyTemplateSchema, StoredButtonSchema, type Exchange } from './exchanges';
import type { ActionCall, Conversation, Turn } from './generated/prisma/client';

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

/** What recordActionReply did: stored the reply (under `replyTurnId`), or found the call finished already and brings back what was stored. */
export type RecordedActionReply = { created: true; replyTurnId: string } | { created: false; exchange: Exchange };

/**
 * Finishes a pending action call: its outcome, the reply turn (answering the call's inbound turn) and
 * the conversation's state, atomically. A retried job finds the call finished: nothing is written and
 * the stored exchange comes back. This is on the reply's path, so it is one SQL statement (one round
 * trip; a statement is atomic by itself) rather than a transaction of three Prisma writes (five).
 */
export async function recordActionReply(
  db: Db,
  input: ActionReplyInput,
  inboundTurn: Pick<Turn, 'id' | 'channel' | 'modelVersion' | 'createdAt'>,
): Promise<RecordedActionReply> {
  const finished = ActionReplySchema.parse(input);
  const now = new Date();
  const repliedAt = new Date(inboundTurn.createdAt.getTime() + Math.round(finished.reply.latencyMs));
  const replyTurnId = randomUUID();
  const json = (value: unknown) => (value === null ? null : JSON.stringify(value));
  const written = await db.$queryRaw<Array<{ id: string }>>`
    WITH claimed AS (
      UPDATE action_calls
      SET status = ${finished.status}, http_status = ${finished.httpStatus},
          latency_ms = ${finished.latencyMs === null ? null : Math.round(finished.latencyMs)}::integer,
          response = ${json(finished.response)}::jsonb, error = ${finished.error}, finished_at = ${now}::timestamptz
      WHERE id = ${finished.actionCallId}::uuid AND inbound_turn_id = ${inboundTurn.id}::uuid AND status = 'pending'
      RETURNING conversation_id
    ), reply AS (
      INSERT INTO turns (id, conversation_id, channel, direction, kind, text, model_version, latency_ms, reply_template, buttons, inbound_turn_id, created_at)
      SELECT ${replyTurnId}::uuid, conversation_id, ${inboundTurn.channel}, 'outbound', ${finished.reply.kind}::turn_kind, ${finished.reply.text},
             ${inboundTurn.modelVersion}, ${Math.round(finished.reply.latencyMs)}::integer, ${json(finished.reply.template)}::jsonb,
             ${json(finished.reply.buttons)}::jsonb, ${inboundTurn.id}::uuid, ${repliedAt}::timestamptz
      FROM claimed
      RETURNING id
    ), moved AS (
      UPDATE conversations
      SET dialogue_state = ${JSON.stringify(finished.dialogueState)}::jsonb, last_message_at = ${repliedAt}::timestamptz, updated_at = ${now}::timestamptz,
          status = CASE WHEN ${finished.handoff}::boolean THEN 'handed_off'::conversation_status ELSE status END
      WHERE id IN (SELECT conversation_id FROM claimed)
    )
    SELECT id FROM reply`;
  if (written.length === 1) return { created: true, replyTurnId };
  return { created: false, exchange: await exchangeOfCall(db, finished.actionCallId) };
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
