/**
 * The adapters process: starts every configured channel (web always; others when their
 * configuration is present), connects each to the queues, and stops cleanly on SIGINT/SIGTERM.
 */
import { ConfigError, configGroups, createLogger, createRedis } from '@chatbot/core';
import { AdapterMetrics } from './metrics';
import { loadAdaptersConfig } from './registry';
import { startAdapters } from './runtime';

async function main(): Promise<void> {
  // The process's own variables and every enabled channel's, checked together: one error lists them all.
  const { config, createAdapters } = loadAdaptersConfig({ ...configGroups.redis, ...configGroups.log }, process.env);
  const logger = createLogger('adapters', config.LOG_LEVEL);
  const redis = createRedis(config.REDIS_URL, logger);
  const metrics = new AdapterMetrics();
  const adapters = createAdapters({ redis, prefix: config.REDIS_PREFIX, metrics, logger });
  const running = await startAdapters({ adapters, redis, prefix: config.REDIS_PREFIX, logger, metrics });
  logger.info({ channels: running.channels }, `adapters started: ${running.channels.join(', ')}`);

  let stopping = false;
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'adapters stopping');
    await running.stop();
    await redis.quit();
    logger.info('adapters stopped');
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void stop(signal));
}

main().catch((error: unknown) => {
  // A configuration problem is the user's to fix: print it plainly rather than as a stack trace.
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
