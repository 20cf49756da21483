import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { startEmbeddedPostgres, type EmbeddedPostgresServer } from '../src/index';

let dataDir: string | undefined;
let server: EmbeddedPostgresServer | undefined;
afterAll(async () => {
  await server?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

async function query(url: string, sql: string): Promise<unknown[]> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

describe('an embedded PostgreSQL of its own', () => {
  it('starts in an empty directory, stops (refusing connections), and starts again with its data', async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'pg-'));
    server = await startEmbeddedPostgres(dataDir, () => undefined);
    await query(server.url, 'CREATE TABLE kept (id int); INSERT INTO kept VALUES (1)');
    await server.stop();
    await expect(query(server.url, 'SELECT 1')).rejects.toThrow();
    await server.start();
    expect(await query(server.url, 'SELECT id FROM kept')).toEqual([{ id: 1 }]);
  }, 60_000);
});
