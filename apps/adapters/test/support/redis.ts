import { randomUUID } from 'node:crypto';
import { createRedis, type Redis } from '@chatbot/core';

export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A Redis connection and a key prefix of this test file's own; `cleanup` deletes every key under it. */
export function isolatedRedis(): { redis: Redis; prefix: string; cleanup(): Promise<void> } {
  const redis = createRedis(REDIS_URL);
  const prefix = `test-adapters-${randomUUID().slice(0, 8)}`;
  return {
    redis,
    prefix,
    async cleanup() {
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
        if (keys.length > 0) await redis.del(...keys);
        cursor = next;
      } while (cursor !== '0');
      await redis.quit();
    },
  };
}
