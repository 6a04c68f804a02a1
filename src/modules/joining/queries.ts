// SQL for applications and guardians. Persons and memberships are written through
// src/modules/people/queries.ts.
import type { Kysely, Transaction } from 'kysely';
import { sql } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { ApplicationDecision, ApplicationSource } from './tables.ts';

type Q = Kysely<DB> | Transaction<DB>;

export function findTimebankBySlugs(db: Q, networkSlug: string, timebankSlug: string) {
  return db
    .selectFrom('timebank as t')
    .innerJoin('network as n', 'n.id', 't.network_id')
    .where('n.slug', '=', networkSlug)
    .where('t.slug', '=', timebankSlug)
    .select(['t.network_id', 't.id', 't.name', 't.slug', 'n.slug as network_slug'])
    .executeTakeFirst();
}

export async function setBirthDate(db: Q, networkId: string, personId: string, birthDate: string) {
  await db
    .updateTable('person')
    .set({ birth_date: birthDate, birth_year: Number(birthDate.slice(0, 4)) })
    .where('network_id', '=', networkId)
    .where('id', '=', personId)
    .execute();
}

export async function setPasswordHash(db: Q, networkId: string, personId: string, hash: string) {
  await db.updateTable('person').set({ password_hash: hash }).where('network_id', '=', networkId).where('id', '=', personId).execute();
}

export async function fillPerson(db: Q, networkId: string, personId: string, patch: { phone?: string; email?: string }) {
  if (!Object.keys(patch).length) return;
  await db.updateTable('person').set(patch).where('network_id', '=', networkId).where('id', '=', personId).execute();
  if (patch.email) {
    await db.insertInto('sign_in_directory').values({ email: patch.email, network_id: networkId, person_id: personId }).execute();
  }
}

/** People of the network an application may be a duplicate of: the same email, or the same name, date of birth and area. */
export function findDuplicates(
  db: Q,
  networkId: string,
  timebankId: string,
  d: { email: string | null; displayName: string; birthDate: string; areaId: string | null },
) {
  return db
    .selectFrom('person as p')
    .leftJoin('member as m', (j) => j.onRef('m.network_id', '=', 'p.network_id').onRef('m.person_id', '=', 'p.id').on('m.timebank_id', '=', timebankId))
    .where('p.network_id', '=', networkId)
    .where((eb) => {
      const sameName = eb.and([
        eb(sql`lower(p.display_name)`, '=', d.displayName.trim().toLowerCase()),
        eb('p.birth_date', '=', d.birthDate),
        eb.exists(
          eb
            .selectFrom('member as am')
            .whereRef('am.network_id', '=', 'p.network_id')
            .whereRef('am.person_id', '=', 'p.id')
            .where(sql<boolean>`am.area_id is not distinct from ${d.areaId}`)
            .select('am.id'),
        ),
      ]);
      return d.email ? eb.or([eb('p.email', '=', d.email), sameName]) : sameName;
    })
    .select(['p.id as person_id', 'p.display_name', 'p.email', 'p.phone', 'p.birth_date', 'm.id as member_id', 'm.status as member_status'])
    .orderBy('p.id')
    .limit(10)
    .execute();
}

export interface NewApplication {
  networkId: string;
  id: string;
  timebankId: string;
  memberId: string;
  personId: string;
  source: ApplicationSource;
  offer: string | null;
  wants: string | null;
  at: Date;
  createdBy: string | null;
  decision?: ApplicationDecision;
  decisionReason?: string;
}

export async function insertApplication(db: Q, a: NewApplication) {
  await db
    .insertInto('application')
    .values({
      network_id: a.networkId,
      id: a.id,
      timebank_id: a.timebankId,
      member_id: a.memberId,
      person_id: a.personId,
      source: a.source,
      offer: a.offer,
      wants: a.wants,
      data_consent_at: a.at,
      created_at: a.at,
      created_by_person_id: a.createdBy,
      decision: a.decision ?? null,
      decision_reason: a.decisionReason ?? null,
      decided_at: a.decision ? a.at : null,
      decided_by_person_id: a.decision ? a.createdBy : null,
    })
    .execute();
}

function applicationRows(db: Q, networkId: string, timebankId: string) {
  return db
    .selectFrom('application as a')
    .innerJoin('person as p', (j) => j.onRef('p.network_id', '=', 'a.network_id').onRef('p.id', '=', 'a.person_id'))
    .innerJoin('member as m', (j) => j.onRef('m.network_id', '=', 'a.network_id').onRef('m.id', '=', 'a.member_id'))
    .leftJoin('area as ar', (j) => j.onRef('ar.network_id', '=', 'm.network_id').onRef('ar.id', '=', 'm.area_id'))
    .leftJoin('person as dp', (j) => j.onRef('dp.network_id', '=', 'a.network_id').onRef('dp.id', '=', 'a.decided_by_person_id'))
    .where('a.network_id', '=', networkId)
    .where('a.timebank_id', '=', timebankId)
    .select([
      'a.id',
      'a.member_id',
      'a.person_id',
      'a.source',
      'a.offer',
      'a.wants',
      'a.decision',
      'a.decision_reason',
      'a.decided_at',
      'a.created_at',
      'dp.display_name as decided_by_name',
      'p.display_name',
      'p.email',
      'p.phone',
      'p.birth_date',
      'm.status as member_status',
      'ar.name as area_name',
    ]);
}

/** Open applications, oldest first. */
export function openApplications(db: Q, networkId: string, timebankId: string, limit: number) {
  return applicationRows(db, networkId, timebankId).where('a.decision', 'is', null).orderBy('a.created_at').orderBy('a.id').limit(limit).execute();
}

export function findApplication(db: Q, networkId: string, timebankId: string, applicationId: string) {
  return applicationRows(db, networkId, timebankId).where('a.id', '=', applicationId).executeTakeFirst();
}

export function applicationsOfMember(db: Q, networkId: string, timebankId: string, memberId: string) {
  return applicationRows(db, networkId, timebankId).where('a.member_id', '=', memberId).orderBy('a.created_at', 'desc').execute();
}

export async function decideApplication(
  db: Q,
  networkId: string,
  applicationId: string,
  d: { decision: ApplicationDecision; reason: string | null; at: Date; by: string | null },
): Promise<boolean> {
  const r = await db
    .updateTable('application')
    .set({ decision: d.decision, decision_reason: d.reason, decided_at: d.at, decided_by_person_id: d.by })
    .where('network_id', '=', networkId)
    .where('id', '=', applicationId)
    .where('decision', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function setJoinedOn(db: Q, networkId: string, memberId: string, day: string) {
  await db.updateTable('member').set({ joined_on: day }).where('network_id', '=', networkId).where('id', '=', memberId).execute();
}

export async function insertGuardian(
  db: Q,
  g: { networkId: string; id: string; childId: string; guardianId: string; relationship: string; at: Date; by: string | null },
) {
  await db
    .insertInto('guardian')
    .values({
      network_id: g.networkId,
      id: g.id,
      child_person_id: g.childId,
      guardian_person_id: g.guardianId,
      relationship: g.relationship,
      created_at: g.at,
      created_by_person_id: g.by,
    })
    .execute();
}

export async function recordConsent(
  db: Q,
  networkId: string,
  guardianId: string,
  c: { method: 'online' | 'paper'; signedOn: string; at: Date; by: string | null },
) {
  await db
    .updateTable('guardian')
    .set({ consent_method: c.method, consent_signed_on: c.signedOn, consent_recorded_at: c.at, consent_recorded_by_person_id: c.by })
    .where('network_id', '=', networkId)
    .where('id', '=', guardianId)
    .execute();
}

export function guardiansOf(db: Q, networkId: string, childId: string) {
  return db
    .selectFrom('guardian as g')
    .innerJoin('person as p', (j) => j.onRef('p.network_id', '=', 'g.network_id').onRef('p.id', '=', 'g.guardian_person_id'))
    .leftJoin('person as rp', (j) => j.onRef('rp.network_id', '=', 'g.network_id').onRef('rp.id', '=', 'g.consent_recorded_by_person_id'))
    .where('g.network_id', '=', networkId)
    .where('g.child_person_id', '=', childId)
    .select([
      'g.id',
      'g.guardian_person_id',
      'p.display_name',
      'p.email',
      'p.phone',
      'g.relationship',
      'g.consent_method',
      'g.consent_signed_on',
      'g.consent_recorded_at',
      'rp.display_name as consent_recorded_by_name',
    ])
    .orderBy('g.created_at')
    .execute();
}

export function personBirthDate(db: Q, networkId: string, personId: string) {
  return db.selectFrom('person').where('network_id', '=', networkId).where('id', '=', personId).select(['birth_date', 'display_name']).executeTakeFirst();
}
