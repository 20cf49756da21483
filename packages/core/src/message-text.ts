/** Longest text we accept from an end user; longer messages are refused politely. */
export const MAX_MESSAGE_LENGTH = 4000;

/** What an end user's text is, by the one rule below. */
export type MessageTextVerdict = { status: 'ok'; text: string } | { status: 'empty' } | { status: 'too-long'; length: number };

/**
 * The rule every channel and the inbound publisher apply to an end user's text, so they never
 * disagree about a message: surrounding whitespace does not count; nothing left is empty; more than
 * MAX_MESSAGE_LENGTH characters is too long. An ok text comes back trimmed, as it is queued.
 */
export function classifyMessageText(text: string): MessageTextVerdict {
  const trimmed = text.trim();
  if (trimmed.length === 0) return { status: 'empty' };
  if (trimmed.length > MAX_MESSAGE_LENGTH) return { status: 'too-long', length: trimmed.length };
  return { status: 'ok', text: trimmed };
}
