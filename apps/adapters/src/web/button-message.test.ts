import { describe, expect, it } from 'vitest';
import { clickedReplyIdOf, decideButtonMessage } from './button-message';
import type { BotEntry } from './protocol';

const REPLY_ID = '0193b7a0-1c2d-7e3f-8a4b-5c6d7e8f9a0b';
const reply: BotEntry = {
  seq: 2,
  role: 'bot',
  id: REPLY_ID,
  text: 'Pick one',
  buttons: [
    { type: 'reply', label: 'Track order', text: 'track my order' },
    { type: 'reply', label: 'Talk to a human' },
    { type: 'link', label: 'Hours', url: 'https://shop.example/hours' },
  ],
  replyTo: 'm1',
  kind: 'bot',
  at: new Date().toISOString(),
};

describe('web button clicks', () => {
  it('are message frames whose clientMessageId names the reply', () => {
    expect(clickedReplyIdOf(`button-${REPLY_ID}`)).toBe(REPLY_ID);
    expect(clickedReplyIdOf('m1')).toBeNull();
    expect(clickedReplyIdOf('button-42')).toBeNull();
  });

  it('are taken only with the text of a reply button of that reply in this chat', () => {
    expect(decideButtonMessage('track my order', reply)).toEqual({ action: 'publish', text: 'track my order' });
    expect(decideButtonMessage('Talk to a human', reply)).toEqual({ action: 'publish', text: 'Talk to a human' });
    expect(decideButtonMessage('Track order', reply).action).toBe('refuse');
    expect(decideButtonMessage('Hours', reply).action).toBe('refuse');
    expect(decideButtonMessage('track my order', null).action).toBe('refuse');
  });
});
