// SQL the CLI needs beyond what the modules offer.
import type { Kysely, Transaction } from 'kysely';
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
