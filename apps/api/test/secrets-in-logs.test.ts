import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifySignature } from '@chatbot/actions-sdk';
import { createIsolatedDatabase, type IsolatedDatabase } from '@chatbot/db';
import { findFreePort } from '@chatbot/local-services';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REDIS_URL } from './support/admin-api-harness';

const ADMIN_TOKEN = 'api-log-test-admin-token-0123456789';
const DB_PASSWORD = 'database-password-for-the-log-test';
const ACTION_SECRET = 'action-secret-for-the-log-test-0123';
let database: IsolatedDatabase;
beforeAll(async () => {
  database = await createIsolatedDatabase();
});
afterAll(async () => {
  await database?.drop();
});

describe('the API process logging at debug level', () => {
  it('never writes ADMIN_TOKEN, the database password, a caller’s token or an action’s secret to its log', async () => {
    // An action server that checks each request's signature and answers when it holds.
    const actionServer = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const verified = verifySignature(ACTION_SECRET, request.headers, Buffer.concat(chunks));
        response.writeHead(verified.ok ? 200 : 401, { 'content-type': 'application/json' }).end(JSON.stringify({ text: 'Signed and sound.' }));
      });
    });
    await new Promise<void>((resolve) => actionServer.listen(0, '127.0.0.1', resolve));
    const actionUrl = `http://127.0.0.1:${(actionServer.address() as AddressInfo).port}/hook`;

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

    // An action saved (and refused once: a short secret), listed and tested: its secret is in no answer and no log line.
    const admin = { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' };
    const answers: string[] = [];
    const send = async (method: string, path: string, body?: unknown) => {
      const response = await fetch(`${base}/api/v1${path}`, { method, headers: admin, body: body === undefined ? undefined : JSON.stringify(body) });
      answers.push(await response.text());
      return response.status;
    };
    expect(await send('PUT', '/actions/log_check', { url: actionUrl, secret: ACTION_SECRET.slice(0, 10), allowPrivateNetwork: true })).toBe(400);
    expect(await send('PUT', '/actions/log_check', { url: actionUrl, secret: ACTION_SECRET, allowPrivateNetwork: true })).toBe(200);
    expect(await send('GET', '/actions')).toBe(200);
    expect(await send('POST', '/actions/log_check/test', {})).toBe(200);
    expect(JSON.parse(answers.at(-1)!).outcome).toMatchObject({ status: 'ok', response: { text: 'Signed and sound.' } });
    expect(await send('GET', '/audit-log')).toBe(200);
    for (const answer of answers) expect(answer).not.toContain(ACTION_SECRET.slice(0, 10));
    await new Promise((resolve) => actionServer.close(resolve));

    child.kill('SIGTERM');
    expect(await exited).toBe(0);

    expect(log).toContain('request completed'); // it logged the requests
    for (const secret of [ADMIN_TOKEN, DB_PASSWORD, guessed, ACTION_SECRET, ACTION_SECRET.slice(0, 10)]) expect(log).not.toContain(secret);
  }, 60_000);
});
