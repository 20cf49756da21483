import type { AdapterDefinition } from '../adapter-definition';
import { DiscordAdapter } from './discord-adapter';
import { discordSettings } from './discord-settings';

export { DiscordAdapter, NO_CONTENT_HINT, type DiscordAdapterOptions } from './discord-adapter';
export { DiscordLoginError } from './login-failure';
export { DISCORD_CHANNEL } from './conversation-key';

/** Discord runs when a bot token is set. */
export const discordAdapterDefinition: AdapterDefinition<typeof discordSettings> = {
  channel: 'discord',
  settings: discordSettings,
  isConfigured: (env) => Boolean(env.DISCORD_TOKEN),
  create: (settings, { redis, prefix }) => new DiscordAdapter({ token: settings.DISCORD_TOKEN, apiUrl: settings.DISCORD_API_URL, redis, prefix }),
};
