import { spawn, type ChildProcess } from 'node:child_process';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { InboundPublisher, createLogger, createRedis, openQueue, outboundQueueName, type Config, type Redis } from '@chatbot/core';
import { createDatabase, migrateDatabase, type Database } from '@chatbot/db';
import { startEmbeddedPostgres, startRedisServer, type EmbeddedPostgresServer, type RedisServer } from '@chatbot/local-services';
import { afterAll, beforeAll } from 'vitest';
import { bootstrapDefaultBot } from '../../src/bootstrap';

const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const workerMain = fileURLToPath(new URL('../../src/main.ts', import.meta.url));

/**
 * A platform of its own for fault tests: a PostgreSQL and a redis-server that nobody else uses (so
 * the test may stop and kill them), the default bot bootstrapped into them, and worker processes
 * started as they are in production (`node` running src/main.ts), whose log lines are kept.
 */
export async function startFaultPlatform() {
  const dir = await mkdtemp(join(tmpdir(), 'chatbot-faults-'));
  await chmod(dir, 0o755); // run as root, PostgreSQL runs as the postgres user, who must enter it
  const postgres: EmbeddedPostgresServer = await startEmbeddedPostgres(join(dir, 'pg'), () => undefined);
  let redisServer: RedisServer = await startRedisServer({ dir: join(dir, 'redis') });
  const config = {
    REDIS_URL: redisServer.url,
    REDIS_PREFIX: 'faults',
    DATABASE_URL: postgres.url,
    MODEL_DIR: join(dir, 'models'),
    MODEL_BACKEND: 'auto',
    WORKER_CONCURRENCY: 16,
    METRICS_PORT: 0,
    TRAINING_ENABLED: false,
    PROMOTION_MAX_MACRO_F1_DROP: 0.01,
    TRAINING_MIN_EXAMPLES_PER_INTENT: 5,
  } satisfies Config<'redis' | 'database' | 'model' | 'worker' | 'training'>;
  await migrateDatabase(postgres.url);
  const database: Database = createDatabase(postgres.url);
  await bootstrapDefaultBot(database.prisma, config, createLogger('test', 'silent'));
  const redis: Redis = createRedis(redisServer.url, createLogger('fault-test', 'silent'));
  const publisher = new InboundPublisher(redis, config.REDIS_PREFIX);
  const outbound = openQueue(outboundQueueName('web'), redis, config.REDIS_PREFIX);
  const workers: ChildProcess[] = [];
  const logLines: string[] = [];

  return {
    config,
    postgres,
    db: database.prisma,
    redis,
    publisher,
    outbound,
    logLines,
    /** Stops the Redis server: SHUTDOWN (clean: its append-only file is complete) or SIGKILL. */
    stopRedis: (how: 'shutdown' | 'kill') => (how === 'shutdown' ? redisServer.shutdown() : redisServer.kill('SIGKILL')),
    /** Starts it again on the same port and data; every client reconnects by itself. */
    async startRedis() {
      redisServer = await redisServer.restart();
    },
    /** Starts a worker process; resolves once it logs that it is ready. */
    async startWorker(): Promise<ChildProcess> {
      const env = { ...process.env, ...Object.fromEntries(Object.entries(config).map(([k, v]) => [k, String(v)])), LOG_LEVEL: 'info', METRICS_PORT: '0' };
      const child = spawn(process.execPath, ['--import', tsxLoader, workerMain], { env, stdio: ['ignore', 'pipe', 'inherit'] });
      workers.push(child);
      let buffered = '';
      const ready = new Promise<void>((resolve, reject) => {
        child.once('exit', (code) => reject(new Error(`worker exited with ${code} before it was ready`)));
        child.stdout!.on('data', (chunk: Buffer) => {
          buffered += chunk.toString('utf8');
          const lines = buffered.split('\n');
          buffered = lines.pop()!;
          for (const line of lines) {
            logLines.push(line);
            if (line.includes('"worker ready"')) resolve();
          }
        });
      });
      await ready;
      return child;
    },
    async dispose() {
      for (const child of workers) if (child.exitCode === null) child.kill('SIGKILL');
      await publisher.close();
      await outbound.close();
      redis.disconnect();
      await database.close();
      await redisServer.kill('SIGKILL');
      await postgres.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
export type FaultPlatform = Awaited<ReturnType<typeof startFaultPlatform>>;

/**
 * Gives the test file a fault platform of its own, started (with `workers` worker processes) before
 * its tests and removed after them; call the returned function for it inside a test.
 */
export function useFaultPlatform(options: { workers?: number } = {}): () => FaultPlatform {
  let platform: FaultPlatform | undefined;
  beforeAll(async () => {
    platform = await startFaultPlatform();
    for (let i = 0; i < (options.workers ?? 0); i++) await platform.startWorker();
  }, 180_000);
  afterAll(async () => {
    await platform?.dispose();
  }, 60_000);
  return () => platform!;
}
