import { afterAll, describe, expect, it } from 'vitest';
import { RateLimit } from '../src/web/rate-limit';
import { isolatedRedis } from './support/redis';

const { redis, prefix, cleanup } = isolatedRedis();
afterAll(cleanup);

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
});
