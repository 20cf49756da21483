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

/**
 * A reply's text as mrkdwn, an agent's reply under the agent's name in bold ("*Sam:* ..."): posting
 * as another `username` would need the chat:write.customize scope. The name is escaped like the text,
 * so `<!channel>` as a name is shown, not sent.
 */
export function slackReplyText(plainText: string, agentName: string | undefined): string {
  return agentName === undefined ? toSlackText(plainText) : `*${toSlackText(agentName)}:* ${toSlackText(plainText)}`;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
