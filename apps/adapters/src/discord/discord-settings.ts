import { z } from 'zod';

/** Discord's environment variables; DISCORD_TOKEN turns the channel on. */
export const discordSettings = {
  /** The bot token from the Discord developer portal (Bot > Reset Token). */
  DISCORD_TOKEN: z.string().min(1),
  /** REST base URL without the version, e.g. https://discord.com/api; tests point it at a local fake. */
  DISCORD_API_URL: z.string().url('DISCORD_API_URL must be a URL such as https://discord.com/api').optional(),
};
