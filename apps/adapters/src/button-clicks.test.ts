import { describe, expect, it } from 'vitest';
import { buttonClickMessageId, buttonValue, decideButtonClick, parseButtonValue, type RecordedButtons } from './button-clicks';

const REPLY_ID = '0193b7a0-1c2d-7e3f-8a4b-5c6d7e8f9a0b';
const record: RecordedButtons = {
  conversationKey: 'slack:T1:D1',
  buttons: [
    { type: 'reply', label: 'Track order', text: 'track my order' },
    { type: 'reply', label: 'Talk to a human' },
    { type: 'link', label: 'Opening hours', url: 'https://shop.example/hours' },
  ],
  answered: false,
};

describe('button values', () => {
  it('carry the reply id and the index only, and read back', () => {
    expect(buttonValue(REPLY_ID, 2)).toBe(`${REPLY_ID}:2`);
    expect(parseButtonValue(buttonValue(REPLY_ID, 9))).toEqual({ replyId: REPLY_ID, index: 9 });
    for (const bad of ['', REPLY_ID, `${REPLY_ID}:`, `${REPLY_ID}:x`, `${REPLY_ID}:100`, `not-a-uuid:1`, `${REPLY_ID}:1:extra`]) expect(parseButtonValue(bad)).toBeNull();
    expect(buttonClickMessageId(REPLY_ID)).toBe(`button:${REPLY_ID}`);
  });
});

describe('decideButtonClick', () => {
  it("publishes the recorded button's text (its label when it has none) for a click from the reply's conversation", () => {
    expect(decideButtonClick({ conversationKey: 'slack:T1:D1', index: 0 }, record)).toEqual({ action: 'publish', text: 'track my order' });
    expect(decideButtonClick({ conversationKey: 'slack:T1:D1', index: 1 }, record)).toEqual({ action: 'publish', text: 'Talk to a human' });
  });

  it('refuses a click from another conversation, on an unknown or expired reply, on a link or a missing button', () => {
    expect(decideButtonClick({ conversationKey: 'slack:T1:D2', index: 0 }, record)).toMatchObject({
      action: 'refuse',
      reason: expect.stringMatching(/another conversation/),
    });
    expect(decideButtonClick({ conversationKey: 'slack:T1:D1', index: 0 }, null)).toMatchObject({ action: 'refuse' });
    expect(decideButtonClick({ conversationKey: 'slack:T1:D1', index: 2 }, record)).toMatchObject({ action: 'refuse' });
    expect(decideButtonClick({ conversationKey: 'slack:T1:D1', index: 3 }, record)).toMatchObject({ action: 'refuse' });
  });

  it('ignores a later click on a reply a click already answered, and refuses a forged one all the same', () => {
    expect(decideButtonClick({ conversationKey: 'slack:T1:D1', index: 1 }, { ...record, answered: true })).toMatchObject({ action: 'ignore' });
    expect(decideButtonClick({ conversationKey: 'slack:T1:D2', index: 1 }, { ...record, answered: true })).toMatchObject({ action: 'refuse' });
  });
});
