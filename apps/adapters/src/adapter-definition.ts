import type { ChannelAdapter, Logger, Redis, Settings, SettingsShape } from '@chatbot/core';
import type { AdapterMetrics } from './metrics';

/** What the adapters process hands every channel's factory, besides the channel's own settings. */
export interface AdapterDependencies {
  redis: Redis;
  prefix: string;
  metrics: AdapterMetrics;
  logger: Logger;
}

/**
 * How a channel plugs into the adapters process. The channel declares its own environment variables
 * (`settings`, a zod shape in its folder), so adding a channel changes nothing in core. `isConfigured`
 * only looks for the channel's variables (e.g. a bot token), so an unused channel stays off; the
 * process then validates the settings of every enabled channel together with its own, in one pass
 * (one ConfigError naming every bad variable), and hands `create` the validated values.
 *
 * The default `S` is what the registry holds: any definition is assignable to it, since `create`
 * is a method and so is checked bivariantly in its parameters.
 */
export interface AdapterDefinition<S extends SettingsShape = SettingsShape> {
  readonly channel: string;
  readonly settings: S;
  isConfigured(env: NodeJS.ProcessEnv): boolean;
  create(settings: Settings<S>, dependencies: AdapterDependencies): ChannelAdapter;
}
