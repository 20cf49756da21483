import type { OutboundMessage } from '@chatbot/core';

/** A button under a reply (OutboundMessage.buttons): one that sends a message, or a link. */
export type Button = OutboundMessage['buttons'][number];
export type ReplyButton = Extract<Button, { type: 'reply' }>;

/** What a click on a reply button sends as the user's message. */
export function buttonText(button: ReplyButton): string {
  return button.text ?? button.label;
}

/**
 * The native id of the message a click on a reply's buttons becomes: one per reply, whichever button
 * and however often it is clicked, so the InboundPublisher keeps the first click and drops the rest.
 */
export function buttonClickMessageId(replyId: string): string {
  return `button:${replyId}`;
}

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const BUTTON_VALUE = new RegExp(`^(${UUID}):(\\d{1,2})$`, 'i');

/**
 * What a button carries to the chat service and back (Slack's `value`, Discord's `custom_id`): the
 * reply's id and the button's position, nothing else. The text and the conversation a click stands
 * for are looked up in the adapter's own record of the reply, so a forged payload cannot choose them.
 */
export function buttonValue(replyId: string, index: number): string {
  return `${replyId}:${index}`;
}

export function parseButtonValue(value: string): { replyId: string; index: number } | null {
  const match = BUTTON_VALUE.exec(value);
  return match ? { replyId: match[1]!.toLowerCase(), index: Number(match[2]) } : null;
}

/** What the adapter recorded when it sent a reply with buttons (see ButtonRecords). */
export interface RecordedButtons {
  conversationKey: string;
  buttons: Button[];
  /** A click on this reply has already been queued as the user's message. */
  answered: boolean;
}

/** What to do with a click, once the channel has worked out which conversation it came from. */
export type ButtonClickDecision =
  | { action: 'publish'; text: string }
  /** Not a click the adapter sent the button for: logged, acknowledged, nothing published. */
  | { action: 'refuse'; reason: string }
  /** A later click on a reply that a click already answered: the first choice stands. */
  | { action: 'ignore'; reason: string };

/**
 * Decides a click on button `index` of a reply, arriving from `conversationKey` (derived by the
 * channel from where and by whom the service says it was clicked, never from the button's value),
 * against the record of that reply. The message text is always the recorded button's.
 */
export function decideButtonClick(click: { conversationKey: string; index: number }, record: RecordedButtons | null): ButtonClickDecision {
  if (record === null) return { action: 'refuse', reason: 'no record of that reply (unknown, or older than the click window)' };
  if (record.conversationKey !== click.conversationKey) return { action: 'refuse', reason: 'clicked from another conversation than the reply was sent to' };
  const button = record.buttons[click.index];
  if (button?.type !== 'reply') return { action: 'refuse', reason: `the reply has no reply button ${click.index}` };
  if (record.answered) return { action: 'ignore', reason: 'a click already answered this reply' };
  return { action: 'publish', text: buttonText(button) };
}
