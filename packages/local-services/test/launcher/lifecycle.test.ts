// `pnpm start` in the states a real machine gets into, the real launcher each time, against a data
// directory of its own (CHATBOT_DATA_DIR: the embedded PostgreSQL, the models, the admin token) and a
// Redis of its own. The tests run in order and share the data directory, as successive starts on one
// machine do: the first initialises PostgreSQL and trains the default model, the others reuse them.
import { spawn } from 'node:child_process';
import { readFile, rm, mkdtemp, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findFreePort, isRunning, startRedisServer, type RedisServer } from '../../src/index';
import { launcherPorts, runLauncher, type LauncherRun } from '../support/launcher';
import { descendantsOf, findProcess, stillRunning } from '../support/process-tree';

let dataDir: string;
let redis: RedisServer;
const runs: LauncherRun[] = [];

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'start-lifecycle-'));
  redis = await startRedisServer({ dir: join(dataDir, 'test-redis') });
});
afterAll(async () => {
  // A failed test must not leave a platform running.
  for (const run of runs) for (const pid of [...descendantsOf(run.child.pid!), run.child.pid!]) tryKill(pid, 'SIGKILL');
  await redis?.shutdown();
  await rm(dataDir, { recursive: true, force: true });
});

function tryKill(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // gone
  }
}

async function start(options: { terminal?: boolean; format?: 'pretty' | 'json'; env?: Record<string, string> } = {}): Promise<LauncherRun> {
  const env: Record<string, string> = { CHATBOT_DATA_DIR: dataDir, REDIS_URL: redis.url, ...(await launcherPorts()), ...options.env };
  if (options.format) env.LOG_FORMAT = options.format;
  const run = runLauncher(env, { terminal: options.terminal });
  runs.push(run);
  return run;
}

const UP_JSON = /"msg":"the chatbot platform is up"/;
const UP_PRETTY = /Press Ctrl-C to stop everything pnpm start started\./;

async function postmasterPid(): Promise<number | null> {
  const text = await readFile(join(dataDir, 'postgres', 'postmaster.pid'), 'utf8').catch(() => null);
  return text === null ? null : Number(text.split('\n')[0]);
}

/** Waits until none of `pids` runs; fails naming the ones still running. */
async function expectAllGone(pids: readonly number[], withinMs: number): Promise<void> {
  await expect.poll(() => stillRunning(pids), { timeout: withinMs, interval: 200 }).toEqual([]);
}

describe.sequential('pnpm start on a real machine', () => {
  it('leaves no process behind when the launcher itself is killed (kill -9); JSON lines when its output is not a terminal', async () => {
    const run = await start();
    const output = await run.waitFor(UP_JSON, 150_000);
    const launcher = run.launcherPid();
    const children = descendantsOf(launcher);
    const postgres = await postmasterPid();
    expect(postgres).not.toBeNull();
    // worker, api, adapters, the watchdog and PostgreSQL (with its own processes)
    expect(children).toContain(postgres);
    for (const script of ['apps/worker/src/main.ts', 'apps/api/src/main.ts', 'apps/adapters/src/main.ts', 'watchdog-process.ts']) {
      expect(
        findProcess(children, (argv) => argv.some((arg) => arg.endsWith(script))),
        script,
      ).toBeDefined();
    }
    // Not a terminal: every line of the platform is JSON, for log shippers (pnpm's own banner aside).
    const lines = output.split('\n').filter((line) => line.trim() && !/^[$>] /.test(line));
    for (const line of lines) expect(() => JSON.parse(line), line).not.toThrow();
    const summary = JSON.parse(lines.find((line) => UP_JSON.test(line))!);
    expect(summary).toMatchObject({ service: 'start', redisDurable: true, channels: ['web'], adminTokenFile: join(dataDir, 'admin-token') });
    expect(summary.modelVersion).toMatch(/^v\d{8}-\d{6}-[0-9a-f]{8}$/);
    // The JSON lines never carry the admin token.
    expect(output).not.toContain((await readFile(join(dataDir, 'admin-token'), 'utf8')).trim());

    process.kill(launcher, 'SIGKILL');
    await expectAllGone(children, 10_000);
    expect(await postmasterPid()).toBeNull(); // PostgreSQL shut down cleanly, not killed
  }, 180_000);

  it('takes over a PostgreSQL that an earlier run left running on its data directory, and stops cleanly on Ctrl-C', async () => {
    // An earlier run whose processes all died but PostgreSQL: the state the old launcher left after kill -9.
    const earlier = await start();
    await earlier.waitFor(UP_JSON, 120_000);
    const orphan = (await postmasterPid())!;
    const launcher = earlier.launcherPid();
    const others = descendantsOf(launcher).filter((pid) => !descendantsOf(orphan).includes(pid) && pid !== orphan);
    for (const pid of [launcher, ...others]) tryKill(pid, 'SIGKILL');
    await expectAllGone([launcher, ...others], 10_000);
    expect(isRunning(orphan)).toBe(true);

    const run = await start({ format: 'pretty' });
    const output = await run.waitFor(UP_PRETTY, 120_000);
    expect(output).toContain(`A PostgreSQL left running by an earlier pnpm start holds ${join(dataDir, 'postgres')} (process ${orphan}): stopping it to start clean`);
    expect(isRunning(orphan)).toBe(false);
    const postgres = await postmasterPid();
    expect(postgres).not.toBe(orphan);
    expect(descendantsOf(run.launcherPid())).toContain(postgres);

    // Ctrl-C: the terminal sends SIGINT to the whole process group; the launcher stops everything in order.
    const launcherPid = run.launcherPid();
    const children = descendantsOf(launcherPid);
    process.kill(-run.child.pid!, 'SIGINT');
    await expectAllGone([launcherPid, ...children], 20_000);
    await run.closed;
    expect(await postmasterPid()).toBeNull();
    // Ctrl-C reaches every process of the group, so the services' own stop lines may come before the launcher's.
    const stopping = run.output().slice(run.output().search(UP_PRETTY));
    expect(stopping).toMatch(/INFO: start +Stopping \.\.\./);
    expect(stopping).toMatch(/INFO: worker +stopping: finishing the jobs in hand/);
    // The launcher's own lines: no process taken for crashed and restarted, nothing failing to stop.
    expect(stopping).not.toMatch(/stopped unexpectedly|While stopping/);
  }, 180_000);

  it('starts past a stale postmaster.pid; on a terminal it prints short lines and a summary; closing the terminal stops everything', async () => {
    // postmaster.pid names a live process that is no PostgreSQL (its pid was reused): PostgreSQL itself would refuse to start.
    const stranger = spawn('sleep', ['600'], { stdio: 'ignore' });
    await writeFile(
      join(dataDir, 'postgres', 'postmaster.pid'),
      `${stranger.pid}\n${join(dataDir, 'postgres')}\n1700000000\n5432\n/tmp\n127.0.0.1\n  5432001         0\nready   \n`,
    );
    try {
      const run = await start({ terminal: true });
      const output = await run.waitFor(UP_PRETTY, 120_000);
      expect(output).toContain(`Removing a stale ${join(dataDir, 'postgres', 'postmaster.pid')} (process ${stranger.pid} is sleep 600, not this directory's PostgreSQL)`);
      expect(isRunning(stranger.pid!)).toBe(true); // never signalled: not ours

      // Short lines: time, level, service, message; no JSON.
      expect(output).toMatch(/^\[\d\d:\d\d:\d\d\] INFO: worker +worker ready$/m);
      expect(output).toMatch(/^\[\d\d:\d\d:\d\d\] INFO: adapters +adapters started: web$/m);
      expect(output).not.toMatch(/^\{/m);
      // The summary: addresses, the token, what runs, how to stop.
      const token = (await readFile(join(dataDir, 'admin-token'), 'utf8')).trim();
      expect(output).toMatch(/^ {2}Chat page {8}http:\/\/localhost:\d+\/$/m);
      expect(output).toContain(`/admin   token ${token} (kept in ${join(dataDir, 'admin-token')})`);
      expect(output).toMatch(new RegExp(`^ {2}PostgreSQL {7}embedded, data in ${join(dataDir, 'postgres')} \\(port \\d+\\)$`, 'm'));
      expect(output).toContain(`  Redis            ${redis.url} (REDIS_URL); durable (append-only file, no eviction)`);
      expect(output).toMatch(/^ {2}Model {12}v\d{8}-\d{6}-[0-9a-f]{8} on the (wasm|cpu|tensorflow) backend$/m);
      expect(output).toMatch(/^ {2}Channels {9}web$/m);

      // The terminal goes away (its window closed, the terminal program crashed): everything stops.
      const children = descendantsOf(run.child.pid!);
      process.kill(run.child.pid!, 'SIGKILL');
      await expectAllGone(children, 15_000);
      expect(existsSync(join(dataDir, 'postgres', 'postmaster.pid'))).toBe(false);
    } finally {
      stranger.kill('SIGKILL');
    }
  }, 180_000);

  it("stops everything and says why, in the process's own words, when a service fails while starting", async () => {
    // Slack on, with a token of the wrong kind: the adapters process refuses its configuration and exits.
    const slackPort = String(await findFreePort(30_000 + Math.floor(Math.random() * 10_000)));
    const run = await start({ format: 'pretty', env: { SLACK_BOT_TOKEN: 'not-a-bot-token', SLACK_SIGNING_SECRET: 'test-signing-secret', SLACK_PORT: slackPort } });
    const { code } = await run.exited;
    await run.closed;
    expect(code).toBe(1);
    const errors = run
      .output()
      .split('\n')
      .filter((line) => / ERROR: start /.test(line));
    expect(errors).toEqual([
      expect.stringMatching(
        /ERROR: start +The adapters process stopped while starting \(exit code 1\): Invalid configuration: SLACK_BOT_TOKEN: SLACK_BOT_TOKEN must be a bot token \(xoxb-\.\.\.\)\.$/,
      ),
    ]);
    expect(run.output()).not.toMatch(/undefined|starting it again/);
    expect(existsSync(join(dataDir, 'postgres', 'postmaster.pid'))).toBe(false);
  }, 120_000);
});
