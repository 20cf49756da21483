import { redisKey, type Redis } from '@chatbot/core';

/** Long enough to outlast every retry of a delivery (BullMQ's and Slack's). */
const REMEMBER_SECONDS = 24 * 3600;

/**
 * Remembers which messages the adapter has already posted to Slack, by a key of the caller's
 * (an OutboundMessage's idempotency key, or the native id of a refused message).
 * `chat.postMessage` has no idempotency key of its own, so this is what keeps a retried delivery
 * from posting twice. A crash between posting and remembering can still repeat one post: Slack
 * offers no way to close that window.
 */
export class PostedMessages {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  private key(id: string): string {
    return redisKey(this.prefix, 'slack', 'posted', id);
  }

  async has(id: string): Promise<boolean> {
    return (await this.redis.exists(this.key(id))) === 1;
  }

  async remember(id: string): Promise<void> {
    await this.redis.set(this.key(id), '1', 'EX', REMEMBER_SECONDS);
  }
}
