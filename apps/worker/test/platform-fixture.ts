import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { InboundPublisher, createLogger, createRedis, outboundQueueName, type Config } from '@chatbot/core';
import { createDatabase, createIsolatedDatabase } from '@chatbot/db';
import { afterAll, beforeAll } from 'vitest';
import { bootstrapDefaultBot } from '../src/bootstrap';
import { startWorker } from '../src/worker-process';

/**
 * A real store for worker tests: its own PostgreSQL database (migrated, catalogue seeded, default
 * model trained once) and its own Redis key prefix. `dispose()` removes all of it.
 */
export async function createPlatformFixture() {
  const isolated = await createIsolatedDatabase();
  const modelDir = await mkdtemp(join(tmpdir(), 'chatbot-models-'));
  const prefix = `test-worker-${randomUUID().slice(0, 8)}`;
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const config = {
    REDIS_URL: redisUrl,
    REDIS_PREFIX: prefix,
    DATABASE_URL: isolated.url,
    MODEL_DIR: modelDir,
    MODEL_BACKEND: 'auto',
    WORKER_CONCURRENCY: 16,
    ACTION_CONCURRENCY: 16,
    BOT_TIME_ZONE: 'UTC',
    METRICS_PORT: 0,
    TRAINING_ENABLED: true,
    PROMOTION_MAX_MACRO_F1_DROP: 0.01,
    TRAINING_MIN_EXAMPLES_PER_INTENT: 5,
  } satisfies Config<'redis' | 'database' | 'model' | 'worker' | 'training'>;
  const logger = createLogger('test', process.env.TEST_LOG_LEVEL ?? 'silent');
  const database = createDatabase(isolated.url);
  const redis = createRedis(redisUrl);
  await bootstrapDefaultBot(database.prisma, config, logger);
  const publisher = new InboundPublisher(redis, prefix);
  const outbound = new Queue(outboundQueueName('web'), { connection: redis, prefix });

  return {
    config,
    logger,
    db: database.prisma,
    redis,
    publisher,
    outbound,
    /** Waits until `count` replies are waiting on outbound.web and returns them oldest first. */
    async waitForReplies(count: number, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const jobs = await outbound.getJobs(['waiting', 'active', 'completed'], 0, -1, true);
        if (jobs.length >= count || Date.now() > deadline) return jobs.sort((a, b) => a.timestamp - b.timestamp);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    async dispose() {
      await publisher.close();
      await outbound.obliterate({ force: true }).catch(() => undefined);
      await outbound.close();
      const keys = await redis.keys(`${prefix}:*`);
      if (keys.length) await redis.del(...keys);
      redis.disconnect();
      await database.close();
      await isolated.drop();
      await rm(modelDir, { recursive: true, force: true });
    },
  };
}
export type PlatformFixture = Awaited<ReturnType<typeof createPlatformFixture>>;

/**
 * A platform fixture with a worker answering on it, for the tests of one file: started before them,
 * closed and removed after them. Call the returned functions inside a test.
 */
export function useWorkerPlatform(): { platform: () => PlatformFixture; worker: () => Awaited<ReturnType<typeof startWorker>> } {
  let platform: PlatformFixture | undefined;
  let worker: Awaited<ReturnType<typeof startWorker>> | undefined;
  beforeAll(async () => {
    platform = await createPlatformFixture();
    worker = await startWorker(platform.config, platform.logger, { metricsPort: null });
  }, 180_000);
  afterAll(async () => {
    await worker?.close();
    await platform?.dispose();
  });
  return { platform: () => platform!, worker: () => worker! };
}
