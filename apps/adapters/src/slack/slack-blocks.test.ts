import { describe, expect, it } from 'vitest';
import { SLACK_MAX_SECTION_TEXT, slackReplyBlocks, splitMrkdwn } from './slack-blocks';
import { toSlackText } from './slack-text';

const REPLY_ID = '0193b7a0-1c2d-7e3f-8a4b-5c6d7e8f9a0b';

describe('Slack Block Kit replies', () => {
  it('puts the escaped text in a verbatim mrkdwn section and the buttons in one actions block with plain_text labels', () => {
    const blocks = slackReplyBlocks(
      toSlackText('Pick one, <@U1> & co:'),
      [
        { type: 'reply', label: '<!channel> now', text: 'track my order' },
        { type: 'link', label: 'Hours', url: 'https://shop.example/hours' },
      ],
      REPLY_ID,
    );
    expect(blocks).toEqual([
      { type: 'section', text: { type: 'mrkdwn', text: 'Pick one, &lt;@U1&gt; &amp; co:', verbatim: true } },
      {
        type: 'actions',
        block_id: 'chatbot.buttons',
        elements: [
          { type: 'button', action_id: 'chatbot.button.0', text: { type: 'plain_text', text: '<!channel> now' }, value: `${REPLY_ID}:0` },
          { type: 'button', action_id: 'chatbot.link.1', text: { type: 'plain_text', text: 'Hours' }, url: 'https://shop.example/hours' },
        ],
      },
    ]);
  });

  it("splits a text longer than a section's 3,000 characters, never inside an entity", () => {
    const long = `${'a'.repeat(SLACK_MAX_SECTION_TEXT - 2)}&&&${'b'.repeat(10)}`;
    const blocks = slackReplyBlocks(toSlackText(long), [{ type: 'reply', label: 'ok' }], REPLY_ID);
    const texts = blocks.filter((block) => block.type === 'section').map((block) => (block as { text: { text: string } }).text.text);
    expect(texts.every((text) => text.length <= SLACK_MAX_SECTION_TEXT)).toBe(true);
    expect(texts.join('')).toBe(long.replace(/&/g, '&amp;'));
    for (const text of texts) expect(text).toMatch(/^[^&]*(&amp;[^&]*)*$/);
    expect(splitMrkdwn('one two three', 8)).toEqual(['one two', 'three']);
  });
});
