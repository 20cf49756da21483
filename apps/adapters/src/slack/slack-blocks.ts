import { types } from '@slack/bolt';
import { buttonValue, type Button } from '../button-clicks';

/** Slack refuses a section's text over 3,000 characters. */
export const SLACK_MAX_SECTION_TEXT = 3000;

/** action_id of reply button `i`: `chatbot.button.<i>` (unique within the actions block, as Slack requires). */
export const SLACK_BUTTON_ACTION_ID = /^chatbot\.(button|link)\.\d+$/;

/**
 * A reply with buttons as Block Kit: the text in mrkdwn sections (`mrkdwn`, escaped like every reply
 * by toSlackText, and `verbatim` so Slack does not turn words into links or mentions either), then one
 * actions block.
 * Labels are plain_text, which Slack never parses: `<!channel>` in a label is shown, not sent.
 * A reply button's value is `<replyId>:<index>`; a link button opens its URL (Slack still sends the
 * app a block_actions for it, which the adapter acknowledges and ignores).
 */
export function slackReplyBlocks(mrkdwn: string, buttons: Button[], replyId: string): types.KnownBlock[] {
  const sections: types.SectionBlock[] = splitMrkdwn(mrkdwn, SLACK_MAX_SECTION_TEXT).map((text) => ({
    type: 'section',
    text: { type: 'mrkdwn', text, verbatim: true },
  }));
  const elements: types.Button[] = buttons.map((button, index) =>
    button.type === 'reply'
      ? { type: 'button', action_id: `chatbot.button.${index}`, text: { type: 'plain_text', text: button.label }, value: buttonValue(replyId, index) }
      : { type: 'button', action_id: `chatbot.link.${index}`, text: { type: 'plain_text', text: button.label }, url: button.url },
  );
  return [...sections, { type: 'actions', block_id: 'chatbot.buttons', elements }];
}

/**
 * Splits escaped mrkdwn into parts of at most `limit` characters, at the last line break or space
 * that fits, never inside an entity such as `&amp;`.
 */
export function splitMrkdwn(text: string, limit: number): string[] {
  const parts: string[] = [];
  let rest = text.trim();
  while (rest.length > limit) {
    const window = rest.slice(0, limit);
    const breakAt = Math.max(window.lastIndexOf('\n'), window.lastIndexOf(' '));
    let cut = breakAt > limit / 2 ? breakAt : limit;
    const entityStart = rest.lastIndexOf('&', cut - 1);
    if (entityStart >= 0 && entityStart > rest.lastIndexOf(';', cut - 1) && cut - entityStart < 5) cut = entityStart;
    parts.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).trimStart();
  }
  if (rest !== '') parts.push(rest);
  return parts;
}
