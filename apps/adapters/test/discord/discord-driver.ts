import { createLogger, createRedis, type Redis } from '@chatbot/core';
import type { APIMessage, APIUser } from 'discord.js';
import { AdapterMetrics, DiscordAdapter, startAdapters } from '../../src';
import type { ConformanceDriver } from '../conformance/driver';
import { startDiscordPlatform, type DiscordPlatform } from './discord-platform';
import { FakeDiscord, type Place } from './fake-discord';

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

  async repliesFor(conversation: string): Promise<string[]> {
    return this.fake.repliesIn(this.conversation(conversation).dm);
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
