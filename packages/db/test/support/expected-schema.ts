import { readFileSync } from 'node:fs';
import { get_dmmf } from '@prisma/prisma-schema-wasm';
import { columnLine, enumLine, foreignKeyLine, sortedDescription, type SchemaDescription } from './schema-description';

// The parts of Prisma's DMMF (its parsed schema, from Prisma's own schema parser) that we read.
interface DmmfField {
  name: string;
  dbName?: string | null;
  kind: 'scalar' | 'object' | 'enum' | 'unsupported';
  isList: boolean;
  isRequired: boolean;
  type: string;
  nativeType?: [string, string[]] | null;
  hasDefaultValue: boolean;
  default?: unknown;
  relationFromFields?: string[];
  relationToFields?: string[];
  relationOnDelete?: string;
  relationOnUpdate?: string;
}
interface DmmfModel {
  name: string;
  dbName: string | null;
  fields: DmmfField[];
}
interface DmmfIndex {
  model: string;
  type: 'id' | 'normal' | 'unique' | 'fulltext';
  dbName?: string | null;
  fields: Array<{ name: string; sortOrder?: 'asc' | 'desc' }>;
}
interface DmmfEnum {
  name: string;
  dbName?: string | null;
  values: Array<{ name: string; dbName?: string | null }>;
}
interface Dmmf {
  datamodel: { models: DmmfModel[]; enums: DmmfEnum[]; indexes: DmmfIndex[] };
}

/** PostgreSQL truncates identifiers to 63 bytes; Prisma shortens its default names to fit, keeping the suffix. */
const MAX_IDENTIFIER_LENGTH = 63;

/** What PostgreSQL should hold after migrating, derived from schema.prisma with Prisma's own parser. */
export function expectedSchemaFrom(schemaPath: string): SchemaDescription {
  const dmmf = JSON.parse(get_dmmf(JSON.stringify({ prismaSchema: [[schemaPath, readFileSync(schemaPath, 'utf8')]] }))) as Dmmf;
  const { models, enums, indexes } = dmmf.datamodel;
  const enumDbNames = new Map(enums.map((e) => [e.name, e.dbName ?? e.name]));
  const modelsByName = new Map(models.map((model) => [model.name, model]));
  const table = (model: DmmfModel) => model.dbName ?? model.name;
  const column = (model: DmmfModel, fieldName: string) => {
    const field = model.fields.find((candidate) => candidate.name === fieldName);
    if (!field) throw new Error(`${model.name} has no field ${fieldName}`);
    return field.dbName ?? field.name;
  };

  const columns = models.flatMap((model) =>
    model.fields
      .filter((field) => field.kind === 'scalar' || field.kind === 'enum')
      .map((field) => columnLine(table(model), field.dbName ?? field.name, columnType(field, enumDbNames), field.isRequired, columnDefault(field, enumDbNames))),
  );

  const indexLines = indexes.map((index) => {
    const model = modelsByName.get(index.model)!;
    const columnNames = index.fields.map((field) => column(model, field.name));
    const suffix = { id: '_pkey', unique: '_key', normal: '_idx', fulltext: '_idx' }[index.type];
    const name = index.dbName ?? defaultName(table(model), index.type === 'id' ? [] : columnNames, suffix);
    const keys = index.fields.map((field, i) => `${columnNames[i]}${field.sortOrder === 'desc' ? ' DESC' : ''}`);
    const unique = index.type === 'normal' ? '' : 'UNIQUE ';
    return `CREATE ${unique}INDEX ${name} ON public.${table(model)} USING btree (${keys.join(', ')})`;
  });

  const foreignKeys = models.flatMap((model) =>
    model.fields
      .filter((field) => field.kind === 'object' && (field.relationFromFields?.length ?? 0) > 0)
      .map((field) => {
        const target = modelsByName.get(field.type)!;
        const from = field.relationFromFields!.map((name) => column(model, name));
        const to = field.relationToFields!.map((name) => column(target, name));
        // Prisma's defaults: optional relations set null, required ones restrict; updates cascade.
        const onDelete = field.relationOnDelete ?? (field.isRequired ? 'Restrict' : 'SetNull');
        const onUpdate = field.relationOnUpdate ?? 'Cascade';
        const actions = [referentialAction('UPDATE', onUpdate), referentialAction('DELETE', onDelete)].filter(Boolean).join(' ');
        const definition = `FOREIGN KEY (${from.join(', ')}) REFERENCES ${table(target)}(${to.join(', ')})${actions ? ` ${actions}` : ''}`;
        return foreignKeyLine(table(model), defaultName(table(model), from, '_fkey'), definition);
      }),
  );

  return sortedDescription({
    tables: models.map(table),
    columns,
    indexes: indexLines,
    foreignKeys,
    enums: enums.map((e) =>
      enumLine(
        e.dbName ?? e.name,
        e.values.map((value) => value.dbName ?? value.name),
      ),
    ),
  });
}

function defaultName(tableName: string, columnNames: string[], suffix: string): string {
  return [tableName, ...columnNames].join('_').slice(0, MAX_IDENTIFIER_LENGTH - suffix.length) + suffix;
}

/** The type as PostgreSQL's format_type() prints what Prisma migrate creates for the field. */
function columnType(field: DmmfField, enumDbNames: Map<string, string>): string {
  if (field.isList) throw new Error(`expected-schema: list field ${field.name} is not supported yet`);
  if (field.kind === 'enum') return enumDbNames.get(field.type)!;
  const [native, args] = field.nativeType ?? [null, []];
  if (native === null) {
    const prismaDefaults: Record<string, string> = {
      String: 'text',
      Int: 'integer',
      BigInt: 'bigint',
      Float: 'double precision',
      Decimal: 'numeric(65,30)',
      Boolean: 'boolean',
      DateTime: 'timestamp(3) without time zone',
      Json: 'jsonb',
      Bytes: 'bytea',
    };
    const type = prismaDefaults[field.type];
    if (!type) throw new Error(`expected-schema: no PostgreSQL type known for ${field.type} (field ${field.name})`);
    return type;
  }
  const nativeTypes: Record<string, (args: string[]) => string> = {
    Uuid: () => 'uuid',
    Text: () => 'text',
    VarChar: ([length]) => (length ? `character varying(${length})` : 'character varying'),
    Timestamptz: ([precision]) => `timestamp(${precision ?? 6}) with time zone`,
    Timestamp: ([precision]) => `timestamp(${precision ?? 6}) without time zone`,
    Integer: () => 'integer',
    SmallInt: () => 'smallint',
    DoublePrecision: () => 'double precision',
    JsonB: () => 'jsonb',
  };
  const render = nativeTypes[native];
  if (!render) throw new Error(`expected-schema: native type @db.${native} (field ${field.name}) is not supported yet`);
  return render(args);
}

/** The default expression as PostgreSQL prints it, or null when the column has none in the database. */
function columnDefault(field: DmmfField, enumDbNames: Map<string, string>): string | null {
  if (!field.hasDefaultValue) return null;
  const value = field.default;
  if (field.kind === 'enum') return `'${String(value)}'::${enumDbNames.get(field.type)}`;
  if (typeof value === 'boolean' || typeof value === 'number') return String(value);
  if (typeof value === 'string') return `'${value.replaceAll("'", "''")}'::text`;
  const fn = value as { name: string; args: unknown[] };
  switch (fn.name) {
    case 'now':
      return 'CURRENT_TIMESTAMP';
    case 'uuid':
    case 'cuid':
    case 'ulid':
    case 'nanoid':
      return null; // generated by Prisma Client, not by the database
    case 'dbgenerated':
      return String(fn.args[0]);
    case 'autoincrement':
      throw new Error(`expected-schema: autoincrement (field ${field.name}) is not supported yet`);
    default:
      throw new Error(`expected-schema: default ${fn.name}() (field ${field.name}) is not supported yet`);
  }
}

function referentialAction(event: 'UPDATE' | 'DELETE', action: string): string {
  const sql: Record<string, string> = { Cascade: 'CASCADE', Restrict: 'RESTRICT', SetNull: 'SET NULL', SetDefault: 'SET DEFAULT', NoAction: '' };
  if (!(action in sql)) throw new Error(`expected-schema: unknown referential action ${action}`);
  return sql[action] ? `ON ${event} ${sql[action]}` : '';
}
