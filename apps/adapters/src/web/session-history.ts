import { randomUUID } from 'node:crypto';
import { redisKey, type Redis } from '@chatbot/core';
import { HistoryEntrySchema, type BotEntry, type HistoryEntry } from './protocol';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
/** An entry before the store numbers it. */
export type NewHistoryEntry = DistributiveOmit<HistoryEntry, 'seq'>;

/**
 * Atomically: skip if this idempotency key was stored before (returning its seq), else take the
 * session's next seq, add the entry scored by seq, keep only the newest `limit` entries and
 * refresh every key's TTL. One script, so seq order and history order always agree.
 * With an agent's name (ARGV[5]) the entry is added only when that agent is not the one the chat
 * last said joined (returning seq 0), and the name is remembered: replies are delivered concurrently,
 * so checking and recording in one step is what keeps two quick replies from both announcing Sam.
 */
const APPEND_SCRIPT = `
local existing = redis.call('HGET', KEYS[3], ARGV[1])
if existing then return {tonumber(existing), 0} end
if ARGV[5] ~= '' then
  if redis.call('GET', KEYS[4]) == ARGV[5] then return {0, 0} end
  redis.call('SET', KEYS[4], ARGV[5])
end
local seq = redis.call('INCR', KEYS[1])
redis.call('ZADD', KEYS[2], seq, ARGV[2])
redis.call('ZREMRANGEBYRANK', KEYS[2], 0, -(tonumber(ARGV[3]) + 1))
redis.call('HSET', KEYS[3], ARGV[1], seq)
for i = 1, 4 do redis.call('EXPIRE', KEYS[i], ARGV[4]) end
return {seq, 1}
`;

/**
 * Recent history of each web chat session, kept in Redis because adapters may not read the
 * database. A session exists while its seq key does; it expires after `ttlSeconds` idle.
 */
export class SessionHistory {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly limit = 100,
    private readonly ttlSeconds = 7 * 24 * 3600,
  ) {}

  private keys(sessionId: string) {
    const base = [this.prefix, 'web', 'session', sessionId] as const;
    return {
      seq: redisKey(...base, 'seq'),
      entries: redisKey(...base, 'entries'),
      stored: redisKey(...base, 'stored'),
      ratings: redisKey(...base, 'ratings'),
      /** The agent the chat last said joined (see appendIfAgentJoins). */
      agent: redisKey(...base, 'agent'),
    };
  }

  /** A fresh, server-issued session id (browsers cannot invent their own). */
  async create(): Promise<string> {
    const sessionId = randomUUID();
    await this.redis.set(this.keys(sessionId).seq, '0', 'EX', this.ttlSeconds);
    return sessionId;
  }

  /** Refreshes the session's TTL; false when the session is unknown or expired. */
  async touch(sessionId: string): Promise<boolean> {
    const { seq, entries, stored, ratings, agent } = this.keys(sessionId);
    const [[, alive]] = (await this.redis
      .multi()
      .expire(seq, this.ttlSeconds)
      .expire(entries, this.ttlSeconds)
      .expire(stored, this.ttlSeconds)
      .expire(ratings, this.ttlSeconds)
      .expire(agent, this.ttlSeconds)
      .exec()) as [[null, number], ...unknown[]];
    return alive === 1;
  }

  /**
   * Stores an entry once per idempotency key. A repeat returns the entry with the seq it got the
   * first time and `fresh: false`, so a retried delivery re-sends rather than duplicates.
   */
  async append<E extends NewHistoryEntry>(sessionId: string, idempotencyKey: string, entry: E): Promise<{ entry: E & { seq: number }; fresh: boolean }> {
    return (await this.runAppend(sessionId, idempotencyKey, entry, ''))!;
  }

  /**
   * Like append, for the line saying `agentName` joined the chat: stored only when another agent (or
   * none) was the last to join, else null. A retried delivery gets the line it stored the first time.
   */
  async appendIfAgentJoins<E extends NewHistoryEntry>(sessionId: string, agentName: string, idempotencyKey: string, entry: E) {
    return this.runAppend(sessionId, idempotencyKey, entry, agentName);
  }

  private async runAppend<E extends NewHistoryEntry>(sessionId: string, idempotencyKey: string, entry: E, agentName: string) {
    const { seq, entries, stored, agent } = this.keys(sessionId);
    const [assigned, fresh] = (await this.redis.eval(
      APPEND_SCRIPT,
      4,
      seq,
      entries,
      stored,
      agent,
      idempotencyKey,
      JSON.stringify(entry),
      String(this.limit),
      String(this.ttlSeconds),
      agentName,
    )) as [number, number];
    return assigned === 0 ? null : { entry: { ...entry, seq: assigned }, fresh: fresh === 1 };
  }

  /** Entries with seq greater than `lastSeq`, oldest first (at most the newest `limit`), bot replies with the user's rating. */
  async since(sessionId: string, lastSeq = 0): Promise<HistoryEntry[]> {
    const [entries, rated] = await Promise.all([this.entries(sessionId, lastSeq), this.redis.hgetall(this.keys(sessionId).ratings)]);
    return entries.map((entry) => {
      const rating = entry.role === 'bot' ? rated[entry.id] : undefined;
      return entry.role === 'bot' && rating !== undefined ? { ...entry, helpful: rating === '1' } : entry;
    });
  }

  /** The bot reply with this id still in the session's history, or null. */
  async findReply(sessionId: string, replyId: string): Promise<BotEntry | null> {
    for (const entry of await this.entries(sessionId, 0)) if (entry.role === 'bot' && entry.id === replyId) return entry;
    return null;
  }

  private async entries(sessionId: string, lastSeq: number): Promise<HistoryEntry[]> {
    const flat = await this.redis.zrangebyscore(this.keys(sessionId).entries, `(${lastSeq}`, '+inf', 'WITHSCORES');
    const entries: HistoryEntry[] = [];
    for (let i = 0; i < flat.length; i += 2) entries.push(HistoryEntrySchema.parse({ ...JSON.parse(flat[i]!), seq: Number(flat[i + 1]) }));
    return entries;
  }

  /** Remembers the user's rating of a reply (null: forgets it), so the page shows it again after a reload. */
  async rememberRating(sessionId: string, replyId: string, helpful: boolean | null): Promise<void> {
    const { ratings } = this.keys(sessionId);
    if (helpful === null) await this.redis.hdel(ratings, replyId);
    else
      await this.redis
        .multi()
        .hset(ratings, replyId, helpful ? '1' : '0')
        .expire(ratings, this.ttlSeconds)
        .exec();
  }
}
