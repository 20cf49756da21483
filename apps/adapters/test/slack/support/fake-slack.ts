import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { nextTs } from './slack-ts';

export const FAKE_TEAM_ID = 'T0TEST';
export const FAKE_BOT_USER_ID = 'U0BOT';
export const FAKE_BOT_ID = 'B0BOT';
export const FAKE_BOT_TOKEN = 'xoxb-fake-bot-token';
export const FAKE_APP_TOKEN = 'xapp-fake-app-token';

/** A `chat.postMessage` call the fake accepted (`blocks` only when the call had some). */
export interface PostedMessage {
  channel: string;
  thread_ts?: string;
  text: string;
  blocks?: SlackBlock[];
}

/** The Block Kit the fake understands: sections and actions blocks with buttons. */
export interface SlackText {
  type: 'plain_text' | 'mrkdwn';
  text: string;
  verbatim?: boolean;
  emoji?: boolean;
}
export interface SlackButton {
  type: 'button';
  action_id: string;
  text: SlackText;
  value?: string;
  url?: string;
  style?: string;
}
export type SlackBlock = { type: 'section'; block_id?: string; text: SlackText } | { type: 'actions'; block_id?: string; elements: SlackButton[] };

/**
 * A local stand-in for Slack: the Web API methods the adapter calls (auth.test, chat.postMessage,
 * apps.connections.open) under http://127.0.0.1:<port>/api/, and the Socket Mode WebSocket that
 * apps.connections.open hands out (hello, then events_api or interactive envelopes the test pushes,
 * expecting acks). chat.postMessage checks `blocks` against Block Kit's rules for what it knows
 * (sections, actions with buttons) and answers `invalid_blocks` as Slack does.
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
      const blocks = args.blocks === undefined ? undefined : parseBlocks(args.blocks);
      if (blocks === null) return { status: 200, body: { ok: false, error: 'invalid_blocks' } };
      const post: PostedMessage = { channel, ...(thread_ts && { thread_ts }), text, ...(blocks && { blocks }) };
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
  async sendOverSocket(payload: object, options: { retryAttempt?: number; timeoutMs?: number; type?: 'events_api' | 'interactive' } = {}): Promise<boolean> {
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
        type: options.type ?? 'events_api',
        payload,
        accepts_response_payload: options.type === 'interactive',
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

/** The Web API takes form-encoded arguments (objects such as `blocks` as JSON strings) or JSON. */
async function readArguments(request: IncomingMessage): Promise<Record<string, any>> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks).toString();
  if (raw === '') return {};
  if (request.headers['content-type']?.includes('application/json')) return JSON.parse(raw) as Record<string, unknown>;
  return Object.fromEntries(new URLSearchParams(raw));
}

/** Slack's limits on what the fake knows of Block Kit. */
const MAX_BLOCKS = 50;
const MAX_SECTION_TEXT = 3000;
const MAX_ELEMENTS = 25;
const MAX_BUTTON_TEXT = 75;
const MAX_ACTION_ID = 255;
const MAX_BUTTON_VALUE = 2000;
const MAX_BUTTON_URL = 3000;

/** `blocks` as chat.postMessage gets it (a JSON string when form-encoded), or null when Slack would refuse it. */
function parseBlocks(raw: unknown): SlackBlock[] | null {
  let blocks: unknown;
  try {
    blocks = typeof raw === 'string' ? JSON.parse(raw) : raw;
  } catch {
    return null;
  }
  if (!Array.isArray(blocks) || blocks.length === 0 || blocks.length > MAX_BLOCKS) return null;
  const actionIds = new Set<string>();
  const textOk = (text: any, types: string[], max: number) =>
    types.includes(text?.type) && typeof text.text === 'string' && text.text.length >= 1 && text.text.length <= max;
  for (const block of blocks as any[]) {
    if (block?.type === 'section') {
      if (!textOk(block.text, ['plain_text', 'mrkdwn'], MAX_SECTION_TEXT)) return null;
    } else if (block?.type === 'actions') {
      if (!Array.isArray(block.elements) || block.elements.length === 0 || block.elements.length > MAX_ELEMENTS) return null;
      for (const element of block.elements) {
        if (element?.type !== 'button' || !textOk(element.text, ['plain_text'], MAX_BUTTON_TEXT)) return null;
        if (typeof element.action_id !== 'string' || element.action_id.length > MAX_ACTION_ID || actionIds.has(element.action_id)) return null;
        actionIds.add(element.action_id);
        if (element.value !== undefined && (typeof element.value !== 'string' || element.value.length > MAX_BUTTON_VALUE)) return null;
        if (element.url !== undefined && (typeof element.url !== 'string' || element.url.length > MAX_BUTTON_URL)) return null;
      }
    } else {
      return null; // a block type this fake does not model
    }
  }
  return blocks as SlackBlock[];
}
