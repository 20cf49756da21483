import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';

/**
 * A BullMQ queue on a shared connection, for producers. A queue's 'error' events are its
 * connection's: the shared client reports a lost connection once (createRedis with a logger), and
 * left unhandled BullMQ would print every reconnect attempt to stderr.
 */
export function openQueue(name: string, redis: Redis, prefix: string): Queue {
  const queue = new Queue(name, { connection: redis, prefix });
  queue.on('error', () => undefined);
  return queue;
}
