import { afterAll, describe, expect, it } from 'vitest';
import { ReactionRatings } from '../src/reaction-ratings';
import { isolatedRedis } from './support/redis';

const { redis, prefix, cleanup } = isolatedRedis();
afterAll(cleanup);

const ratings = new ReactionRatings(redis, prefix, 'slack');
let messages = 0;

/** A fresh reply message and a function that applies one user's reaction change to it. */
function onNewMessage() {
  const postedMessageId = `m${++messages}`;
  return (userId: string, reaction: string, helpful: boolean, added: boolean) => ratings.apply({ postedMessageId, userId, reaction, helpful, added });
}

describe('ReactionRatings', () => {
  it('rates with the newest rating reaction still on the message, and takes the rating back when the last one goes', async () => {
    const react = onNewMessage();
    expect(await react('U1', '-1', false, true)).toBe(false);
    expect(await react('U1', '+1', true, true)).toBe(true);
    expect(await react('U1', '+1', true, false)).toBe(false);
    expect(await react('U1', '-1', false, false)).toBeNull();
  });

  it('keeps the order of reactions added within the same millisecond', async () => {
    const react = onNewMessage();
    const results = await Promise.all([react('U1', '+1', true, true), react('U1', '-1', false, true)]);
    expect(results).toEqual([true, false]);
    expect(await react('U1', '-1', false, false)).toBe(true);
  });

  it('counts each skin tone as its own reaction', async () => {
    const react = onNewMessage();
    await react('U1', '+1', true, true);
    await react('U1', '+1::skin-tone-3', true, true);
    expect(await react('U1', '+1', true, false)).toBe(true);
    expect(await react('U1', '+1::skin-tone-3', true, false)).toBeNull();
  });

  it("keeps each user's reactions apart, and expires them with the reply index", async () => {
    const react = onNewMessage();
    await react('U1', '+1', true, true);
    expect(await react('U2', '-1', false, true)).toBe(false);
    expect(await react('U2', '-1', false, false)).toBeNull();
    expect(await react('U1', '+1', true, true)).toBe(true);
    const [key] = await redis.keys(`${prefix}:slack:reactions:m${messages}:U1`);
    expect(await redis.ttl(key!)).toBeGreaterThan(6 * 24 * 3600);
  });

  it('takes a removal of a reaction it never saw as no change', async () => {
    const react = onNewMessage();
    expect(await react('U1', '-1', false, false)).toBeNull();
    await react('U1', '+1', true, true);
    expect(await react('U1', '-1', false, false)).toBe(true);
  });
});
