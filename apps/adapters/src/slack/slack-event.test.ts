import { describe, expect, it } from 'vitest';
import { interpretSlackButtonClick, interpretSlackEvent, slackReplyAddressOf } from './slack-event';

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

describe('interpretSlackButtonClick', () => {
  const REPLY_ID = '0193b7a0-1c2d-7e3f-8a4b-5c6d7e8f9a0b';
  /** A block_actions payload as Slack sends it for a click on a message of the bot. */
  const click = (overrides: { channel?: string; threadTs?: string; user?: string; action?: object } = {}) => ({
    type: 'block_actions',
    team: { id: 'T1', domain: 'shop' },
    user: { id: overrides.user ?? 'U1', username: 'ana', team_id: 'T1' },
    api_app_id: 'A1',
    token: 'legacy',
    container: { type: 'message', message_ts: '20.1', channel_id: overrides.channel ?? 'D1', is_ephemeral: false, thread_ts: overrides.threadTs },
    trigger_id: '1.2.3',
    channel: { id: overrides.channel ?? 'D1', name: 'directmessage' },
    message: { type: 'message', user: BOT, ts: '20.1', text: 'Pick one', thread_ts: overrides.threadTs },
    response_url: 'https://hooks.slack.test/actions/1',
    actions: [
      {
        type: 'button',
        action_id: 'chatbot.button.1',
        block_id: 'chatbot.buttons',
        text: { type: 'plain_text', text: 'Track order' },
        value: `${REPLY_ID}:1`,
        action_ts: '21.0',
        ...overrides.action,
      },
    ],
  });

  it('keys a click in a DM by the DM and in a channel by the thread, answering in the thread of the message that had the buttons', () => {
    expect(interpretSlackButtonClick(click({ threadTs: '10.1' }), BOT)).toEqual({
      action: 'click',
      replyId: REPLY_ID,
      index: 1,
      conversationKey: 'slack:T1:D1',
      user: 'U1',
      team: 'T1',
      address: { channel: 'D1', threadTs: '10.1' },
    });
    expect(interpretSlackButtonClick(click(), BOT)).toMatchObject({ conversationKey: 'slack:T1:D1', address: { channel: 'D1' } });
    expect(interpretSlackButtonClick(click({ channel: 'C1', threadTs: '11.0' }), BOT)).toMatchObject({
      conversationKey: 'slack:T1:C1:11.0',
      address: { channel: 'C1', threadTs: '11.0' },
    });
  });

  it('ignores link buttons, values that are not the adapter’s, its own clicks and payloads it does not understand', () => {
    const reason = (body: unknown) => {
      const decision = interpretSlackButtonClick(body, BOT);
      return decision.action === 'ignore' ? decision.reason : decision.action;
    };
    expect(reason(click({ action: { action_id: 'chatbot.link.2', value: undefined, url: 'https://shop.example' } }))).toMatch(/link button/);
    expect(reason(click({ action: { value: 'hello' } }))).toMatch(/not one of/);
    expect(reason(click({ action: { type: 'static_select', value: undefined } }))).toMatch(/not a reply button/);
    expect(reason(click({ user: BOT }))).toBe('own click');
    expect(reason({ type: 'view_submission' })).toMatch(/not a block_actions/);
  });
});
