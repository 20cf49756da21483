import { ChannelType, MessageType, type APIChannel, type APIGuild, type APIMessage, type APIUser } from 'discord.js';

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
