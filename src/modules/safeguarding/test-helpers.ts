// Helpers the safeguarding, preferences and their pages' tests share.
import type { Kysely } from 'kysely';
import { expect } from 'vitest';
import { Client, type TestServer } from '../../../test/support/http.ts';
import type { DB } from '../../db/schema.ts';

export async function signedIn(server: TestServer, email: string | null): Promise<Client> {
  const c = new Client(server.url);
  expect((await c.signIn(email as string)).status).toBe(200);
  return c;
}

export async function memberIdOf(db: Kysely<DB>, personId: string, timebankId: string): Promise<string> {
  const row = await db.selectFrom('member').where('person_id', '=', personId).where('timebank_id', '=', timebankId).select('id').executeTakeFirstOrThrow();
  return row.id;
}
