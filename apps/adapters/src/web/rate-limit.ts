import { redisKey, type Redis } from '@chatbot/core';

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

export interface RateLimitOptions {
  /** Hits allowed per window; 0 turns the limit off. */
  limit: number;
  windowMs: number;
}

/**
 * A fixed-window rate limit kept in Redis, so every adapters process counts the same hits. A
 * refused hit still counts, which keeps a client that hammers the limit refused until it pauses.
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
    const key = redisKey(this.prefix, 'ratelimit', this.name, subject);
    return Number(await this.redis.eval(TAKE_SCRIPT, 1, key, String(this.options.limit), String(this.options.windowMs)));
  }
}
