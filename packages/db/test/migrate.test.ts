import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { MigrationChecksumError, MigrationFailedError, migrateDatabase } from '../src/index';
import { useIsolatedDatabase } from './support/use-isolated-database';

const migrationsDir = fileURLToPath(new URL('../prisma/migrations', import.meta.url));
const migrationNames = readdirSync(migrationsDir, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

const database = useIsolatedDatabase();

async function query<T extends pg.QueryResultRow>(sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

/** A scratch copy of prisma/migrations that a test may change, plus optional extra migrations. */
const scratchDirs: string[] = [];
function copyOfMigrations(extra: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'migrations-'));
  scratchDirs.push(dir);
  cpSync(migrationsDir, dir, { recursive: true });
  for (const [name, script] of Object.entries(extra)) {
    mkdirSync(join(dir, name));
    writeFileSync(join(dir, name, 'migration.sql'), script);
  }
  return dir;
}
afterEach(() => {
  for (const dir of scratchDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('migrateDatabase', () => {
  it('records every applied migration in _prisma_migrations exactly as Prisma does', async () => {
    const rows = await query<{ migration_name: string; checksum: string; finished_at: Date | null; applied_steps_count: number }>(
      'SELECT migration_name, checksum, finished_at, applied_steps_count FROM _prisma_migrations ORDER BY migration_name',
    );
    expect(rows.map((row) => row.migration_name)).toEqual(migrationNames);
    for (const row of rows) {
      const script = readFileSync(join(migrationsDir, row.migration_name, 'migration.sql'));
      expect(row.checksum).toBe(createHash('sha256').update(script).digest('hex'));
      expect(row.finished_at).toBeInstanceOf(Date);
      expect(row.applied_steps_count).toBe(1);
    }
  });

  it('does nothing when run again', async () => {
    const before = await query('SELECT id FROM _prisma_migrations ORDER BY id');
    await expect(migrateDatabase(database.url)).resolves.toEqual({ applied: [] });
    expect(await query('SELECT id FROM _prisma_migrations ORDER BY id')).toEqual(before);
  });

  it('applies a new migration once when two processes migrate at the same time', async () => {
    // The sleep keeps the first migration running while the second process asks for the lock.
    const dir = copyOfMigrations({
      '29990101000000_concurrent': 'SELECT pg_sleep(0.3);\nCREATE TABLE "concurrent_probe" ("id" INTEGER NOT NULL);\n',
    });
    const results = await Promise.all([migrateDatabase(database.url, undefined, dir), migrateDatabase(database.url, undefined, dir)]);
    expect(results.map((result) => result.applied).sort()).toEqual([[], ['29990101000000_concurrent']]);
    expect(await query(`SELECT 1 FROM _prisma_migrations WHERE migration_name = '29990101000000_concurrent'`)).toHaveLength(1);
  });

  it('refuses to run when an applied migration file was changed, and changes nothing', async () => {
    const first = migrationNames[0]!;
    const dir = copyOfMigrations({ '29990102000000_never_applied': 'CREATE TABLE "never_applied" ("id" INTEGER);\n' });
    writeFileSync(join(dir, first, 'migration.sql'), readFileSync(join(dir, first, 'migration.sql'), 'utf8') + '\n-- edited\n');

    await expect(migrateDatabase(database.url, undefined, dir)).rejects.toThrow(MigrationChecksumError);
    await expect(migrateDatabase(database.url, undefined, dir)).rejects.toThrow(`migration ${first} was modified after it was applied`);
    expect(await query(`SELECT to_regclass('never_applied') AS table`)).toEqual([{ table: null }]);
  });

  it('accepts a migration file whose line endings git turned into CRLF, as Prisma does', async () => {
    const first = migrationNames[0]!;
    const dir = copyOfMigrations();
    const script = readFileSync(join(dir, first, 'migration.sql'), 'utf8');
    writeFileSync(join(dir, first, 'migration.sql'), script.replaceAll('\n', '\r\n'));
    await expect(migrateDatabase(database.url, undefined, dir)).resolves.toEqual({ applied: [] });
  });

  it('rolls a failing migration back completely and records nothing for it', async () => {
    const dir = copyOfMigrations({
      '29990103000000_broken': 'CREATE TABLE "half_done" ("id" INTEGER);\nSELECT * FROM "no_such_table";\n',
    });
    await expect(migrateDatabase(database.url, undefined, dir)).rejects.toThrow(MigrationFailedError);
    await expect(migrateDatabase(database.url, undefined, dir)).rejects.toThrow(/29990103000000_broken failed.*no_such_table/);
    expect(await query(`SELECT to_regclass('half_done') AS table`)).toEqual([{ table: null }]);
    expect(await query(`SELECT 1 FROM _prisma_migrations WHERE migration_name = '29990103000000_broken'`)).toHaveLength(0);
  });

  it('refuses to continue after an attempt another tool left unfinished', async () => {
    await query(`INSERT INTO _prisma_migrations (id, checksum, migration_name, started_at) VALUES (gen_random_uuid(), 'x', '29990104000000_crashed', now())`);
    try {
      await expect(migrateDatabase(database.url)).rejects.toThrow(/29990104000000_crashed failed earlier/);
    } finally {
      await query(`DELETE FROM _prisma_migrations WHERE migration_name = '29990104000000_crashed'`);
    }
  });

  it('says clearly when the migrations folder is missing', async () => {
    await expect(migrateDatabase(database.url, undefined, '/nonexistent/migrations')).rejects.toThrow('migrations folder /nonexistent/migrations does not exist');
  });
});
