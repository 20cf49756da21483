import { describe, expect, it } from 'vitest';
import { channelIdOf, conversationKeyOf } from './conversation-key';

describe('Discord conversation keys', () => {
  it('is per user in a channel or DM and per thread, and gives back the channel to reply in', () => {
    const author = { id: '8' };
    const inChannel = conversationKeyOf({ guildId: '5', channelId: '6', inThread: false, author });
    const inThread = conversationKeyOf({ guildId: '5', channelId: '7', inThread: true, author });
    const inDm = conversationKeyOf({ guildId: null, channelId: '9', inThread: false, author });
    expect([inChannel, inThread, inDm]).toEqual(['discord:5:6:8', 'discord:5:7', 'discord:dm:9:8']);
    expect([inChannel, inThread, inDm].map(channelIdOf)).toEqual(['6', '7', '9']);
  });

  it('refuses a key that is not a Discord conversation', () => {
    expect(() => channelIdOf('web:abc')).toThrow(/not a Discord conversation key/);
  });
});
