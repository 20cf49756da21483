import { InvalidMessageError, type AdapterContext, type RateLimit } from '@chatbot/core';
import type { RawData, WebSocket } from 'ws';
import type { AdapterMetrics } from '../metrics';
import { clickedReplyIdOf, decideButtonMessage } from './button-message';
import { errorFrame, parseClientFrame, rateLimitedFrame, type BotEntry, type ClientFrame, type ServerFrame } from './protocol';
import type { SessionHistory } from './session-history';
import type { SessionSockets } from './session-sockets';
import { sendFrame, type SocketLimits } from './socket-limits';

/** What every chat connection of one web adapter shares. */
export interface ChatServices {
  history: SessionHistory;
  sockets: SessionSockets;
  /** Messages per session, and new sessions per client address. */
  limits: { messages: RateLimit; sessions: RateLimit };
  metrics: AdapterMetrics;
  context: AdapterContext;
  socketLimits: SocketLimits;
}

/** WebSocket close code 1013: try again later. */
const TRY_AGAIN_LATER = 1013;
/** WebSocket close code 1008: the client broke the rules (no hello, a flood of frames). */
const POLICY_VIOLATION = 1008;

export const WEB_CHANNEL = 'web';

/** Replies of the bot (its handoff notice included); a person's reply or the chat's "Sam joined" line is not the bot's to rate. */
const RATED_KINDS: ReadonlySet<BotEntry['kind']> = new Set(['bot', 'system']);

export function conversationKeyOf(sessionId: string): string {
  return `${WEB_CHANNEL}:${sessionId}`;
}

/** The native id makes a resend of the same browser message after a reconnect a duplicate. */
export function nativeMessageIdOf(sessionId: string, clientMessageId: string): string {
  return `${sessionId}:${clientMessageId}`;
}

/**
 * One browser's WebSocket: speaks the protocol in ./protocol.ts. Frames are handled strictly one
 * after another, so a user's messages are stored and queued in the order they were typed.
 */
export class ChatConnection {
  private sessionId: string | undefined;
  private pending: Promise<void> = Promise.resolve();
  /** Frames received and not yet handled. */
  private waiting = 0;
  /** Whether the browser answered the last ping (browsers answer pings by themselves). */
  private alive = true;

  constructor(
    private readonly socket: WebSocket,
    /** The browser's address (X-Forwarded-For's behind a trusted proxy): what sessions are limited by. */
    private readonly clientAddress: string,
    private readonly services: ChatServices,
  ) {
    const limits = services.socketLimits;
    const helloDeadline = setTimeout(() => {
      if (!this.sessionId) socket.close(POLICY_VIOLATION, 'no hello');
    }, limits.helloTimeoutMs);
    const heartbeat = setInterval(() => {
      // A browser that went away without closing (sleep, lost network) is noticed here.
      if (!this.alive) return socket.terminate();
      this.alive = false;
      socket.ping();
    }, limits.heartbeatMs);
    socket.on('pong', () => (this.alive = true));
    socket.on('message', (data: RawData, isBinary: boolean) => {
      if (++this.waiting > limits.pendingFrames) return socket.close(POLICY_VIOLATION, 'too many frames');
      this.pending = this.pending.then(async () => {
        await this.receive(data, isBinary);
        this.waiting--;
      });
    });
    socket.on('close', () => {
      clearTimeout(helloDeadline);
      clearInterval(heartbeat);
      if (this.sessionId) this.services.sockets.remove(this.sessionId, socket);
    });
  }

  private send(frame: ServerFrame): void {
    sendFrame(this.socket, frame, this.services.socketLimits.maxBufferedBytes);
  }

  private async receive(data: RawData, isBinary: boolean): Promise<void> {
    if (isBinary) return this.send(errorFrame('invalid_frame', 'Binary frames are not supported; send JSON text frames.'));
    const parsed = parseClientFrame(data.toString());
    if (!parsed.ok) return this.send(parsed.error);
    try {
      await this.handle(parsed.frame);
    } catch (error) {
      const clientMessageId = parsed.frame.type === 'message' ? parsed.frame.clientMessageId : undefined;
      if (error instanceof InvalidMessageError) return this.send(errorFrame('invalid_message', error.message, clientMessageId));
      this.services.context.logger.error({ err: error, conversationId: this.sessionId && conversationKeyOf(this.sessionId) }, 'web frame failed');
      this.send(errorFrame('unavailable', 'The chat service is temporarily unavailable; please retry.', clientMessageId));
    }
  }

  private async handle(frame: ClientFrame): Promise<void> {
    if (frame.type === 'ping') return this.send({ type: 'pong' });
    if (frame.type === 'hello') return this.hello(frame.sessionId, frame.lastSeq ?? 0);
    if (frame.type === 'feedback') {
      if (!this.sessionId) return this.send(errorFrame('hello_required', 'Send a hello frame before any feedback.'));
      return this.feedback(this.sessionId, frame.replyId, frame.helpful);
    }
    if (!this.sessionId) return this.send(errorFrame('hello_required', 'Send a hello frame before any message.', frame.clientMessageId));
    await this.message(this.sessionId, frame.clientMessageId, frame.text);
  }

  private async hello(requestedSessionId: string | undefined, lastSeq: number): Promise<void> {
    if (this.sessionId) return this.send(errorFrame('invalid_frame', 'hello was already sent on this connection.'));
    // Resumed chats count too: otherwise a client could open chats slowly and then resume them all
    // at once, multiplying the per-chat message allowance.
    const waitMs = await this.services.limits.sessions.take(this.clientAddress);
    if (waitMs > 0) {
      this.services.metrics.rateLimited.inc({ limit: 'sessions' });
      this.send(rateLimitedFrame(`Too many chats opened from your address; please try again in ${seconds(waitMs)} s.`, waitMs));
      return this.socket.close(TRY_AGAIN_LATER, 'too many chats');
    }
    const resumed = requestedSessionId !== undefined && (await this.services.history.touch(requestedSessionId));
    const sessionId = resumed ? requestedSessionId : await this.services.history.create();
    this.sessionId = sessionId;
    // Register before reading history: a reply landing in between is then sent live AND in the
    // history (the client drops the repeated seq) instead of in neither.
    this.services.sockets.add(sessionId, this.socket);
    const history = await this.services.history.since(sessionId, resumed ? lastSeq : 0);
    this.send({ type: 'welcome', sessionId, resumed, history });
  }

  private async message(sessionId: string, clientMessageId: string, typed: string): Promise<void> {
    const conversationKey = conversationKeyOf(sessionId);
    let text = typed;
    const clickedReplyId = clickedReplyIdOf(clientMessageId);
    if (clickedReplyId !== null) {
      const click = decideButtonMessage(typed, await this.services.history.findReply(sessionId, clickedReplyId));
      if (click.action === 'refuse') {
        this.services.context.logger.info({ conversationId: conversationKey, clientMessageId, reason: click.reason }, 'web button click refused');
        return this.send(errorFrame('unknown_reply', click.reason, clientMessageId));
      }
      text = click.text;
    }
    const waitMs = await this.services.limits.messages.take(sessionId);
    if (waitMs > 0) {
      this.services.metrics.rateLimited.inc({ limit: 'messages' });
      this.services.context.logger.info({ conversationId: conversationKey, clientMessageId, waitMs }, 'web message refused: rate limit');
      const refusal = `Too many messages in a minute: this one was not sent; send it again in ${seconds(waitMs)} s.`;
      return this.send(rateLimitedFrame(refusal, waitMs, clientMessageId));
    }
    // History first, so the question always gets a lower seq than its answer. The append is
    // idempotent on the client's id, so a resend after a failed publish does not repeat it.
    await this.services.history.append(sessionId, `user:${clientMessageId}`, { role: 'user', clientMessageId, text, at: new Date().toISOString() });
    const result = await this.services.context.publish({
      channel: WEB_CHANNEL,
      nativeMessageId: nativeMessageIdOf(sessionId, clientMessageId),
      conversationKey,
      user: { id: sessionId },
      text,
      metadata: { sessionId, clientMessageId },
    });
    this.services.context.logger.debug({ conversationId: conversationKey, clientMessageId, status: result.status }, 'web message received');
    this.send({ type: 'ack', clientMessageId, duplicate: result.status === 'duplicate' });
  }

  /** A rating is accepted for the bot's replies (RATED_KINDS) in this session's history only. */
  private async feedback(sessionId: string, replyId: string, helpful: boolean | null): Promise<void> {
    const reply = await this.services.history.findReply(sessionId, replyId);
    if (!reply || !RATED_KINDS.has(reply.kind)) return this.send(errorFrame('unknown_reply', 'There is no reply of the bot with that id in this chat.'));
    await this.services.context.sendFeedback({ channel: WEB_CHANNEL, conversationKey: conversationKeyOf(sessionId), replyId, helpful });
    await this.services.history.rememberRating(sessionId, replyId, helpful);
    this.services.context.logger.debug({ conversationId: conversationKeyOf(sessionId), replyId, helpful }, 'web feedback received');
    this.send({ type: 'feedback_ack', replyId, helpful });
  }
}

function seconds(ms: number): number {
  return Math.ceil(ms / 1000);
}
