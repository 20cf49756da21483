import type { Redis } from 'ioredis';
import { redisKey } from './redis';

/**
 * Keeps the turns of one conversation in order across any number of workers.
 * The publisher numbers each new message (seq 1, 2, 3 ... per conversation); a worker answers
 * message n only after message n-1 has been answered. A number lost to a crash between
 * numbering and enqueueing is skipped after `gapTimeoutMs`, so a conversation never stalls.
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

  get counterTtlSeconds(): number {
    return this.ttlSeconds;
  }

  private keys(conversationKey: string) {
    return {
      next: redisKey(this.prefix, 'conv', conversationKey, 'seq'),
      done: redisKey(this.prefix, 'conv', conversationKey, 'done'),
    };
  }

  /**
   * 'ready': every earlier message is answered; 'wait': an earlier one is still pending;
   * 'done': this message was answered already (a retry after a crash).
   */
  async check(conversationKey: string, seq: number, receivedAt: Date, gapTimeoutMs = 5000): Promise<'ready' | 'wait' | 'done'> {
    const done = Number((await this.redis.get(this.keys(conversationKey).done)) ?? 0);
    if (done >= seq) return 'done';
    if (done === seq - 1) return 'ready';
    return Date.now() - receivedAt.getTime() > gapTimeoutMs ? 'ready' : 'wait';
  }

  /** Marks `seq` answered; never moves the mark backwards. */
  async markDone(conversationKey: string, seq: number): Promise<void> {
    const { done } = this.keys(conversationKey);
    await this.redis.eval(
      "local cur = tonumber(redis.call('GET', KEYS[1]) or '0') if tonumber(ARGV[1]) > cur then redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2]) end return 1",
      1,
      done,
      String(seq),
      String(this.ttlSeconds),
    );
  }
}
