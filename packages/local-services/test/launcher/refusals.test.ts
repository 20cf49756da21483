// `pnpm start` refusing to start, the real launcher each time: one line saying what is wrong and
// what to change, exit status 1, never a stack trace or "undefined".
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findFreePort, startEmbeddedPostgres, startRedisServer, type RedisServer } from '../../src/index';
import { launcherPorts, runLauncher } from '../support/launcher';

let dataDir: string;
let redis: RedisServer;
const cleanups: Array<() => Promise<unknown> | unknown> = [];

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'start-refusals-'));
  redis = await startRedisServer({ dir: join(dataDir, 'redis') });
});
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  await redis?.shutdown();
  await rm(dataDir, { recursive: true, force: true });
});

/** Runs pnpm start to its end; returns the lines it printed itself (pnpm's own banner left out) and its exit code. */
async function refusal(env: Record<string, string>): Promise<{ code: number | null; lines: string[] }> {
  const run = runLauncher({ CHATBOT_DATA_DIR: dataDir, LOG_FORMAT: 'pretty', REDIS_URL: redis.url, ...(await launcherPorts()), ...env });
  const { code } = await run.exited;
  const lines = run
    .output()
    .split('\n')
    .filter((line) => line.trim() && !/^[$>] |ELIFECYCLE/.test(line));
  return { code, lines };
}

/** Listens on `port` on the loopback address, as another program would. */
async function occupy(port: number): Promise<Server> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  cleanups.push(() => new Promise((resolve) => server.close(resolve)));
  return server;
}

/** The one error line: `[hh:mm:ss] ERROR: start <message>`. */
function errorLine(lines: string[]): string {
  const errors = lines.filter((line) => / ERROR: start /.test(line));
  expect(errors, lines.join('\n')).toHaveLength(1);
  expect(errors[0]).not.toMatch(/undefined|\n/);
  return errors[0]!;
}

describe('pnpm start refuses a port in use, naming the variable that moves it', () => {
  it.each(['PORT', 'API_PORT', 'METRICS_PORT', 'SLACK_PORT'])(
    '%s',
    async (variable) => {
      const port = await findFreePort(40_000 + Math.floor(Math.random() * 10_000));
      await occupy(port);
      const slack: Record<string, string> = variable === 'SLACK_PORT' ? { SLACK_BOT_TOKEN: 'xoxb-test-token', SLACK_SIGNING_SECRET: 'test-signing-secret' } : {};
      const { code, lines } = await refusal({ [variable]: String(port), ...slack });
      expect(code).toBe(1);
      const line = errorLine(lines);
      expect(line).toContain(`Port ${port}`);
      expect(line).toContain(variable);
      // The holder is this test's process, and the line says so and how to move.
      expect(line).toContain(`by process ${process.pid}`);
      expect(line).toMatch(new RegExp(`${variable}=\\d+ pnpm start`));
      // Nothing was started: no PostgreSQL initialised for a start that could not happen.
      expect(lines.join('\n')).not.toMatch(/PostgreSQL|migrations/);
    },
    30_000,
  );

  it('says so when two variables give the same port', async () => {
    const port = String(await findFreePort(40_000 + Math.floor(Math.random() * 10_000)));
    const { code, lines } = await refusal({ PORT: port, API_PORT: port });
    expect(code).toBe(1);
    expect(errorLine(lines)).toContain(`PORT and API_PORT are both ${port}`);
  }, 30_000);
});

describe('pnpm start says what failed and why, on one line', () => {
  it('an invalid setting: which variable and what it must be', async () => {
    const { code, lines } = await refusal({ PORT: 'three thousand' });
    expect(code).toBe(1);
    expect(errorLine(lines)).toMatch(/Invalid configuration: PORT: PORT must be a port number from 0 to 65535\. Correct the variables/);
  }, 30_000);

  it('another pnpm start on the same data directory: which process, and how to stop it', async () => {
    // A stand-in for a launcher that is running: its command line is the launcher's.
    const other: ChildProcess = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)', 'scripts/start.ts'], { stdio: 'ignore' });
    cleanups.push(() => other.kill('SIGKILL'));
    await writeFile(join(dataDir, 'start.pid'), `${other.pid}\n`);
    const { code, lines } = await refusal({});
    expect(code).toBe(1);
    expect(errorLine(lines)).toContain(`Another pnpm start (process ${other.pid}) is already running with the data directory ${dataDir}`);
    expect(errorLine(lines)).toContain(`kill ${other.pid}`);
    other.kill('SIGKILL');
  }, 30_000);

  it('an unreachable DATABASE_URL: the connection error and which variable to check', async () => {
    const closed = await findFreePort(45_000 + Math.floor(Math.random() * 5000));
    const { code, lines } = await refusal({ DATABASE_URL: `postgresql://someone:secret-password@127.0.0.1:${closed}/nowhere` });
    expect(code).toBe(1);
    const line = errorLine(lines);
    expect(line).toMatch(new RegExp(`Applying database migrations failed: .*ECONNREFUSED 127\\.0\\.0\\.1:${closed}.*Check DATABASE_URL`));
    expect(lines.join('\n')).not.toContain('secret-password');
  }, 30_000);

  it('an unreachable REDIS_URL', async () => {
    const closed = await findFreePort(45_000 + Math.floor(Math.random() * 5000));
    const { code, lines } = await refusal({ REDIS_URL: `redis://127.0.0.1:${closed}` });
    expect(code).toBe(1);
    expect(errorLine(lines)).toMatch(new RegExp(`Nothing answers at REDIS_URL \\(redis://127\\.0\\.0\\.1:${closed}\\)\\. Start that Redis or correct REDIS_URL`));
  }, 30_000);

  it('an embedded PostgreSQL that will not start: what PostgreSQL itself said (the package rejects with nothing)', async () => {
    const pgDir = await mkdtemp(join(tmpdir(), 'start-broken-pg-'));
    cleanups.push(() => rm(pgDir, { recursive: true, force: true }));
    const server = await startEmbeddedPostgres(pgDir, () => undefined, { port: await findFreePort(47_000) });
    await server.stop();
    await appendFile(join(pgDir, 'postgres', 'postgresql.conf'), '\nno_such_setting = 1\n');
    const { code, lines } = await refusal({ CHATBOT_DATA_DIR: pgDir });
    expect(code).toBe(1);
    expect(errorLine(lines)).toMatch(/PostgreSQL did not start on .*: .*unrecognized configuration parameter "no_such_setting"/);
  }, 60_000);
});
