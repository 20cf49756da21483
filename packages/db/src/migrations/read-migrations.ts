import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { migrationChecksum } from './checksum';

/** prisma/migrations of this package. */
export const defaultMigrationsDir = fileURLToPath(new URL('../../prisma/migrations', import.meta.url));

export interface MigrationFile {
  /** The folder name, e.g. "20250601000000_init"; Prisma applies migrations in this name's order. */
  name: string;
  script: string;
  checksum: string;
}

/** Reads every `<name>/migration.sql` under the folder, in the order Prisma applies them. */
export async function readMigrations(migrationsDir: string): Promise<MigrationFile[]> {
  if (!existsSync(migrationsDir)) throw new Error(`migrations folder ${migrationsDir} does not exist`);
  const entries = await readdir(migrationsDir, { withFileTypes: true });
  const names = entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  return Promise.all(
    names.map(async (name) => {
      const path = join(migrationsDir, name, 'migration.sql');
      if (!existsSync(path)) throw new Error(`migration folder ${name} has no migration.sql (${path})`);
      const script = await readFile(path, 'utf8');
      return { name, script, checksum: migrationChecksum(script) };
    }),
  );
}
