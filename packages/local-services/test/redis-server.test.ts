import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { redisAnswers, redisDurabilityWarnings, startRedisServer } from '../src/index';

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

async function set(url: string, key: string, value: string): Promise<void> {
  const client = new Redis(url);
  await client.set(key, value);
  client.disconnect();
}

async function get(url: string, key: string): Promise<string | null> {
  const client = new Redis(url);
  const value = await client.get(key);
  client.disconnect();
  return value;
}

describe('a redis-server of its own', () => {
  it('is durable: what was written before a clean shutdown is there after the restart', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'redis-'));
    dirs.push(dir);
    const server = await startRedisServer({ dir });
    await set(server.url, 'acknowledged', 'yes');
    await server.shutdown();
    expect(await redisAnswers(server.url, 200)).toBe(false);
    const again = await server.restart();
    try {
      expect(again.url).toBe(server.url);
      expect(await get(again.url, 'acknowledged')).toBe('yes');
    } finally {
      await again.shutdown();
    }
  });

  it('can be killed outright, and restarted on the same port', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'redis-'));
    dirs.push(dir);
    const server = await startRedisServer({ dir });
    await server.kill('SIGKILL');
    expect(server.process.signalCode).toBe('SIGKILL');
    const again = await server.restart();
    try {
      expect(await redisAnswers(again.url)).toBe(true);
    } finally {
      await again.shutdown();
    }
  });
});

describe('redisDurabilityWarnings', () => {
  it('has nothing to say about a Redis with an append-only file and no eviction', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'redis-'));
    dirs.push(dir);
    const server = await startRedisServer({ dir });
    try {
      expect(await redisDurabilityWarnings(server.url)).toEqual([]);
    } finally {
      await server.shutdown();
    }
  });

  it('says what a Redis without persistence and with eviction would lose, and how to fix it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'redis-'));
    dirs.push(dir);
    const server = await startRedisServer({ dir });
    const client = new Redis(server.url);
    await client.config('SET', 'appendonly', 'no');
    await client.config('SET', 'maxmemory-policy', 'allkeys-lru');
    client.disconnect();
    try {
      const warnings = await redisDurabilityWarnings(server.url);
      expect(warnings).toHaveLength(2);
      expect(warnings[0]).toMatch(/keeps nothing on disk.*--appendonly yes/);
      expect(warnings[1]).toMatch(/maxmemory-policy allkeys-lru.*noeviction/);
    } finally {
      await server.shutdown();
    }
  });
});
