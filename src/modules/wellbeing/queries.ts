// SQL of wellbeing check-ins: writing them, a member's own, who is due, and the pairs of
// answers (joining and a later wave) the paired change report is made of.
import type { Insertable, Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { SignpostingOutcome, Wave, WellbeingCheckinTable } from './tables.ts';

type Q = Kysely<DB> | Transaction<DB>;

export const ANSWER_COLUMNS = [
  'life_satisfaction',
  'worthwhile',
  'happiness',
  'anxiety',
  'lonely_direct',
  'lack_companionship',
  'left_out',
  'isolated',
  'belonging',
  'favours',
] as const;

export async function insertCheckin(db: Q, row: Insertable<WellbeingCheckinTable>): Promise<void> {
  await db.insertInto('wellbeing_checkin').values(row).execute();
}

export function wavesDone(db: Q, networkId: string, memberId: string) {
  return db.selectFrom('wellbeing_checkin').where('network_id', '=', networkId).where('member_id', '=', memberId).select(['wave', 'status']).execute();
}

/** A person's check-ins (every timebank), newest first, with who recorded them. */
export function checkinsOfPerson(db: Q, networkId: string, personId: string, timebankIds?: readonly string[]) {
  let q = db
    .selectFrom('wellbeing_checkin as c')
    .innerJoin('timebank as t', (j) => j.onRef('t.network_id', '=', 'c.network_id').onRef('t.id', '=', 'c.timebank_id'))
    .innerJoin('person as r', (j) => j.onRef('r.network_id', '=', 'c.network_id').onRef('r.id', '=', 'c.recorded_by_person_id'))
    .where('c.network_id', '=', networkId)
    .where('c.person_id', '=', personId);
  if (timebankIds) q = q.where('c.timebank_id', 'in', timebankIds.length ? [...timebankIds] : ['00000000-0000-0000-0000-000000000000']);
  return q.selectAll('c').select(['t.name as timebank_name', 'r.display_name as recorded_by_name']).orderBy('c.recorded_at', 'desc').execute();
}

export function findCheckin(db: Q, networkId: string, timebankId: string, id: string) {
  return db.selectFrom('wellbeing_checkin').where('network_id', '=', networkId).where('timebank_id', '=', timebankId).where('id', '=', id).selectAll().executeTakeFirst();
}

export async function recordSignposting(db: Q, networkId: string, id: string, v: { at: Date; by: string; outcome: SignpostingOutcome }) {
  await db
    .updateTable('wellbeing_checkin')
    .set({ signposting_at: v.at, signposting_by_person_id: v.by, signposting_outcome: v.outcome })
    .where('network_id', '=', networkId)
    .where('id', '=', id)
    .execute();
}

/** Active and paused members of a timebank who joined, with the waves they have done. */
export function membersForSchedule(db: Q, networkId: string, timebankId: string) {
  return db
    .selectFrom('member as m')
    .innerJoin('person as p', (j) => j.onRef('p.network_id', '=', 'm.network_id').onRef('p.id', '=', 'm.person_id'))
    .leftJoin('wellbeing_checkin as c', (j) => j.onRef('c.network_id', '=', 'm.network_id').onRef('c.member_id', '=', 'm.id'))
    .where('m.network_id', '=', networkId)
    .where('m.timebank_id', '=', timebankId)
    .where('m.status', 'in', ['active', 'paused'])
    .where('m.joined_on', 'is not', null)
    .where('p.erased_at', 'is', null)
    .select(['m.id as member_id', 'm.person_id', 'm.joined_on', 'p.display_name', 'p.phone', 'p.email', 'c.wave'])
    .orderBy('p.display_name')
    .execute();
}

/** Answered check-ins that prompt signposting and have no signposting recorded yet. */
export function signpostsOpen(db: Q, networkId: string, timebankId: string) {
  return db
    .selectFrom('wellbeing_checkin as c')
    .innerJoin('person as p', (j) => j.onRef('p.network_id', '=', 'c.network_id').onRef('p.id', '=', 'c.person_id'))
    .where('c.network_id', '=', networkId)
    .where('c.timebank_id', '=', timebankId)
    .where('c.signpost', '=', true)
    .where('c.signposting_at', 'is', null)
    .select(['c.id', 'c.member_id', 'c.person_id', 'c.wave', 'c.answered_on', 'p.display_name', 'p.phone'])
    .orderBy('c.answered_on')
    .execute();
}

/**
 * The answered check-ins of the joining wave and of one later wave, for the same members, in a
 * timebank (or every timebank of the network): one row per member with both answers.
 */
export function pairs(db: Q, networkId: string, timebankId: string | null, after: Exclude<Wave, 'joining'>) {
  let q = db
    .selectFrom('wellbeing_checkin as b')
    .innerJoin('wellbeing_checkin as a', (j) => j.onRef('a.network_id', '=', 'b.network_id').onRef('a.member_id', '=', 'b.member_id'))
    .where('b.network_id', '=', networkId)
    .where('b.wave', '=', 'joining')
    .where('b.status', '=', 'answered')
    .where('a.wave', '=', after)
    .where('a.status', '=', 'answered');
  if (timebankId) q = q.where('b.timebank_id', '=', timebankId);
  return q
    .select(ANSWER_COLUMNS.map((c) => `b.${c} as before_${c}` as const))
    .select(ANSWER_COLUMNS.map((c) => `a.${c} as after_${c}` as const))
    .execute();
}

export async function displayName(db: Q, networkId: string, personId: string): Promise<string> {
  const row = await db.selectFrom('person').where('network_id', '=', networkId).where('id', '=', personId).select('display_name').executeTakeFirstOrThrow();
  return row.display_name;
}
