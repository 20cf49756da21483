import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ChannelType, type APIMessage, type APIUser } from 'discord.js';
import { buttonInteractionPayload, messagePayload, newFakeGuild, snowflake, userObject, type MessageFields } from './fake-discord-data';
import { FakeGateway } from './fake-gateway';
import { FakeRest } from './fake-rest';

/** A place an end user can write: a DM with the bot, the guild's text channel, or its thread. */
export type Place = Pick<MessageFields, 'channelId' | 'channelType' | 'guildId'>;

export const FAKE_BOT_TOKEN = 'fake-bot-token.for-tests';

/**
 * Discord, locally: one HTTP server holding the REST API under /api and the gateway at /gateway
 * (handed out by GET /api/v10/gateway/bot). Point discord.js's `rest.api` at `apiUrl`.
 * Test code plays the end users with `say`, and reads the bot's replies from `rest.posts`.
 */
export class FakeDiscord {
  readonly token = FAKE_BOT_TOKEN;
  readonly botUser = userObject(snowflake(), 'helpbot', true);
  readonly guild = newFakeGuild();
  readonly gateway: FakeGateway;
  readonly rest: FakeRest;
  private readonly dmChannels = new Map<string, string>();

  private constructor(
    private readonly server: Server,
    options: { messageContentAllowed: boolean },
  ) {
    this.gateway = new FakeGateway({
      token: this.token,
      botUser: this.botUser,
      guild: this.guild,
      url: () => this.gatewayUrl,
      messageContentAllowed: options.messageContentAllowed,
    });
    this.rest = new FakeRest({
      token: this.token,
      botUser: this.botUser,
      gatewayUrl: () => this.gatewayUrl,
      channel: (channelId) => this.placeOf(channelId),
      echo: (message) => this.gateway.dispatch('MESSAGE_CREATE', message),
    });
    server.on('request', (request, response) => void this.rest.handle(request, response));
    server.on('upgrade', (request, socket, head) => this.gateway.handleUpgrade(request, socket, head));
  }

  /** `messageContentAllowed: false` models the privileged Message Content intent switched off in the portal. */
  static async start(options: { messageContentAllowed?: boolean } = {}): Promise<FakeDiscord> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return new FakeDiscord(server, { messageContentAllowed: options.messageContentAllowed ?? true });
  }

  private get origin(): string {
    return `127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** The value for DISCORD_API_URL. */
  get apiUrl(): string {
    return `http://${this.origin}/api`;
  }

  private get gatewayUrl(): string {
    return `ws://${this.origin}/gateway`;
  }

  newUser(name: string): APIUser {
    return userObject(snowflake(), name);
  }

  dm(user: APIUser): Place {
    const channelId = this.dmChannels.get(user.id) ?? snowflake();
    this.dmChannels.set(user.id, channelId);
    return { channelId, channelType: ChannelType.DM, guildId: null };
  }

  get textChannel(): Place {
    return { channelId: this.guild.textChannelId, channelType: ChannelType.GuildText, guildId: this.guild.id };
  }

  get thread(): Place {
    return { channelId: this.guild.threadId, channelType: ChannelType.PublicThread, guildId: this.guild.id };
  }

  /**
   * `author` writes `content` in `place`; with `mentionBot` the text starts with the bot's mention
   * (`<@id>`) and the bot is in `mentions`, as the Discord client sends it. Returns the message.
   */
  say(place: Place, author: APIUser, content: string, options: { mentionBot?: boolean } = {}): APIMessage {
    const message = messagePayload({
      ...place,
      author,
      content: options.mentionBot ? `<@${this.botUser.id}> ${content}` : content,
      mentions: options.mentionBot ? [this.botUser] : [],
    });
    this.deliver(message);
    return message;
  }

  /** Sends a MESSAGE_CREATE as it is (e.g. the same message again). */
  deliver(message: APIMessage): void {
    this.gateway.dispatch('MESSAGE_CREATE', message);
  }

  /**
   * `user` adds the emoji reaction `emoji` (e.g. "👍") to message `messageId` in `place` (or, with
   * `removed`, takes it off), as the gateway reports it.
   */
  react(place: Place, user: APIUser, messageId: string, emoji: string, options: { removed?: boolean } = {}): void {
    this.gateway.dispatch(options.removed ? 'MESSAGE_REACTION_REMOVE' : 'MESSAGE_REACTION_ADD', {
      user_id: user.id,
      channel_id: place.channelId,
      message_id: messageId,
      ...(place.guildId && { guild_id: place.guildId, member: { user, roles: [], joined_at: new Date().toISOString(), deaf: false, mute: false } }),
      emoji: { id: null, name: emoji },
      burst: false,
      type: 0,
    });
  }

  /**
   * `user` clicks the button labelled `label` on message `messageId` the bot posted, in `place` (the
   * message's own channel, unless a test forges the interaction from elsewhere): dispatches an
   * INTERACTION_CREATE and accepts one callback for it. A Link button sends nothing (the Discord
   * client opens the URL), so clicking one is an error here. Returns the interaction, for `deliverInteraction`.
   */
  click(place: Place, user: APIUser, messageId: string, label: string): Record<string, unknown> {
    const message = this.rest.messages.get(messageId);
    if (!message) throw new Error(`the bot posted no message ${messageId}`);
    const post = [...this.rest.ids].find(([, id]) => id === messageId)?.[0];
    const button = (post?.components ?? []).flatMap((row) => row.components).find((component) => 'label' in component && component.label === label);
    if (!button) throw new Error(`no button "${label}" on message ${messageId}`);
    if (!('custom_id' in button)) throw new Error(`"${label}" is a link button: Discord sends no interaction for it`);
    const interaction = buttonInteractionPayload({ applicationId: this.botUser.id, ...place, user, message, customId: button.custom_id });
    this.deliverInteraction(interaction);
    return interaction;
  }

  /** Dispatches an INTERACTION_CREATE as it is (e.g. the same interaction again, as a resumed gateway may). */
  deliverInteraction(interaction: Record<string, unknown>): void {
    this.rest.expectInteraction(String(interaction.id), String(interaction.token));
    this.gateway.dispatch('INTERACTION_CREATE', interaction);
  }

  /** Replies the bot posted in a channel, oldest first. */
  repliesIn(place: Place): string[] {
    return this.rest.posts.filter((post) => post.channelId === place.channelId).map((post) => post.content);
  }

  async close(): Promise<void> {
    await this.gateway.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private placeOf(channelId: string): Place | undefined {
    if (channelId === this.guild.textChannelId) return this.textChannel;
    if (channelId === this.guild.threadId) return this.thread;
    if ([...this.dmChannels.values()].includes(channelId)) return { channelId, channelType: ChannelType.DM, guildId: null };
    return undefined;
  }
}
