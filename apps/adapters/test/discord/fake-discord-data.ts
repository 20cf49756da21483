import { randomUUID } from 'node:crypto';
import { ChannelType, ComponentType, InteractionType, MessageType, type APIChannel, type APIGuild, type APIMessage, type APIUser } from 'discord.js';

/**
 * The objects the fake Discord hands out, in the shapes of Discord's API (discord-api-types),
 * trimmed to the fields discord.js reads. One guild with a text channel and a thread in it;
 * DM channels are made per user on demand.
 */

let lastSnowflake = BigInt(Date.now()) << 22n;
/** Discord ids are increasing 64-bit numbers written as strings. */
export function snowflake(): string {
  lastSnowflake += 1n;
  return lastSnowflake.toString();
}

export function userObject(id: string, username: string, bot = false): APIUser {
  return { id, username, global_name: username, discriminator: '0', avatar: null, ...(bot && { bot: true }) };
}

export interface FakeGuild {
  id: string;
  textChannelId: string;
  threadId: string;
}

export function newFakeGuild(): FakeGuild {
  return { id: snowflake(), textChannelId: snowflake(), threadId: snowflake() };
}

/** GUILD_CREATE's payload: the guild with its channels and active threads. */
export function guildCreatePayload(guild: FakeGuild, botUser: APIUser): Partial<APIGuild> & Record<string, unknown> {
  const textChannel = { id: guild.textChannelId, type: ChannelType.GuildText, guild_id: guild.id, name: 'support', position: 0, permission_overwrites: [] };
  const thread = {
    id: guild.threadId,
    type: ChannelType.PublicThread,
    guild_id: guild.id,
    parent_id: guild.textChannelId,
    owner_id: botUser.id,
    name: 'billing question',
    thread_metadata: { archived: false, auto_archive_duration: 1440, archive_timestamp: new Date().toISOString(), locked: false },
    message_count: 0,
    member_count: 1,
  };
  return {
    id: guild.id,
    name: 'Test guild',
    owner_id: snowflake(),
    unavailable: false,
    member_count: 2,
    roles: [],
    emojis: [],
    members: [],
    channels: [textChannel as APIChannel],
    threads: [thread as APIChannel],
    joined_at: new Date().toISOString(),
  };
}

export interface MessageFields {
  channelId: string;
  channelType: ChannelType;
  guildId: string | null;
  author: APIUser;
  content: string;
  mentions?: APIUser[];
  /** The message this one answers (a Discord reply). */
  reference?: { messageId: string; channelId: string; guildId: string | null };
  id?: string;
}

/**
 * A MESSAGE_CREATE payload. Discord sends `channel_type` with it, and discord.js 14.28 needs that
 * (with Partials.Channel) to deliver a DM whose channel it has not cached.
 */
export function messagePayload(fields: MessageFields): APIMessage & { channel_type: ChannelType; guild_id?: string } {
  return {
    id: fields.id ?? snowflake(),
    type: fields.reference ? MessageType.Reply : MessageType.Default,
    channel_id: fields.channelId,
    channel_type: fields.channelType,
    ...(fields.guildId && { guild_id: fields.guildId }),
    author: fields.author,
    content: fields.content,
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    tts: false,
    mention_everyone: false,
    mentions: fields.mentions ?? [],
    mention_roles: [],
    attachments: [],
    embeds: [],
    pinned: false,
    ...(fields.reference && {
      message_reference: {
        message_id: fields.reference.messageId,
        channel_id: fields.reference.channelId,
        ...(fields.reference.guildId && { guild_id: fields.reference.guildId }),
      },
    }),
  };
}

/** The partial channel an interaction carries. */
function interactionChannel(fields: { channelId: string; channelType: ChannelType; guildId: string | null; user: APIUser }): Record<string, unknown> {
  if (fields.guildId === null) return { id: fields.channelId, type: fields.channelType, last_message_id: null, flags: 0, recipients: [fields.user] };
  return { id: fields.channelId, type: fields.channelType, guild_id: fields.guildId, name: 'support', flags: 0, permissions: '0' };
}

/**
 * INTERACTION_CREATE's payload for a click on the button `customId` of `message` by `user`, in the
 * channel `channelId` (a DM carries `user`, a guild `member`), as Discord sends it: with its own id
 * and token (what the callback URL names) and the whole message the button is on.
 */
export function buttonInteractionPayload(fields: {
  applicationId: string;
  channelId: string;
  channelType: ChannelType;
  guildId: string | null;
  user: APIUser;
  message: APIMessage;
  customId: string;
}): { id: string; token: string } & Record<string, unknown> {
  const { guildId, user } = fields;
  return {
    id: snowflake(),
    application_id: fields.applicationId,
    type: InteractionType.MessageComponent,
    data: { custom_id: fields.customId, component_type: ComponentType.Button },
    channel: interactionChannel(fields),
    channel_id: fields.channelId,
    ...(guildId
      ? { guild_id: guildId, member: { user, roles: [], joined_at: new Date().toISOString(), deaf: false, mute: false, flags: 0, permissions: '0' } }
      : { user }),
    token: `interaction-token-${randomUUID()}`,
    version: 1,
    message: fields.message,
    app_permissions: '0',
    locale: 'en-US',
    ...(guildId && { guild_locale: 'en-US' }),
    entitlements: [],
    authorizing_integration_owners: guildId ? { '0': guildId } : { '1': user.id },
    context: guildId ? 0 : 1,
    attachment_size_limit: 10 * 1024 * 1024,
  };
}
