import { DataSource } from 'typeorm';
import { useMediumDatabase } from '../testing/medium';

/**
 * Every table has one entity, and each entity says what the migrations made: the same columns,
 * types and nullability, the same primary key. Synchronisation stays off (the migrations are the
 * schema); this holds the entities to them, so a row read through an entity is the row stored.
 */
interface Column {
  type: string;
  nullable: boolean;
}
type Table = Record<string, Column>;

/** PostgreSQL's name of an array's element type (information_schema's udt_name without `_`). */
const ELEMENT: Record<string, string> = { text: 'text', uuid: 'uuid', int4: 'integer' };

async function migratedSchema(ds: DataSource) {
  const rows: Array<{
    table_name: string;
    column_name: string;
    data_type: string;
    udt_name: string;
    is_nullable: 'YES' | 'NO';
    numeric_precision: number | null;
    numeric_scale: number | null;
  }> = await ds.query(
    `SELECT c.table_name, c.column_name, c.data_type, c.udt_name, c.is_nullable, c.numeric_precision, c.numeric_scale
       FROM information_schema.columns c JOIN information_schema.tables t USING (table_schema, table_name)
      WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE' AND c.table_name <> 'typeorm_migrations'`,
  );
  const tables: Record<string, Table> = {};
  for (const r of rows) {
    let type = r.data_type === 'ARRAY' ? `${ELEMENT[r.udt_name.slice(1)] ?? r.udt_name}[]` : r.data_type;
    if (type === 'numeric' && r.numeric_precision !== null)
      type += `(${r.numeric_precision},${r.numeric_scale})`;
    (tables[r.table_name] ??= {})[r.column_name] = { type, nullable: r.is_nullable === 'YES' };
  }
  const keys: Array<{ table_name: string; column_name: string }> = await ds.query(
    `SELECT k.table_name, k.column_name
       FROM information_schema.table_constraints c
       JOIN information_schema.key_column_usage k USING (constraint_schema, constraint_name, table_name)
      WHERE c.table_schema = 'public' AND c.constraint_type = 'PRIMARY KEY'`,
  );
  const primary: Record<string, string[]> = {};
  for (const k of keys) (primary[k.table_name] ??= []).push(k.column_name);
  return { tables, primary };
}

function entitySchema(ds: DataSource) {
  const tables: Record<string, Table> = {};
  const primary: Record<string, string[]> = {};
  const owners: Record<string, string[]> = {};
  for (const m of ds.entityMetadatas) {
    (owners[m.tableName] ??= []).push(m.name);
    const table: Table = (tables[m.tableName] = {});
    for (const c of m.columns) {
      let type = ds.driver.normalizeType(c);
      if (type === 'numeric' && c.precision != null) type += `(${c.precision},${c.scale ?? 0})`;
      table[c.databaseName] = { type: c.isArray ? `${type}[]` : type, nullable: c.isNullable };
    }
    primary[m.tableName] = m.primaryColumns.map((c) => c.databaseName);
  }
  return { tables, primary, owners };
}

const show = (c: Column | undefined) => (c ? `${c.type}${c.nullable ? ' null' : ' not null'}` : 'absent');

describe('entities and the migrated schema (real PostgreSQL)', () => {
  const db = useMediumDatabase();

  it('gives every table exactly one entity, and no entity a table the migrations did not make', async () => {
    const migrated = await migratedSchema(db.ds);
    const { owners } = entitySchema(db.ds);
    expect(Object.keys(migrated.tables).filter((t) => !owners[t])).toEqual([]);
    expect(Object.keys(owners).filter((t) => !migrated.tables[t])).toEqual([]);
    expect(Object.entries(owners).filter(([, names]) => names.length > 1)).toEqual([]);
  });

  it('maps every column with its type and nullability, and the primary key', async () => {
    const migrated = await migratedSchema(db.ds);
    const entities = entitySchema(db.ds);
    // Each difference named (`table.column: migrated vs entity`), so a failure says what to fix.
    const differences = Object.keys(entities.tables).flatMap((table) => {
      const [want, have] = [migrated.tables[table] ?? {}, entities.tables[table]];
      const columns = [...new Set([...Object.keys(want), ...Object.keys(have)])].sort();
      const key = (cols: string[] = []) => [...cols].sort().join(', ');
      return [
        ...columns
          .filter((c) => show(want[c]) !== show(have[c]))
          .map((c) => `${table}.${c}: migrated ${show(want[c])}, entity ${show(have[c])}`),
        ...(key(migrated.primary[table]) === key(entities.primary[table])
          ? []
          : [
              `${table} primary key: migrated (${key(migrated.primary[table])}), entity (${key(entities.primary[table])})`,
            ]),
      ];
    });
    expect(differences).toEqual([]);
  });
});
