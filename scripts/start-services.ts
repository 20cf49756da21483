/**
 * The services `pnpm start` finds or starts for the platform: PostgreSQL, Redis, and the admin
 * token of this installation. Each one it starts is handed to the watchdog and stopped at exit.
 */
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { HOW_TO_GET_REDIS, LauncherError, findOrStartRedis, redisAnswers, startEmbeddedPostgres, type Watchdog } from '@chatbot/local-services';

export interface StartContext {
  readonly dataDir: string;
  readonly watchdog: Watchdog;
  say(line: string): void;
  /** Registers what to undo at exit (undone in reverse order). */
  atExit(cleanup: () => unknown): void;
  /** A path as the messages show it: relative to the checkout when inside it. */
  shown(path: string): string;
}

/** A URL without its password, for messages. */
export function withoutPassword(url: string): string {
  if (!URL.canParse(url)) return url;
  const parsed = new URL(url);
  if (!parsed.password) return url;
  parsed.password = '***';
  return parsed.toString();
}

/** DATABASE_URL's server, or an embedded PostgreSQL (its URL then put into `env`); returns how the summary names it. */
export async function startPostgres(env: NodeJS.ProcessEnv, context: StartContext): Promise<string> {
  if (env.DATABASE_URL) return `${withoutPassword(env.DATABASE_URL)} (DATABASE_URL)`;
  const databaseDir = context.shown(resolve(context.dataDir, 'postgres'));
  context.say(`DATABASE_URL is not set: starting an embedded PostgreSQL (data in ${databaseDir})`);
  const pg = await startEmbeddedPostgres(context.dataDir, (line) => context.say(line), { ownSignals: true });
  const pid = await pg.pid();
  // SIGINT is PostgreSQL's fast shutdown: it closes the connections and writes what it must.
  if (pid) context.watchdog.watch(pid, { signal: 'SIGINT', graceMs: 20_000 });
  context.atExit(async () => {
    await pg.stop();
    if (pid) context.watchdog.unwatch(pid);
  });
  env.DATABASE_URL = pg.url;
  return `embedded, data in ${databaseDir} (port ${pg.port})`;
}

/** REDIS_URL's server (which must answer), or the one on localhost:6379, or a spawned redis-server; returns how the summary names it. */
export async function startRedis(env: NodeJS.ProcessEnv, context: StartContext): Promise<string> {
  if (env.REDIS_URL) {
    if (!(await redisAnswers(env.REDIS_URL, 2000))) {
      throw new LauncherError(
        `Nothing answers at REDIS_URL (${withoutPassword(env.REDIS_URL)}).`,
        'Start that Redis or correct REDIS_URL; or unset REDIS_URL, and pnpm start uses the Redis on localhost:6379 or starts redis-server itself.',
      );
    }
    return `${withoutPassword(env.REDIS_URL)} (REDIS_URL)`;
  }
  const redis = await findOrStartRedis(context.dataDir);
  if (!redis) throw new LauncherError(HOW_TO_GET_REDIS);
  env.REDIS_URL = redis.url;
  const server = redis.process;
  if (!server?.pid) return `${redis.url}, already running`;
  const pid = server.pid;
  context.watchdog.watch(pid);
  context.atExit(async () => {
    const exited = once(server, 'exit');
    if (server.exitCode === null && server.signalCode === null) server.kill('SIGTERM');
    await Promise.race([exited, new Promise((done) => setTimeout(done, 10_000))]);
    context.watchdog.unwatch(pid);
  });
  return `redis-server started at ${redis.url} (data in ${context.shown(resolve(context.dataDir, 'redis'))})`;
}

/** Without ADMIN_TOKEN, this installation gets its own random one, kept in <data>/admin-token. */
export function localAdminToken(context: StartContext): Promise<{ value: string; file: string }> {
  return localSecret(context, 'admin-token');
}

/** The secret the platform signs the example shop backend's requests with, made once and kept in the data directory. */
export function shopBackendSecret(context: StartContext): Promise<{ value: string; file: string }> {
  return localSecret(context, 'shop-backend-secret');
}

/** A random secret kept in `<data dir>/<name>` (readable by its owner only), made on the first run. */
async function localSecret(context: StartContext, name: string): Promise<{ value: string; file: string }> {
  const file = resolve(context.dataDir, name);
  if (existsSync(file)) return { value: (await readFile(file, 'utf8')).trim(), file: context.shown(file) };
  const value = randomBytes(24).toString('base64url');
  await mkdir(context.dataDir, { recursive: true });
  await writeFile(file, `${value}\n`, { mode: 0o600 });
  return { value, file: context.shown(file) };
}
