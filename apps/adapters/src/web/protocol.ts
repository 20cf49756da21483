import { AgentNameSchema, OutboundKindSchema, OutboundMessageSchema, classifyMessageText, messageTooLongReply, replyLanguageOf } from '@chatbot/core';
import { z } from 'zod';

/**
 * The web chat's WebSocket protocol (`/ws`): one JSON object per text frame.
 *
 * Client -> server
 *   {type:"hello", sessionId?, lastSeq?}      first frame. Without a sessionId (or with one the server
 *                                              does not know, e.g. expired) a new session is created.
 *                                              lastSeq = highest history seq the client already shows;
 *                                              the welcome then carries only what came after it.
 *   {type:"message", clientMessageId, text}   a user message. Resending the same clientMessageId (after a
 *                                              reconnect) is harmless: it is queued once.
 *                                              A click on a reply button is sent as the button's text with
 *                                              clientMessageId "button-<reply id>": one per reply, so a
 *                                              second click (another tab, after a reload) is a duplicate,
 *                                              and refused (unknown_reply) unless the session has that
 *                                              reply with a reply button of that text.
 *   {type:"feedback", replyId, helpful}       the user's rating of a bot reply (true helpful, false not,
 *                                              null takes it back); a later one replaces the earlier one.
 *   {type:"ping"}                              keep-alive.
 *
 * Server -> client
 *   {type:"welcome", sessionId, resumed, history:[HistoryEntry...]}
 *   {type:"ack", clientMessageId, duplicate}  the message is safely queued (or was already).
 *   {type:"feedback_ack", replyId, helpful}    the rating is safely queued.
 *   {type:"reply", seq, id, text, buttons, replyTo, kind, sender?, at, helpful?}
 *                                              replyTo = the clientMessageId answered (null if unsolicited);
 *                                              kind = "bot" | "system" (the bot's handoff notice) |
 *                                              "agent" (a person's reply; sender = their display name,
 *                                              absent for a reply sent with the admin token) |
 *                                              "joined" (the chat's own line "Sam joined the chat", in
 *                                              the conversation's language, before the reply of an agent
 *                                              other than the one last joined; sender = that agent).
 *                                              Agent replies and joined lines cannot be rated;
 *                                              sender is plain text, like every text here;
 *                                              buttons = [{type:"reply", label, text?} | {type:"link", label, url}]
 *                                              (plain text; a reply button sends text ?? label);
 *                                              helpful = the user's rating, in history after a reload.
 *   {type:"error", code, message, clientMessageId?, retryAfterMs?}
 *                                              the connection stays usable after every error, except a
 *                                              refused new session (code rate_limited, no clientMessageId),
 *                                              after which the server closes the socket (1013, try again
 *                                              later). A message refused as rate_limited was neither stored
 *                                              nor queued: send it again after retryAfterMs.
 *   {type:"pong"}
 *
 * Every history entry (user message or reply) has a per-session `seq`; a client may see the same
 * seq twice (live push + resend after reconnect) and must ignore repeats.
 * A frame larger than the server's max payload closes the socket with code 1009.
 */

export const SessionIdSchema = z.uuid();
/** Chosen by the browser; it becomes part of the native message id, so keep it short and plain. */
export const ClientMessageIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'clientMessageId must be 1-64 letters, digits, "_" or "-"');

const HelloFrameSchema = z.object({
  type: z.literal('hello'),
  sessionId: SessionIdSchema.optional(),
  lastSeq: z.number().int().min(0).optional(),
});
const MessageFrameSchema = z.object({
  type: z.literal('message'),
  clientMessageId: ClientMessageIdSchema,
  text: z.string(),
});
const FeedbackFrameSchema = z.object({
  type: z.literal('feedback'),
  /** BotEntry.id of the rated reply. */
  replyId: z.uuid(),
  helpful: z.boolean().nullable(),
});
const PingFrameSchema = z.object({ type: z.literal('ping') });

const ClientFrameSchema = z.discriminatedUnion('type', [HelloFrameSchema, MessageFrameSchema, FeedbackFrameSchema, PingFrameSchema]);
export type ClientFrame = z.infer<typeof ClientFrameSchema>;
const CLIENT_FRAME_TYPES = ['hello', 'message', 'feedback', 'ping'];

export const UserEntrySchema = z.object({
  seq: z.number().int().positive(),
  role: z.literal('user'),
  clientMessageId: ClientMessageIdSchema,
  text: z.string(),
  at: z.iso.datetime(),
});
export const BotEntrySchema = z.object({
  seq: z.number().int().positive(),
  role: z.literal('bot'),
  /** OutboundMessage.id */
  id: z.string(),
  text: z.string(),
  /** Buttons under the reply (none in entries stored before buttons existed). */
  buttons: OutboundMessageSchema.shape.buttons,
  replyTo: z.string().nullable(),
  kind: z.enum([...OutboundKindSchema.options, 'joined']),
  /** kind 'agent' and 'joined': the agent's display name (OutboundMessage.agentName). */
  sender: AgentNameSchema.optional(),
  at: z.iso.datetime(),
  /** The user's rating of this reply, when given (attached when history is read). */
  helpful: z.boolean().optional(),
});
export const HistoryEntrySchema = z.discriminatedUnion('role', [UserEntrySchema, BotEntrySchema]);
export type UserEntry = z.infer<typeof UserEntrySchema>;
export type BotEntry = z.infer<typeof BotEntrySchema>;
export type HistoryEntry = z.infer<typeof HistoryEntrySchema>;

export type ErrorCode =
  | 'invalid_json'
  | 'unknown_type'
  | 'invalid_frame'
  | 'hello_required'
  | 'empty_message'
  | 'message_too_long'
  | 'invalid_message'
  | 'unknown_reply'
  | 'rate_limited'
  | 'unavailable';

export type ServerFrame =
  | { type: 'welcome'; sessionId: string; resumed: boolean; history: HistoryEntry[] }
  | { type: 'ack'; clientMessageId: string; duplicate: boolean }
  | { type: 'feedback_ack'; replyId: string; helpful: boolean | null }
  | ({ type: 'reply' } & Omit<BotEntry, 'role'>)
  | { type: 'error'; code: ErrorCode; message: string; clientMessageId?: string; retryAfterMs?: number }
  | { type: 'pong' };

export type ErrorFrame = Extract<ServerFrame, { type: 'error' }>;

export function errorFrame(code: ErrorCode, message: string, clientMessageId?: string): ErrorFrame {
  return clientMessageId === undefined ? { type: 'error', code, message } : { type: 'error', code, message, clientMessageId };
}

/** A refusal for going over a rate limit: try again after `retryAfterMs`. */
export function rateLimitedFrame(message: string, retryAfterMs: number, clientMessageId?: string): ErrorFrame {
  return { ...errorFrame('rate_limited', message, clientMessageId), retryAfterMs };
}

export function replyFrame(entry: BotEntry): ServerFrame {
  const { role: _role, ...rest } = entry;
  return { type: 'reply', ...rest };
}

/**
 * Turns one raw text frame into a valid ClientFrame, or the error frame to answer it with.
 * A message's text comes back trimmed, and empty or over-long text is refused here with its own
 * code, so the browser can tell the user exactly what was wrong.
 */
export function parseClientFrame(raw: string): { ok: true; frame: ClientFrame } | { ok: false; error: ErrorFrame } {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return { ok: false, error: errorFrame('invalid_json', 'Frame is not valid JSON.') };
  }
  const type = typeof json === 'object' && json !== null && 'type' in json ? json.type : undefined;
  const claimedId = typeof json === 'object' && json !== null && 'clientMessageId' in json ? json.clientMessageId : undefined;
  const clientMessageId = ClientMessageIdSchema.safeParse(claimedId).data;
  if (typeof type !== 'string' || !CLIENT_FRAME_TYPES.includes(type)) {
    return {
      ok: false,
      error: errorFrame('unknown_type', `Unknown frame type ${JSON.stringify(type ?? null)}; expected one of ${CLIENT_FRAME_TYPES.join(', ')}.`, clientMessageId),
    };
  }
  const parsed = ClientFrameSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'frame'}: ${issue.message}`).join('; ');
    return { ok: false, error: errorFrame('invalid_frame', `Invalid ${type} frame: ${problems}`, clientMessageId) };
  }
  const frame = parsed.data;
  if (frame.type !== 'message') return { ok: true, frame };
  const verdict = classifyMessageText(frame.text);
  switch (verdict.status) {
    case 'empty':
      return { ok: false, error: errorFrame('empty_message', 'Message is empty.', frame.clientMessageId) };
    case 'too-long':
      // The page shows this text under the message, so it is the same refusal the other channels send.
      return { ok: false, error: errorFrame('message_too_long', messageTooLongReply(replyLanguageOf(frame.text)), frame.clientMessageId) };
    case 'ok':
      return { ok: true, frame: { ...frame, text: verdict.text } };
  }
}
