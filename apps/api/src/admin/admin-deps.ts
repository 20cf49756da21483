import { ACTIONS_QUEUE, FEEDBACK_QUEUE, INBOUND_QUEUE, type Logger, openQueue, OutboundPublisher, outboundQueueName, type Redis, TrainingPublisher } from '@chatbot/core';
import type { Queue } from 'bullmq';
import type { Db } from '@chatbot/db';
import type { ApiMetrics } from '../api-metrics';
import type { InboxEventHub } from '../live/inbox-event-hub';
import type { Authenticator } from './auth';

/** Everything the admin routes work with. */
export interface AdminDeps {
  db: Db;
  redis: Redis;
  /** REDIS_PREFIX: queues, platform events and the training cancel set live under it. */
  prefix: string;
  logger: Logger;
  /** Checks callers' credentials (ADMIN_TOKEN or an API key), with a limit on failed attempts per address. */
  authenticator: Authenticator;
  queues: AdminQueues;
  /** This process's subscription to inbox changes, streamed to dashboards (GET /inbox/events). */
  inboxEvents: InboxEventHub;
  /** What the routes record in /metrics (the agents' time to first reply). */
  metrics: Pick<ApiMetrics, 'observeAgentFirstReply'>;
  training: TrainingSettings;
  /** BOT_TIME_ZONE: the zone the bot reads dates in ("tomorrow" when an admin tries the entity extractor). */
  botTimeZone: string;
}

export interface TrainingSettings {
  /** The bot directory whose train.jsonl and oos.jsonl are the base training data (data/default-bot). */
  baseDataDir: string;
  /** A run is refused when an intent of the combined data has fewer examples than this. */
  minExamplesPerIntent: number;
}

/** The queues the admin API adds jobs to (core's producers) or re-drives, opened once and closed with the server. */
export class AdminQueues {
  readonly training: TrainingPublisher;
  readonly replies: OutboundPublisher;
  /**
   * The queues whose failed jobs are dead letters: messages, action calls, ratings and replies that could not be
   * handled (training runs keep their own reason on the run; maintenance runs again on schedule).
   */
  readonly deadLetterQueues: ReadonlyMap<string, Queue>;

  constructor(redis: Redis, prefix: string, channels: readonly string[]) {
    this.training = new TrainingPublisher(redis, prefix);
    this.replies = new OutboundPublisher(redis, prefix);
    const names = [INBOUND_QUEUE, ACTIONS_QUEUE, FEEDBACK_QUEUE, ...channels.map(outboundQueueName)];
    this.deadLetterQueues = new Map(names.map((name) => [name, openQueue(name, redis, prefix)]));
  }

  async close(): Promise<void> {
    await Promise.all([this.training.close(), this.replies.close(), ...[...this.deadLetterQueues.values()].map((queue) => queue.close())]);
  }
}
