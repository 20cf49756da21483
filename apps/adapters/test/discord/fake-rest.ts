import type { IncomingMessage, ServerResponse } from 'node:http';
import { ButtonStyle, ComponentType, InteractionResponseType, type APIActionRowComponent, type APIButtonComponent, type APIMessage, type APIUser } from 'discord.js';
import { messagePayload, type MessageFields } from './fake-discord-data';

/** A message the bot posted through the REST API, as the fake recorded it. */
export interface PostedMessage {
  channelId: string;
  content: string;
  /** The message it replies to (message_reference.message_id), if any. */
  replyTo: string | null;
  allowedMentions: unknown;
  nonce: string | null;
  /** Only when the message had some: action rows of buttons. */
  components?: APIActionRowComponent<APIButtonComponent>[];
}

/** An interaction response the fake accepted (POST /interactions/:id/:token/callback). */
export interface InteractionCallback {
  interactionId: string;
  type: InteractionResponseType;
}

/** Where a channel id lives, so a posted message can be echoed on the gateway like Discord does. */
export type ChannelLookup = (channelId: string) => Pick<MessageFields, 'channelType' | 'guildId'> | undefined;

const DISCORD_MAX_CONTENT = 2000;
const MAX_ROWS = 5;
const MAX_BUTTONS_PER_ROW = 5;
const MAX_LABEL = 80;
const MAX_CUSTOM_ID = 100;
const MAX_URL = 512;
/** Discord's error codes for a second answer to an interaction, and for an unknown (or expired) one. */
export const INTERACTION_ALREADY_ACKNOWLEDGED = 40060;
export const UNKNOWN_INTERACTION = 10062;

/**
 * A local stand-in for the parts of Discord's REST API (v10) the adapter uses: GET /gateway/bot,
 * and POST /channels/:id/messages with bot-token auth, Discord's 2,000-character limit, `nonce` +
 * `enforce_nonce` deduplication, message components (action rows of buttons, checked against
 * Discord's rules) and, on request, one HTTP 429 with Discord's rate-limit headers; and the
 * interaction callback (POST /interactions/:id/:token/callback, no bot auth: the token in the path
 * is the credential), answered once per interaction as Discord does (40060 for a second answer).
 */
export class FakeRest {
  readonly posts: PostedMessage[] = [];
  /** The id Discord gave each posted message (what a reaction to it names). */
  readonly ids = new Map<PostedMessage, string>();
  /** How many POSTs still get a 429 before one succeeds. */
  private pendingRateLimits = 0;
  private retryAfterSeconds = 1;
  rateLimitedResponses = 0;
  /** The messages the bot posted, by id, as Discord stores them (what an interaction carries). */
  readonly messages = new Map<string, APIMessage>();
  readonly callbacks: InteractionCallback[] = [];
  /** Interactions the fake dispatched: id -> token, and whether they were answered. */
  private readonly interactions = new Map<string, { token: string; answered: boolean }>();
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

  /** Registers an interaction the gateway is about to dispatch, so its callback is accepted. */
  expectInteraction(id: string, token: string): void {
    if (!this.interactions.has(id)) this.interactions.set(id, { token, answered: false });
  }

  /** Resolves once `count` interaction callbacks were accepted (or rejects after `timeoutMs`). */
  async waitForCallbacks(count: number, timeoutMs = 5000): Promise<InteractionCallback[]> {
    await this.until(() => this.callbacks.length >= count, timeoutMs, `${count} interaction callbacks`);
    return this.callbacks.slice();
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
    const callback = /^\/api\/v10\/interactions\/(\d+)\/([^/]+)\/callback$/.exec(path);
    if (request.method === 'POST' && callback) return this.answerInteraction(response, callback[1]!, callback[2]!, body);
    return json(response, 404, { message: '404: Not Found', code: 0 });
  }

  private answerInteraction(response: ServerResponse, id: string, token: string, raw: string): void {
    const interaction = this.interactions.get(id);
    if (!interaction || interaction.token !== token) return json(response, 404, { message: 'Unknown interaction', code: UNKNOWN_INTERACTION });
    if (interaction.answered) return json(response, 400, { message: 'Interaction has already been acknowledged.', code: INTERACTION_ALREADY_ACKNOWLEDGED });
    const { type } = JSON.parse(raw) as { type: InteractionResponseType };
    if (!Object.values(InteractionResponseType).includes(type)) return json(response, 400, { message: 'Invalid Form Body', code: 50035 });
    interaction.answered = true;
    this.callbacks.push({ interactionId: id, type });
    this.listeners.splice(0).forEach((wake) => wake());
    response.writeHead(204).end();
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
      components?: unknown;
    };
    const content = body.content ?? '';
    if (content.length === 0 || content.length > DISCORD_MAX_CONTENT) {
      return json(response, 400, { message: 'Invalid Form Body', code: 50035, errors: { content: `must be 1-${DISCORD_MAX_CONTENT} characters` } });
    }
    const components = body.components === undefined ? undefined : validComponents(body.components);
    if (components === null) return json(response, 400, { message: 'Invalid Form Body', code: 50035, errors: { components: 'invalid action rows or buttons' } });
    const previous = body.enforce_nonce && body.nonce ? this.byNonce.get(body.nonce) : undefined;
    if (previous) return json(response, 200, previous);

    const message = { ...messagePayload({ channelId, ...channel, author: this.options.botUser, content }), ...(components && { components }) };
    if (body.nonce) this.byNonce.set(body.nonce, message);
    this.messages.set(message.id, message);
    const post: PostedMessage = {
      channelId,
      content,
      replyTo: body.message_reference?.message_id ?? null,
      allowedMentions: body.allowed_mentions ?? null,
      nonce: body.nonce ?? null,
      ...(components && { components }),
    };
    this.posts.push(post);
    this.ids.set(post, message.id);
    this.listeners.splice(0).forEach((wake) => wake());
    json(response, 200, message);
    this.options.echo(message);
  }
}

/**
 * Message components as Discord checks them, for the buttons this fake models: at most five action
 * rows of one to five buttons; a Link button has a URL and no custom_id, any other style a custom_id
 * (unique in the message) and no URL; labels of at most 80 characters. Null when Discord would refuse them.
 */
function validComponents(components: unknown): APIActionRowComponent<APIButtonComponent>[] | null {
  if (!Array.isArray(components) || components.length > MAX_ROWS) return null;
  const customIds = new Set<string>();
  for (const row of components as any[]) {
    if (row?.type !== ComponentType.ActionRow || !Array.isArray(row.components) || row.components.length === 0 || row.components.length > MAX_BUTTONS_PER_ROW)
      return null;
    for (const button of row.components) {
      if (button?.type !== ComponentType.Button || typeof button.label !== 'string' || button.label.length === 0 || button.label.length > MAX_LABEL) return null;
      if (button.style === ButtonStyle.Link) {
        if (typeof button.url !== 'string' || button.url.length > MAX_URL || button.custom_id !== undefined) return null;
      } else {
        if (![ButtonStyle.Primary, ButtonStyle.Secondary, ButtonStyle.Success, ButtonStyle.Danger].includes(button.style)) return null;
        if (typeof button.custom_id !== 'string' || button.custom_id.length > MAX_CUSTOM_ID || customIds.has(button.custom_id) || button.url !== undefined) return null;
        customIds.add(button.custom_id);
      }
    }
  }
  return components as APIActionRowComponent<APIButtonComponent>[];
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
