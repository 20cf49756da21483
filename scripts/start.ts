/**
 * `pnpm start`: brings the whole platform up on one machine.
 * 0. checks what would stop it halfway, before starting anything: another pnpm start on the same data
 *    directory, a port in use; and starts a watchdog that stops everything started here should this
 *    process die without doing so (kill -9, an out-of-memory kill);
 * 1. services: DATABASE_URL or an embedded PostgreSQL (taking over one an earlier run left behind);
 *    REDIS_URL, or Redis on localhost:6379, or a spawned redis-server (data under CHATBOT_DATA_DIR,
 *    default .data/);
 * 2. generates the Prisma client if missing, applies migrations, seeds the reply catalogue and
 *    trains the default model if none is active;
 * 3. runs api, worker, adapters and (unless SHOP_BACKEND=off) the example shop backend until Ctrl-C (one that crashes after the start is started again,
 *    waiting longer after each crash in a row), then stops everything it started.
 * Every failure is one line saying what is wrong and what to change. On a terminal the processes'
 * logs are short lines; otherwise (or with LOG_FORMAT=json) they stay JSON.
 */
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { secretsOf } from '@chatbot/core';
import {
  LauncherError,
  LogOutput,
  Supervisor,
  checkPorts,
  chooseLogFormat,
  claimDataDirectory,
  describeError,
  failureLine,
  logFormatSetting,
  redisDurabilityWarnings,
  runToCompletion,
  startWatchdog,
  whenLaunchersEnd,
  type Watchdog,
} from '@chatbot/local-services';
import { planStart } from './start-plan';
import { localAdminToken, shopBackendSecret, startPostgres, startRedis, withoutPassword, type StartContext } from './start-services';
import { statusSummary, waitUntilAnswering, workerModel } from './start-summary';

const root = fileURLToPath(new URL('..', import.meta.url));
// Each process of ours is one node process with tsx's loader: no tsx CLI in between, whose death
// would leave the real process running.
const nodeArgs = ['--import', pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href];
const isTerminal = Boolean(process.stdout.isTTY);
// Until the settings are read (they may be what is wrong), LOG_FORMAT is honoured when it is valid.
let output = new LogOutput(chooseLogFormat(logFormatSetting.safeParse(process.env.LOG_FORMAT || undefined).data, isTerminal), secretsOf(process.env));
const say = (line: string) => output.say('info', line);
/** What to undo at exit, in reverse order. */
const cleanups: Array<() => unknown> = [];

const shown = (path: string) => (path.startsWith(root) ? relative(root, path) : path);
const node = (script: string): [string, string[]] => [process.execPath, [...nodeArgs, resolve(root, script)]];

/** Runs one preparation step, its output shown like the services'; a failure says what the step itself said. */
async function step(name: string, what: string, [command, args]: [string, string[]], env: NodeJS.ProcessEnv, watchdog: Watchdog): Promise<void> {
  say(`${what} ...`);
  try {
    await runToCompletion(command, args, env, {
      name,
      onOutput: (service, stream, line) => output.childLine(service, stream, line),
      onStart: (child) => child.pid && watchdog.watch(child.pid),
    });
  } catch (error) {
    const reason = output.lastErrorOf(name) ?? describeError(error);
    const database = /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|password authentication failed|database .* does not exist/.test(reason);
    const fix =
      database && process.env.DATABASE_URL
        ? `Check DATABASE_URL (${withoutPassword(process.env.DATABASE_URL)}): that PostgreSQL must be running and accept these credentials; or unset DATABASE_URL to use an embedded one.`
        : undefined;
    throw new LauncherError(`${what} failed: ${reason}`, fix);
  }
}

async function main(): Promise<void> {
  const plan = await planStart(process.env, root, isTerminal);
  output = new LogOutput(plan.logFormat, secretsOf(process.env));
  const { dataDir } = plan;
  cleanups.push(await claimDataDirectory(dataDir));
  await checkPorts(plan.neededPorts);
  const watchdog = await startWatchdog({
    nodeArgs,
    onLost: (code, signal) =>
      output.say('warn', `The watchdog process ended (${signal ?? `exit code ${code}`}): if this launcher is killed now, what it started keeps running`),
  });
  cleanups.push(() => watchdog.release());
  const context: StartContext = { dataDir, watchdog, say, atExit: (cleanup) => cleanups.push(cleanup), shown };

  const env: NodeJS.ProcessEnv = { ...process.env, ...plan.portVariables, MODEL_DIR: process.env.MODEL_DIR ?? resolve(dataDir, 'models') };
  const postgres = await startPostgres(env, context);
  const redis = await startRedis(env, context);
  // An acknowledgement means "safely queued": say so plainly when the Redis in use cannot keep that promise.
  const warnings = await redisDurabilityWarnings(env.REDIS_URL!);
  for (const warning of warnings) output.say('warn', warning);
  const adminToken = env.ADMIN_TOKEN ? null : await localAdminToken(context);
  if (adminToken) env.ADMIN_TOKEN = adminToken.value;
  // The bootstrap points the default bot's actions at the shop backend (or takes them away with SHOP_BACKEND=off).
  const shopPort = plan.ports.shopBackend;
  if (shopPort !== null) {
    env.SHOP_BACKEND_URL = `http://127.0.0.1:${shopPort}`;
    env.SHOP_BACKEND_SECRET = (await shopBackendSecret(context)).value;
  }
  output = new LogOutput(plan.logFormat, secretsOf(env));

  if (!existsSync(resolve(root, 'packages/db/src/generated')))
    await step('db-generate', 'Generating the database client', ['pnpm', ['--filter', '@chatbot/db', 'build']], env, watchdog);
  await step('db-migrate', 'Applying database migrations', node('packages/db/scripts/migrate.ts'), env, watchdog);
  await step('bootstrap', 'Checking the reply catalogue and the model', node('apps/worker/src/bootstrap-main.ts'), env, watchdog);

  let up = false;
  let failStart: (error: Error) => void = () => undefined;
  const startFailed = new Promise<never>((_resolve, reject) => (failStart = reject));
  startFailed.catch(() => undefined); // raced below; a crash after the start is not a failure of it
  const supervisor = new Supervisor({
    onOutput: (name, stream, line) => output.childLine(name, stream, line),
    onStart: (name, child) => {
      output.forget(name);
      if (child.pid) watchdog.watch(child.pid);
    },
    onExit: (_name, child) => {
      if (child.pid) watchdog.unwatch(child.pid);
    },
    onCrash: (name, code, signal, restartInMs) => {
      // Ctrl-C reaches the services too: one may exit before this process has begun stopping them.
      if (shuttingDown) return;
      const how = signal ?? `exit code ${code}`;
      if (up) {
        const last = output.lastErrorOf(name);
        output.say('warn', `${name} stopped unexpectedly (${how}${last ? `: ${last}` : ''}); starting it again in ${restartInMs / 1000} s`);
        return;
      }
      // Its last words may still be in the pipe when it exits.
      const child = supervisor.processOf(name);
      const closed = child && child.stdout && !child.stdout.closed ? once(child, 'close') : Promise.resolve();
      void Promise.race([closed, new Promise((r) => setTimeout(r, 1000))]).then(() =>
        failStart(new LauncherError(`The ${name} process stopped while starting (${how}): ${output.lastErrorOf(name) ?? 'it printed no error'}.`)),
      );
    },
  });
  cleanups.push(() => supervisor.stopAll());
  supervisor.start('worker', ...node('apps/worker/src/main.ts'), env);
  supervisor.start('api', ...node('apps/api/src/main.ts'), env);
  supervisor.start('adapters', ...node('apps/adapters/src/main.ts'), env);
  if (shopPort !== null) supervisor.start('shop-backend', ...node('examples/shop-backend/src/main.ts'), { ...env, SHOP_BACKEND_HOST: '127.0.0.1' });

  const { chat, api, metrics } = plan.ports;
  // A service that never answers says why, in its own last words, like one that exits.
  const answering = <T>(service: string, wait: Promise<T>) =>
    wait.catch((error: unknown) => {
      const last = output.lastErrorOf(service);
      throw new LauncherError(`${describeError(error)}${last ? `; its last error: ${last}` : ''}.`);
    });
  const [model] = await Promise.race([
    Promise.all([
      answering('worker', workerModel(`http://127.0.0.1:${metrics}/metrics`)),
      answering('adapters', waitUntilAnswering(`http://127.0.0.1:${chat}/healthz`, 'The chat page')),
      answering('api', waitUntilAnswering(`http://127.0.0.1:${api}/healthz`, 'The API')),
      ...(shopPort === null ? [] : [answering('shop-backend', waitUntilAnswering(`${env.SHOP_BACKEND_URL}/healthz`, 'The example shop backend'))]),
    ]),
    startFailed,
  ]);
  up = true;
  const summary = statusSummary({
    chatPort: chat,
    apiPort: api,
    metricsPort: metrics,
    postgres,
    redis,
    redisDurable: warnings.length === 0,
    model,
    channels: plan.channels,
    adminToken,
    shopBackend: env.SHOP_BACKEND_URL ?? null,
  });
  output.block(summary.lines, 'the chatbot platform is up', summary.fields);
}

let shuttingDown = false;
async function shutdown(code: number, announce: boolean): Promise<void> {
  if (shuttingDown) return;
  shuttingDown = true;
  if (announce) say('Stopping ...');
  for (const cleanup of cleanups.reverse()) {
    await Promise.resolve()
      .then(cleanup)
      .catch((error: unknown) => output.say('error', `While stopping: ${failureLine(error)}`));
  }
  process.exit(code);
}

// A closed terminal (SIGHUP) stops everything too, and so does a reader of the output that went away
// (EPIPE, EIO); writing then fails, which must not stop the stopping.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE' || error.code === 'EIO') void shutdown(0, false);
  });
}
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => void shutdown(0, true));
// Killing the pnpm process outright leaves this one running with the terminal no longer its own (Ctrl-C would not reach it).
whenLaunchersEnd(() => {
  if (shuttingDown) return;
  output.say('warn', 'The pnpm start that ran this launcher is gone: stopping everything it started');
  void shutdown(0, true);
});
main().catch(async (error: unknown) => {
  output.say('error', failureLine(error));
  await shutdown(1, false);
});
