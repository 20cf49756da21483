/**
 * `pnpm start`: brings the whole platform up on one machine.
 * 1. services: DATABASE_URL or an embedded PostgreSQL; REDIS_URL, or Redis on localhost:6379,
 *    or a spawned redis-server (data under .data/);
 * 2. generates the Prisma client if missing, applies migrations, seeds the reply catalogue and
 *    trains the default model if none is active;
 * 3. runs api, worker and adapters until Ctrl-C (one that crashes is started again, waiting longer
 *    after each crash in a row), then stops everything it started.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HOW_TO_GET_REDIS, Supervisor, findOrStartRedis, redisDurabilityWarnings, runToCompletion, startEmbeddedPostgres } from '@chatbot/local-services';

const root = fileURLToPath(new URL('..', import.meta.url));
const dataDir = resolve(root, '.data');
const tsx = resolve(root, 'node_modules/.bin/tsx');
const say = (line: string) => console.log(`[start] ${line}`);
const cleanups: Array<() => Promise<unknown>> = [];

async function main(): Promise<void> {
  const env: NodeJS.ProcessEnv = { ...process.env, MODEL_DIR: process.env.MODEL_DIR ?? resolve(dataDir, 'models') };

  if (!env.DATABASE_URL) {
    say('DATABASE_URL is not set: starting an embedded PostgreSQL (data in .data/postgres)');
    const pg = await startEmbeddedPostgres(dataDir, say);
    cleanups.push(pg.stop);
    env.DATABASE_URL = pg.url;
  }
  if (!env.REDIS_URL) {
    const redis = await findOrStartRedis(dataDir);
    if (!redis) {
      console.error(HOW_TO_GET_REDIS);
      process.exitCode = 1;
      return;
    }
    if (redis.process) cleanups.push(async () => redis.process?.kill('SIGTERM'));
    say(redis.process ? `Started redis-server at ${redis.url} (data in .data/redis)` : `Using the Redis at ${redis.url}`);
    env.REDIS_URL = redis.url;
  }
  // An acknowledgement means "safely queued": say so plainly when the Redis in use cannot keep that promise.
  for (const warning of await redisDurabilityWarnings(env.REDIS_URL)) say(`WARNING: ${warning}`);

  if (!env.ADMIN_TOKEN) env.ADMIN_TOKEN = await localAdminToken();

  if (!existsSync(resolve(root, 'packages/db/src/generated'))) {
    say('Generating the database client ...');
    await runToCompletion('pnpm', ['--filter', '@chatbot/db', 'build'], env);
  }
  say('Applying database migrations ...');
  await runToCompletion(tsx, [resolve(root, 'packages/db/scripts/migrate.ts')], env);
  say('Checking the reply catalogue and the model ...');
  await runToCompletion(tsx, [resolve(root, 'apps/worker/src/bootstrap-main.ts')], env);

  const supervisor = new Supervisor({
    onCrash: (name, code, signal, restartInMs) =>
      console.error(`[start] ${name} stopped unexpectedly (${signal ?? `exit code ${code}`}); starting it again in ${restartInMs / 1000} s`),
  });
  cleanups.unshift(() => supervisor.stopAll());
  supervisor.start('worker', tsx, [resolve(root, 'apps/worker/src/main.ts')], env);
  supervisor.start('api', tsx, [resolve(root, 'apps/api/src/main.ts')], env);
  supervisor.start('adapters', tsx, [resolve(root, 'apps/adapters/src/main.ts')], env);

  const port = env.PORT ?? '3000';
  const apiPort = env.API_PORT ?? '3001';
  await Promise.all([waitUntilAnswering(`http://127.0.0.1:${port}/healthz`), waitUntilAnswering(`http://127.0.0.1:${apiPort}/healthz`)]);
  say(`Chat page:       http://localhost:${port}/`);
  say(`Admin dashboard: http://localhost:${apiPort}/admin   (token: ${process.env.ADMIN_TOKEN ? 'your ADMIN_TOKEN' : env.ADMIN_TOKEN})`);
  say(`Health:          http://localhost:${apiPort}/healthz`);
  say('Press Ctrl-C to stop.');
}

/** Resolves once `url` answers 200, so the addresses printed next already work. */
async function waitUntilAnswering(url: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const ok = await fetch(url).then(
      (response) => response.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`);
}

/** Without ADMIN_TOKEN, this installation gets its own random one, kept in .data/admin-token. */
async function localAdminToken(): Promise<string> {
  const file = resolve(dataDir, 'admin-token');
  if (existsSync(file)) return (await readFile(file, 'utf8')).trim();
  const token = randomBytes(24).toString('base64url');
  await mkdir(dataDir, { recursive: true });
  await writeFile(file, `${token}\n`, { mode: 0o600 });
  return token;
}

let shuttingDown = false;
async function shutdown(code: number): Promise<void> {
  if (shuttingDown) return;
  shuttingDown = true;
  say('Stopping ...');
  for (const cleanup of cleanups) await cleanup().catch((error: unknown) => console.error(error));
  process.exit(code);
}

process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));
main().catch(async (error: unknown) => {
  console.error(`[start] ${error instanceof Error ? error.message : String(error)}`);
  await shutdown(1);
});
