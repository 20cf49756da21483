import { loadConfig } from '@chatbot/core';
import type { AdapterDefinition } from '../adapter-definition';
import { DiscordAdapter } from './discord-adapter';

export { DiscordAdapter, TOO_LONG_REPLY, NO_CONTENT_HINT, type DiscordAdapterOptions } from './discord-adapter';
export { DiscordLoginError } from './login-failure';
export { DISCORD_CHANNEL } from './conversation-key';

/** Discord runs when a bot token is set. */
export const discordAdapterDefinition: AdapterDefinition = {
  channel: 'discord',
  isConfigured: (env) => Boolean(env.DISCORD_TOKEN),
  create: ({ env, redis, prefix }) => {
    const { DISCORD_TOKEN, DISCORD_API_URL } = loadConfig(['discord'], env);
    return new DiscordAdapter({ token: DISCORD_TOKEN, apiUrl: DISCORD_API_URL, redis, prefix });
  },
};
