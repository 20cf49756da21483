import type { ChannelAdapter, Logger, Redis } from '@chatbot/core';
import type { AdapterMetrics } from './metrics';

/** What the adapters process hands every channel's factory. */
export interface AdapterDependencies {
  env: NodeJS.ProcessEnv;
  redis: Redis;
  prefix: string;
  metrics: AdapterMetrics;
  logger: Logger;
}

/**
 * How a channel plugs into the adapters process. `isConfigured` only looks for the channel's
 * variables (e.g. a bot token), so an unused channel stays off; `create` then validates its full
 * configuration and throws a ConfigError naming what is missing, so a half-configured channel
 * fails loudly instead of silently not starting.
 */
export interface AdapterDefinition {
  readonly channel: string;
  isConfigured(env: NodeJS.ProcessEnv): boolean;
  create(dependencies: AdapterDependencies): ChannelAdapter;
}
