import {
  FeedbackPublisher,
  InboundPublisher,
  ratingLabel,
  startOutboundConsumer,
  type AdapterContext,
  type ChannelAdapter,
  type Logger,
  type Redis,
} from '@chatbot/core';
import type { Worker } from 'bullmq';
import type { AdapterMetrics } from './metrics';

export interface RunningAdapters {
  readonly channels: string[];
  /** Stops delivering replies first (in-flight ones finish), then the adapters' inputs. */
  stop(): Promise<void>;
}

/**
 * Wires adapters to the queues: each gets an AdapterContext whose `publish` goes through the
 * shared InboundPublisher (`sendFeedback` through the FeedbackPublisher), and an outbound consumer on `outbound.<channel>` that calls its
 * `deliver`. Counting messages here gives every channel the same metrics for free.
 */
export async function startAdapters(options: {
  adapters: ChannelAdapter[];
  redis: Redis;
  prefix: string;
  logger: Logger;
  metrics: AdapterMetrics;
}): Promise<RunningAdapters> {
  const { adapters, redis, prefix, logger, metrics } = options;
  const publisher = new InboundPublisher(redis, prefix);
  const feedback = new FeedbackPublisher(redis, prefix);
  const started: ChannelAdapter[] = [];
  const consumers: Worker[] = [];

  const stop = async () => {
    await Promise.all(consumers.map((consumer) => consumer.close()));
    await Promise.all(started.map((adapter) => adapter.stop()));
    await publisher.close();
    await feedback.close();
  };

  try {
    for (const adapter of adapters) {
      const { channel } = adapter;
      const context: AdapterContext = {
        logger: logger.child({ channel }),
        publish: async (draft) => {
          const result = await publisher.publish(draft);
          if (result.status === 'queued') metrics.messagesIn.inc({ channel });
          return result;
        },
        sendFeedback: async (rating) => {
          await feedback.publish(rating);
          metrics.feedbackIn.inc({ channel, helpful: ratingLabel(rating.helpful) });
        },
      };
      await adapter.start(context);
      started.push(adapter);
      const consumer = startOutboundConsumer({
        channel,
        redis,
        prefix,
        logger: context.logger,
        deliver: async (message) => {
          await adapter.deliver(message);
          metrics.messagesOut.inc({ channel });
        },
      });
      consumers.push(consumer);
      await consumer.waitUntilReady();
    }
  } catch (error) {
    // One channel failing to start (port taken, bad token) must not leave the others half-running.
    await stop();
    throw error;
  }

  return { channels: started.map((adapter) => adapter.channel), stop };
}
