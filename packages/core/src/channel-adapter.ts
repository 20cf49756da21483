import type { Logger } from 'pino';
import type { InboundDraft, OutboundMessage } from './messages';
import type { PublishResult } from './queues/inbound';
import type { ReplyFeedback } from './queues/feedback';

/** What the platform gives an adapter when it starts. */
export interface AdapterContext {
  /** Validates, deduplicates and enqueues a normalised message; throws InvalidMessageError for bad input. */
  publish(draft: InboundDraft): Promise<PublishResult>;
  /**
   * Queues an end user's rating of a reply (`replyId` = OutboundMessage.id), for channels with a way
   * to rate replies; throws InvalidMessageError for a malformed one.
   */
  sendFeedback(feedback: ReplyFeedback): Promise<void>;
  logger: Logger;
}

/**
 * One chat channel (web, Slack, Discord, ...). An adapter has an input half and an output half:
 * - input: receive native events, verify them (signatures, tokens), ignore what is not for the bot
 *   (its own and other bots' messages, edits), normalise to an InboundDraft whose
 *   `channel` + `nativeMessageId` identify the delivery, and `publish` it;
 * - output: `deliver` an OutboundMessage to the conversation it names. Delivery may be retried,
 *   so it must be idempotent on `idempotencyKey` where the channel allows it.
 * Adapters never touch the model or the database: everything goes through the queues.
 */
export interface ChannelAdapter {
  readonly channel: string;
  start(context: AdapterContext): Promise<void>;
  deliver(message: OutboundMessage): Promise<void>;
  stop(): Promise<void>;
}
