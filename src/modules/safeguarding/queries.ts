// SQL for safeguarding checks and the log of who viewed them.
import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { SafeguardingCheckTable, SafeguardingViewKind } from './tables.ts';

type Q = Kysely<DB> | Transaction<DB>;

export type CheckRow = Omit<SafeguardingCheckTable, 'created_at' | 'updated_at'> & { created_at: Date; updated_at: Date };
export type CheckValues = Omit<SafeguardingCheckTable, 'network_id' | 'id' | 'timebank_id' | 'person_id' | 'created_at' | 'updated_at' | 'created_by_person_id' | 'stopped_notice_sent_on' | 'stopped_notice_by_person_id' | 'review_announced_on'>;

export async function insertCheck(
  db: Q,
  key: { networkId: string; id: string; timebankId: string; personId: string; createdBy: string | null },
  v: CheckValues,
): Promise<void> {
  await db
    .insertInto('safeguarding_check')
    .values({ network_id: key.networkId, id: key.id, timebank_id: key.timebankId, person_id: key.personId, created_by_person_id: key.createdBy, ...v })
    .execute();
}

export async function updateCheck(db: Q, networkId: string, id: string, v: CheckValues, at: Date): Promise<void> {
  await db.updateTable('safeguarding_check').set({ ...v, updated_at: at }).where('network_id', '=', networkId).where('id', '=', id).execute();
}

export async function setStoppedNotice(db: Q, networkId: string, id: string, sentOn: string, byPersonId: string | null, at: Date) {
  await db
    .updateTable('safeguarding_check')
    .set({ stopped_notice_sent_on: sentOn, stopped_notice_by_person_id: byPersonId, updated_at: at, updated_by_person_id: byPersonId })
    .where('network_id', '=', networkId)
    .where('id', '=', id)
    .execute();
}

/** Checks of a person held by one timebank, with the names of who decided and who sent a notice. */
export function checksOf(db: Q, networkId: string, timebankId: string, personId: string) {
  return db
    .selectFrom('safeguarding_check as c')
    .leftJoin('person as d', (j) => j.onRef('d.network_id', '=', 'c.network_id').onRef('d.id', '=', 'c.decided_by_person_id'))
    .leftJoin('person as s', (j) => j.onRef('s.network_id', '=', 'c.network_id').onRef('s.id', '=', 'c.stopped_notice_by_person_id'))
    .where('c.network_id', '=', networkId)
    .where('c.timebank_id', '=', timebankId)
    .where('c.person_id', '=', personId)
    .selectAll('c')
    .select(['d.display_name as decided_by_name', 's.display_name as stopped_notice_by_name'])
    .orderBy('c.issued_on', 'desc')
    .orderBy('c.id', 'desc')
    .execute();
}

export type CheckWithNames = Awaited<ReturnType<typeof checksOf>>[number];

export function findCheck(db: Q, networkId: string, timebankId: string, personId: string, id: string) {
  return db
    .selectFrom('safeguarding_check')
    .where('network_id', '=', networkId)
    .where('timebank_id', '=', timebankId)
    .where('person_id', '=', personId)
    .where('id', '=', id)
    .selectAll()
    .executeTakeFirst();
}

/** A person's checks in every timebank of the network: for their own summary. */
export function ownChecks(db: Q, networkId: string, personId: string) {
  return db
    .selectFrom('safeguarding_check as c')
    .innerJoin('timebank as t', (j) => j.onRef('t.network_id', '=', 'c.network_id').onRef('t.id', '=', 'c.timebank_id'))
    .where('c.network_id', '=', networkId)
    .where('c.person_id', '=', personId)
    .select(['c.id', 'c.timebank_id', 't.name as timebank_name', 'c.scheme', 'c.level', 'c.decision', 'c.review_on'])
    .orderBy('c.review_on')
    .execute();
}

/** Checks whose review falls on or before `until` (overdue ones too), soonest first. */
export function reviewsDue(db: Q, networkId: string, timebankId: string, until: string) {
  return db
    .selectFrom('safeguarding_check as c')
    .innerJoin('person as p', (j) => j.onRef('p.network_id', '=', 'c.network_id').onRef('p.id', '=', 'c.person_id'))
    .innerJoin('member as m', (j) =>
      j.onRef('m.network_id', '=', 'c.network_id').onRef('m.timebank_id', '=', 'c.timebank_id').onRef('m.person_id', '=', 'c.person_id'),
    )
    .where('c.network_id', '=', networkId)
    .where('c.timebank_id', '=', timebankId)
    .where('c.review_on', '<=', until)
    .where('c.stopped_notice_sent_on', 'is', null)
    .where('m.status', '<>', 'left')
    .select(['c.id', 'c.person_id', 'm.id as member_id', 'p.display_name', 'c.scheme', 'c.level', 'c.role_title', 'c.review_on', 'c.decision'])
    .orderBy('c.review_on')
    .orderBy('p.display_name')
    .execute();
}

/**
 * Checks of every timebank whose review falls on or before `until` and whose brokers have not
 * been told of that review date yet, for the sweep.
 */
export function reviewsToAnnounce(db: Q, until: string, limit: number) {
  return db
    .selectFrom('safeguarding_check as c')
    .innerJoin('person as p', (j) => j.onRef('p.network_id', '=', 'c.network_id').onRef('p.id', '=', 'c.person_id'))
    .innerJoin('member as m', (j) =>
      j.onRef('m.network_id', '=', 'c.network_id').onRef('m.timebank_id', '=', 'c.timebank_id').onRef('m.person_id', '=', 'c.person_id'),
    )
    .where('c.review_on', '<=', until)
    .where('c.stopped_notice_sent_on', 'is', null)
    .where(sql<boolean>`c.review_announced_on is distinct from c.review_on`)
    .where('m.status', '<>', 'left')
    .select(['c.network_id', 'c.timebank_id', 'c.id', 'c.person_id', 'm.id as member_id', 'p.display_name', 'c.scheme', 'c.review_on'])
    .orderBy('c.review_on')
    .limit(limit)
    .execute();
}

/** Records that the brokers were told of this review date. */
export async function markReviewAnnounced(db: Q, networkId: string, id: string, reviewOn: string): Promise<void> {
  await db.updateTable('safeguarding_check').set({ review_announced_on: reviewOn }).where('network_id', '=', networkId).where('id', '=', id).execute();
}

/** Checks of the network that are cleared, issued on or before the day and not due for review before it. */
function validOn(db: Q, networkId: string, onDate: string) {
  return db
    .selectFrom('safeguarding_check')
    .where('network_id', '=', networkId)
    .where('decision', 'in', ['cleared', 'cleared_with_risk_assessment'])
    .where('issued_on', '<=', onDate)
    .where('review_on', '>=', onDate)
    .where('stopped_notice_sent_on', 'is', null)
    .where((eb) => eb.or([eb('status_check_result', 'is', null), eb('status_check_result', '=', 'current')]));
}

/** A person's valid checks on the day. */
export function validChecks(db: Q, networkId: string, personId: string, onDate: string, timebankId?: string) {
  let q = validOn(db, networkId, onDate).where('person_id', '=', personId);
  if (timebankId) q = q.where('timebank_id', '=', timebankId);
  return q
    .select(['id', 'timebank_id', 'scheme', 'level', 'workforce', 'role_title', 'regulated_work', 'decision', 'issued_on', 'review_on'])
    .orderBy('review_on', 'desc')
    .execute();
}

// broker matching (feat/matching): the same rule, for many people at once.
/** Of these people, those holding a valid check on the day. */
export async function validCheckHolders(db: Q, networkId: string, personIds: readonly string[], onDate: string): Promise<Set<string>> {
  if (personIds.length === 0) return new Set();
  const rows = await validOn(db, networkId, onDate).where('person_id', 'in', personIds).select('person_id').distinct().execute();
  return new Set(rows.map((r) => r.person_id));
}

export interface ViewEntry {
  networkId: string;
  id: string;
  at: Date;
  viewerPersonId: string;
  onBehalfOfPersonId: string | null;
  subjectPersonId: string;
  timebankId: string;
  view: SafeguardingViewKind;
  checkId: string | null;
  requestId: string | null;
}

export async function insertViews(db: Q, rows: ViewEntry[]): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto('safeguarding_view')
    .values(
      rows.map((r) => ({
        network_id: r.networkId,
        id: r.id,
        at: r.at,
        viewer_person_id: r.viewerPersonId,
        on_behalf_of_person_id: r.onBehalfOfPersonId,
        subject_person_id: r.subjectPersonId,
        timebank_id: r.timebankId,
        view: r.view,
        check_id: r.checkId,
        request_id: r.requestId,
      })),
    )
    .execute();
}

/** Who viewed a person's safeguarding data, newest first. */
export function viewsOf(db: Q, networkId: string, personId: string, limit: number) {
  return db
    .selectFrom('safeguarding_view as v')
    .innerJoin('person as p', (j) => j.onRef('p.network_id', '=', 'v.network_id').onRef('p.id', '=', 'v.viewer_person_id'))
    .innerJoin('timebank as t', (j) => j.onRef('t.network_id', '=', 'v.network_id').onRef('t.id', '=', 'v.timebank_id'))
    .where('v.network_id', '=', networkId)
    .where('v.subject_person_id', '=', personId)
    .select(['v.id', 'v.at', 'v.view', 'v.check_id', 'v.viewer_person_id', 'p.display_name as viewer_name', 't.name as timebank_name'])
    .orderBy('v.at', 'desc')
    .orderBy('v.id', 'desc')
    .limit(limit)
    .execute();
}

/** Is this person a broker or coordinator of the timebank (a decider of checks)? */
export function isStaffOf(db: Q, networkId: string, timebankId: string, personId: string) {
  return db
    .selectFrom('role_grant')
    .where('network_id', '=', networkId)
    .where('timebank_id', '=', timebankId)
    .where('person_id', '=', personId)
    .where('role', 'in', ['broker', 'coordinator'])
    .select('id')
    .executeTakeFirst();
}

/** Brokers and coordinators of a timebank: who may decide on a check. */
export function decidersOf(db: Q, networkId: string, timebankId: string) {
  return db
    .selectFrom('role_grant as g')
    .innerJoin('person as p', (j) => j.onRef('p.network_id', '=', 'g.network_id').onRef('p.id', '=', 'g.person_id'))
    .where('g.network_id', '=', networkId)
    .where('g.timebank_id', '=', timebankId)
    .where('g.role', 'in', ['broker', 'coordinator'])
    .select(['p.id', 'p.display_name as name'])
    .distinct()
    .orderBy('p.display_name')
    .execute();
}
