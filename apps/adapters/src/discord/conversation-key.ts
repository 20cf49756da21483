export const DISCORD_CHANNEL = 'discord';

/**
 * One conversation per user in a channel or DM (`discord:<guild|dm>:<channel>:<user>`), and one
 * per thread (`discord:<guild>:<thread>`), where everyone in the thread shares it. The Discord
 * channel (or thread) id is always the third part, so a reply can be addressed from the key alone.
 */
export function conversationKeyOf(place: { guildId: string | null; channelId: string; inThread: boolean; author: { id: string } }): string {
  if (place.inThread && place.guildId !== null) return `${DISCORD_CHANNEL}:${place.guildId}:${place.channelId}`;
  return `${DISCORD_CHANNEL}:${place.guildId ?? 'dm'}:${place.channelId}:${place.author.id}`;
}

/** The channel (or thread) id a conversation's replies go to. */
export function channelIdOf(conversationKey: string): string {
  const match = /^discord:(?:dm|\d+):(\d+)(?::\d+)?$/.exec(conversationKey);
  if (!match) throw new Error(`not a Discord conversation key: ${conversationKey}`);
  return match[1]!;
}
