import { buttonText } from '../button-clicks';
import type { BotEntry } from './protocol';

/** The clientMessageId chat.js gives a click on a reply's buttons: `button-<reply id>`. */
export const BUTTON_CLIENT_MESSAGE_ID = /^button-([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

/** The reply a message frame says it clicks a button of, or null for a typed message. */
export function clickedReplyIdOf(clientMessageId: string): string | null {
  return BUTTON_CLIENT_MESSAGE_ID.exec(clientMessageId)?.[1]?.toLowerCase() ?? null;
}

export type ButtonMessageDecision = { action: 'publish'; text: string } | { action: 'refuse'; reason: string };

/**
 * A message frame that names a reply as clicked (`button-<reply id>`) is taken only when this
 * session's history holds that reply of the bot with a reply button sending exactly this text;
 * otherwise an id from another chat, or invented, could stand for a click that never was. The text
 * sent is then the button's.
 */
export function decideButtonMessage(text: string, reply: BotEntry | null): ButtonMessageDecision {
  if (reply === null) return { action: 'refuse', reason: 'There is no reply with that id in this chat.' };
  const button = reply.buttons.find((candidate) => candidate.type === 'reply' && buttonText(candidate) === text);
  if (button?.type !== 'reply') return { action: 'refuse', reason: 'That reply has no button sending this text.' };
  return { action: 'publish', text: buttonText(button) };
}
