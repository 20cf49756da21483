import { flagSetting, perMinuteSetting, portSetting } from '@chatbot/core';
import { z } from 'zod';

/** The web chat's rate limits unless configured: a person types far fewer; an office behind one address opens a few chats a minute. */
export const WEB_RATE_LIMIT_DEFAULTS = { messagesPerMinute: 30, sessionsPerMinute: 60 } as const;

/** The web chat's environment variables. */
export const webSettings = {
  /** Where the chat page and its WebSocket are served. */
  PORT: portSetting(3000),
  HOST: z.string().default('0.0.0.0'),
  /** Messages one chat session may send per minute; the page sends the ones refused again after the wait. */
  WEB_MESSAGES_PER_MINUTE: perMinuteSetting('WEB_MESSAGES_PER_MINUTE', WEB_RATE_LIMIT_DEFAULTS.messagesPerMinute),
  /** New chat sessions one client address may open per minute. */
  WEB_SESSIONS_PER_MINUTE: perMinuteSetting('WEB_SESSIONS_PER_MINUTE', WEB_RATE_LIMIT_DEFAULTS.sessionsPerMinute),
  /** Behind a reverse proxy: the client's address is the one X-Forwarded-For names (fastify's trustProxy). */
  WEB_TRUST_PROXY: flagSetting('WEB_TRUST_PROXY', false),
};
