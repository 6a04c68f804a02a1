import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type TestDatabase } from '../../test/support/db.ts';
import { listMigrations, migrate } from './migrate.ts';

let database: TestDatabase;
beforeAll(async () => {
  database = await freshDatabase();
});
afterAll(async () => {
  await database.close();
});

describe('migrations', () => {
  it('applies every numbered file once and records it', async () => {
    const rows = await sql<{ version: number }>`select version from schema_migration order by version`.execute(
      database.db,
    );
    expect(rows.rows.map((r) => r.version)).toEqual(listMigrations().map((m) => m.version));
  });

  it('is a no-op when run again', async () => {
    const result = await migrate(database);
    expect(result.applied).toEqual([]);
  });

  it('puts network_id first in every primary key of a network table', async () => {
    const rows = await sql<{ table_name: string; first_column: string }>`
      select tc.table_name, kcu.column_name as first_column
      from information_schema.table_constraints tc
      join information_schema.key_column_usage kcu
        on kcu.constraint_name = tc.constraint_name and kcu.table_schema = tc.table_schema
      where tc.constraint_type = 'PRIMARY KEY' and tc.table_schema = current_schema()
        and kcu.ordinal_position = 1`.execute(database.db);
    const global = new Set(['network', 'sign_in_directory', 'sign_in_throttle', 'schema_migration']);
    const offenders = rows.rows.filter((r) => !global.has(r.table_name) && r.first_column !== 'network_id');
    expect(offenders).toEqual([]);
    expect(rows.rows.length).toBeGreaterThan(8);
  });

  it('reads int8 as a number and date as a YYYY-MM-DD string on both engines', async () => {
    const r = await sql<{ big: number; day: string }>`
      select 9007199254740991::int8 as big, date '2026-03-01' as day`.execute(database.db);
    expect(r.rows[0]).toEqual({ big: 9007199254740991, day: '2026-03-01' });
  });
});
