import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  ConfigError,
  InvalidMessageError,
  messageTooLongReply,
  renderTemplate,
  type AdapterContext,
  type ChannelAdapter,
  type InboundDraft,
  type OutboundMessage,
  type Redis,
} from '@chatbot/core';
import { App, HTTPReceiver, webApi, type Receiver, type types } from '@slack/bolt';
import pRetry from 'p-retry';
import { buttonClickMessageId, decideButtonClick } from '../button-clicks';
import { ButtonRecords } from '../button-records';
import { toSlackLogger } from './bolt-logger';
import { PostedMessages } from './posted-messages';
import { ReactionRatings } from '../reaction-ratings';
import { ReplyIndex } from '../reply-index';
import { SLACK_BUTTON_ACTION_ID, slackReplyBlocks } from './slack-blocks';
import {
  SLACK_CHANNEL,
  interpretSlackButtonClick,
  interpretSlackEvent,
  interpretSlackReaction,
  slackMessageId,
  slackReplyAddressOf,
  type SlackReplyAddress,
} from './slack-event';
import { slackReplyText, toSlackText } from './slack-text';
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
  /** First wait before publishing a button click again after a failure (doubling up to 10 s). */
  publishRetryMs?: number;
}

/** How long Bolt may take to acknowledge a request before it counts as a body Bolt does not handle. */
const UNRECOGNISED_BODY_ACK_MS = 1000;

/**
 * Where Slack sends Events API requests and, set as the Interactivity Request URL too, button clicks
 * (the app's Request URL is https://<host><this path>).
 */
export const SLACK_EVENTS_PATH = '/slack/events';

/**
 * The Slack channel, on Bolt. Input: Events API over HTTP (signature v0 + 5-minute replay window
 * checked by Bolt's HTTPReceiver) or Socket Mode; answers DMs (`message.im`) and mentions
 * (`app_mention`), see ./slack-event.ts for what is ignored and how conversations are keyed.
 * An event is acknowledged only after its message is on the queue: Bolt's `processBeforeResponse`
 * holds the HTTP 200 until the listener has finished, and a listener that throws turns into a 500,
 * so Slack retries it. Output: `chat.postMessage` in the message's thread; a reply with buttons as
 * Block Kit (./slack-blocks.ts). A click on a reply button (`block_actions`, same endpoint) is
 * acknowledged first (Slack wants it within 3 s and never sends it again), then checked against the
 * adapter's record of the reply and published as the user's next message (see handleClick).
 */
export class SlackAdapter implements ChannelAdapter {
  readonly channel = SLACK_CHANNEL;
  private readonly posted: PostedMessages;
  private readonly replies: ReplyIndex;
  private readonly reactions: ReactionRatings;
  private readonly buttons: ButtonRecords;
  /** Clicks are handled one after another, after their acknowledgement. */
  private clicks: Promise<void> = Promise.resolve();
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
    this.buttons = new ButtonRecords(options.redis, options.prefix, SLACK_CHANNEL);
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
    app.action({ type: 'block_actions', action_id: SLACK_BUTTON_ACTION_ID }, async ({ ack, body }) => {
      // Acknowledged before anything else: the HTTP 200 (or the Socket Mode ack) goes out as soon as
      // this listener returns, and the click is handled after it.
      await ack();
      this.clicks = this.clicks.then(() => this.handleClick(context, body, botUserId));
    });
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
      await this.postOnce(`refusal:${decision.nativeMessageId}`, decision.address, toSlackText(messageTooLongReply(decision.language)));
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
   * A click on a reply button, already acknowledged: published as the user's next message in the
   * conversation the click came from, with the recorded button's text, if that is the conversation
   * the reply was sent to; once per reply (`button:<replyId>`, and the record's answered mark).
   * Slack never sends a click again, so a publish that fails is retried here until it is queued.
   */
  private async handleClick(context: AdapterContext, body: unknown, botUserId: string): Promise<void> {
    const click = interpretSlackButtonClick(body, botUserId);
    if (click.action === 'ignore') return context.logger.debug({ reason: click.reason }, 'slack click ignored');
    const log = context.logger.child({ conversationId: click.conversationKey, replyId: click.replyId });
    try {
      const decision = decideButtonClick(click, await this.buttons.find(click.replyId));
      if (decision.action === 'refuse') return log.warn({ reason: decision.reason, user: click.user }, 'slack click refused');
      if (decision.action === 'ignore') return log.debug({ reason: decision.reason }, 'slack click ignored');
      const draft: InboundDraft = {
        channel: SLACK_CHANNEL,
        nativeMessageId: buttonClickMessageId(click.replyId),
        conversationKey: click.conversationKey,
        user: { id: click.user },
        text: decision.text,
        metadata: { team: click.team, channel: click.address.channel, ...(click.address.threadTs !== undefined && { threadTs: click.address.threadTs }) },
      };
      const result = await pRetry(() => context.publish(draft), {
        forever: true,
        minTimeout: this.options.publishRetryMs ?? 500,
        maxTimeout: 10_000,
        shouldRetry: (error) => !(error instanceof InvalidMessageError) && this.app !== undefined,
        onFailedAttempt: (error) => log.warn({ err: error, attempt: error.attemptNumber }, 'slack click could not be queued yet; trying again'),
      });
      await this.buttons.markAnswered(click.replyId);
      log.debug({ status: result.status }, 'slack click received');
    } catch (error) {
      log.error({ err: error }, 'slack click could not be handled');
    }
  }

  /**
   * Posts the reply in the thread of the message it answers, once per idempotency key, and indexes
   * the posted message so that a reaction on it rates the reply (an agent's message is not rated).
   * A reply with buttons is recorded first (for the click) and posted as Block Kit, its text kept as
   * the notification fallback.
   */
  async deliver(message: OutboundMessage): Promise<void> {
    const text = slackReplyText(renderTemplate(message.text, message.variables), message.agentName);
    const { buttons } = message;
    if (buttons.some((button) => button.type === 'reply')) await this.buttons.remember(message.id, { conversationKey: message.conversationKey, buttons });
    const blocks = buttons.length > 0 ? slackReplyBlocks(text, buttons, message.id) : undefined;
    const posted = await this.postOnce(`reply:${message.idempotencyKey}`, slackReplyAddressOf(message), text, blocks);
    if (!posted || message.kind === 'agent') return;
    const team = message.conversationKey.split(':')[1]!;
    await this.replies.remember(slackMessageId(team, posted.channel, posted.ts), { replyId: message.id, conversationKey: message.conversationKey });
  }

  /**
   * `chat.postMessage` of text already escaped for mrkdwn; the Web API client waits out a 429's Retry-After and tries again. Returns where
   * the message was posted, or null when it had been posted before.
   */
  private async postOnce(id: string, address: SlackReplyAddress, mrkdwn: string, blocks?: types.KnownBlock[]): Promise<{ channel: string; ts: string } | null> {
    if (!this.client) throw new Error('the Slack adapter is not started');
    if (await this.posted.has(id)) return null;
    const posted = await this.client.chat.postMessage({ channel: address.channel, thread_ts: address.threadTs, text: mrkdwn, ...(blocks && { blocks }) });
    await this.posted.remember(id);
    return posted.channel && posted.ts ? { channel: posted.channel, ts: posted.ts } : null;
  }

  async stop(): Promise<void> {
    const app = this.app;
    // Unset first, so a click waiting to be queued again gives up.
    this.app = undefined;
    await app?.stop();
    await this.clicks;
    this.client = undefined;
    this.server = undefined;
  }
}
