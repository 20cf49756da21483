import { Redis } from 'ioredis';
import type { Logger } from './logger';

export { Redis };

/**
 * One ioredis connection configured the way BullMQ requires (`maxRetriesPerRequest: null`, so
 * commands wait for a lost connection to come back instead of failing). With a logger, a lost
 * connection is one warning and its return one line, however many times ioredis retries meanwhile.
 */
export function createRedis(url: string, logger?: Logger): Redis {
  const redis = new Redis(url, { maxRetriesPerRequest: null, enableReadyCheck: true, lazyConnect: false });
  if (logger) reportConnectionLoss(redis, logger);
  return redis;
}

function reportConnectionLoss(redis: Redis, logger: Logger): void {
  let lostAt: number | null = null;
  redis.on('error', (err: Error) => {
    if (lostAt !== null) return;
    lostAt = Date.now();
    logger.warn({ err }, 'Redis does not answer; reconnecting (work waits meanwhile, nothing queued is lost)');
  });
  redis.on('ready', () => {
    if (lostAt === null) return;
    logger.info({ outageMs: Date.now() - lostAt }, 'Redis answers again');
    lostAt = null;
  });
}

/** Redis keys of ours (not BullMQ's) all live under `<prefix>:`. */
export function redisKey(prefix: string, ...parts: string[]): string {
  return [prefix, ...parts].join(':');
}
