import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { createLogger, createRedis, type Logger } from '@chatbot/core';
import { createDatabase, createIsolatedDatabase } from '@chatbot/db';
import { buildApiServer } from '../../src/index';

const tsx = fileURLToPath(new URL('../../../../node_modules/.bin/tsx', import.meta.url));
const workerSrc = fileURLToPath(new URL('../../../worker/src/', import.meta.url));
const adaptersMain = fileURLToPath(new URL('../../../adapters/src/main.ts', import.meta.url));
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A log line of one of the platform's processes (pino JSON). */
export type LogEntry = { msg?: string; [field: string]: unknown };

/** A child process whose JSON log lines are kept, so a test can wait for one. */
class ProcessUnderTest {
  readonly log: LogEntry[] = [];
  private readonly waiters = new Set<() => void>();
  readonly exited: Promise<number | null>;

  constructor(
    readonly name: string,
    readonly child: ChildProcess,
  ) {
    this.exited = new Promise((resolve) => child.once('exit', resolve));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (process.env.TEST_LOG_LEVEL) console.log(`[${name}] ${line}`);
      try {
        this.log.push(JSON.parse(line) as LogEntry);
      } catch {
        return; // progress text, not a log entry
      }
      for (const wake of this.waiters) wake();
    });
  }

  /** The first log entry from index `from` on that matches, waiting up to `timeoutMs` for it. */
  waitForLog(match: (entry: LogEntry) => boolean, timeoutMs: number, from = 0): Promise<LogEntry> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const found = this.log.slice(from).find(match);
        if (!found) return;
        cleanup();
        resolve(found);
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`${this.name}: no matching log line within ${timeoutMs} ms`));
      }, timeoutMs);
      const onExit = (code: number | null) => {
        cleanup();
        reject(new Error(`${this.name} exited with ${code} while a test waited for its log`));
      };
      const cleanup = () => {
        clearTimeout(timer);
        this.waiters.delete(check);
        this.child.off('exit', onExit);
      };
      this.waiters.add(check);
      this.child.once('exit', onExit);
      check();
    });
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill('SIGTERM');
    await this.exited;
  }
}

function startProcess(name: string, script: string, env: NodeJS.ProcessEnv): ProcessUnderTest {
  return new ProcessUnderTest(name, spawn(tsx, [script], { env, stdio: ['ignore', 'pipe', 'inherit'] }));
}

/** The environment without any channel credentials from the developer's shell: the web channel only. */
function platformEnv(extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(SLACK|DISCORD)_/.test(name)));
  return { ...inherited, LOG_LEVEL: 'info', ...extra };
}

/**
 * The whole platform as separate processes, as it runs in production, on an isolated database
 * and Redis prefix: the default bot bootstrapped (catalogue + trained model), a worker process
 * that also trains, the adapters process serving the web chat, and the API (with the dashboard)
 * in this process. `stop()` removes all of it.
 */
export async function startFullStack(adminToken: string) {
  const prefix = `test-dashboard-${randomUUID().slice(0, 8)}`;
  const isolated = await createIsolatedDatabase();
  const modelDir = await mkdtemp(join(tmpdir(), 'chatbot-dashboard-models-'));
  const env = platformEnv({ DATABASE_URL: isolated.url, REDIS_URL, REDIS_PREFIX: prefix, MODEL_DIR: modelDir, METRICS_PORT: '0', TRAINING_ENABLED: 'true' });
  const database = createDatabase(isolated.url);
  const redis = createRedis(REDIS_URL);
  const started: ProcessUnderTest[] = [];
  let api: Awaited<ReturnType<typeof buildApiServer>> | undefined;

  const stop = async () => {
    await api?.close();
    await Promise.all(started.map((child) => child.stop()));
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
    await database.close();
    await isolated.drop();
    await rm(modelDir, { recursive: true, force: true });
  };

  try {
    const bootstrap = startProcess('bootstrap', join(workerSrc, 'bootstrap-main.ts'), env);
    started.push(bootstrap);
    const code = await bootstrap.exited;
    if (code !== 0) throw new Error(`bootstrap-main.ts exited with ${code}`);

    const worker = startProcess('worker', join(workerSrc, 'main.ts'), env);
    const adapters = startProcess('adapters', adaptersMain, { ...env, PORT: '0', HOST: '127.0.0.1' });
    started.push(worker, adapters);
    const [, listening] = await Promise.all([
      worker.waitForLog((entry) => entry.msg === 'worker ready', 60_000),
      adapters.waitForLog((entry) => entry.msg === 'web chat listening', 60_000),
    ]);

    api = await buildApiServer({ redis, db: database.prisma, redisPrefix: prefix, logger: createLogger('api', 'warn') as Logger, adminToken });
    await api.listen({ port: 0, host: '127.0.0.1' });
    return {
      db: database.prisma,
      worker,
      apiUrl: `http://127.0.0.1:${(api.server.address() as AddressInfo).port}`,
      chatUrl: String(listening.url),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
export type FullStack = Awaited<ReturnType<typeof startFullStack>>;
