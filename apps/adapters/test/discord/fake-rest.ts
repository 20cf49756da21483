import type { IncomingMessage, ServerResponse } from 'node:http';
import type { APIMessage, APIUser } from 'discord.js';
import { messagePayload, type MessageFields } from './fake-discord-data';

/** A message the bot posted through the REST API, as the fake recorded it. */
export interface PostedMessage {
  channelId: string;
  content: string;
  /** The message it replies to (message_reference.message_id), if any. */
  replyTo: string | null;
  allowedMentions: unknown;
  nonce: string | null;
}

/** Where a channel id lives, so a posted message can be echoed on the gateway like Discord does. */
export type ChannelLookup = (channelId: string) => Pick<MessageFields, 'channelType' | 'guildId'> | undefined;

const DISCORD_MAX_CONTENT = 2000;

/**
 * A local stand-in for the parts of Discord's REST API (v10) the adapter uses: GET /gateway/bot,
 * and POST /channels/:id/messages with bot-token auth, Discord's 2,000-character limit, `nonce` +
 * `enforce_nonce` deduplication and, on request, one HTTP 429 with Discord's rate-limit headers.
 */
export class FakeRest {
  readonly posts: PostedMessage[] = [];
  /** The id Discord gave each posted message (what a reaction to it names). */
  readonly ids = new Map<PostedMessage, string>();
  /** How many POSTs still get a 429 before one succeeds. */
  private pendingRateLimits = 0;
  private retryAfterSeconds = 1;
  rateLimitedResponses = 0;
  private readonly byNonce = new Map<string, APIMessage>();
  private readonly listeners: Array<() => void> = [];

  constructor(
    private readonly options: {
      token: string;
      botUser: APIUser;
      gatewayUrl: () => string;
      channel: ChannelLookup;
      /** Called with each message the bot posted; Discord echoes it to the gateway as MESSAGE_CREATE. */
      echo: (message: APIMessage) => void;
    },
  ) {}

  /** The next POST is refused with 429 and `Retry-After: retryAfterSeconds`. */
  rateLimitNextPost(retryAfterSeconds = 1): void {
    this.pendingRateLimits += 1;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /** Resolves once `count` messages were posted (or rejects after `timeoutMs`). */
  async waitForPosts(count: number, timeoutMs = 5000): Promise<PostedMessage[]> {
    await this.until(() => this.posts.length >= count, timeoutMs, `${count} posted messages`);
    return this.posts.slice();
  }

  /** The first message the bot posted as a reply to `messageId`, waiting for it if needed. */
  async replyTo(messageId: string, timeoutMs = 5000): Promise<PostedMessage> {
    const find = () => this.posts.find((post) => post.replyTo === messageId);
    await this.until(() => find() !== undefined, timeoutMs, `a reply to message ${messageId}`);
    return find()!;
  }

  private async until(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!condition()) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`expected ${what} within ${timeoutMs} ms; posted so far: ${JSON.stringify(this.posts)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.listeners.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = new URL(request.url ?? '/', 'http://fake').pathname;
    const body = await readBody(request);
    if (request.method === 'GET' && path === '/api/v10/gateway/bot') {
      return json(response, 200, {
        url: this.options.gatewayUrl(),
        shards: 1,
        session_start_limit: { total: 1000, remaining: 999, reset_after: 0, max_concurrency: 1 },
      });
    }
    const post = /^\/api\/v10\/channels\/(\d+)\/messages$/.exec(path);
    if (request.method === 'POST' && post) return this.createMessage(request, response, post[1]!, body);
    return json(response, 404, { message: '404: Not Found', code: 0 });
  }

  private createMessage(request: IncomingMessage, response: ServerResponse, channelId: string, raw: string): void {
    if (request.headers.authorization !== `Bot ${this.options.token}`) return json(response, 401, { message: '401: Unauthorized', code: 0 });
    if (this.pendingRateLimits > 0) {
      this.pendingRateLimits -= 1;
      this.rateLimitedResponses += 1;
      response.setHeader('Retry-After', String(this.retryAfterSeconds));
      response.setHeader('X-RateLimit-Limit', '5');
      response.setHeader('X-RateLimit-Remaining', '0');
      response.setHeader('X-RateLimit-Reset-After', String(this.retryAfterSeconds));
      response.setHeader('X-RateLimit-Bucket', 'fake-channel-messages');
      response.setHeader('X-RateLimit-Scope', 'user');
      return json(response, 429, { message: 'You are being rate limited.', retry_after: this.retryAfterSeconds, global: false });
    }
    const channel = this.options.channel(channelId);
    if (!channel) return json(response, 404, { message: 'Unknown Channel', code: 10003 });
    const body = JSON.parse(raw) as {
      content?: string;
      nonce?: string;
      enforce_nonce?: boolean;
      message_reference?: { message_id: string };
      allowed_mentions?: unknown;
    };
    const content = body.content ?? '';
    if (content.length === 0 || content.length > DISCORD_MAX_CONTENT) {
      return json(response, 400, { message: 'Invalid Form Body', code: 50035, errors: { content: `must be 1-${DISCORD_MAX_CONTENT} characters` } });
    }
    const previous = body.enforce_nonce && body.nonce ? this.byNonce.get(body.nonce) : undefined;
    if (previous) return json(response, 200, previous);

    const message = messagePayload({ channelId, ...channel, author: this.options.botUser, content });
    if (body.nonce) this.byNonce.set(body.nonce, message);
    const post = {
      channelId,
      content,
      replyTo: body.message_reference?.message_id ?? null,
      allowedMentions: body.allowed_mentions ?? null,
      nonce: body.nonce ?? null,
    };
    this.posts.push(post);
    this.ids.set(post, message.id);
    this.listeners.splice(0).forEach((wake) => wake());
    json(response, 200, message);
    this.options.echo(message);
  }
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString()));
    request.on('error', reject);
  });
}

function json(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}
