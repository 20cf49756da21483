import { once } from 'node:events';
import {
  InvalidMessageError,
  messageTooLongReply,
  type AdapterContext,
  type ChannelAdapter,
  type InboundDraft,
  type Logger,
  type OutboundMessage,
  type Redis,
} from '@chatbot/core';
import {
  Client,
  Events,
  GatewayIntentBits,
  Partials,
  Routes,
  type APIMessage,
  type ButtonInteraction,
  type Message,
  type MessageReaction,
  type PartialMessageReaction,
  type PartialUser,
  type User,
} from 'discord.js';
import pRetry from 'p-retry';
import { buttonClickMessageId, decideButtonClick } from '../button-clicks';
import { ButtonRecords } from '../button-records';
import { ReactionRatings } from '../reaction-ratings';
import { ReplyIndex } from '../reply-index';
import { clickFactsOf, decideClick } from './click';
import { DISCORD_CHANNEL, channelIdOf } from './conversation-key';
import { decideInbound, factsOf } from './inbound';
import { explainLoginFailure } from './login-failure';
import { discordText, replyPayloads, type ReplyText } from './reply-payloads';

export interface DiscordAdapterOptions {
  token: string;
  /** REST base URL without the version (discord.js `rest.api`); Discord's own when unset. */
  apiUrl?: string;
  /** Where the adapter remembers which posted message carries which reply (for ratings by reaction). */
  redis: Redis;
  prefix: string;
  /** First wait before publishing a message again after a failure (doubling up to 10 s). */
  publishRetryMs?: number;
}

/** A thumbs up or down is a rating; skin-tone modifiers (U+1F3FB..U+1F3FF) do not change it. */
const RATING_OF_EMOJI = new Map([
  ['\u{1F44D}', true],
  ['\u{1F44E}', false],
]);
const SKIN_TONE = /[\u{1F3FB}-\u{1F3FF}]/gu;

export const NO_CONTENT_HINT =
  'A Discord message addressed to the bot arrived without text. If every message looks like this, enable the privileged ' +
  'Message Content intent: Discord developer portal > your application > Bot > Privileged Gateway Intents > Message Content Intent.';

/**
 * The Discord channel: a discord.js gateway client that answers DMs and guild messages mentioning
 * the bot, and sends replies through the REST API as replies to the user's message.
 * discord.js resumes the gateway session after a disconnect and replays missed events; a message
 * seen twice is dropped by the publisher (channel + message id), and a reply sent twice by
 * Discord's nonce check, so neither loses nor repeats a reply. REST rate limits (429) are waited
 * out and retried by discord.js's REST client.
 * Buttons are message components; a click (INTERACTION_CREATE) is acknowledged at once with a
 * deferred update (Discord wants an answer within 3 s) and then, checked against the adapter's record
 * of the reply, queued as the user's next message behind the messages before it (see receiveClick).
 */
export class DiscordAdapter implements ChannelAdapter {
  readonly channel = DISCORD_CHANNEL;
  private client: Client | undefined;
  /** Messages are published one after another, so each conversation keeps its order. */
  private inbox: Promise<void> = Promise.resolve();
  private noContentLogged = false;
  private readonly replies: ReplyIndex;
  private readonly reactions: ReactionRatings;
  private readonly buttons: ButtonRecords;

  constructor(private readonly options: DiscordAdapterOptions) {
    this.replies = new ReplyIndex(options.redis, options.prefix, DISCORD_CHANNEL);
    this.reactions = new ReactionRatings(options.redis, options.prefix, DISCORD_CHANNEL);
    this.buttons = new ButtonRecords(options.redis, options.prefix, DISCORD_CHANNEL);
  }

  async start(context: AdapterContext): Promise<void> {
    const client = new Client({
      intents: [
        GatewayIntentBits.Guilds,
        GatewayIntentBits.GuildMessages,
        GatewayIntentBits.DirectMessages,
        GatewayIntentBits.MessageContent,
        GatewayIntentBits.GuildMessageReactions,
        GatewayIntentBits.DirectMessageReactions,
      ],
      // DM channels are not in the cache when their first message arrives, nor are the bot's older
      // messages, their reactions and the reacting users; without these partials discord.js drops
      // such events.
      partials: [Partials.Channel, Partials.Message, Partials.Reaction, Partials.User],
      ...(this.options.apiUrl && { rest: { api: this.options.apiUrl } }),
    });
    client.on(Events.MessageCreate, (message) => {
      this.inbox = this.inbox.then(() => this.receive(message, context));
    });
    client.on(Events.MessageReactionAdd, (reaction, user) => {
      this.inbox = this.inbox.then(() => this.receiveReaction(reaction, user, 'added', context));
    });
    client.on(Events.MessageReactionRemove, (reaction, user) => {
      this.inbox = this.inbox.then(() => this.receiveReaction(reaction, user, 'removed', context));
    });
    client.on(Events.InteractionCreate, (interaction) => {
      if (interaction.isButton()) void this.receiveClick(interaction, context);
    });
    client.on(Events.ShardResume, (_shard, replayed) => context.logger.info({ replayed }, 'discord gateway resumed'));
    client.on(Events.ShardReconnecting, () => context.logger.warn('discord gateway disconnected; reconnecting'));
    client.on(Events.Error, (error) => context.logger.error({ err: error }, 'discord client error'));

    let lastCloseCode: number | undefined;
    client.on(Events.ShardDisconnect, (event) => {
      lastCloseCode = event.code;
      // discord.js only gives up on codes that retrying cannot fix (a reset token, a revoked intent).
      context.logger.error({ code: event.code }, 'discord gateway closed the connection for good');
    });
    this.client = client;
    try {
      const ready = once(client, Events.ClientReady);
      await client.login(this.options.token);
      await ready;
    } catch (error) {
      this.client = undefined;
      await client.destroy();
      throw explainLoginFailure(error, lastCloseCode);
    }
    context.logger.info({ bot: client.user?.tag, guilds: client.guilds.cache.size }, 'discord bot connected');
  }

  /**
   * Sends the reply; each message it was sent as is indexed, so a reaction on it rates the reply (an
   * agent's is not rated). A reply with buttons is recorded first, for the clicks.
   */
  async deliver(message: OutboundMessage): Promise<void> {
    const { buttons } = message;
    if (buttons.some((button) => button.type === 'reply')) await this.buttons.remember(message.id, { conversationKey: message.conversationKey, buttons });
    const posted = await this.send(channelIdOf(message.conversationKey), {
      text: discordText(message),
      buttons: { replyId: message.id, buttons },
      replyTo: discordReplyTarget(message),
      idempotencyKey: message.idempotencyKey,
    });
    if (message.kind === 'agent') return;
    for (const { id } of posted) await this.replies.remember(id, { replyId: message.id, conversationKey: message.conversationKey });
  }

  async stop(): Promise<void> {
    // Without its listeners the client's own disconnect is not logged as a reconnect.
    this.client?.removeAllListeners();
    await this.client?.destroy();
    this.client = undefined;
    await this.inbox;
  }

  private async receive(message: Message, context: AdapterContext): Promise<void> {
    const client = message.client;
    const decision = decideInbound(factsOf(message, client.user.id), client.user.id);
    const log = context.logger.child({ messageId: message.id });
    try {
      switch (decision.action) {
        case 'ignore':
          return log.debug({ reason: decision.reason }, 'discord message ignored');
        case 'no-content':
          // Once is enough to point the operator at the setting; repeating it would flood the log.
          if (this.noContentLogged) return log.debug({ conversationId: decision.conversationKey }, 'discord message without text ignored');
          this.noContentLogged = true;
          return log.warn({ conversationId: decision.conversationKey }, NO_CONTENT_HINT);
        case 'too-long':
          log.info({ conversationId: decision.conversationKey }, 'discord message too long; refused');
          await this.send(message.channelId, { text: messageTooLongReply(decision.language), replyTo: message.id, idempotencyKey: `too-long:${message.id}` });
          return;
        case 'publish': {
          const result = await this.publishUntilQueued(decision.draft, context, log);
          return log.debug({ conversationId: decision.draft.conversationKey, status: result.status }, 'discord message received');
        }
      }
    } catch (error) {
      if (error instanceof InvalidMessageError) return log.warn({ reason: error.message }, 'discord message refused');
      log.error({ err: error }, 'discord message could not be handled');
    }
  }

  /**
   * Discord never delivers a message again, so a publish that fails (Redis refusing a write, say) is
   * tried again with backoff until it is queued: later messages wait behind it, keeping their order.
   * A message the platform refuses (InvalidMessageError) is not retried.
   */
  private publishUntilQueued(draft: InboundDraft, context: AdapterContext, log: Logger) {
    return pRetry(() => context.publish(draft), {
      forever: true,
      minTimeout: this.options.publishRetryMs ?? 500,
      maxTimeout: 10_000,
      shouldRetry: (error) => !(error instanceof InvalidMessageError) && this.client !== undefined,
      onFailedAttempt: (error) => log.warn({ err: error, attempt: error.attemptNumber }, 'discord message could not be queued yet; trying again'),
    });
  }

  /**
   * A click on a button: acknowledged first (a deferred update, which changes nothing the user sees),
   * whatever it turns out to be, and however often Discord delivers the interaction (a second callback
   * is refused by Discord and only logged). Then, in order with the messages, a click on a reply button
   * from the conversation the reply was sent to is queued as the user's message with the recorded
   * button's text, once per reply; any other is refused (logged, nothing queued).
   */
  private async receiveClick(interaction: ButtonInteraction, context: AdapterContext): Promise<void> {
    const log = context.logger.child({ interactionId: interaction.id, messageId: interaction.message.id });
    let decision: ReturnType<typeof decideClick>;
    try {
      decision = decideClick(clickFactsOf(interaction), interaction.client.user.id);
    } catch (error) {
      decision = { action: 'ignore', reason: `unreadable interaction: ${(error as Error).message}` };
    }
    await interaction.deferUpdate().catch((error: unknown) => log.warn({ err: error }, 'discord click could not be acknowledged'));
    if (decision.action === 'ignore') return log.debug({ reason: decision.reason }, 'discord click ignored');
    const click = decision;
    this.inbox = this.inbox.then(async () => {
      const clickLog = log.child({ conversationId: click.conversationKey, replyId: click.replyId });
      try {
        const verdict = decideButtonClick(click, await this.buttons.find(click.replyId));
        if (verdict.action === 'refuse') return clickLog.warn({ reason: verdict.reason, user: click.user.id }, 'discord click refused');
        if (verdict.action === 'ignore') return clickLog.debug({ reason: verdict.reason }, 'discord click ignored');
        const draft: InboundDraft = {
          channel: DISCORD_CHANNEL,
          nativeMessageId: buttonClickMessageId(click.replyId),
          conversationKey: click.conversationKey,
          user: click.user,
          text: verdict.text,
          metadata: click.metadata,
        };
        const result = await this.publishUntilQueued(draft, context, clickLog);
        await this.buttons.markAnswered(click.replyId);
        clickLog.debug({ status: result.status }, 'discord click received');
      } catch (error) {
        if (error instanceof InvalidMessageError) return clickLog.warn({ reason: error.message }, 'discord click refused');
        clickLog.error({ err: error }, 'discord click could not be handled');
      }
    });
  }

  /** A 👍 or 👎 added to a message the bot sent as a reply is the user's rating of that reply; removing their last one takes the rating back. */
  private async receiveReaction(
    reaction: MessageReaction | PartialMessageReaction,
    user: User | PartialUser,
    change: 'added' | 'removed',
    context: AdapterContext,
  ): Promise<void> {
    const log = context.logger.child({ messageId: reaction.message.id });
    if (user.id === reaction.client.user.id) return log.debug('own reaction ignored');
    const emoji = reaction.emoji.name ?? '';
    const helpful = RATING_OF_EMOJI.get(emoji.replace(SKIN_TONE, ''));
    if (helpful === undefined) return log.debug({ emoji }, 'discord reaction is not a rating; ignored');
    try {
      const reply = await this.replies.find(reaction.message.id);
      if (!reply) return log.debug('discord reaction on a message that is not a reply of the bot; ignored');
      const rating = await this.reactions.apply({ postedMessageId: reaction.message.id, userId: user.id, reaction: emoji, helpful, added: change === 'added' });
      await context.sendFeedback({ channel: DISCORD_CHANNEL, conversationKey: reply.conversationKey, replyId: reply.replyId, helpful: rating });
    } catch (error) {
      // The gateway does not redeliver an event: all that is left is to say so.
      log.error({ err: error }, 'discord rating could not be queued');
    }
  }

  /** Posts the reply's parts; returns the messages Discord created. */
  private async send(channelId: string, reply: ReplyText): Promise<APIMessage[]> {
    if (!this.client) throw new Error('the Discord adapter is not started');
    const posted: APIMessage[] = [];
    for (const body of replyPayloads(reply)) posted.push((await this.client.rest.post(Routes.channelMessages(channelId), { body })) as APIMessage);
    return posted;
  }
}

const SNOWFLAKE = /^\d{1,20}$/;

/**
 * The message a reply is sent as a Discord reply to: the user's message it answers, or, for the
 * answer to a button click (whose replyTo is `button:<replyId>`), the message that carried the
 * buttons; none for an unsolicited message.
 */
function discordReplyTarget(message: Pick<OutboundMessage, 'replyTo' | 'metadata'>): string | null {
  if (message.replyTo !== null && SNOWFLAKE.test(message.replyTo)) return message.replyTo;
  const { messageId } = message.metadata;
  return message.replyTo !== null && typeof messageId === 'string' && SNOWFLAKE.test(messageId) ? messageId : null;
}
