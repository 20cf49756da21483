import { createHash } from 'node:crypto';
import { renderTemplate, type OutboundMessage } from '@chatbot/core';
import { ButtonStyle, ComponentType, escapeMarkdown, type APIActionRowComponent, type APIButtonComponent, type RESTPostAPIChannelMessageJSONBody } from 'discord.js';
import { buttonValue, type Button } from '../button-clicks';

/** Discord refuses message content longer than this. */
export const DISCORD_MAX_CONTENT = 2000;
/** Discord's limit on a message nonce. */
const NONCE_LENGTH = 25;
/** Discord puts at most five buttons on one action row. */
const BUTTONS_PER_ROW = 5;
/** Prefix of the custom_id of a reply button: `chatbot:<replyId>:<index>`. */
export const DISCORD_BUTTON_PREFIX = 'chatbot:';

export interface ReplyText {
  text: string;
  /** Buttons under the reply, and the reply's id their custom_ids carry. */
  buttons?: { replyId: string; buttons: Button[] };
  /** The user's message this answers; the first part is sent as a Discord reply to it. */
  replyTo: string | null;
  /** Same for every attempt to send this reply. */
  idempotencyKey: string;
}

/**
 * A reply's text for Discord: values the user gave (slots) fill the template with Discord's markdown
 * escaped, so a value cannot turn into formatting or a masked link; mentions are never parsed anyway.
 * An agent's reply starts with the agent's name in bold ("**Sam:** ..."), escaped like a value.
 */
export function discordText(message: Pick<OutboundMessage, 'text' | 'variables' | 'agentName'>): string {
  const text = renderTemplate(message.text, message.variables, escapeValue);
  return message.agentName === undefined ? text : `**${escapeValue(message.agentName)}:** ${text}`;
}

function escapeValue(value: string): string {
  return escapeMarkdown(value, { maskedLink: true, heading: true, bulletedList: true, numberedList: true });
}

/**
 * The REST bodies for POST /channels/:id/messages that send one reply, like `message.reply`:
 * a message_reference to the user's message (not failing if it was deleted meanwhile), pinging
 * only the replied-to user, never @everyone or roles the user's text may contain.
 * Each part carries a nonce derived from the idempotency key with `enforce_nonce`, so Discord
 * drops a resend of the same part (a delivery retried after a lost response).
 * Buttons go under the last part, as message components (see discordButtonRows).
 */
export function replyPayloads(reply: ReplyText): RESTPostAPIChannelMessageJSONBody[] {
  const parts = splitContent(reply.text, DISCORD_MAX_CONTENT);
  const rows = reply.buttons?.buttons.length ? discordButtonRows(reply.buttons.buttons, reply.buttons.replyId) : [];
  return parts.map((content, part) => ({
    content,
    nonce: nonceOf(reply.idempotencyKey, part),
    enforce_nonce: true,
    allowed_mentions: { parse: [], replied_user: true },
    ...(part === 0 && reply.replyTo !== null && { message_reference: { message_id: reply.replyTo, fail_if_not_exists: false } }),
    ...(part === parts.length - 1 && rows.length > 0 && { components: rows }),
  }));
}

/**
 * Buttons as action rows of up to five: a reply button is Primary with custom_id
 * `chatbot:<replyId>:<index>` (a click comes back as an INTERACTION_CREATE carrying only that), a
 * link button is style Link with its URL (Discord opens it; no interaction). Discord shows labels as
 * they are: no markdown, no mentions.
 */
export function discordButtonRows(buttons: Button[], replyId: string): APIActionRowComponent<APIButtonComponent>[] {
  const components: APIButtonComponent[] = buttons.map((button, index) =>
    button.type === 'reply'
      ? { type: ComponentType.Button, style: ButtonStyle.Primary, label: button.label, custom_id: `${DISCORD_BUTTON_PREFIX}${buttonValue(replyId, index)}` }
      : { type: ComponentType.Button, style: ButtonStyle.Link, label: button.label, url: button.url },
  );
  const rows: APIActionRowComponent<APIButtonComponent>[] = [];
  for (let i = 0; i < components.length; i += BUTTONS_PER_ROW) rows.push({ type: ComponentType.ActionRow, components: components.slice(i, i + BUTTONS_PER_ROW) });
  return rows;
}

/** Splits text into parts of at most `limit` characters, at the last line break or space that fits. */
export function splitContent(text: string, limit: number): string[] {
  const parts: string[] = [];
  let rest = text.trim();
  while (rest.length > limit) {
    const window = rest.slice(0, limit);
    const breakAt = Math.max(window.lastIndexOf('\n'), window.lastIndexOf(' '));
    // A break in the first half would leave a needlessly short part; cut mid-word instead.
    const cut = breakAt > limit / 2 ? breakAt : limit;
    parts.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).trimStart();
  }
  if (rest !== '') parts.push(rest);
  return parts;
}

function nonceOf(idempotencyKey: string, part: number): string {
  return createHash('sha256').update(`${idempotencyKey}#${part}`).digest('base64url').slice(0, NONCE_LENGTH);
}
