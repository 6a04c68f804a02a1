// SQL for restrictions, preferences and availability windows of a member.
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { DayPart, RestrictionKind } from './tables.ts';

type Q = Kysely<DB> | Transaction<DB>;

export function restrictions(db: Q, networkId: string, memberId: string) {
  return db
    .selectFrom('member_restriction as r')
    .leftJoin('person as p', (j) => j.onRef('p.network_id', '=', 'r.network_id').onRef('p.id', '=', 'r.set_by_person_id'))
    .where('r.network_id', '=', networkId)
    .where('r.member_id', '=', memberId)
    .select(['r.kind', 'r.note', 'r.set_at', 'r.set_by_person_id', 'p.display_name as set_by_name'])
    .orderBy('r.kind')
    .execute();
}

export async function deleteRestrictions(db: Q, networkId: string, memberId: string, kinds: RestrictionKind[]) {
  if (kinds.length === 0) return;
  await db.deleteFrom('member_restriction').where('network_id', '=', networkId).where('member_id', '=', memberId).where('kind', 'in', kinds).execute();
}

export async function insertRestrictions(
  db: Q,
  networkId: string,
  memberId: string,
  rows: { kind: RestrictionKind; note: string | null }[],
  by: string | null,
  at: Date,
) {
  if (rows.length === 0) return;
  await db
    .insertInto('member_restriction')
    .values(rows.map((r) => ({ network_id: networkId, member_id: memberId, kind: r.kind, note: r.note, set_by_person_id: by, set_at: at })))
    .execute();
}

export function preference(db: Q, networkId: string, memberId: string) {
  return db
    .selectFrom('member_preference as mp')
    .leftJoin('person as p', (j) => j.onRef('p.network_id', '=', 'mp.network_id').onRef('p.id', '=', 'mp.updated_by_person_id'))
    .where('mp.network_id', '=', networkId)
    .where('mp.member_id', '=', memberId)
    .selectAll('mp')
    .select('p.display_name as updated_by_name')
    .executeTakeFirst();
}

export function preferenceAreas(db: Q, networkId: string, memberId: string) {
  return db
    .selectFrom('member_preference_area as pa')
    .innerJoin('area as a', (j) => j.onRef('a.network_id', '=', 'pa.network_id').onRef('a.id', '=', 'pa.area_id'))
    .where('pa.network_id', '=', networkId)
    .where('pa.member_id', '=', memberId)
    .select(['a.id', 'a.name'])
    .orderBy('a.name')
    .execute();
}

export async function savePreference(
  db: Q,
  row: { networkId: string; memberId: string; weekendOnly: boolean; timesOfDay: DayPart[]; languages: string[]; areaIds: string[]; by: string | null; onBehalfOf: string | null; at: Date },
) {
  const values = {
    weekend_only: row.weekendOnly,
    times_of_day: JSON.stringify(row.timesOfDay),
    languages: JSON.stringify(row.languages),
    updated_at: row.at,
    updated_by_person_id: row.by,
    on_behalf_of_person_id: row.onBehalfOf,
  };
  await db
    .insertInto('member_preference')
    .values({ network_id: row.networkId, member_id: row.memberId, ...values })
    .onConflict((oc) => oc.columns(['network_id', 'member_id']).doUpdateSet(values))
    .execute();
  await db.deleteFrom('member_preference_area').where('network_id', '=', row.networkId).where('member_id', '=', row.memberId).execute();
  if (row.areaIds.length) {
    await db
      .insertInto('member_preference_area')
      .values(row.areaIds.map((areaId) => ({ network_id: row.networkId, member_id: row.memberId, area_id: areaId })))
      .execute();
  }
}

export function areasOfTimebank(db: Q, networkId: string, timebankId: string) {
  return db.selectFrom('area').where('network_id', '=', networkId).where('timebank_id', '=', timebankId).select(['id', 'name']).orderBy('name').execute();
}

export function windows(db: Q, networkId: string, memberId: string) {
  return db
    .selectFrom('availability_window')
    .where('network_id', '=', networkId)
    .where('member_id', '=', memberId)
    .select(['weekday', 'part'])
    .orderBy('weekday')
    .execute();
}

export async function replaceWindows(db: Q, networkId: string, memberId: string, rows: { weekday: number; part: DayPart }[]) {
  await db.deleteFrom('availability_window').where('network_id', '=', networkId).where('member_id', '=', memberId).execute();
  if (rows.length === 0) return;
  await db
    .insertInto('availability_window')
    .values(rows.map((r) => ({ network_id: networkId, member_id: memberId, weekday: r.weekday, part: r.part })))
    .execute();
}

export function memberStatus(db: Q, networkId: string, memberId: string) {
  return db
    .selectFrom('member')
    .where('network_id', '=', networkId)
    .where('id', '=', memberId)
    .select(['id', 'timebank_id', 'person_id', 'status', 'paused_until'])
    .executeTakeFirst();
}

/** Members of every network whose pause ended before `today`. */
export function endedPauses(db: Q, today: string) {
  return db
    .selectFrom('member')
    .where('status', '=', 'paused')
    .where('paused_until', '<', today)
    .select(['network_id', 'timebank_id', 'id'])
    .execute();
}
