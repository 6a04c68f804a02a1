// SQL for the demo network: find it, remove it (for --replace), write its rows in bulk.
import { type Insertable, type Kysely, sql, type Transaction } from 'kysely';
import type { DB } from '../db/schema.ts';

type Q = Kysely<DB> | Transaction<DB>;

/** Rows per multi-row INSERT: large enough to be fast, far below the 65,535-parameter limit. */
export const INSERT_CHUNK_ROWS = 500;

export function findNetworkBySlug(db: Q, slug: string) {
  return db
    .selectFrom('network')
    .where('slug', '=', slug)
    .select(['id', 'is_demo'])
    .executeTakeFirst();
}

export async function insertRows<T extends keyof DB & string>(
  db: Q,
  table: T,
  rows: readonly Insertable<DB[T]>[],
  onChunk: (rows: number) => void = () => {},
): Promise<void> {
  for (let i = 0; i < rows.length; i += INSERT_CHUNK_ROWS) {
    const chunk = rows.slice(i, i + INSERT_CHUNK_ROWS);
    await db
      .insertInto(table)
      .values(chunk as never)
      .execute();
    onChunk(chunk.length);
  }
}

/**
 * Deletes every row of one network from every table that has a network_id column, children
 * before parents (from the foreign keys), then the network itself. Finding the tables from the
 * catalogue keeps this right as migrations add tables.
 */
export async function deleteNetwork(tx: Transaction<DB>, networkId: string): Promise<void> {
  for (const table of await networkTablesChildrenFirst(tx)) {
    await sql`delete from ${sql.table(table)} where network_id = ${networkId}`.execute(tx);
  }
  await tx.deleteFrom('network').where('id', '=', networkId).execute();
}

async function networkTablesChildrenFirst(tx: Transaction<DB>): Promise<string[]> {
  const tables = await sql<{ name: string }>`
    select c.table_name as name
    from information_schema.columns c
    join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
    where c.table_schema = current_schema() and c.column_name = 'network_id' and t.table_type = 'BASE TABLE'
    order by c.table_name`.execute(tx);
  const edges = await sql<{ child: string; parent: string }>`
    select child.relname as child, parent.relname as parent
    from pg_constraint k
    join pg_class child on child.oid = k.conrelid
    join pg_class parent on parent.oid = k.confrelid
    where k.contype = 'f' and k.connamespace = current_schema()::regnamespace
      and k.conrelid <> k.confrelid`.execute(tx);
  return childrenFirst(
    tables.rows.map((t) => t.name),
    edges.rows,
  );
}

/** Orders tables so that every table comes before the tables it references. */
export function childrenFirst(
  tables: string[],
  edges: { child: string; parent: string }[],
): string[] {
  const ordered: string[] = [];
  const placed = new Set<string>();
  const visit = (table: string, path: Set<string>) => {
    if (placed.has(table)) return;
    if (path.has(table)) throw new Error(`foreign keys form a cycle through ${table}`);
    path.add(table);
    for (const e of edges) if (e.parent === table && tables.includes(e.child)) visit(e.child, path);
    path.delete(table);
    placed.add(table);
    ordered.push(table);
  };
  for (const t of tables) visit(t, new Set());
  return ordered;
}
