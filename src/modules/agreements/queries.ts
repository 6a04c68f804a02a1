// SQL for the member agreement: its versions (never updated) and signatures.
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';

type Q = Kysely<DB> | Transaction<DB>;

export function currentVersion(db: Q, networkId: string, timebankId: string) {
  return db
    .selectFrom('agreement_version')
    .where('network_id', '=', networkId)
    .where('timebank_id', '=', timebankId)
    .selectAll()
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export async function insertVersion(
  db: Q,
  v: { networkId: string; id: string; timebankId: string; version: number; bodyEn: string | null; bodyPl: string | null; at: Date; by: string | null },
) {
  await db
    .insertInto('agreement_version')
    .values({
      network_id: v.networkId,
      id: v.id,
      timebank_id: v.timebankId,
      version: v.version,
      body_en: v.bodyEn,
      body_pl: v.bodyPl,
      published_at: v.at,
      published_by_person_id: v.by,
    })
    .execute();
}

export function signatureOf(db: Q, networkId: string, versionId: string, personId: string) {
  return db
    .selectFrom('agreement_signature as s')
    .leftJoin('person as rp', (j) => j.onRef('rp.network_id', '=', 's.network_id').onRef('rp.id', '=', 's.recorded_by_person_id'))
    .where('s.network_id', '=', networkId)
    .where('s.version_id', '=', versionId)
    .where('s.person_id', '=', personId)
    .select(['s.id', 's.method', 's.signed_on', 's.recorded_at', 'rp.display_name as recorded_by_name'])
    .executeTakeFirst();
}

/** Inserts a signature unless that person already signed that version; true when inserted. */
export async function insertSignature(
  db: Q,
  s: { networkId: string; id: string; versionId: string; personId: string; method: 'online' | 'paper'; signedOn: string; at: Date; by: string | null },
): Promise<boolean> {
  const r = await db
    .insertInto('agreement_signature')
    .values({
      network_id: s.networkId,
      id: s.id,
      version_id: s.versionId,
      person_id: s.personId,
      method: s.method,
      signed_on: s.signedOn,
      recorded_at: s.at,
      recorded_by_person_id: s.by,
    })
    .onConflict((oc) => oc.columns(['network_id', 'version_id', 'person_id']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return r !== undefined;
}

/** Active members of a timebank who have not signed a version, by name. */
export function activeUnsigned(db: Q, networkId: string, timebankId: string, versionId: string) {
  return db
    .selectFrom('member as m')
    .innerJoin('person as p', (j) => j.onRef('p.network_id', '=', 'm.network_id').onRef('p.id', '=', 'm.person_id'))
    .where('m.network_id', '=', networkId)
    .where('m.timebank_id', '=', timebankId)
    .where('m.status', '=', 'active')
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('agreement_signature as s')
            .whereRef('s.network_id', '=', 'm.network_id')
            .whereRef('s.person_id', '=', 'm.person_id')
            .where('s.version_id', '=', versionId)
            .select('s.id'),
        ),
      ),
    )
    .select(['m.id as member_id', 'p.id as person_id', 'p.display_name', 'p.phone', 'p.email'])
    .orderBy('p.display_name')
    .orderBy('m.id')
    .limit(1000)
    .execute();
}
