/**
 * Slack's message text is "mrkdwn": `&`, `<` and `>` arrive escaped and must be sent escaped,
 * and a mention of the bot is a `<@U123>` token (sometimes `<@U123|name>`).
 */

/** What the user typed, as plain text for classification: the bot's own mention removed, entities decoded. */
export function toPlainText(slackText: string, botUserId: string): string {
  const ownMention = new RegExp(`<@${escapeRegExp(botUserId)}(\\|[^>]*)?>`, 'g');
  return slackText.replace(ownMention, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&').trim();
}

/** A plain reply made safe for mrkdwn, so "<b>" or "a & b" show as typed. */
export function toSlackText(plainText: string): string {
  return plainText.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
