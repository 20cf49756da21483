import type { AddressInfo } from 'node:net';
import { RateLimit, fastifyTrustProxy, renderTemplate, type AdapterContext, type ChannelAdapter, type OutboundMessage, type Redis, type TrustProxy } from '@chatbot/core';
import websocket from '@fastify/websocket';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { AdapterMetrics } from '../metrics';
import { agentJoinedEntry } from './agent-joined';
import { ChatConnection, WEB_CHANNEL, type ChatServices } from './chat-connection';
import { SessionIdSchema, replyFrame, type BotEntry } from './protocol';
import { ReplyFanout } from './reply-fanout';
import { SessionHistory } from './session-history';
import { SessionSockets } from './session-sockets';
import { ConnectionsPerAddress, DEFAULT_SOCKET_LIMITS, type SocketLimits } from './socket-limits';
import { registerStaticFiles } from './static-files';
import { WEB_RATE_LIMIT_DEFAULTS } from './web-settings';

export interface WebAdapterOptions {
  port: number;
  host: string;
  redis: Redis;
  /** REDIS_PREFIX: session history and the reply pub/sub channel live under it. */
  prefix: string;
  /** Served at /metrics (the whole adapters process's registry). */
  metrics: AdapterMetrics;
  /** Larger WebSocket frames close the socket with 1009. A 4,000-character message fits easily. */
  maxPayloadBytes?: number;
  historyLimit?: number;
  sessionTtlSeconds?: number;
  /** Messages per session and new sessions per client address allowed per window (0: no limit; default WEB_RATE_LIMIT_DEFAULTS a minute). */
  rateLimits?: { messagesPerWindow: number; sessionsPerWindow: number; windowMs?: number };
  /** What one chat socket may cost (hello deadline, heartbeat, sockets per address, waiting frames, unread bytes); DEFAULT_SOCKET_LIMITS otherwise. */
  socketLimits?: Partial<SocketLimits>;
  /** Behind reverse proxies: how many (or which) proxies' X-Forwarded-For entries to believe; false: none (WEB_TRUST_PROXY). */
  trustProxy?: TrustProxy;
}

const DEFAULT_RATE_LIMITS = {
  messagesPerWindow: WEB_RATE_LIMIT_DEFAULTS.messagesPerMinute,
  sessionsPerWindow: WEB_RATE_LIMIT_DEFAULTS.sessionsPerMinute,
  windowMs: 60_000,
};

const HEALTH_TIMEOUT_MS = 1000;

/**
 * The web chat channel: the chat page, the embeddable widget and the WebSocket they talk over
 * (protocol in ./protocol.ts), plus /healthz and /metrics for this process.
 * conversationKey = `web:<sessionId>`; nativeMessageId = `<sessionId>:<clientMessageId>`.
 */
export class WebAdapter implements ChannelAdapter {
  readonly channel = WEB_CHANNEL;
  private readonly history: SessionHistory;
  private readonly socketLimits: SocketLimits;
  private readonly sockets: SessionSockets;
  private readonly limits: ChatServices['limits'];
  private fanout: ReplyFanout | undefined;
  private app: FastifyInstance | undefined;

  constructor(private readonly options: WebAdapterOptions) {
    this.socketLimits = { ...DEFAULT_SOCKET_LIMITS, ...options.socketLimits };
    this.sockets = new SessionSockets(this.socketLimits.maxBufferedBytes);
    this.history = new SessionHistory(options.redis, options.prefix, options.historyLimit, options.sessionTtlSeconds);
    const { messagesPerWindow, sessionsPerWindow, windowMs = DEFAULT_RATE_LIMITS.windowMs } = options.rateLimits ?? DEFAULT_RATE_LIMITS;
    this.limits = {
      messages: new RateLimit(options.redis, options.prefix, 'web-messages', { limit: messagesPerWindow, windowMs }),
      sessions: new RateLimit(options.redis, options.prefix, 'web-sessions', { limit: sessionsPerWindow, windowMs }),
    };
  }

  async start(context: AdapterContext): Promise<void> {
    const { redis, metrics } = this.options;
    this.fanout = new ReplyFanout(redis, this.options.prefix, context.logger, (sessionId, entry) => this.sockets.send(sessionId, replyFrame(entry)));
    await this.fanout.start();

    // Fastify logs every request at info; only its warnings and errors are worth a line here.
    const level = context.logger.isLevelEnabled('warn') ? 'warn' : context.logger.level;
    const httpLogger = context.logger.child({ component: 'http' }, { level });
    const app = Fastify({ loggerInstance: httpLogger as FastifyBaseLogger, trustProxy: fastifyTrustProxy(this.options.trustProxy ?? false) });
    await app.register(websocket, { options: { maxPayload: this.options.maxPayloadBytes ?? 64 * 1024 } });
    await registerStaticFiles(app);
    app.get('/healthz', async (_request, reply) => {
      try {
        await withTimeout(redis.ping(), HEALTH_TIMEOUT_MS);
        return { status: 'ok', checks: { redis: 'ok' } };
      } catch (error) {
        return reply.code(503).send({ status: 'error', checks: { redis: (error as Error).message } });
      }
    });
    app.get('/metrics', async (_request, reply) => reply.header('content-type', metrics.registry.contentType).send(await metrics.registry.metrics()));
    const services: ChatServices = { history: this.history, sockets: this.sockets, limits: this.limits, metrics, context, socketLimits: this.socketLimits };
    const connections = new ConnectionsPerAddress(this.socketLimits.connectionsPerAddress);
    app.get('/ws', { websocket: true }, (socket, request) => {
      if (!connections.take(request.ip)) return socket.close(1013, 'too many connections from your address');
      socket.on('close', () => connections.release(request.ip));
      new ChatConnection(socket, request.ip, services);
    });
    await app.listen({ port: this.options.port, host: this.options.host });
    this.app = app;
    context.logger.info({ url: this.url }, 'web chat listening');
  }

  /** Where the page is served, e.g. http://127.0.0.1:3000 (with PORT=0, the port actually taken). */
  get url(): string {
    const address = this.app?.server.address() as AddressInfo | null | undefined;
    if (!address) throw new Error('the web adapter is not started');
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    return `http://${host === '0.0.0.0' || host === '[::]' ? '127.0.0.1' : host}:${address.port}`;
  }

  /**
   * Stores the reply in the session's history (once per idempotency key), then pushes it to the
   * session's sockets here and announces it to the other adapters processes. A retried delivery
   * pushes again with the same seq, which browsers ignore.
   */
  async deliver(message: OutboundMessage): Promise<void> {
    if (!this.fanout) throw new Error('the web adapter is not started');
    const sessionId = sessionIdOf(message.conversationKey);
    const { agentName } = message;
    if (agentName !== undefined) {
      // Stored before the reply, so a delivery that fails in between still announces the agent when retried.
      const joined = await this.history.appendIfAgentJoins(sessionId, agentName, `joined:${message.idempotencyKey}`, agentJoinedEntry(message, agentName));
      if (joined) await this.push(sessionId, joined.entry);
    }
    const replyTo = message.replyTo?.startsWith(`${sessionId}:`) ? message.replyTo.slice(sessionId.length + 1) : null;
    const reply: Omit<BotEntry, 'seq'> = {
      role: 'bot',
      id: message.id,
      // The page shows text as text (never as HTML): the user's values need no escaping here.
      text: renderTemplate(message.text, message.variables),
      buttons: message.buttons,
      replyTo,
      kind: message.kind,
      ...(agentName !== undefined && { sender: agentName }),
      at: message.createdAt,
    };
    const { entry } = await this.history.append(sessionId, `bot:${message.idempotencyKey}`, reply);
    await this.push(sessionId, entry);
  }

  /** To the session's sockets here, and announced to the other adapters processes. */
  private async push(sessionId: string, entry: BotEntry): Promise<void> {
    this.sockets.send(sessionId, replyFrame(entry));
    await this.fanout!.announce(sessionId, entry);
  }

  async stop(): Promise<void> {
    await this.app?.close();
    this.app = undefined;
    await this.fanout?.stop();
    this.fanout = undefined;
  }
}

function sessionIdOf(conversationKey: string): string {
  const sessionId = conversationKey.startsWith(`${WEB_CHANNEL}:`) ? conversationKey.slice(WEB_CHANNEL.length + 1) : '';
  if (!SessionIdSchema.safeParse(sessionId).success) throw new Error(`not a web conversation key: ${conversationKey}`);
  return sessionId;
}

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
