import { Queue } from 'bullmq';
import { TRAINING_QUEUE, outboundQueueName, type Logger, type Redis } from '@chatbot/core';
import type { Db } from '@chatbot/db';

/** Everything the admin routes work with. */
export interface AdminDeps {
  db: Db;
  redis: Redis;
  /** REDIS_PREFIX: queues, platform events and the training cancel set live under it. */
  prefix: string;
  logger: Logger;
  /** Bootstrap admin credential; without it only API keys authenticate. */
  adminToken: string | undefined;
  queues: AdminQueues;
  training: TrainingSettings;
}

export interface TrainingSettings {
  /** The bot directory whose train.jsonl and oos.jsonl are the base training data (data/default-bot). */
  baseDataDir: string;
  /** A run is refused when an intent of the combined data has fewer examples than this. */
  minExamplesPerIntent: number;
}

/** The BullMQ queues the admin API adds jobs to, opened once and closed with the server. */
export class AdminQueues {
  readonly training: Queue;
  private readonly outbound = new Map<string, Queue>();

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {
    this.training = new Queue(TRAINING_QUEUE, { connection: redis, prefix });
  }

  outboundFor(channel: string): Queue {
    let queue = this.outbound.get(channel);
    if (!queue) {
      queue = new Queue(outboundQueueName(channel), { connection: this.redis, prefix: this.prefix });
      this.outbound.set(channel, queue);
    }
    return queue;
  }

  async close(): Promise<void> {
    await Promise.all([this.training, ...this.outbound.values()].map((queue) => queue.close()));
  }
}
