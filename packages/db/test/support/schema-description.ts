/**
 * A database schema as sorted lines of text, one per table, column, index, foreign key and enum,
 * written the way PostgreSQL itself prints them, so a mismatch shows up as a readable diff.
 */
export interface SchemaDescription {
  tables: string[];
  columns: string[];
  indexes: string[];
  foreignKeys: string[];
  enums: string[];
}

export function columnLine(table: string, column: string, type: string, notNull: boolean, defaultExpression: string | null): string {
  const nullability = notNull ? 'NOT NULL' : 'NULL';
  return `${table}.${column} ${type} ${nullability}${defaultExpression === null ? '' : ` DEFAULT ${defaultExpression}`}`;
}

export function enumLine(name: string, values: string[]): string {
  return `${name}: ${values.join(', ')}`;
}

export function foreignKeyLine(table: string, name: string, definition: string): string {
  return `${table} ${name} ${definition}`;
}

export function sortedDescription(description: SchemaDescription): SchemaDescription {
  return {
    tables: [...description.tables].sort(),
    columns: [...description.columns].sort(),
    indexes: [...description.indexes].sort(),
    foreignKeys: [...description.foreignKeys].sort(),
    enums: [...description.enums].sort(),
  };
}
