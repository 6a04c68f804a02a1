// SQL the CLI needs beyond what the modules offer.
import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB } from '../db/schema.ts';

type Q = Kysely<DB> | Transaction<DB>;

export async function hasAnyNetwork(db: Q): Promise<boolean> {
  const row = await db.selectFrom('network').select('id').limit(1).executeTakeFirst();
  return row !== undefined;
}

export async function setPasswordHash(
  db: Q,
  networkId: string,
  personId: string,
  passwordHash: string,
) {
  await db
    .updateTable('person')
    .set({ password_hash: passwordHash })
    .where('network_id', '=', networkId)
    .where('id', '=', personId)
    .execute();
}

/** The highest migration applied, 0 when none has been. */
export async function appliedVersion(db: Q): Promise<number> {
  const table = await sql<{
    found: string | null;
  }>`select to_regclass('schema_migration')::text as found`.execute(db);
  if (!table.rows[0]?.found) return 0;
  const row = await sql<{
    version: number | null;
  }>`select max(version) as version from schema_migration`.execute(db);
  return row.rows[0]?.version ?? 0;
}
