import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { createDatabase, createIsolatedDatabase, pingDatabase } from '../src/index';

const serverUrl = process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

async function databaseExists(name: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return (await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount === 1;
  } finally {
    await client.end();
  }
}

describe('createIsolatedDatabase', () => {
  it('creates a migrated database that drop() removes even while clients are still connected', async () => {
    const isolated = await createIsolatedDatabase();
    const name = new URL(isolated.url).pathname.slice(1);
    const database = createDatabase(isolated.url);
    try {
      await pingDatabase(database.prisma);
      expect(await database.prisma.conversation.count()).toBe(0);
      expect(await databaseExists(name)).toBe(true);
      await isolated.drop();
      expect(await databaseExists(name)).toBe(false);
    } finally {
      await database.close().catch(() => undefined);
      await isolated.drop();
    }
  });
});

describe('createDatabase', () => {
  it('pingDatabase rejects when the server does not answer', async () => {
    const database = createDatabase('postgresql://postgres@127.0.0.1:1/none');
    try {
      await expect(pingDatabase(database.prisma)).rejects.toThrow();
    } finally {
      await database.close();
    }
  });
});
