import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createLogger, type Config } from '@chatbot/core';
import { createDatabase, migrateDatabase, type Database } from '@chatbot/db';
import { findFreePort, startEmbeddedPostgres, startRedisServer, type EmbeddedPostgresServer, type RedisServer } from '@chatbot/local-services';
import { afterAll, beforeAll } from 'vitest';
import { bootstrapDefaultBot } from '../../src/bootstrap';

const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const MAINS = {
  worker: fileURLToPath(new URL('../../src/main.ts', import.meta.url)),
  adapters: fileURLToPath(new URL('../../../adapters/src/main.ts', import.meta.url)),
  api: fileURLToPath(new URL('../../../api/src/main.ts', import.meta.url)),
};
type Service = keyof typeof MAINS;

/**
 * A platform of its own for fault tests, run as `pnpm start` runs it: a PostgreSQL and a
 * redis-server that nobody else uses (so the test may stop and kill them), the default bot
 * bootstrapped into them, and the real processes (`node` running each app's src/main.ts): one
 * adapters process serving the web chat on a fixed port (so a restarted one is found at the same
 * address), one API, and the worker processes the test starts. Every process's log lines are kept.
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
    ACTION_CONCURRENCY: 16,
    BOT_TIME_ZONE: 'UTC',
    METRICS_PORT: 0,
    TRAINING_ENABLED: false,
    PROMOTION_MAX_MACRO_F1_DROP: 0.01,
    TRAINING_MIN_EXAMPLES_PER_INTENT: 5,
  } satisfies Config<'redis' | 'database' | 'model' | 'worker' | 'training'>;
  await migrateDatabase(postgres.url);
  const database: Database = createDatabase(postgres.url);
  await bootstrapDefaultBot(database.prisma, config, createLogger('test', 'silent'));

  // Ports from a random start: the fault test files run side by side, each with its own platform.
  const chatPort = await findFreePort(20_000 + Math.floor(Math.random() * 20_000));
  const apiPort = await findFreePort(chatPort + 1);
  const adminToken = randomBytes(24).toString('base64url');
  const env = {
    ...process.env,
    ...Object.fromEntries(Object.entries(config).map(([k, v]) => [k, String(v)])),
    LOG_LEVEL: 'info',
    HOST: '127.0.0.1',
    PORT: String(chatPort),
    API_PORT: String(apiPort),
    ADMIN_TOKEN: adminToken,
    // Twenty chats at 2.5 messages a second from one address: far beyond what the limits allow a person.
    WEB_MESSAGES_PER_MINUTE: '0',
    WEB_SESSIONS_PER_MINUTE: '0',
    WEB_CONNECTIONS_PER_ADDRESS: '0',
  };
  const children: ChildProcess[] = [];
  const logLines: string[] = [];

  /** Starts `service`; resolves once `ready` says so (a log line, or an address that answers). */
  async function startService(service: Service, ready: { line: string } | { url: string }): Promise<ChildProcess> {
    const child = spawn(process.execPath, ['--import', tsxLoader, MAINS[service]], { env, stdio: ['ignore', 'pipe', 'inherit'] });
    children.push(child);
    let buffered = '';
    let sawReadyLine = false;
    child.stdout!.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      const lines = buffered.split('\n');
      buffered = lines.pop()!;
      for (const line of lines) {
        logLines.push(line);
        if ('line' in ready && line.includes(ready.line)) sawReadyLine = true;
      }
    });
    let exit: string | undefined;
    child.once('exit', (code, signal) => (exit = signal ?? `exit code ${code}`));
    await waitUntil(
      async () => {
        if (exit) throw new Error(`${service} stopped (${exit}) before it was ready`);
        return 'line' in ready ? sawReadyLine : answers(ready.url);
      },
      `${service} ready`,
      120_000,
    );
    return child;
  }
  const startAdapters = () => startService('adapters', { line: '"adapters started' });
  let adapters = await startAdapters();
  const apiUrl = `http://127.0.0.1:${apiPort}`;
  await startService('api', { url: `${apiUrl}/healthz` });

  return {
    config,
    postgres,
    db: database.prisma,
    logLines,
    /** Where a chat page's socket connects. */
    chatUrl: `ws://127.0.0.1:${chatPort}/ws`,
    /** Calls the admin API as an admin (GET, or POST without a body); returns the parsed JSON body. */
    async admin(path: string, method: 'GET' | 'POST' = 'GET'): Promise<unknown> {
      const response = await fetch(`${apiUrl}/api/v1${path}`, { method, headers: { authorization: `Bearer ${adminToken}` } });
      if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
      return response.json();
    },
    /** Stops the Redis server: SHUTDOWN (clean: its append-only file is complete) or SIGKILL. */
    stopRedis: (how: 'shutdown' | 'kill') => (how === 'shutdown' ? redisServer.shutdown() : redisServer.kill('SIGKILL')),
    /** Starts it again on the same port and data; every client reconnects by itself. */
    async startRedis() {
      redisServer = await redisServer.restart();
    },
    /** Starts a worker process; resolves once it logs that it is ready. */
    startWorker: () => startService('worker', { line: '"worker ready"' }),
    /** SIGKILLs the adapters process (every chat socket drops) and starts a new one on the same port. */
    async killAndRestartAdapters(downMs: number) {
      const exited = new Promise((resolve) => adapters.once('exit', resolve));
      adapters.kill('SIGKILL');
      await exited;
      await new Promise((r) => setTimeout(r, downMs));
      adapters = await startAdapters();
    },
    async dispose() {
      for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await database.close();
      await redisServer.kill('SIGKILL');
      await postgres.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
export type FaultPlatform = Awaited<ReturnType<typeof startFaultPlatform>>;

async function answers(url: string): Promise<boolean> {
  return fetch(url).then(
    (response) => response.ok,
    () => false,
  );
}

async function waitUntil(condition: () => boolean | Promise<boolean>, what: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`no ${what} within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * Gives the test file a fault platform of its own, started (with `workers` worker processes) before
 * its tests and removed after them; call the returned function for it inside a test.
 */
export function useFaultPlatform(options: { workers?: number } = {}): () => FaultPlatform {
  let platform: FaultPlatform | undefined;
  beforeAll(async () => {
    platform = await startFaultPlatform();
    for (let i = 0; i < (options.workers ?? 0); i++) await platform.startWorker();
  }, 240_000);
  afterAll(async () => {
    await platform?.dispose();
  }, 60_000);
  return () => platform!;
}
