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
 * Deletes a demo network whole: every row of it from every table that has a network_id column,
 * children before parents (from the foreign keys), then the network. Finding the tables in the
 * catalogue keeps this right as migrations add tables. Guards that keep history append-only
 * (the ledger's transfer trigger) are lifted for this transaction only, table by table, and
 * only for a network marked as a demo.
 */
export async function deleteDemoNetwork(tx: Transaction<DB>, networkId: string): Promise<void> {
  const network = await tx
    .selectFrom('network')
    .where('id', '=', networkId)
    .select('is_demo')
    .executeTakeFirst();
  if (network?.is_demo !== true)
    throw new Error(`network ${networkId} is not a demo network; it is never deleted`);
  // Deferred foreign keys (exchange_hours → transfer) are checked as each delete runs, so no
  // trigger event is pending when a guarded table's triggers are lifted.
  await sql`set constraints all immediate`.execute(tx);
  for (const { name, guarded } of await networkTablesChildrenFirst(tx)) {
    if (guarded) await sql`alter table ${sql.table(name)} disable trigger user`.execute(tx);
    await sql`delete from ${sql.table(name)} where network_id = ${networkId}`.execute(tx);
    if (guarded) await sql`alter table ${sql.table(name)} enable trigger user`.execute(tx);
  }
  await tx.deleteFrom('network').where('id', '=', networkId).execute();
}

async function networkTablesChildrenFirst(
  tx: Transaction<DB>,
): Promise<{ name: string; guarded: boolean }[]> {
  const tables = await sql<{ name: string; guarded: boolean }>`
    select c.table_name as name,
      exists (
        select 1 from pg_trigger g join pg_class r on r.oid = g.tgrelid
        where r.relname = c.table_name and r.relnamespace = current_schema()::regnamespace
          and not g.tgisinternal
      ) as guarded
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
  const guarded = new Map(tables.rows.map((t) => [t.name, t.guarded]));
  return childrenFirst([...guarded.keys()], edges.rows).map((name) => ({
    name,
    guarded: guarded.get(name)!,
  }));
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

/** What each member and organisation account of the network can still spend: its posted
 * balance less pending debits, above its lowest allowed balance (null: no floor). */
export async function spendable(
  db: Q,
  networkId: string,
): Promise<{ memberId: string | null; organisationId: string | null; minutes: number | null }[]> {
  const rows = await sql<{
    member_id: string | null;
    organisation_id: string | null;
    minutes: number | null;
  }>`
    select member_id, organisation_id,
      (credits_posted - debits_posted - debits_pending - balance_minutes_min)::int as minutes
    from account
    where network_id = ${networkId} and owner_kind in ('member', 'organisation')`.execute(db);
  return rows.rows.map((r) => ({
    memberId: r.member_id,
    organisationId: r.organisation_id,
    minutes: r.minutes === null ? null : Number(r.minutes),
  }));
}
