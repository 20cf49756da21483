import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPlatformFixture, type PlatformFixture } from './platform-fixture';

const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const DB_PASSWORD = 'database-password-for-the-worker-log-test';
const REDIS_PASSWORD = 'redis-password-for-the-worker-log-test';
const ADMIN_TOKEN = 'worker-log-test-admin-token-0123456789';

let platform: PlatformFixture;
beforeAll(async () => {
  platform = await createPlatformFixture();
}, 120_000);
afterAll(async () => {
  await platform?.dispose();
});

/** A URL carrying a password the test servers do not check (trust authentication; Redis without AUTH). */
function withPassword(url: string, password: string): string {
  const parsed = new URL(url);
  if (!parsed.username) parsed.username = parsed.protocol === 'redis:' ? 'default' : 'postgres';
  parsed.password = password;
  return parsed.toString();
}

describe('the worker process logging at debug level', () => {
  it('never writes the database or Redis password, or another service’s token, to its log while it answers a message', async () => {
    const env = {
      ...process.env,
      ...Object.fromEntries(Object.entries(platform.config).map(([k, v]) => [k, String(v)])),
      DATABASE_URL: withPassword(platform.config.DATABASE_URL, DB_PASSWORD),
      REDIS_URL: withPassword(platform.config.REDIS_URL, REDIS_PASSWORD),
      ADMIN_TOKEN,
      LOG_LEVEL: 'debug',
    };
    const child = spawn(process.execPath, ['--import', tsxLoader, fileURLToPath(new URL('../src/main.ts', import.meta.url))], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let log = '';
    child.stdout.on('data', (chunk) => (log += chunk));
    child.stderr.on('data', (chunk) => (log += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    await expect.poll(() => log.includes('"worker ready"'), { timeout: 60_000 }).toBe(true);

    await platform.publisher.publish({ channel: 'web', nativeMessageId: 'logs-1', conversationKey: 'web:logs', user: { id: 'logs' }, text: 'where is my order?' });
    expect(await platform.waitForReplies(1)).toHaveLength(1);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);

    expect(log).toContain('web:logs'); // it logged the message it answered
    for (const secret of [DB_PASSWORD, REDIS_PASSWORD, ADMIN_TOKEN]) expect(log).not.toContain(secret);
  }, 120_000);
});
