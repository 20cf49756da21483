import { afterAll, describe, expect, it } from 'vitest';
import { freePort, startAdaptersProcess } from './support/adapters-process';
import { REDIS_URL, isolatedRedis } from './support/redis';

const { prefix, cleanup } = isolatedRedis();
afterAll(cleanup);

describe('the adapters process (src/main.ts)', () => {
  it('starts the web channel, logs the channels, serves /healthz and stops cleanly on SIGTERM', async () => {
    const port = await freePort();
    const proc = startAdaptersProcess({ REDIS_URL, REDIS_PREFIX: prefix, PORT: String(port), HOST: '127.0.0.1' });
    await proc.waitFor('adapters started: web');
    expect(proc.output()).toContain('"channels":["web"]');
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);

    proc.child.kill('SIGTERM');
    expect(await proc.exited).toBe(0);
    expect(proc.output()).toContain('adapters stopped');
  }, 30_000);

  it("exits with one clear error naming every bad variable, the process's and each enabled channel's", async () => {
    const proc = startAdaptersProcess({ REDIS_URL: 'not a url', PORT: 'eighty', SLACK_BOT_TOKEN: 'xoxp-user-token' });
    expect(await proc.exited).toBe(1);
    expect(proc.output()).toContain('REDIS_URL must be a URL');
    expect(proc.output()).toContain('  - PORT: ');
    expect(proc.output()).toContain('SLACK_BOT_TOKEN must be a bot token');
    expect(proc.output()).not.toContain('    at ');
  }, 30_000);
});
