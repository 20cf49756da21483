import type pg from 'pg';

/**
 * Prisma's own bookkeeping table, created exactly as `prisma migrate` creates it, so that
 * `prisma migrate deploy` (run wherever its engine can be downloaded) agrees with what we applied.
 */
const CREATE_TABLE = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

export interface MigrationRecord {
  name: string;
  checksum: string;
  /** null while running, or forever when the attempt failed and nobody resolved it. */
  finishedAt: Date | null;
}

export async function ensureMigrationsTable(client: pg.ClientBase): Promise<void> {
  await client.query(CREATE_TABLE);
}

/** Migrations that count as applied or failed; rows marked rolled back are history only, as in Prisma. */
export async function readMigrationRecords(client: pg.ClientBase): Promise<MigrationRecord[]> {
  const { rows } = await client.query<{ migration_name: string; checksum: string; finished_at: Date | null }>(
    `SELECT migration_name, checksum, finished_at FROM "_prisma_migrations"
     WHERE rolled_back_at IS NULL ORDER BY started_at`,
  );
  return rows.map((row) => ({ name: row.migration_name, checksum: row.checksum, finishedAt: row.finished_at }));
}

/** Records a migration the way Prisma does after applying it: one step, finished now, no logs. */
export async function insertMigrationRecord(client: pg.ClientBase, name: string, checksum: string, startedAt: Date): Promise<void> {
  await client.query(
    `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, logs, started_at, applied_steps_count)
     VALUES (gen_random_uuid(), $1, now(), $2, NULL, $3, 1)`,
    [checksum, name, startedAt],
  );
}
