import type { Logger } from '@chatbot/core';
import pg from 'pg';
import { MigrationChecksumError, MigrationFailedError } from '../errors';
import { scriptMatchesChecksum } from './checksum';
import { ensureMigrationsTable, insertMigrationRecord, readMigrationRecords, type MigrationRecord } from './prisma-migrations-table';
import { defaultMigrationsDir, readMigrations, type MigrationFile } from './read-migrations';

/**
 * The advisory lock key `prisma migrate` takes. Using the same key means two of our processes, or
 * ours and `prisma migrate deploy`, never migrate the same database at once: the second waits.
 */
const PRISMA_MIGRATE_LOCK_KEY = 72707369;

export type MigrationLogger = Pick<Logger, 'info' | 'warn'>;

/**
 * Applies the pending migrations under `migrationsDir` (default: this package's prisma/migrations)
 * in name order, each in its own transaction together with its `_prisma_migrations` record.
 * Safe to run twice and from several processes at once. Refuses, changing nothing, when an applied
 * migration's file was edited afterwards or an earlier attempt was left unfinished.
 * Returns the names of the migrations it applied.
 */
export async function migrateDatabase(databaseUrl: string, logger?: MigrationLogger, migrationsDir: string = defaultMigrationsDir): Promise<{ applied: string[] }> {
  const migrations = await readMigrations(migrationsDir);
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    // Held until the connection closes below, even when something throws.
    await client.query('SELECT pg_advisory_lock($1)', [PRISMA_MIGRATE_LOCK_KEY]);
    await ensureMigrationsTable(client);
    const records = await readMigrationRecords(client);
    const pending = pendingMigrations(migrations, records, logger);
    for (const migration of pending) {
      await applyMigration(client, migration);
      logger?.info({ migration: migration.name }, 'applied migration');
    }
    if (pending.length === 0) logger?.info('database is up to date');
    return { applied: pending.map((migration) => migration.name) };
  } finally {
    await client.end();
  }
}

/** Checks what the database recorded against the files and returns the files still to apply. */
function pendingMigrations(migrations: MigrationFile[], records: MigrationRecord[], logger?: MigrationLogger): MigrationFile[] {
  const unfinished = records.filter((record) => record.finishedAt === null);
  if (unfinished.length > 0) {
    const names = unfinished.map((record) => record.name).join(', ');
    throw new MigrationFailedError(
      `migration ${names} failed earlier and is still marked unfinished in _prisma_migrations; ` +
        `repair the database by hand, then mark it rolled back (prisma migrate resolve --rolled-back <name>, ` +
        `or set rolled_back_at on its row) and migrate again`,
    );
  }

  const files = new Map(migrations.map((migration) => [migration.name, migration]));
  const changed = records.filter((record) => {
    const file = files.get(record.name);
    return file !== undefined && !scriptMatchesChecksum(file.script, record.checksum);
  });
  if (changed.length > 0) {
    const names = changed.map((record) => record.name).join(', ');
    throw new MigrationChecksumError(
      `migration ${names} was modified after it was applied to this database; ` + `restore the original file and put the change in a new migration`,
    );
  }

  for (const record of records) {
    // Happens when an older checkout runs against a database a newer one migrated: not fatal.
    if (!files.has(record.name)) logger?.warn({ migration: record.name }, 'database has a migration this checkout does not know');
  }

  const applied = new Set(records.map((record) => record.name));
  return migrations.filter((migration) => !applied.has(migration.name));
}

async function applyMigration(client: pg.Client, migration: MigrationFile): Promise<void> {
  const startedAt = new Date();
  await client.query('BEGIN');
  try {
    await client.query(migration.script);
    await insertMigrationRecord(client, migration.name, migration.checksum, startedAt);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    const reason = error instanceof Error ? error.message : String(error);
    throw new MigrationFailedError(`migration ${migration.name} failed and was rolled back, nothing of it applied: ${reason}`, {
      cause: error,
    });
  }
}
