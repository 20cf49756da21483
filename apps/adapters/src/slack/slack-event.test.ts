import { describe, expect, it } from 'vitest';
import { interpretSlackEvent, slackReplyAddressOf } from './slack-event';

const BOT = 'U0BOT';
const body = { team_id: 'T1' };

describe('interpretSlackEvent', () => {
  it('keys a DM by its channel and a channel mention by its thread; the native id names the message', () => {
    const dm = interpretSlackEvent(body, { type: 'message', channel_type: 'im', channel: 'D1', user: 'U1', text: 'hi', ts: '10.1' }, BOT);
    expect(dm).toEqual({
      action: 'publish',
      draft: {
        channel: 'slack',
        nativeMessageId: 'T1:D1:10.1',
        conversationKey: 'slack:T1:D1',
        user: { id: 'U1' },
        text: 'hi',
        metadata: { team: 'T1', channel: 'D1', threadTs: '10.1' },
      },
    });
    const reply = interpretSlackEvent(body, { type: 'app_mention', channel: 'C1', user: 'U1', text: `<@${BOT}> hi`, ts: '12.5', thread_ts: '11.0' }, BOT);
    expect(reply).toMatchObject({ action: 'publish', draft: { conversationKey: 'slack:T1:C1:11.0', text: 'hi', metadata: { threadTs: '11.0' } } });
  });

  it('keeps mentions of other people and decodes entities', () => {
    const decision = interpretSlackEvent(body, { type: 'app_mention', channel: 'C1', user: 'U1', text: `<@${BOT}> ask <@U7> &amp; me`, ts: '1.0' }, BOT);
    expect(decision).toMatchObject({ action: 'publish', draft: { text: 'ask <@U7> & me' } });
  });

  it('says why it ignores an event', () => {
    const reason = (event: object) => {
      const decision = interpretSlackEvent(body, { type: 'message', channel_type: 'im', channel: 'D1', user: 'U1', text: 'x', ts: '1.0', ...event }, BOT);
      return decision.action === 'ignore' ? decision.reason : decision.action;
    };
    expect(reason({ subtype: 'message_changed' })).toBe('subtype message_changed');
    expect(reason({ bot_id: 'B2' })).toBe('written by a bot');
    expect(reason({ user: BOT })).toBe('own message');
    expect(reason({ channel_type: 'channel' })).toBe('channel message without a mention');
    expect(reason({ text: `<@${BOT}>` })).toBe('empty message');
    expect(reason({ ts: undefined })).toBe('not a message event the adapter understands');
    expect(interpretSlackEvent({}, { type: 'message' }, BOT)).toMatchObject({ action: 'ignore' });
  });
});

describe('slackReplyAddressOf', () => {
  it('prefers the thread the inbound message carried, else the conversation key', () => {
    expect(slackReplyAddressOf({ conversationKey: 'slack:T1:D1', metadata: { channel: 'D1', threadTs: '10.1' } })).toEqual({ channel: 'D1', threadTs: '10.1' });
    expect(slackReplyAddressOf({ conversationKey: 'slack:T1:C1:11.0', metadata: {} })).toEqual({ channel: 'C1', threadTs: '11.0' });
    expect(slackReplyAddressOf({ conversationKey: 'slack:T1:D1', metadata: {} })).toEqual({ channel: 'D1' });
    expect(() => slackReplyAddressOf({ conversationKey: 'discord:1:2', metadata: {} })).toThrow(/not a Slack conversation key/);
  });
});
