import type { Logger } from '@chatbot/core';
import { LogLevel, type Logger as SlackLogger } from '@slack/bolt';

/**
 * Bolt, its WebClient and the Socket Mode client log through Slack's Logger interface; this sends
 * their lines to the process's pino logger, so there is one log format and one LOG_LEVEL.
 * Levels are pino's business: Bolt's setLevel/setName are ignored.
 */
export function toSlackLogger(logger: Logger): SlackLogger {
  const line = (parts: unknown[]) => parts.map((part) => (typeof part === 'string' ? part : String(part))).join(' ');
  return {
    debug: (...parts: unknown[]) => logger.debug(line(parts)),
    info: (...parts: unknown[]) => logger.info(line(parts)),
    warn: (...parts: unknown[]) => logger.warn(line(parts)),
    error: (...parts: unknown[]) => logger.error(line(parts)),
    setLevel: () => undefined,
    setName: () => undefined,
    getLevel: () => {
      if (logger.isLevelEnabled('debug')) return LogLevel.DEBUG;
      if (logger.isLevelEnabled('info')) return LogLevel.INFO;
      if (logger.isLevelEnabled('warn')) return LogLevel.WARN;
      return LogLevel.ERROR;
    },
  };
}
