import type { AdapterDefinition } from '../adapter-definition';
import { WebAdapter } from './web-adapter';
import { webSettings } from './web-settings';

export { WebAdapter, type WebAdapterOptions } from './web-adapter';
export { parseClientFrame, type ClientFrame, type ServerFrame, type HistoryEntry, type ErrorCode } from './protocol';
export { conversationKeyOf, nativeMessageIdOf, WEB_CHANNEL } from './chat-connection';

/** The web chat needs nothing but a port, so it is always on. */
export const webAdapterDefinition: AdapterDefinition<typeof webSettings> = {
  channel: 'web',
  settings: webSettings,
  isConfigured: () => true,
  create: (settings, { redis, prefix, metrics }) =>
    new WebAdapter({
      port: settings.PORT,
      host: settings.HOST,
      redis,
      prefix,
      metrics,
      rateLimits: { messagesPerWindow: settings.WEB_MESSAGES_PER_MINUTE, sessionsPerWindow: settings.WEB_SESSIONS_PER_MINUTE },
      trustProxy: settings.WEB_TRUST_PROXY,
      socketLimits: { connectionsPerAddress: settings.WEB_CONNECTIONS_PER_ADDRESS },
    }),
};
