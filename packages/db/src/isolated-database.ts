import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { migrateDatabase } from './migrations/migrate-database';

export interface IsolatedDatabase {
  /** Connection URL of the new database. */
  url: string;
  /** Ends every connection to the database and drops it. */
  drop(): Promise<void>;
}

/**
 * Creates a uniquely named, fully migrated database next to `baseUrl`'s, for one test file or run,
 * so tests never see each other's rows.
 */
export async function createIsolatedDatabase(
  baseUrl: string = process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres',
): Promise<IsolatedDatabase> {
  const name = `test_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  await onServer(baseUrl, (client) => client.query(`CREATE DATABASE "${name}"`));
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  const isolated = {
    url: url.toString(),
    drop: () => onServer(baseUrl, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined),
  };
  try {
    await migrateDatabase(isolated.url);
  } catch (error) {
    await isolated.drop();
    throw error;
  }
  return isolated;
}

async function onServer<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
