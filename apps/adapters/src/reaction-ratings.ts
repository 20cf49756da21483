import { redisKey, type Redis } from '@chatbot/core';
import { RATING_WINDOW_SECONDS } from './reply-index';

/** One reaction a user added or removed on a message of the bot, already known to be a rating. */
export interface RatingReaction {
  postedMessageId: string;
  userId: string;
  /** The service's name of the reaction, skin tone included ("+1::skin-tone-3", "👍🏽"). */
  reaction: string;
  helpful: boolean;
  added: boolean;
}

/**
 * A sorted set per user and message: member "up:<reaction>" or "down:<reaction>", scored by the
 * order the reactions were added (one more than the newest, so two in the same millisecond still
 * keep their order). Returns the newest member left, or nil.
 * KEYS[1] the set; ARGV: member, "1" added / "0" removed, ttl seconds.
 */
const APPLY_SCRIPT = `
if ARGV[2] == '1' then
  local newest = redis.call('ZREVRANGE', KEYS[1], 0, 0, 'WITHSCORES')
  local score = 1
  if newest[2] then score = tonumber(newest[2]) + 1 end
  redis.call('ZADD', KEYS[1], score, ARGV[1])
else
  redis.call('ZREM', KEYS[1], ARGV[1])
end
redis.call('EXPIRE', KEYS[1], ARGV[3])
return redis.call('ZREVRANGE', KEYS[1], 0, 0)[1]
`;

/**
 * The rating reactions each user has on each reply message, so that a user's rating follows what
 * they see: with 👍 and 👎 both on a reply, removing 👍 leaves the reply rated unhelpful, and only
 * removing the last one takes the rating back. Kept as long as the reply index keeps the reply.
 */
export class ReactionRatings {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly channel: string,
  ) {}

  /**
   * Records the change and returns the user's rating after it: that of their most recently added
   * rating reaction still on the message, or null when none is left.
   */
  async apply(change: RatingReaction): Promise<boolean | null> {
    const key = redisKey(this.prefix, this.channel, 'reactions', change.postedMessageId, change.userId);
    const member = `${change.helpful ? 'up' : 'down'}:${change.reaction}`;
    const newest = (await this.redis.eval(APPLY_SCRIPT, 1, key, member, change.added ? '1' : '0', String(RATING_WINDOW_SECONDS))) as string | null;
    return newest === null ? null : newest.startsWith('up:');
  }
}
