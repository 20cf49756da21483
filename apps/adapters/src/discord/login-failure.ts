import { GatewayCloseCodes } from 'discord.js';

/** The Discord bot could not connect; the message says what to fix. */
export class DiscordLoginError extends Error {
  override name = 'DiscordLoginError';
}

/**
 * Turns discord.js's terse login errors into ones an operator can act on. Discord authenticates
 * the gateway connection, not each message: a wrong token is refused there (close code 4004, or
 * HTTP 401 when fetching the gateway URL), and so is a privileged intent the bot is not granted (4014).
 */
export function explainLoginFailure(error: unknown, lastCloseCode: number | undefined): DiscordLoginError {
  const detail = error instanceof Error ? error.message : String(error);
  const tokenRejected = lastCloseCode === GatewayCloseCodes.AuthenticationFailed || (error as { code?: unknown }).code === 'TokenInvalid';
  if (tokenRejected) {
    return new DiscordLoginError(`Discord refused the bot token in DISCORD_TOKEN (${detail}). Copy it again from the developer portal: Bot > Reset Token.`, {
      cause: error,
    });
  }
  if (lastCloseCode === GatewayCloseCodes.DisallowedIntents) {
    return new DiscordLoginError(
      `Discord refused the bot's gateway intents (${detail}): the privileged Message Content intent is not enabled for this bot. ` +
        'Enable it in the developer portal: Bot > Privileged Gateway Intents > Message Content Intent.',
      { cause: error },
    );
  }
  return new DiscordLoginError(`Could not connect to Discord: ${detail}`, { cause: error });
}
