import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { REDIS_URL, isolatedRedis } from './support/redis';

const { prefix, cleanup } = isolatedRedis();
afterAll(cleanup);

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Runs `pnpm start` of this package (tsx src/main.ts) with the given environment. */
function startProcess(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: new URL('..', import.meta.url),
    env: { PATH: process.env.PATH, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const waitFor = async (text: string, timeoutMs = 10_000) => {
    const deadline = Date.now() + timeoutMs;
    while (!output.includes(text)) {
      if (Date.now() > deadline) throw new Error(`"${text}" not printed within ${timeoutMs} ms; output:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  return { child, exited, waitFor, output: () => output };
}

describe('the adapters process (src/main.ts)', () => {
  it('starts the web channel, logs the channels, serves /healthz and stops cleanly on SIGTERM', async () => {
    const port = await freePort();
    const proc = startProcess({ REDIS_URL, REDIS_PREFIX: prefix, PORT: String(port), HOST: '127.0.0.1' });
    await proc.waitFor('adapters started: web');
    expect(proc.output()).toContain('"channels":["web"]');
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);

    proc.child.kill('SIGTERM');
    expect(await proc.exited).toBe(0);
    expect(proc.output()).toContain('adapters stopped');
  }, 30_000);

  it("exits with one clear error naming every bad variable, the process's and each enabled channel's", async () => {
    const proc = startProcess({ REDIS_URL: 'not a url', PORT: 'eighty', SLACK_BOT_TOKEN: 'xoxp-user-token' });
    expect(await proc.exited).toBe(1);
    expect(proc.output()).toContain('REDIS_URL must be a URL');
    expect(proc.output()).toContain('  - PORT: ');
    expect(proc.output()).toContain('SLACK_BOT_TOKEN must be a bot token');
    expect(proc.output()).not.toContain('    at ');
  }, 30_000);
});
