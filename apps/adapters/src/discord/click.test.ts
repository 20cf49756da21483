import { describe, expect, it } from 'vitest';
import { decideClick, type ClickFacts } from './click';

const BOT = '900000000000000001';
const REPLY_ID = '0193b7a0-1c2d-7e3f-8a4b-5c6d7e8f9a0b';

function facts(overrides: Partial<ClickFacts> = {}): ClickFacts {
  return {
    customId: `chatbot:${REPLY_ID}:1`,
    user: { id: '800000000000000001', bot: false, displayName: 'Ana' },
    guildId: null,
    channelId: '600000000000000001',
    inThread: false,
    message: { id: '700000000000000001', authorId: BOT },
    ...overrides,
  };
}

describe('Discord button clicks', () => {
  it('keys a click like a message by the same user in the same place, and answers under the message that had the buttons', () => {
    expect(decideClick(facts(), BOT)).toEqual({
      action: 'click',
      replyId: REPLY_ID,
      index: 1,
      conversationKey: 'discord:dm:600000000000000001:800000000000000001',
      user: { id: '800000000000000001', displayName: 'Ana' },
      metadata: { guildId: null, channelId: '600000000000000001', messageId: '700000000000000001' },
    });
    expect(decideClick(facts({ guildId: '5', channelId: '6' }), BOT)).toMatchObject({ conversationKey: 'discord:5:6:800000000000000001' });
    expect(decideClick(facts({ guildId: '5', channelId: '7', inThread: true }), BOT)).toMatchObject({ conversationKey: 'discord:5:7' });
  });

  it('ignores buttons on messages of others, custom ids that are not the adapter’s and clicks by bots', () => {
    expect(decideClick(facts({ message: { id: '1', authorId: '2' } }), BOT).action).toBe('ignore');
    expect(decideClick(facts({ customId: 'other:thing' }), BOT).action).toBe('ignore');
    expect(decideClick(facts({ customId: 'chatbot:not-a-reply:1' }), BOT).action).toBe('ignore');
    expect(decideClick(facts({ user: { id: '3', bot: true, displayName: 'bot' } }), BOT).action).toBe('ignore');
  });
});
