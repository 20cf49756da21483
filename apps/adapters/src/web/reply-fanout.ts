import { randomUUID } from 'node:crypto';
import { redisKey, type Logger, type Redis } from '@chatbot/core';
import { z } from 'zod';
import { BotEntrySchema, type BotEntry } from './protocol';

const FanoutMessageSchema = z.object({ origin: z.string(), sessionId: z.string(), entry: BotEntrySchema });

/**
 * Scale-out for replies: the outbound consumer that delivers a reply may run in a different
 * adapters process from the one holding the user's socket. Every delivery is announced on a
 * Redis pub/sub channel; each process pushes it to the sockets it holds (its own announcements
 * it has already pushed locally, so it skips them).
 */
export class ReplyFanout {
  private readonly origin = randomUUID();
  private readonly channel: string;
  private subscriber: Redis | undefined;

  constructor(
    private readonly redis: Redis,
    prefix: string,
    private readonly logger: Logger,
    private readonly onRemoteReply: (sessionId: string, entry: BotEntry) => void,
  ) {
    this.channel = redisKey(prefix, 'web', 'replies');
  }

  async start(): Promise<void> {
    // A subscribed connection can do nothing else, so it gets its own.
    this.subscriber = this.redis.duplicate();
    // It reconnects and resubscribes by itself; the main connection already says when Redis is gone.
    this.subscriber.on('error', () => undefined);
    this.subscriber.on('message', (_channel: string, raw: string) => this.receive(raw));
    await this.subscriber.subscribe(this.channel);
  }

  async announce(sessionId: string, entry: BotEntry): Promise<void> {
    await this.redis.publish(this.channel, JSON.stringify({ origin: this.origin, sessionId, entry }));
  }

  async stop(): Promise<void> {
    await this.subscriber?.quit();
    this.subscriber = undefined;
  }

  private receive(raw: string): void {
    let parsed;
    try {
      parsed = FanoutMessageSchema.safeParse(JSON.parse(raw));
    } catch {
      parsed = undefined;
    }
    if (!parsed?.success) {
      this.logger.warn({ channel: this.channel }, 'ignored malformed reply announcement');
      return;
    }
    if (parsed.data.origin !== this.origin) this.onRemoteReply(parsed.data.sessionId, parsed.data.entry);
  }
}
