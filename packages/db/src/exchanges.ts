import { ChannelNameSchema, EndUserSchema } from '@chatbot/core';
import { z } from 'zod';
import type { Db } from './database';
import { Prisma, type ActionCall, type Conversation, type Turn } from './generated/prisma/client';

const TopIntentSchema = z.object({ intent: z.string().min(1), score: z.number().min(0).max(1) });
/** The model's best guesses for a message, best first, as turns store them (top_intents). */
export const TopIntentsSchema = z.array(TopIntentSchema);
/** An entity found in a message (@chatbot/entities' Entity). */
export const StoredEntitySchema = z.object({
  type: z.string().min(1),
  value: z.union([z.string(), z.number()]),
  unit: z.string().optional(),
  text: z.string(),
  start: z.number().int().min(0),
  end: z.number().int().min(0),
  extractor: z.enum(['builtin', 'regex', 'lookup']),
});
export type StoredEntity = z.infer<typeof StoredEntitySchema>;
/** A reply built from a template whose variables (slot values) each channel escapes when it sends the reply. */
export const ReplyTemplateSchema = z.object({ template: z.string().min(1), variables: z.record(z.string(), z.string()) });
export type ReplyTemplate = z.infer<typeof ReplyTemplateSchema>;
/** A button sent with a reply (@chatbot/actions-sdk's Button, checked by whoever made the reply). */
export const StoredButtonSchema = z.union([
  z.object({ type: z.literal('reply'), label: z.string().min(1), text: z.string().min(1).optional() }),
  z.object({ type: z.literal('link'), label: z.string().min(1), url: z.string().min(1) }),
]);
export type StoredButton = z.infer<typeof StoredButtonSchema>;

export const ExchangeInputSchema = z.object({
  channel: ChannelNameSchema,
  conversationKey: z.string().min(1).max(500),
  user: EndUserSchema,
  /** Language of the inbound text ('en', 'zh'); null when unknown (the conversation keeps its last one). */
  language: z.string().min(2).max(16).nullable(),
  inbound: z.object({
    /** The inbound turn's id (the message's own id, so the dialogue state can name the turn that set a slot); generated when absent. */
    id: z.uuid().optional(),
    nativeMessageId: z.string().min(1).max(300),
    text: z.string().min(1),
    receivedAt: z.date(),
    intent: z.string().min(1).nullable(),
    confidence: z.number().min(0).max(1).nullable(),
    outOfScope: z.boolean(),
    topIntents: TopIntentsSchema,
    modelVersion: z.string().min(1).nullable(),
    /** Entities looked for and found (null: none were looked for). */
    entities: z.array(StoredEntitySchema).nullable().default(null),
    /** What the dialogue policy did (null: no form was involved). */
    dialogueEvents: z.array(z.record(z.string(), z.unknown())).nullable().default(null),
  }),
  /** The conversation's dialogue state after this message (undefined: leave it as it is). */
  dialogueState: z.custom<object>((value) => typeof value === 'object' && value !== null && !Array.isArray(value), 'dialogueState must be an object').optional(),
  /**
   * An action whose answer will be the reply: stored as a pending action call in the same transaction
   * (with `reply: null`), the durable mark that a reply is still owed (see action-calls.ts).
   */
  pendingAction: z
    .object({ action: z.string().min(1), replyContext: z.record(z.string(), z.unknown()) })
    .nullable()
    .default(null),
  /** null when the bot stays silent (the conversation is handed off to a human), or an action will answer. */
  reply: z
    .object({
      text: z.string().min(1),
      kind: z.enum(['bot', 'system']),
      /** From receiving the inbound message to having the reply; stored rounded to whole ms. */
      latencyMs: z.number().min(0),
      /** Set when `text` was rendered from a template: what a re-send renders again for its channel. */
      template: ReplyTemplateSchema.nullable().default(null),
      buttons: z.array(StoredButtonSchema).nullable().default(null),
    })
    .nullable(),
});
export type ExchangeInput = z.input<typeof ExchangeInputSchema>;

/** One inbound message, the conversation it belongs to, and the reply to it (if the bot answered). */
export interface Exchange {
  conversation: Conversation;
  inboundTurn: Turn;
  replyTurn: Turn | null;
  /** The action call that answers (or answered) the message, if one does. */
  actionCall: ActionCall | null;
}

/** A concurrent writer can win a unique index at most twice: the conversation, then the inbound turn. */
const MAX_ATTEMPTS = 3;

/**
 * Stores one exchange atomically: creates or updates the conversation, inserts the inbound turn and
 * its reply. Idempotent on (channel, inbound.nativeMessageId): when that message is stored already,
 * it stores nothing and returns the stored exchange with `created: false`, so a redelivered message
 * gets the same reply re-sent instead of a second answer.
 */
export async function recordExchange(db: Db, input: ExchangeInput): Promise<Exchange & { created: boolean }> {
  const exchange = ExchangeInputSchema.parse(input);
  for (let attempt = 1; ; attempt++) {
    const existing = await findExchange(db, exchange.channel, exchange.inbound.nativeMessageId);
    if (existing) return { created: false, ...existing };
    try {
      return { created: true, ...(await insertExchange(db, exchange)) };
    } catch (error) {
      // Another writer committed first: either this very message (found on the next pass)
      // or a new conversation with the same key (the next pass updates it instead).
      if (!isUniqueViolation(error) || attempt >= MAX_ATTEMPTS) throw error;
    }
  }
}

/** The stored exchange of an inbound message, or null when the message was never stored. */
export async function findExchange(db: Db, channel: string, nativeMessageId: string): Promise<Exchange | null> {
  const found = await db.turn.findUnique({
    where: { channel_direction_nativeMessageId: { channel, direction: 'inbound', nativeMessageId } },
    include: { conversation: true, reply: true, actionCall: true },
  });
  if (!found) return null;
  const { conversation, reply, actionCall, ...inboundTurn } = found;
  return { conversation, inboundTurn, replyTurn: reply, actionCall };
}

function insertExchange(db: Db, exchange: z.infer<typeof ExchangeInputSchema>): Promise<Exchange> {
  const { channel, conversationKey, user, language, inbound, reply, dialogueState, pendingAction } = exchange;
  const dialogue = dialogueState === undefined ? {} : { dialogueState: dialogueState as Prisma.InputJsonObject };
  // Both turns are timed on the clock that stamped receivedAt, so a reply never sorts before
  // the message it answers, whatever the skew between the adapter's and this machine's clocks.
  const latencyMs = reply === null ? 0 : Math.round(reply.latencyMs);
  const repliedAt = new Date(inbound.receivedAt.getTime() + latencyMs);
  return db.$transaction(async (tx) => {
    const conversation = await tx.conversation.upsert({
      where: { channel_conversationKey: { channel, conversationKey } },
      create: { channel, conversationKey, userId: user.id, userName: user.displayName, language, lastMessageAt: repliedAt, ...dialogue },
      update: { lastMessageAt: repliedAt, ...(language === null ? {} : { language }), ...dialogue },
    });
    const inboundTurn = await tx.turn.create({
      data: {
        ...(inbound.id === undefined ? {} : { id: inbound.id }),
        conversationId: conversation.id,
        channel,
        direction: 'inbound',
        kind: 'user',
        text: inbound.text,
        intent: inbound.intent,
        confidence: inbound.confidence,
        outOfScope: inbound.outOfScope,
        topIntents: inbound.topIntents,
        modelVersion: inbound.modelVersion,
        nativeMessageId: inbound.nativeMessageId,
        entities: jsonOrNull(inbound.entities),
        dialogueEvents: jsonOrNull(inbound.dialogueEvents),
        createdAt: inbound.receivedAt,
      },
    });
    const replyTurn =
      reply === null
        ? null
        : await tx.turn.create({
            data: {
              conversationId: conversation.id,
              channel,
              direction: 'outbound',
              kind: reply.kind,
              text: reply.text,
              modelVersion: inbound.modelVersion,
              latencyMs,
              replyTemplate: jsonOrNull(reply.template),
              buttons: jsonOrNull(reply.buttons),
              inboundTurnId: inboundTurn.id,
              createdAt: repliedAt,
            },
          });
    const actionCall =
      pendingAction === null
        ? null
        : await tx.actionCall.create({
            data: {
              conversationId: conversation.id,
              inboundTurnId: inboundTurn.id,
              action: pendingAction.action,
              replyContext: pendingAction.replyContext as Prisma.InputJsonObject,
              status: 'pending',
            },
          });
    return { conversation, inboundTurn, replyTurn, actionCall };
  });
}

/** A JSON column's value: SQL NULL for null (Prisma needs it said explicitly). */
export function jsonOrNull(value: object | null): Prisma.InputJsonValue | typeof Prisma.DbNull {
  return value === null ? Prisma.DbNull : (value as Prisma.InputJsonValue);
}

function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002';
}
