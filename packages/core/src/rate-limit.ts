import type { Redis } from 'ioredis';
import { redisKey } from './redis';

/**
 * Counts a hit in the key's current window; the first hit opens the window. Returns 0 when the
 * hit is within the limit, else the milliseconds until the window closes.
 * KEYS[1] the counter; ARGV: limit, window in ms.
 */
const TAKE_SCRIPT = `
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
if count <= tonumber(ARGV[1]) then return 0 end
local left = redis.call('PTTL', KEYS[1])
if left < 1 then return 1 end
return left
`;

/** KEYS[1] the counter; ARGV: limit. The ms until the window closes when it is over the limit, else 0. */
const RETRY_AFTER_SCRIPT = `
local count = tonumber(redis.call('GET', KEYS[1]) or '0')
if count <= tonumber(ARGV[1]) then return 0 end
local left = redis.call('PTTL', KEYS[1])
if left < 1 then return 1 end
return left
`;

export interface RateLimitOptions {
  /** Hits allowed per window; 0 turns the limit off. */
  limit: number;
  windowMs: number;
}

/**
 * A fixed-window rate limit kept in Redis, so every process counts the same hits (web chat messages
 * and sessions, failed admin logins). A refused hit still counts, which keeps a client that hammers
 * the limit refused until it pauses.
 */
export class RateLimit {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly name: string,
    private readonly options: RateLimitOptions,
  ) {}

  /** Counts one hit for `subject`: 0 when allowed, else how many ms to wait before trying again. */
  async take(subject: string): Promise<number> {
    if (this.options.limit === 0) return 0;
    return Number(await this.redis.eval(TAKE_SCRIPT, 1, this.keyOf(subject), String(this.options.limit), String(this.options.windowMs)));
  }

  /** Without counting a hit: 0 when `subject` is within the limit, else how many ms until it may try again. */
  async retryAfter(subject: string): Promise<number> {
    if (this.options.limit === 0) return 0;
    return Number(await this.redis.eval(RETRY_AFTER_SCRIPT, 1, this.keyOf(subject), String(this.options.limit)));
  }

  private keyOf(subject: string): string {
    return redisKey(this.prefix, 'ratelimit', this.name, subject);
  }
}
