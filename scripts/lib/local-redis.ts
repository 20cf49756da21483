import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { findFreePort } from './ports';

export const HOW_TO_GET_REDIS =
  'Redis is needed but none answers on localhost:6379 and `redis-server` is not on PATH. Install it (`sudo apt-get install redis-server` or `brew install redis`), or run `docker compose up -d redis`, or set REDIS_URL.';

/** True when a Redis server answers PING at `url` within a short time. */
export async function redisAnswers(url: string, timeoutMs = 800): Promise<boolean> {
  const client = new Redis(url, { lazyConnect: true, connectTimeout: timeoutMs, maxRetriesPerRequest: 0, retryStrategy: () => null });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

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
  const dir = join(dataDir, 'redis');
  await mkdir(dir, { recursive: true });
  const port = await findFreePort(6380);
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--save', ''], {
    stdio: 'ignore',
  });
  const url = `redis://127.0.0.1:${port}`;
  for (let i = 0; i < 50; i++) {
    if (await redisAnswers(url, 200)) return { url, process: child };
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill();
  throw new Error(`Started redis-server on port ${port} but it does not answer`);
}
