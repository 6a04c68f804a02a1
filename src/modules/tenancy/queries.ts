// SQL for networks, timebanks, areas and role grants.
import type { Kysely, Transaction } from 'kysely';
import type { DB, GrantedRole } from '../../db/schema.ts';
import { DEFAULT_ZONE } from '../../lib/zone.ts';

type Q = Kysely<DB> | Transaction<DB>;

export function listTimebanks(db: Q, networkId: string) {
  return db
    .selectFrom('timebank')
    .where('network_id', '=', networkId)
    .select(['id', 'slug', 'name', 'totp_waived', 'default_locale', 'time_zone'])
    .orderBy('name')
    .execute();
}

export function findTimebank(db: Q, networkId: string, timebankId: string) {
  return db
    .selectFrom('timebank')
    .where('network_id', '=', networkId)
    .where('id', '=', timebankId)
    .select(['id', 'slug', 'name', 'totp_waived', 'default_locale', 'time_zone'])
    .executeTakeFirst();
}

/** The zone a timebank keeps its diary in (lib/zone.ts); the default for an unknown timebank. */
export async function timeZoneOf(db: Q, networkId: string, timebankId: string): Promise<string> {
  const row = await db.selectFrom('timebank').where('network_id', '=', networkId).where('id', '=', timebankId).select('time_zone').executeTakeFirst();
  return row?.time_zone ?? DEFAULT_ZONE;
}

export function findNetwork(db: Q, networkId: string) {
  return db.selectFrom('network').where('id', '=', networkId).selectAll().executeTakeFirst();
}

export function findNetworkBySlug(db: Q, slug: string) {
  return db.selectFrom('network').where('slug', '=', slug).selectAll().executeTakeFirst();
}

export async function insertNetwork(db: Q, row: { id: string; slug: string; name: string; isDemo: boolean }) {
  await db.insertInto('network').values({ id: row.id, slug: row.slug, name: row.name, is_demo: row.isDemo }).execute();
}

export async function insertTimebank(
  db: Q,
  row: { networkId: string; id: string; slug: string; name: string; totpWaived: boolean },
) {
  await db
    .insertInto('timebank')
    .values({ network_id: row.networkId, id: row.id, slug: row.slug, name: row.name, totp_waived: row.totpWaived })
    .execute();
}

export async function updateTimebank(
  db: Q,
  networkId: string,
  timebankId: string,
  patch: { name?: string; totp_waived?: boolean; default_locale?: string; time_zone?: string },
) {
  await db.updateTable('timebank').set(patch).where('network_id', '=', networkId).where('id', '=', timebankId).execute();
}

export function listAreas(db: Q, networkId: string, timebankId: string) {
  return db
    .selectFrom('area')
    .where('network_id', '=', networkId)
    .where('timebank_id', '=', timebankId)
    .select(['id', 'name', 'kind'])
    .orderBy('name')
    .execute();
}

export async function insertArea(
  db: Q,
  row: { networkId: string; id: string; timebankId: string; name: string; kind: DB['area']['kind'] },
) {
  await db
    .insertInto('area')
    .values({ network_id: row.networkId, id: row.id, timebank_id: row.timebankId, name: row.name, kind: row.kind })
    .execute();
}

export async function insertGrant(
  db: Q,
  row: { networkId: string; id: string; personId: string; role: GrantedRole; timebankId: string | null; by: string | null },
) {
  await db
    .insertInto('role_grant')
    .values({
      network_id: row.networkId,
      id: row.id,
      person_id: row.personId,
      role: row.role,
      timebank_id: row.timebankId,
      created_by_person_id: row.by,
    })
    .execute();
}

export async function deleteGrant(db: Q, networkId: string, grantId: string) {
  const r = await db.deleteFrom('role_grant').where('network_id', '=', networkId).where('id', '=', grantId).executeTakeFirst();
  return Number(r.numDeletedRows);
}

export function findGrant(db: Q, networkId: string, grantId: string) {
  return db.selectFrom('role_grant').where('network_id', '=', networkId).where('id', '=', grantId).selectAll().executeTakeFirst();
}

export function grantExists(db: Q, networkId: string, personId: string, role: GrantedRole, timebankId: string | null) {
  let q = db
    .selectFrom('role_grant')
    .where('network_id', '=', networkId)
    .where('person_id', '=', personId)
    .where('role', '=', role);
  q = timebankId === null ? q.where('timebank_id', 'is', null) : q.where('timebank_id', '=', timebankId);
  return q.select('id').executeTakeFirst();
}
