import { afterAll, describe, expect, it } from 'vitest';
import { SessionHistory } from '../src/web/session-history';
import { isolatedRedis } from './support/redis';

const { redis, prefix, cleanup } = isolatedRedis();
afterAll(cleanup);

const at = new Date().toISOString();
const userEntry = (clientMessageId: string) => ({ role: 'user' as const, clientMessageId, text: `text ${clientMessageId}`, at });

describe('SessionHistory', () => {
  it('knows only the sessions it created', async () => {
    const history = new SessionHistory(redis, prefix);
    const sessionId = await history.create();
    expect(await history.touch(sessionId)).toBe(true);
    expect(await history.touch('00000000-0000-4000-8000-000000000000')).toBe(false);
  });

  it('numbers entries 1, 2, 3 per session and returns them oldest first', async () => {
    const history = new SessionHistory(redis, prefix);
    const [a, b] = [await history.create(), await history.create()];
    expect((await history.append(a, 'k1', userEntry('1'))).entry.seq).toBe(1);
    expect((await history.append(a, 'k2', userEntry('2'))).entry.seq).toBe(2);
    expect((await history.append(b, 'k1', userEntry('x'))).entry.seq).toBe(1);
    expect((await history.since(a)).map((entry) => [entry.seq, entry.text])).toEqual([
      [1, 'text 1'],
      [2, 'text 2'],
    ]);
    expect((await history.since(a, 1)).map((entry) => entry.seq)).toEqual([2]);
    expect(await history.since(a, 2)).toEqual([]);
  });

  it('stores an idempotency key once and hands back its first seq', async () => {
    const history = new SessionHistory(redis, prefix);
    const sessionId = await history.create();
    const first = await history.append(sessionId, 'same', userEntry('1'));
    await history.append(sessionId, 'other', userEntry('2'));
    const again = await history.append(sessionId, 'same', userEntry('1'));
    expect(first).toMatchObject({ fresh: true, entry: { seq: 1 } });
    expect(again).toMatchObject({ fresh: false, entry: { seq: 1 } });
    expect(await history.since(sessionId)).toHaveLength(2);
  });

  it('keeps only the newest `limit` entries, while seq keeps counting', async () => {
    const history = new SessionHistory(redis, prefix, 3);
    const sessionId = await history.create();
    for (let i = 1; i <= 5; i++) await history.append(sessionId, `k${i}`, userEntry(String(i)));
    expect((await history.since(sessionId)).map((entry) => entry.seq)).toEqual([3, 4, 5]);
  });

  it('lets an idle session expire after its TTL', async () => {
    const history = new SessionHistory(redis, prefix, 100, 60);
    const sessionId = await history.create();
    await history.append(sessionId, 'k', userEntry('1'));
    const keys = await redis.keys(`${prefix}:web:session:${sessionId}:*`);
    expect(keys).toHaveLength(3);
    for (const key of keys) {
      const ttl = await redis.ttl(key);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(60);
    }
  });
});
