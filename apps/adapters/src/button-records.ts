import { OutboundMessageSchema, redisKey, type Redis } from '@chatbot/core';
import { z } from 'zod';
import type { Button, RecordedButtons } from './button-clicks';

/** A click counts within this long after the reply was sent; after that it is refused. */
export const BUTTON_CLICK_WINDOW_SECONDS = 3 * 24 * 3600;

const StoredSchema = z.object({ conversationKey: z.string().min(1), buttons: OutboundMessageSchema.shape.buttons });

/**
 * The replies with buttons a channel has sent, by reply id (OutboundMessage.id), so that a click can
 * be checked and turned into the recorded button's text:
 *   `<prefix>:<channel>:buttons:<replyId>`          JSON {conversationKey, buttons}
 *   `<prefix>:<channel>:buttons:<replyId>:answered` "1" once a click on the reply was queued
 * both for BUTTON_CLICK_WINDOW_SECONDS. The answered mark keeps the first choice standing after the
 * publisher's own deduplication marker (a day) has expired.
 */
export class ButtonRecords {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly channel: string,
  ) {}

  private key(replyId: string): string {
    return redisKey(this.prefix, this.channel, 'buttons', replyId);
  }

  /** Records a reply before it is sent (a click cannot come before the message exists). */
  async remember(replyId: string, reply: { conversationKey: string; buttons: Button[] }): Promise<void> {
    const stored = { conversationKey: reply.conversationKey, buttons: reply.buttons };
    await this.redis.set(this.key(replyId), JSON.stringify(stored), 'EX', BUTTON_CLICK_WINDOW_SECONDS);
  }

  /** The recorded reply, or null (never sent with buttons by this channel, or expired). */
  async find(replyId: string): Promise<RecordedButtons | null> {
    const [stored, answered] = await this.redis.mget(this.key(replyId), `${this.key(replyId)}:answered`);
    if (stored === null || stored === undefined) return null;
    const parsed = StoredSchema.safeParse(parseJson(stored));
    return parsed.success ? { ...parsed.data, answered: answered === '1' } : null;
  }

  async markAnswered(replyId: string): Promise<void> {
    await this.redis.set(`${this.key(replyId)}:answered`, '1', 'EX', BUTTON_CLICK_WINDOW_SECONDS);
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
