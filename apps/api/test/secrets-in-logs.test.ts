import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createIsolatedDatabase, type IsolatedDatabase } from '@chatbot/db';
import { findFreePort } from '@chatbot/local-services';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REDIS_URL } from './support/admin-api-harness';

const ADMIN_TOKEN = 'api-log-test-admin-token-0123456789';
const DB_PASSWORD = 'database-password-for-the-log-test';
let database: IsolatedDatabase;
beforeAll(async () => {
  database = await createIsolatedDatabase();
});
afterAll(async () => {
  await database?.drop();
});

describe('the API process logging at debug level', () => {
  it('never writes ADMIN_TOKEN, the database password, or a caller’s token to its log', async () => {
    const port = await findFreePort(41_000);
    const url = new URL(database.url);
    url.username = 'postgres';
    url.password = DB_PASSWORD; // trust authentication on the test server: the password is only carried
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: new URL('..', import.meta.url),
      env: {
        PATH: process.env.PATH,
        DATABASE_URL: url.toString(),
        REDIS_URL,
        REDIS_PREFIX: `test-api-logs-${randomUUID().slice(0, 8)}`,
        API_PORT: String(port),
        HOST: '127.0.0.1',
        ADMIN_TOKEN,
        LOG_LEVEL: 'debug',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let log = '';
    child.stdout.on('data', (chunk) => (log += chunk));
    child.stderr.on('data', (chunk) => (log += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    await expect.poll(() => log.includes('Server listening'), { timeout: 20_000 }).toBe(true);

    const base = `http://127.0.0.1:${port}`;
    const guessed = 'a-guessed-token-from-a-caller-0123';
    expect((await fetch(`${base}/api/v1/intents`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })).status).toBe(200);
    expect((await fetch(`${base}/api/v1/intents`, { headers: { authorization: `Bearer ${guessed}` } })).status).toBe(401);
    expect((await fetch(`${base}/admin/session`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })).status).toBe(200);
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);

    expect(log).toContain('request completed'); // it logged the requests
    for (const secret of [ADMIN_TOKEN, DB_PASSWORD, guessed]) expect(log).not.toContain(secret);
  }, 60_000);
});
