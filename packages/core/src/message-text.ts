/** Longest text we accept from an end user; longer messages are refused politely. */
export const MAX_MESSAGE_LENGTH = 4000;

/** What an end user's text is, by the one rule below. */
export type MessageTextVerdict = { status: 'ok'; text: string } | { status: 'empty' } | { status: 'too-long'; length: number };

/** UTF-16 halves without their other half: not valid Unicode, and PostgreSQL refuses them. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Text as PostgreSQL can store it: each character it cannot (U+0000, a lone surrogate) becomes U+FFFD,
 * the replacement character, so the message is kept and answered instead of failing its job forever.
 */
export function storableText(text: string): string {
  return text.replaceAll('\u0000', '\uFFFD').replace(LONE_SURROGATE, '\uFFFD');
}

/**
 * The rule every channel and the inbound publisher apply to an end user's text, so they never
 * disagree about a message: surrounding whitespace does not count; nothing left is empty; more than
 * MAX_MESSAGE_LENGTH characters is too long. An ok text comes back trimmed and storable, as it is queued.
 */
export function classifyMessageText(text: string): MessageTextVerdict {
  const trimmed = storableText(text).trim();
  if (trimmed.length === 0) return { status: 'empty' };
  if (trimmed.length > MAX_MESSAGE_LENGTH) return { status: 'too-long', length: trimmed.length };
  return { status: 'ok', text: trimmed };
}
