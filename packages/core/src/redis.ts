import { Redis } from 'ioredis';

export { Redis };

/**
 * One ioredis connection configured the way BullMQ requires
 * (`maxRetriesPerRequest: null`, so blocking commands are never cut short).
 */
export function createRedis(url: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: null, enableReadyCheck: true, lazyConnect: false });
}

/** Redis keys of ours (not BullMQ's) all live under `<prefix>:`. */
export function redisKey(prefix: string, ...parts: string[]): string {
  return [prefix, ...parts].join(':');
}
