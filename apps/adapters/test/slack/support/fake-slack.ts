import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { nextTs } from './slack-ts';

export const FAKE_TEAM_ID = 'T0TEST';
export const FAKE_BOT_USER_ID = 'U0BOT';
export const FAKE_BOT_ID = 'B0BOT';
export const FAKE_BOT_TOKEN = 'xoxb-fake-bot-token';
export const FAKE_APP_TOKEN = 'xapp-fake-app-token';

/** A `chat.postMessage` call the fake accepted. */
export interface PostedMessage {
  channel: string;
  thread_ts?: string;
  text: string;
}

/**
 * A local stand-in for Slack: the Web API methods the adapter calls (auth.test, chat.postMessage,
 * apps.connections.open) under http://127.0.0.1:<port>/api/, and the Socket Mode WebSocket that
 * apps.connections.open hands out (hello, then events_api envelopes the test pushes, expecting acks).
 */
export class FakeSlack {
  readonly posted: PostedMessage[] = [];
  /** The `ts` the fake gave each posted message (what a reaction to it names). */
  readonly timestamps = new Map<PostedMessage, string>();
  /** How many upcoming chat.postMessage calls get HTTP 429 with Retry-After: 1. */
  rateLimitNextPosts = 0;
  rateLimitedResponses = 0;
  private readonly sockets = new Set<WebSocket>();
  private readonly acks = new Map<string, () => void>();
  private readonly waiters: Array<() => void> = [];
  private envelopes = 0;

  private constructor(
    private readonly server: Server,
    private readonly socketServer: WebSocketServer,
  ) {
    socketServer.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
      socket.on('message', (data) => {
        const { envelope_id } = JSON.parse(data.toString()) as { envelope_id?: string };
        if (envelope_id) this.acks.get(envelope_id)?.();
      });
      socket.send(JSON.stringify({ type: 'hello', num_connections: 1, connection_info: { app_id: 'A0TEST' } }));
    });
  }

  static async start(): Promise<FakeSlack> {
    const server = createServer();
    const socketServer = new WebSocketServer({ server, path: '/socket-mode' });
    const fake = new FakeSlack(server, socketServer);
    server.on('request', (request, response) => {
      void fake.answer(request).then(({ status, headers, body }) => {
        response.writeHead(status, { 'content-type': 'application/json', ...headers });
        response.end(JSON.stringify(body));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return fake;
  }

  private get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** SLACK_API_URL for the adapter. */
  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api/`;
  }

  private async answer(request: IncomingMessage): Promise<{ status: number; headers?: Record<string, string>; body: unknown }> {
    const method = request.url?.replace(/^\/api\//, '').split('?')[0];
    const token = request.headers.authorization?.replace(/^Bearer /, '');
    const args = await readArguments(request);
    if (method === 'apps.connections.open') {
      if (token !== FAKE_APP_TOKEN) return { status: 200, body: { ok: false, error: 'invalid_auth' } };
      return { status: 200, body: { ok: true, url: `ws://127.0.0.1:${this.port}/socket-mode` } };
    }
    if (token !== FAKE_BOT_TOKEN) return { status: 200, body: { ok: false, error: 'invalid_auth' } };
    if (method === 'auth.test') {
      return { status: 200, body: { ok: true, team_id: FAKE_TEAM_ID, user_id: FAKE_BOT_USER_ID, bot_id: FAKE_BOT_ID, user: 'chatbot' } };
    }
    if (method === 'chat.postMessage') {
      if (this.rateLimitNextPosts > 0) {
        this.rateLimitNextPosts -= 1;
        this.rateLimitedResponses += 1;
        return { status: 429, headers: { 'retry-after': '1' }, body: { ok: false, error: 'ratelimited' } };
      }
      const { channel, thread_ts, text } = args;
      if (!channel || !text) return { status: 200, body: { ok: false, error: channel ? 'no_text' : 'channel_not_found' } };
      const post = thread_ts ? { channel, thread_ts, text } : { channel, text };
      const ts = nextTs();
      this.posted.push(post);
      this.timestamps.set(post, ts);
      this.waiters.splice(0).forEach((wake) => wake());
      return { status: 200, body: { ok: true, channel, ts } };
    }
    return { status: 200, body: { ok: false, error: 'unknown_method' } };
  }

  /** Messages posted to a Slack channel (and thread, when given), oldest first. */
  postsIn(channel: string, threadTs?: string): PostedMessage[] {
    return this.posted.filter((post) => post.channel === channel && (threadTs === undefined || post.thread_ts === threadTs));
  }

  /** Waits until `count` messages have been posted in all, failing after `timeoutMs`. */
  async waitForPosts(count: number, timeoutMs = 5000): Promise<PostedMessage[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.posted.length < count) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`${this.posted.length} of ${count} messages posted within ${timeoutMs} ms: ${JSON.stringify(this.posted)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return this.posted;
  }

  /**
   * Sends an Events API payload over Socket Mode as Slack does (an `events_api` envelope) and
   * resolves true when the app acknowledges it, false when it does not within `timeoutMs`.
   */
  async sendOverSocket(payload: object, options: { retryAttempt?: number; timeoutMs?: number } = {}): Promise<boolean> {
    const [socket] = this.sockets;
    if (!socket) throw new Error('no Socket Mode connection is open');
    this.envelopes += 1;
    const envelopeId = `envelope-${this.envelopes}`;
    const acknowledged = new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), options.timeoutMs ?? 3000);
      this.acks.set(envelopeId, () => {
        clearTimeout(timer);
        resolve(true);
      });
    });
    const retryAttempt = options.retryAttempt ?? 0;
    socket.send(
      JSON.stringify({
        envelope_id: envelopeId,
        type: 'events_api',
        payload,
        accepts_response_payload: false,
        retry_attempt: retryAttempt,
        retry_reason: retryAttempt > 0 ? 'timeout' : '',
      }),
    );
    const result = await acknowledged;
    this.acks.delete(envelopeId);
    return result;
  }

  get socketConnections(): number {
    return this.sockets.size;
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.terminate();
    await new Promise((resolve) => this.socketServer.close(resolve));
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }
}

/** The Web API takes form-encoded or JSON arguments. */
async function readArguments(request: IncomingMessage): Promise<Record<string, string | undefined>> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks).toString();
  if (raw === '') return {};
  if (request.headers['content-type']?.includes('application/json')) return JSON.parse(raw) as Record<string, string>;
  return Object.fromEntries(new URLSearchParams(raw));
}
