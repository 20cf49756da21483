import { redisKey, type Redis } from '@chatbot/core';
import { z } from 'zod';

/** Ratings come within days of a reply; after that a reaction is not taken as one. */
export const RATING_WINDOW_SECONDS = 7 * 24 * 3600;

const IndexedReplySchema = z.object({ replyId: z.uuid(), conversationKey: z.string().min(1) });
export type IndexedReply = z.infer<typeof IndexedReplySchema>;

/**
 * Which message on a chat service carries which reply of the bot (the service's id of the posted
 * message -> OutboundMessage id and conversation), so that a reaction on that message can be passed
 * on as the user's rating of the reply. Used by channels whose users rate with reactions.
 */
export class ReplyIndex {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly channel: string,
  ) {}

  private key(postedMessageId: string): string {
    return redisKey(this.prefix, this.channel, 'reply', postedMessageId);
  }

  async remember(postedMessageId: string, reply: IndexedReply): Promise<void> {
    await this.redis.set(this.key(postedMessageId), JSON.stringify(reply), 'EX', RATING_WINDOW_SECONDS);
  }

  /** The reply posted as this message, or null (not a reply of the bot, or too old). */
  async find(postedMessageId: string): Promise<IndexedReply | null> {
    const stored = await this.redis.get(this.key(postedMessageId));
    return stored === null ? null : (IndexedReplySchema.safeParse(JSON.parse(stored)).data ?? null);
  }
}
