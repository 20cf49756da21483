import { spawnSync, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { redisAnswers, startRedisServer } from './redis-server';

export const HOW_TO_GET_REDIS =
  'Redis is needed but none answers on localhost:6379 and `redis-server` is not on PATH. Install it (`sudo apt-get install redis-server` or `brew install redis`), or run `docker compose up -d redis`, or set REDIS_URL.';

function hasRedisServer(): boolean {
  return spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;
}

/**
 * Finds a Redis for a machine with no REDIS_URL: one already answering on localhost:6379,
 * else a `redis-server` from PATH started with its data under `<dataDir>/redis`.
 * Returns null when neither is possible (the caller prints HOW_TO_GET_REDIS).
 */
export async function findOrStartRedis(dataDir: string): Promise<{ url: string; process: ChildProcess | null } | null> {
  const local = 'redis://127.0.0.1:6379';
  if (await redisAnswers(local)) return { url: local, process: null };
  if (!hasRedisServer()) return null;
  const server = await startRedisServer({ dir: join(dataDir, 'redis') });
  return { url: server.url, process: server.process };
}
