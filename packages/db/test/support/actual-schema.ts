import pg from 'pg';
import { columnLine, enumLine, foreignKeyLine, sortedDescription, type SchemaDescription } from './schema-description';

/** Reads the public schema of a live database from PostgreSQL's catalogue (Prisma's own table left out). */
export async function readActualSchema(databaseUrl: string): Promise<SchemaDescription> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const tables = await client.query<{ name: string }>(
      `SELECT table_name AS name FROM information_schema.tables
       WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> '_prisma_migrations'`,
    );
    const columns = await client.query<{ table: string; column: string; type: string; not_null: boolean; default: string | null }>(
      `SELECT c.relname AS table, a.attname AS column, format_type(a.atttypid, a.atttypmod) AS type,
              a.attnotnull AS not_null, pg_get_expr(d.adbin, d.adrelid) AS default
       FROM pg_attribute a
       JOIN pg_class c ON c.oid = a.attrelid AND c.relkind = 'r'
       JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
       LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
       WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relname <> '_prisma_migrations'`,
    );
    const indexes = await client.query<{ definition: string }>(
      `SELECT indexdef AS definition FROM pg_indexes WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'`,
    );
    const foreignKeys = await client.query<{ table: string; name: string; definition: string }>(
      `SELECT conrelid::regclass::text AS table, conname AS name, pg_get_constraintdef(oid) AS definition
       FROM pg_constraint WHERE contype = 'f' AND connamespace = 'public'::regnamespace`,
    );
    const enums = await client.query<{ name: string; values: string[] }>(
      `SELECT t.typname AS name, array_agg(e.enumlabel::text ORDER BY e.enumsortorder) AS values
       FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid
       WHERE t.typnamespace = 'public'::regnamespace GROUP BY t.typname`,
    );
    return sortedDescription({
      tables: tables.rows.map((row) => row.name),
      columns: columns.rows.map((row) => columnLine(row.table, row.column, row.type, row.not_null, row.default)),
      indexes: indexes.rows.map((row) => unquoted(row.definition)),
      foreignKeys: foreignKeys.rows.map((row) => unquoted(foreignKeyLine(row.table, row.name, row.definition))),
      enums: enums.rows.map((row) => enumLine(row.name, row.values)),
    });
  } finally {
    await client.end();
  }
}

/** PostgreSQL quotes identifiers that are keywords ("position"); the expected side never quotes. */
function unquoted(definition: string): string {
  return definition.replaceAll('"', '');
}
