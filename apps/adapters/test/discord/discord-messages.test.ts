import { MAX_MESSAGE_LENGTH } from '@chatbot/core';
import { GatewayCloseCodes, MessageType } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { channelIdOf, conversationKeyOf } from '../../src/discord/conversation-key';
import { decideInbound, withoutMention, type MessageFacts } from '../../src/discord/inbound';
import { explainLoginFailure } from '../../src/discord/login-failure';
import { DISCORD_MAX_CONTENT, replyPayloads, splitContent } from '../../src/discord/reply-payloads';

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

describe('Discord reply payloads', () => {
  it('replies to the user message, pinging only the user, with a nonce Discord deduplicates on', () => {
    const [payload] = replyPayloads({ text: 'Hi @everyone', replyTo: '42', idempotencyKey: 'reply.discord.42' });
    expect(payload).toMatchObject({
      content: 'Hi @everyone',
      enforce_nonce: true,
      allowed_mentions: { parse: [], replied_user: true },
      message_reference: { message_id: '42', fail_if_not_exists: false },
    });
    expect(payload!.nonce).toHaveLength(25);
    expect(replyPayloads({ text: 'Hi', replyTo: '42', idempotencyKey: 'reply.discord.42' })[0]!.nonce).toBe(payload!.nonce);
    expect(replyPayloads({ text: 'Hi', replyTo: '42', idempotencyKey: 'reply.discord.43' })[0]!.nonce).not.toBe(payload!.nonce);
  });

  it('lists quick replies as suggestions and sends an unsolicited message without a reference', () => {
    const [payload] = replyPayloads({ text: 'Pick one:', quickReplies: ['Track order', 'Talk to a human'], replyTo: null, idempotencyKey: 'k' });
    expect(payload!.content).toBe('Pick one:\n\n• Track order\n• Talk to a human');
    expect(payload).not.toHaveProperty('message_reference');
  });

  it("splits a reply longer than Discord's 2,000 characters; only the first part is a reply", () => {
    const words = Array.from({ length: 700 }, (_, i) => `word${i}`).join(' ');
    const payloads = replyPayloads({ text: words, replyTo: '42', idempotencyKey: 'k' });
    expect(payloads.length).toBeGreaterThan(1);
    expect(payloads.every((p) => p.content!.length <= DISCORD_MAX_CONTENT)).toBe(true);
    expect(payloads.map((p) => p.content).join(' ')).toBe(words);
    expect(payloads.filter((p) => p.message_reference)).toHaveLength(1);
    expect(new Set(payloads.map((p) => p.nonce)).size).toBe(payloads.length);
  });

  it('cuts a text without spaces at the limit', () => {
    expect(splitContent('x'.repeat(25), 10)).toEqual(['x'.repeat(10), 'x'.repeat(10), 'x'.repeat(5)]);
  });
});

describe('Discord login failures', () => {
  it('names the setting to fix for a refused token (gateway 4004 or REST 401) and for a missing intent (4014)', () => {
    expect(explainLoginFailure(new Error('Authentication failed'), GatewayCloseCodes.AuthenticationFailed).message).toMatch(/DISCORD_TOKEN/);
    expect(explainLoginFailure(Object.assign(new Error('An invalid token was provided.'), { code: 'TokenInvalid' }), undefined).message).toMatch(
      /DISCORD_TOKEN/,
    );
    expect(explainLoginFailure(new Error('Used disallowed intents'), GatewayCloseCodes.DisallowedIntents).message).toMatch(/Message Content Intent/);
    expect(explainLoginFailure(new Error('connect ECONNREFUSED'), undefined).message).toBe('Could not connect to Discord: connect ECONNREFUSED');
  });
});
