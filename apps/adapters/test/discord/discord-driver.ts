import { createLogger, createRedis, type Redis } from '@chatbot/core';
import type { APIMessage, APIUser } from 'discord.js';
import { AdapterMetrics, DiscordAdapter, startAdapters } from '../../src';
import type { ButtonDriver, ConformanceDriver } from '../conformance/driver';
import { startDiscordPlatform, type DiscordPlatform } from './discord-platform';
import { FakeDiscord, type Place } from './fake-discord';
import type { PostedMessage } from './fake-rest';

/**
 * The conformance driver for Discord: each test conversation is one end user's DM with the bot on a
 * fake Discord, served to the real discord.js client of the adapter.
 */
export class DiscordConformanceDriver implements ConformanceDriver {
  readonly channel = 'discord';
  private redis: Redis | undefined;
  private prefix = '';
  private platform: DiscordPlatform | undefined;
  private readonly conversations = new Map<string, { user: APIUser; dm: Place }>();
  private readonly sent = new Map<string, APIMessage>();
  private readonly lastClicks = new Map<string, Record<string, unknown>>();

  /**
   * Buttons are message components; a click is an INTERACTION_CREATE over the gateway, and its repeat
   * the same interaction dispatched again (as a resumed gateway session may replay it). Discord shows
   * labels as they are; a ping would come only from the content, if allowed_mentions let it.
   */
  readonly buttons: ButtonDriver = {
    lastButtonReply: async (conversation) => {
      const post = this.lastButtonPost(conversation);
      if (!post) return null;
      const buttons = post.components!.flatMap((row) =>
        row.components.map((button) =>
          'url' in button
            ? { type: 'link' as const, label: button.label ?? '', url: button.url }
            : { type: 'reply' as const, label: 'label' in button ? (button.label ?? '') : '' },
        ),
      );
      const mentions = post.allowedMentions as { parse?: string[] } | null;
      const markup = mentions?.parse?.length === 0 ? [] : [`allowed_mentions ${JSON.stringify(mentions)}`];
      return { text: shownByDiscord(post.content), buttons, markup };
    },
    click: async (conversation, label) => {
      this.lastClicks.set(conversation, this.click(conversation, label, conversation));
    },
    repeatLastClick: async (conversation) => {
      const interaction = this.lastClicks.get(conversation);
      if (!interaction) throw new Error(`nothing was clicked in ${conversation}`);
      this.fake.deliverInteraction(interaction);
    },
    forgeClick: async (conversation, label, from) => {
      this.click(conversation, label, from);
    },
  };

  private lastButtonPost(conversation: string): PostedMessage | undefined {
    const { dm } = this.conversation(conversation);
    return this.fake.rest.posts.filter((post) => post.channelId === dm.channelId && post.components).at(-1);
  }

  /** `from`'s user clicks `label` on `conversation`'s last reply with buttons, Discord naming `from`'s DM as where. */
  private click(conversation: string, label: string, from: string): Record<string, unknown> {
    const post = this.lastButtonPost(conversation);
    if (!post) throw new Error(`no reply with buttons in ${conversation}`);
    const clicker = this.conversation(from);
    return this.fake.click(clicker.dm, clicker.user, this.fake.rest.ids.get(post)!, label);
  }

  async start(options: { redisUrl: string; prefix: string }): Promise<void> {
    this.redis = createRedis(options.redisUrl);
    this.prefix = options.prefix;
    // The suite runs its own fake worker.
    this.platform = await startDiscordPlatform({ redis: this.redis, prefix: options.prefix, fakeWorker: false });
  }

  async sendUserMessage(conversation: string, text: string): Promise<{ nativeMessageId: string }> {
    const { user, dm } = this.conversation(conversation);
    const message = this.fake.say(dm, user, text);
    this.sent.set(message.id, message);
    return { nativeMessageId: message.id };
  }

  async redeliver(_conversation: string, nativeMessageId: string): Promise<void> {
    const message = this.sent.get(nativeMessageId);
    if (!message) throw new Error(`no message ${nativeMessageId} was sent through this driver`);
    this.fake.deliver(message);
  }

  async sendBotMessage(conversation: string, text: string): Promise<void> {
    // The bot's own message in the DM, as Discord echoes every message the bot posts.
    this.fake.say(this.conversation(conversation).dm, this.fake.botUser, text);
  }

  /**
   * Discord authenticates the gateway connection, not each message: a client with a wrong token is
   * refused at IDENTIFY (close code 4004) and never receives a message. So this starts a second
   * adapter with a wrong token, wired to the same queues, and reports whether its start was refused.
   */
  async sendWithBadAuthentication(): Promise<{ refused: boolean; detail: string }> {
    const intruder = new DiscordAdapter({ token: `${this.fake.token}-wrong`, apiUrl: this.fake.apiUrl, redis: this.redis!, prefix: this.prefix });
    const logger = createLogger('discord-conformance', 'silent');
    try {
      const running = await startAdapters({ adapters: [intruder], redis: this.redis!, prefix: this.prefix, logger, metrics: new AdapterMetrics() });
      await running.stop();
      return { refused: false, detail: 'the gateway accepted a wrong bot token' };
    } catch (error) {
      return { refused: true, detail: `gateway connection refused: ${(error as Error).message}` };
    }
  }

  /** The replies as the Discord client shows them: markdown escapes (`li\*\*\*`) shown as the characters they escape. */
  async repliesFor(conversation: string): Promise<string[]> {
    return this.fake.repliesIn(this.conversation(conversation).dm).map(shownByDiscord);
  }

  async stop(): Promise<void> {
    await this.platform?.stop();
    await this.redis?.quit();
  }

  private get fake(): FakeDiscord {
    if (!this.platform) throw new Error('the Discord driver is not started');
    return this.platform.fake;
  }

  private conversation(name: string): { user: APIUser; dm: Place } {
    let conversation = this.conversations.get(name);
    if (!conversation) {
      const user = this.fake.newUser(name.replace(/[^a-z0-9_.]/gi, '').slice(0, 32) || 'user');
      conversation = { user, dm: this.fake.dm(user) };
      this.conversations.set(name, conversation);
    }
    return conversation;
  }
}

/**
 * Message content as the Discord client shows it: a backslash before ASCII punctuation is a markdown
 * escape (what the adapter puts before the `*`, `_` or `[` of a value), shown as the character alone.
 */
function shownByDiscord(content: string): string {
  return content.replace(/\\([!-/:-@[-`{-~])/g, '$1');
}
