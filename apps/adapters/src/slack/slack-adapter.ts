import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  ConfigError,
  InvalidMessageError,
  messageTooLongReply,
  renderTemplate,
  type AdapterContext,
  type ChannelAdapter,
  type OutboundMessage,
  type Redis,
} from '@chatbot/core';
import { App, HTTPReceiver, webApi, type Receiver } from '@slack/bolt';
import { toSlackLogger } from './bolt-logger';
import { PostedMessages } from './posted-messages';
import { ReactionRatings } from '../reaction-ratings';
import { ReplyIndex } from '../reply-index';
import { SLACK_CHANNEL, interpretSlackEvent, interpretSlackReaction, slackMessageId, slackReplyAddressOf, type SlackReplyAddress } from './slack-event';
import { toSlackText } from './slack-text';
import { QueueFirstSocketModeReceiver } from './socket-mode-receiver';

export interface SlackAdapterOptions {
  /** SLACK_BOT_TOKEN (xoxb-...). */
  botToken: string;
  /** SLACK_SIGNING_SECRET: required for the Events API over HTTP. */
  signingSecret?: string;
  /** SLACK_APP_TOKEN (xapp-...): when set, events come over Socket Mode instead of HTTP. */
  appToken?: string;
  /** SLACK_PORT: where the Events API receiver listens (0 = any free port). */
  port: number;
  /** SLACK_API_URL: the Web API base, e.g. https://slack.com/api/ */
  apiUrl: string;
  redis: Redis;
  prefix: string;
  /**
   * How often the Web API client retries a failed call (a 429 waits its Retry-After first) before
   * the delivery fails and the outbound queue retries it later.
   */
  webApiRetries?: number;
}

/** How long Bolt may take to acknowledge a request before it counts as a body Bolt does not handle. */
const UNRECOGNISED_BODY_ACK_MS = 1000;

/** Where Slack sends Events API requests (the app's Request URL is https://<host><this path>). */
export const SLACK_EVENTS_PATH = '/slack/events';

/**
 * The Slack channel, on Bolt. Input: Events API over HTTP (signature v0 + 5-minute replay window
 * checked by Bolt's HTTPReceiver) or Socket Mode; answers DMs (`message.im`) and mentions
 * (`app_mention`), see ./slack-event.ts for what is ignored and how conversations are keyed.
 * An event is acknowledged only after its message is on the queue: Bolt's `processBeforeResponse`
 * holds the HTTP 200 until the listener has finished, and a listener that throws turns into a 500,
 * so Slack retries it. Output: `chat.postMessage` in the message's thread.
 */
export class SlackAdapter implements ChannelAdapter {
  readonly channel = SLACK_CHANNEL;
  private readonly posted: PostedMessages;
  private readonly replies: ReplyIndex;
  private readonly reactions: ReactionRatings;
  private client: webApi.WebClient | undefined;
  private app: App | undefined;
  private server: Server | undefined;

  constructor(private readonly options: SlackAdapterOptions) {
    if (!options.appToken && !options.signingSecret) {
      throw new ConfigError('Invalid configuration:\n  - SLACK_SIGNING_SECRET: is required for the Events API over HTTP (or set SLACK_APP_TOKEN for Socket Mode)');
    }
    this.posted = new PostedMessages(options.redis, options.prefix);
    this.replies = new ReplyIndex(options.redis, options.prefix, SLACK_CHANNEL);
    this.reactions = new ReactionRatings(options.redis, options.prefix, SLACK_CHANNEL);
  }

  async start(context: AdapterContext): Promise<void> {
    const { botToken, appToken, signingSecret, apiUrl, port } = this.options;
    const logger = toSlackLogger(context.logger.child({ component: 'bolt' }));
    const client = new webApi.WebClient(botToken, {
      slackApiUrl: apiUrl,
      logger,
      retryConfig: { retries: this.options.webApiRetries ?? 5, factor: 2, minTimeout: 500 },
    });
    // Fails fast on a bad token, and tells us the bot's own user id (to strip its mention).
    const identity = await client.auth.test();
    const botUserId = identity.user_id;
    if (!botUserId) throw new Error('auth.test did not return the bot user id; is SLACK_BOT_TOKEN a bot token?');

    const receiver: Receiver = appToken
      ? new QueueFirstSocketModeReceiver({ appToken, apiUrl, logger })
      : new HTTPReceiver({
          signingSecret: signingSecret!,
          endpoints: SLACK_EVENTS_PATH,
          processBeforeResponse: true,
          logger,
          // Bolt acknowledges every Events API callback at once (the 200 is then held until our
          // listener is done), so only bodies Bolt cannot classify (e.g. `app_rate_limited`) are
          // left unacknowledged: answer those 200, so Slack does not retry what we ignore.
          unhandledRequestTimeoutMillis: UNRECOGNISED_BODY_ACK_MS,
          unhandledRequestHandler: ({ response }) => {
            if (!response.headersSent) response.writeHead(200).end();
          },
        });
    const app = new App({
      token: botToken,
      botUserId,
      botId: identity.bot_id,
      tokenVerificationEnabled: false,
      receiver,
      logger,
      clientOptions: { slackApiUrl: apiUrl },
    });
    app.event('message', ({ body, event }) => this.receive(context, body, event, botUserId));
    app.event('app_mention', ({ body, event }) => this.receive(context, body, event, botUserId));
    app.event('reaction_added', ({ body, event }) => this.receiveReaction(context, body, event, botUserId));
    app.event('reaction_removed', ({ body, event }) => this.receiveReaction(context, body, event, botUserId));
    const server = await app.start(port);
    this.client = client;
    this.app = app;
    this.server = appToken ? undefined : server;
    context.logger.info(appToken ? { mode: 'socket' } : { mode: 'http', url: this.eventsUrl }, 'slack channel listening');
  }

  /** The Events API endpoint in HTTP mode, e.g. http://127.0.0.1:3002/slack/events (the port actually taken). */
  get eventsUrl(): string {
    const address = this.server?.address() as AddressInfo | null | undefined;
    if (!address) throw new Error('the Slack adapter is not listening for HTTP events (not started, or in Socket Mode)');
    return `http://127.0.0.1:${address.port}${SLACK_EVENTS_PATH}`;
  }

  private async receive(context: AdapterContext, body: unknown, event: unknown, botUserId: string): Promise<void> {
    const decision = interpretSlackEvent(body, event, botUserId);
    if (decision.action === 'ignore') {
      context.logger.debug({ reason: decision.reason }, 'slack event ignored');
      return;
    }
    if (decision.action === 'refuse') {
      context.logger.info({ nativeMessageId: decision.nativeMessageId, length: decision.length }, 'slack message too long, refused');
      await this.postOnce(`refusal:${decision.nativeMessageId}`, decision.address, messageTooLongReply(decision.language));
      return;
    }
    try {
      const result = await context.publish(decision.draft);
      context.logger.debug({ conversationId: decision.draft.conversationKey, status: result.status }, 'slack message received');
    } catch (error) {
      // Refused by the platform: a retry would be refused again, so acknowledge and move on.
      // Anything else (Redis unavailable) propagates: no acknowledgement, Slack delivers it again.
      if (!(error instanceof InvalidMessageError)) throw error;
      context.logger.warn({ err: error, conversationId: decision.draft.conversationKey }, 'slack message refused');
    }
  }

  /**
   * A thumbs up or down on a reply of the bot is the user's rating of it (removing their last one
   * takes the rating back): passed on with `sendFeedback` (the worker stores it only on a bot reply
   * of that conversation). Like messages, it is acknowledged only once queued.
   */
  private async receiveReaction(context: AdapterContext, body: unknown, event: unknown, botUserId: string): Promise<void> {
    const decision = interpretSlackReaction(body, event, botUserId);
    if (decision.action === 'ignore') {
      context.logger.debug({ reason: decision.reason }, 'slack reaction ignored');
      return;
    }
    const postedMessageId = slackMessageId(decision.team, decision.channel, decision.ts);
    const reply = await this.replies.find(postedMessageId);
    if (!reply) {
      context.logger.debug({ channel: decision.channel, ts: decision.ts }, 'slack reaction on a message that is not a reply of the bot; ignored');
      return;
    }
    const { user: userId, reaction, helpful, added } = decision;
    const rating = await this.reactions.apply({ postedMessageId, userId, reaction, helpful, added });
    try {
      await context.sendFeedback({ channel: SLACK_CHANNEL, conversationKey: reply.conversationKey, replyId: reply.replyId, helpful: rating });
    } catch (error) {
      if (!(error instanceof InvalidMessageError)) throw error;
      context.logger.warn({ err: error, conversationId: reply.conversationKey }, 'slack rating refused');
    }
  }

  /**
   * Posts the reply in the thread of the message it answers, once per idempotency key, and indexes
   * the posted message so that a reaction on it rates the reply (an agent's message is not rated).
   */
  async deliver(message: OutboundMessage): Promise<void> {
    const posted = await this.postOnce(`reply:${message.idempotencyKey}`, slackReplyAddressOf(message), renderTemplate(message.text, message.variables));
    if (!posted || message.kind === 'agent') return;
    const team = message.conversationKey.split(':')[1]!;
    await this.replies.remember(slackMessageId(team, posted.channel, posted.ts), { replyId: message.id, conversationKey: message.conversationKey });
  }

  /**
   * `chat.postMessage`; the Web API client waits out a 429's Retry-After and tries again. Returns where
   * the message was posted, or null when it had been posted before.
   */
  private async postOnce(id: string, address: SlackReplyAddress, text: string): Promise<{ channel: string; ts: string } | null> {
    if (!this.client) throw new Error('the Slack adapter is not started');
    if (await this.posted.has(id)) return null;
    const posted = await this.client.chat.postMessage({ channel: address.channel, thread_ts: address.threadTs, text: toSlackText(text) });
    await this.posted.remember(id);
    return posted.channel && posted.ts ? { channel: posted.channel, ts: posted.ts } : null;
  }

  async stop(): Promise<void> {
    await this.app?.stop();
    this.app = undefined;
    this.client = undefined;
    this.server = undefined;
  }
}
