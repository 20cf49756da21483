import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readActualSchema } from './support/actual-schema';
import { expectedSchemaFrom } from './support/expected-schema';
import { useIsolatedDatabase } from './support/use-isolated-database';

const schemaPath = fileURLToPath(new URL('../prisma/schema.prisma', import.meta.url));

/** Objects the migrations create on purpose that schema.prisma cannot express. */
const SQL_ONLY_INDEXES = [
  // At most one active model version (a partial unique index).
  'CREATE UNIQUE INDEX model_versions_single_active_key ON public.model_versions USING btree (is_active) WHERE is_active',
];

const database = useIsolatedDatabase();

describe('the migrated database', () => {
  it('has exactly the tables, columns, types, defaults, indexes, foreign keys and enums of schema.prisma', async () => {
    const expected = expectedSchemaFrom(schemaPath);
    const actual = await readActualSchema(database.url);

    // One comparison, so the diff lists every difference at once.
    expect(actual).toEqual({ ...expected, indexes: [...expected.indexes, ...SQL_ONLY_INDEXES].sort() });
  });
});
