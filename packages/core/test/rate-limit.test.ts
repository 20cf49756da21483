import { afterAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { RateLimit, createRedis } from '../src/index';

const redis = createRedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
const prefix = `test-core-ratelimit-${randomUUID().slice(0, 8)}`;
afterAll(async () => {
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length) await redis.del(...keys);
  redis.disconnect();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('RateLimit', () => {
  it('allows the limit within a window, then says how long to wait', async () => {
    const limit = new RateLimit(redis, prefix, 'three', { limit: 3, windowMs: 60_000 });
    expect([await limit.take('a'), await limit.take('a'), await limit.take('a')]).toEqual([0, 0, 0]);
    const wait = await limit.take('a');
    expect(wait).toBeGreaterThan(55_000);
    expect(wait).toBeLessThanOrEqual(60_000);
  });

  it('counts each subject and each limit apart', async () => {
    const messages = new RateLimit(redis, prefix, 'messages', { limit: 1, windowMs: 60_000 });
    const sessions = new RateLimit(redis, prefix, 'sessions', { limit: 1, windowMs: 60_000 });
    expect(await messages.take('x')).toBe(0);
    expect(await messages.take('y')).toBe(0);
    expect(await sessions.take('x')).toBe(0);
    expect(await messages.take('x')).toBeGreaterThan(0);
  });

  it('allows again once the window has passed', async () => {
    const limit = new RateLimit(redis, prefix, 'short', { limit: 1, windowMs: 1000 });
    expect(await limit.take('a')).toBe(0);
    const wait = await limit.take('a');
    expect(wait).toBeGreaterThan(0);
    await sleep(wait + 20);
    expect(await limit.take('a')).toBe(0);
  });

  it('is off with a limit of 0', async () => {
    const off = new RateLimit(redis, prefix, 'off', { limit: 0, windowMs: 60_000 });
    for (let i = 0; i < 5; i++) expect(await off.take('a')).toBe(0);
    expect(await redis.keys(`${prefix}:ratelimit:off:*`)).toEqual([]);
  });

  it('tells, without counting, whether a subject is over the limit and for how long', async () => {
    const limit = new RateLimit(redis, prefix, 'peek', { limit: 2, windowMs: 60_000 });
    expect(await limit.retryAfter('p')).toBe(0);
    await limit.take('p');
    await limit.take('p');
    expect(await limit.retryAfter('p')).toBe(0);
    await limit.take('p');
    expect(await limit.retryAfter('p')).toBeGreaterThan(0);
    expect(await limit.retryAfter('p')).toBeLessThanOrEqual(60_000);
  });
});
