import { loadConfig } from '@chatbot/core';
import type { AdapterDefinition } from '../adapter-definition';
import { WebAdapter } from './web-adapter';

export { WebAdapter, type WebAdapterOptions } from './web-adapter';
export { parseClientFrame, type ClientFrame, type ServerFrame, type HistoryEntry, type ErrorCode } from './protocol';
export { conversationKeyOf, nativeMessageIdOf, WEB_CHANNEL } from './chat-connection';

/** The web chat needs nothing but a port, so it is always on. */
export const webAdapterDefinition: AdapterDefinition = {
  channel: 'web',
  isConfigured: () => true,
  create: ({ env, redis, prefix, metrics }) => {
    const config = loadConfig(['web'], env);
    return new WebAdapter({
      port: config.PORT,
      host: config.HOST,
      redis,
      prefix,
      metrics,
      rateLimits: { messagesPerWindow: config.WEB_MESSAGES_PER_MINUTE, sessionsPerWindow: config.WEB_SESSIONS_PER_MINUTE },
      trustProxy: config.WEB_TRUST_PROXY,
    });
  },
};
