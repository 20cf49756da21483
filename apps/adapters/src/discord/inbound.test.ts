import { MAX_MESSAGE_LENGTH } from '@chatbot/core';
import { MessageType } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { decideInbound, withoutMention, type MessageFacts } from './inbound';

const BOT = '900000000000000001';

function facts(overrides: Partial<MessageFacts> = {}): MessageFacts {
  return {
    id: '700000000000000001',
    type: MessageType.Default,
    content: 'hello',
    author: { id: '800000000000000001', bot: false, displayName: 'Ana' },
    webhookOrSystem: false,
    guildId: null,
    channelId: '600000000000000001',
    inThread: false,
    mentionsBot: false,
    ...overrides,
  };
}

describe('which Discord messages the bot takes', () => {
  it('publishes a DM with the user, the message id as native id and where to reply', () => {
    expect(decideInbound(facts(), BOT)).toEqual({
      action: 'publish',
      draft: {
        channel: 'discord',
        nativeMessageId: '700000000000000001',
        conversationKey: 'discord:dm:600000000000000001:800000000000000001',
        user: { id: '800000000000000001', displayName: 'Ana' },
        text: 'hello',
        metadata: { guildId: null, channelId: '600000000000000001', messageId: '700000000000000001' },
      },
    });
  });

  it('takes a guild message only when it mentions the bot', () => {
    const guild = { guildId: '500000000000000001', content: `<@${BOT}> hi` };
    expect(decideInbound(facts(guild), BOT)).toMatchObject({ action: 'ignore' });
    expect(decideInbound(facts({ ...guild, mentionsBot: true }), BOT)).toMatchObject({ action: 'publish', draft: { text: 'hi' } });
  });

  it('ignores its own messages, other bots, webhooks, system messages and non-chat message types', () => {
    for (const ignored of [
      facts({ author: { id: BOT, bot: true, displayName: 'helpbot' } }),
      facts({ author: { id: '1', bot: true, displayName: 'other bot' } }),
      facts({ webhookOrSystem: true }),
      facts({ type: MessageType.ChannelPinnedMessage }),
      facts({ guildId: '5', mentionsBot: true, content: `<@${BOT}>` }),
    ]) {
      expect(decideInbound(ignored, BOT).action).toBe('ignore');
    }
  });

  it('flags text-less messages (Message Content intent off) and over-long ones instead of publishing them', () => {
    expect(decideInbound(facts({ content: '' }), BOT).action).toBe('no-content');
    expect(decideInbound(facts({ content: 'x'.repeat(MAX_MESSAGE_LENGTH) }), BOT).action).toBe('publish');
    expect(decideInbound(facts({ content: 'x'.repeat(MAX_MESSAGE_LENGTH + 1) }), BOT).action).toBe('too-long');
  });

  it('removes both mention forms of the bot, wherever they are, but not other users', () => {
    expect(withoutMention(`<@${BOT}> where is <@123> ?`, BOT)).toBe('where is <@123> ?');
    expect(withoutMention(`thanks <@!${BOT}>`, BOT)).toBe('thanks');
    expect(withoutMention(`line one\nline two <@${BOT}>`, BOT)).toBe('line one\nline two');
  });
});
