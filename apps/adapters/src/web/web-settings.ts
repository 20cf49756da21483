import { perMinuteSetting, portSetting, trustProxySetting } from '@chatbot/core';
import { z } from 'zod';
import { DEFAULT_SOCKET_LIMITS } from './socket-limits';

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
  /** Open chat sockets one client address may hold in one adapters process (0: no cap, for load tests). */
  WEB_CONNECTIONS_PER_ADDRESS: perMinuteSetting('WEB_CONNECTIONS_PER_ADDRESS', DEFAULT_SOCKET_LIMITS.connectionsPerAddress),
  /**
   * Behind reverse proxies: which X-Forwarded-For entries to believe (fastify's trustProxy). Never the
   * left-most, which the client writes itself: `true` or `1` is one proxy in front (the client is the
   * entry that proxy added), `2` two, and so on; or the proxies' addresses or CIDR ranges, comma
   * separated (`10.0.0.0/8,127.0.0.1`). `false` (default): the connecting address is the client.
   */
  WEB_TRUST_PROXY: trustProxySetting('WEB_TRUST_PROXY'),
};
