import type { Redis } from 'ioredis';
import { redisKey } from './redis';

/**
 * Keeps the turns of one conversation in order across any number of workers.
 * The publisher numbers each new message (seq 1, 2, 3 ... per conversation) and records which job
 * carries each number; a worker answers message n only after every earlier one has been answered.
 * An earlier message still queued is waited for however long it takes (a worker that died with it,
 * a database outage); a number whose job was never queued (its publish failed and was not retried)
 * is skipped after `gapTimeoutMs`, so a conversation never stalls.
 */
export class ConversationSequence {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly ttlSeconds = 7 * 24 * 3600,
  ) {}

  /** The Redis key of the conversation's counter, for a publisher that numbers inside its own script. */
  counterKey(conversationKey: string): string {
    return this.keys(conversationKey).next;
  }

  /** The Redis hash of the conversation's numbers still to answer: seq -> the Redis key of its job. */
  queuedKey(conversationKey: string): string {
    return this.keys(conversationKey).queued;
  }

  get counterTtlSeconds(): number {
    return this.ttlSeconds;
  }

  private keys(conversationKey: string) {
    return {
      next: redisKey(this.prefix, 'conv', conversationKey, 'seq'),
      done: redisKey(this.prefix, 'conv', conversationKey, 'done'),
      queued: redisKey(this.prefix, 'conv', conversationKey, 'queued'),
    };
  }

  /**
   * 'ready': every earlier message is answered (or was never queued); 'busy': an earlier one is being
   * answered right now; 'wait': an earlier one is still queued, or its number is too fresh to call
   * lost; 'done': this message was answered already (a retry after a crash).
   */
  async check(conversationKey: string, seq: number, receivedAt: Date, gapTimeoutMs = 5000): Promise<'ready' | 'busy' | 'wait' | 'done'> {
    const { done, queued } = this.keys(conversationKey);
    const state = (await this.redis.eval(CHECK_SCRIPT, 2, done, queued, String(seq))) as 'done' | 'ready' | 'busy' | 'wait' | 'gap';
    if (state !== 'gap') return state;
    return Date.now() - receivedAt.getTime() > gapTimeoutMs ? 'ready' : 'wait';
  }

  /**
   * Records that another job now carries `seq` (a message whose reply an action job will give), so
   * that later messages wait for that job instead of finding the number unanswered with no job.
   */
  async handOver(conversationKey: string, seq: number, jobKey: string): Promise<void> {
    const { done, queued } = this.keys(conversationKey);
    await this.redis.eval(HAND_OVER_SCRIPT, 2, done, queued, String(seq), jobKey, String(this.ttlSeconds));
  }

  /** Marks `seq` answered; never moves the mark backwards. */
  async markDone(conversationKey: string, seq: number): Promise<void> {
    const { done, queued } = this.keys(conversationKey);
    await this.redis.eval(MARK_DONE_SCRIPT, 2, done, queued, String(seq), String(this.ttlSeconds));
  }
}

/**
 * KEYS: the answered mark, the queued hash; ARGV: seq. 'busy' when an earlier message's job is being
 * processed (its BullMQ lock is held), 'wait' when one is queued, 'gap' when an earlier number is
 * unanswered and no job of it is in Redis (never queued, or not yet: the publisher may be between the two).
 */
const CHECK_SCRIPT = `
local done = tonumber(redis.call('GET', KEYS[1]) or '0')
local seq = tonumber(ARGV[1])
if done >= seq then return 'done' end
if done == seq - 1 then return 'ready' end
local waiting = false
for earlier = done + 1, seq - 1 do
  local jobKey = redis.call('HGET', KEYS[2], earlier)
  if jobKey and redis.call('EXISTS', jobKey) == 1 then
    if redis.call('EXISTS', jobKey .. ':lock') == 1 then return 'busy' end
    waiting = true
  end
end
if waiting then return 'wait' end
return 'gap'
`;

/** KEYS: the answered mark, the queued hash; ARGV: seq, the job's key, TTL. A number answered already stays answered. */
const HAND_OVER_SCRIPT = `
local done = tonumber(redis.call('GET', KEYS[1]) or '0')
if tonumber(ARGV[1]) <= done then return 0 end
redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
redis.call('EXPIRE', KEYS[2], ARGV[3])
return 1
`;

/** KEYS: the answered mark, the queued hash; ARGV: seq, TTL. */
const MARK_DONE_SCRIPT = `
local cur = tonumber(redis.call('GET', KEYS[1]) or '0')
if tonumber(ARGV[1]) > cur then redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2]) end
redis.call('HDEL', KEYS[2], ARGV[1])
return 1
`;
