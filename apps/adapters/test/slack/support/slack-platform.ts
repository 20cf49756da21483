import { INBOUND_QUEUE, InboundMessageSchema, createLogger, createRedis, type InboundMessage, type Redis, type ReplyFeedback } from '@chatbot/core';
import { Queue } from 'bullmq';
import { AdapterMetrics, SlackAdapter, startAdapters, type RunningAdapters } from '../../../src';
import { startFakeWorker } from '../../support/fake-worker';
import { failingFirstPublishes } from '../../support/failing-publishes';
import { queuedRatings } from '../../support/queued-ratings';
import { FAKE_APP_TOKEN, FAKE_BOT_TOKEN, FakeSlack, type PostedMessage } from './fake-slack';
import { SIGNING_SECRET, blockActions, deliverEvent, deliverInteraction, type DeliveryOptions } from './slack-events';

export interface SlackPlatformOptions {
  /** Events over HTTP (signed requests) or over Socket Mode (the fake's WebSocket). */
  mode?: 'http' | 'socket';
  /** Answer inbound messages with "echo: <text>" (default true); false leaves that to a real worker. */
  fakeWorker?: boolean;
  /** The first n publishes fail the way they do while Redis is unreachable. */
  unreachableRedisForFirst?: number;
  redisUrl: string;
  prefix: string;
}

export interface SlackPlatform {
  fake: FakeSlack;
  adapter: SlackAdapter;
  redis: Redis;
  /** Delivers an Events API body (HTTP mode). */
  deliver(body: object | string, options?: DeliveryOptions): Promise<Response>;
  /**
   * `user` clicks the button labelled `label` on a message the bot posted: a signed block_actions
   * payload POSTed to the app's Request URL (HTTP mode); `from` forges where the click came from.
   */
  click(post: PostedMessage, label: string, user: string, options?: { from?: { channel: string; threadTs?: string }; secret?: string | null }): Promise<Response>;
  /** Every job ever added to `inbound` (they are kept after completion), whatever its state. */
  inboundJobCount(): Promise<number>;
  /** The messages on `inbound`, as the worker receives them. */
  inboundMessages(): Promise<InboundMessage[]>;
  /** The ratings on `feedback`, oldest first. */
  ratings(): Promise<ReplyFeedback[]>;
  stop(): Promise<void>;
}

/**
 * The adapters process as main.ts wires it, with only the Slack channel, against a fake Slack:
 * the real Bolt app, the real queues on Redis under `prefix`, and (by default) a fake worker.
 */
export async function startSlackPlatform(options: SlackPlatformOptions): Promise<SlackPlatform> {
  const { redisUrl, prefix } = options;
  const redis = createRedis(redisUrl);
  const fake = await FakeSlack.start();
  const metrics = new AdapterMetrics();
  const logger = createLogger('slack-test', process.env.TEST_LOG_LEVEL ?? 'silent');
  const adapter = new SlackAdapter({
    botToken: FAKE_BOT_TOKEN,
    ...(options.mode === 'socket' ? { appToken: FAKE_APP_TOKEN } : { signingSecret: SIGNING_SECRET }),
    port: 0,
    apiUrl: fake.apiUrl,
    redis,
    prefix,
    publishRetryMs: 50,
  });
  const channelAdapter = options.unreachableRedisForFirst ? failingFirstPublishes(adapter, options.unreachableRedisForFirst) : adapter;
  const running: RunningAdapters = await startAdapters({ adapters: [channelAdapter], redis, prefix, logger, metrics });
  const worker = options.fakeWorker === false ? undefined : startFakeWorker(redis, prefix);
  const inbound = new Queue(INBOUND_QUEUE, { connection: redis, prefix });
  return {
    fake,
    adapter,
    redis,
    deliver: (body, deliveryOptions) => deliverEvent(adapter.eventsUrl, body, deliveryOptions),
    click: (post, label, user, clickOptions = {}) => {
      const ts = fake.timestamps.get(post);
      if (!ts) throw new Error('that message was not posted through the fake');
      return deliverInteraction(adapter.eventsUrl, blockActions({ post, ts, label, user, from: clickOptions.from }), { secret: clickOptions.secret });
    },
    async inboundJobCount() {
      const counts = await inbound.getJobCounts();
      return Object.values(counts).reduce((sum, n) => sum + n, 0);
    },
    async inboundMessages() {
      const jobs = await inbound.getJobs();
      return jobs.map((job) => InboundMessageSchema.parse(job.data));
    },
    ratings: () => queuedRatings(redis, prefix),
    async stop() {
      await worker?.close();
      await inbound.close();
      await running.stop();
      await fake.stop();
      await redis.quit();
    },
  };
}
