// Writes that replace a set of rows (delete what is there, insert the new set) must not run
// side by side for the same owner: both would delete, then both insert the same keys, and the
// second would fail on the unique key (an error 500 for a plain PUT sent twice at once). Such a
// write first takes a transaction-scoped advisory lock on its owner, so a second one waits for
// the first to commit and then replaces what it wrote. Works on PGlite and the server alike.
import { sql, type Transaction } from 'kysely';
import type { DB } from './schema.ts';

export async function serializeOn(tx: Transaction<DB>, ...key: string[]): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtextextended(${key.join('/')}, 0))`.execute(tx);
}
