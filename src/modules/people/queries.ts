// SQL for persons and memberships.
import type { Kysely, Transaction } from 'kysely';
import { sql } from 'kysely';
import type { DB, MemberStatus } from '../../db/schema.ts';
import { livesOrHelpsIn, profileNames } from '../profiles/queries.ts';

type Q = Kysely<DB> | Transaction<DB>;

export interface NewPerson {
  networkId: string;
  id: string;
  displayName: string;
  email: string | null;
  phone: string | null;
  birthYear: number | null;
  locale: 'en' | 'pl';
  createdBy: string | null;
}

export async function insertPerson(db: Q, p: NewPerson): Promise<void> {
  await db
    .insertInto('person')
    .values({
      network_id: p.networkId,
      id: p.id,
      display_name: p.displayName,
      email: p.email,
      phone: p.phone,
      birth_year: p.birthYear,
      locale: p.locale,
      created_by_person_id: p.createdBy,
    })
    .execute();
  if (p.email) {
    await db.insertInto('sign_in_directory').values({ email: p.email, network_id: p.networkId, person_id: p.id }).execute();
  }
}

export function emailTaken(db: Q, email: string) {
  return db.selectFrom('sign_in_directory').where('email', '=', email).select('person_id').executeTakeFirst();
}

export async function insertMember(
  db: Q,
  m: { networkId: string; id: string; timebankId: string; personId: string; status: MemberStatus; areaId: string | null; joinedOn: string | null; createdBy: string | null },
): Promise<void> {
  await db
    .insertInto('member')
    .values({
      network_id: m.networkId,
      id: m.id,
      timebank_id: m.timebankId,
      person_id: m.personId,
      status: m.status,
      area_id: m.areaId,
      joined_on: m.joinedOn,
      created_by_person_id: m.createdBy,
    })
    .execute();
}

export function areaInTimebank(db: Q, networkId: string, timebankId: string, areaId: string) {
  return db
    .selectFrom('area')
    .where('network_id', '=', networkId)
    .where('timebank_id', '=', timebankId)
    .where('id', '=', areaId)
    .select('id')
    .executeTakeFirst();
}

export interface MemberFilter {
  status?: MemberStatus | undefined;
  q?: string | undefined;
  /** Lives in the area, or helps in it (their profile). */
  areaId?: string | undefined;
  /** Can do it: a category (or one of its subcategories) among their offers, skills, gifts of head or hands. */
  category?: string | undefined;
  /** Last activity (last transfer or sign-in) on or after this day. */
  activeSince?: string | undefined;
  /** No activity since this day (or none ever). */
  inactiveSince?: string | undefined;
  /** A safeguarding check held by this timebank is due for review on or before this day
   * (overdue ones too), and no stopped-work notice was sent for it (feat/record). */
  checkDueBy?: string | undefined;
  limit: number;
  offset: number;
}

/** The newest transfer on the member's account: one index probe per side (entry sequences). */
const lastTransferAt = sql<Date | null>`(select max(x.at) from (
  (select t.created_at as at from account ac join transfer t on t.network_id = ac.network_id and t.debit_account_id = ac.id
    where ac.network_id = m.network_id and ac.member_id = m.id order by t.debit_entry_seq desc limit 1)
  union all
  (select t.created_at as at from account ac join transfer t on t.network_id = ac.network_id and t.credit_account_id = ac.id
    where ac.network_id = m.network_id and ac.member_id = m.id order by t.credit_entry_seq desc limit 1)
) x)`;
/** The person's last sign-in (audit_event_sign_in_idx). */
const lastSignInAt = sql<Date | null>`(select max(e.at) from audit_event e
  where e.network_id = m.network_id and e.actor_person_id = m.person_id and e.action = 'session.start')`;
const lastActivityAt = sql<Date | null>`greatest(${lastTransferAt}, ${lastSignInAt})`;
const CAN_DO = ['offer', 'skill', 'head', 'hands'] as const;

export async function listMembers(db: Q, networkId: string, timebankId: string, f: MemberFilter) {
  let query = db
    .selectFrom('member as m')
    .innerJoin('person as p', (j) => j.onRef('p.network_id', '=', 'm.network_id').onRef('p.id', '=', 'm.person_id'))
    .leftJoin('area as a', (j) => j.onRef('a.network_id', '=', 'm.network_id').onRef('a.id', '=', 'm.area_id'))
    .where('m.network_id', '=', networkId)
    .where('m.timebank_id', '=', timebankId);
  if (f.status) query = query.where('m.status', '=', f.status);
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query = query.where((eb) => eb.or([eb('p.display_name', 'ilike', like), eb('p.email', 'ilike', like), eb('p.phone', 'ilike', like)]));
  }
  if (f.areaId) query = query.where(livesOrHelpsIn(f.areaId));
  if (f.category) query = query.where(profileNames(f.category, CAN_DO));
  if (f.activeSince) query = query.where(sql<boolean>`${lastActivityAt} >= ${f.activeSince}::date`);
  if (f.inactiveSince) query = query.where(sql<boolean>`coalesce(${lastActivityAt} < ${f.inactiveSince}::date, true)`);
  if (f.checkDueBy) {
    query = query.where('m.status', '<>', 'left').where(
      sql<boolean>`exists (select 1 from safeguarding_check c where c.network_id = m.network_id and c.timebank_id = m.timebank_id
        and c.person_id = m.person_id and c.review_on <= ${f.checkDueBy}::date and c.stopped_notice_sent_on is null)`,
    );
  }
  const rows = await query
    .select([
      'm.id as member_id',
      'm.status',
      'm.paused_until',
      'p.id as person_id',
      'p.display_name',
      'p.email',
      'p.phone',
      'a.name as area_name',
      lastActivityAt.as('last_activity_at'),
      sql<number>`count(*) over ()`.as('total'),
    ])
    .orderBy('p.display_name')
    .orderBy('m.id')
    .limit(f.limit)
    .offset(f.offset)
    .execute();
  return { rows, total: rows[0]?.total ?? 0 };
}

export function findMember(db: Q, networkId: string, timebankId: string, memberId: string) {
  return db
    .selectFrom('member')
    .where('network_id', '=', networkId)
    .where('timebank_id', '=', timebankId)
    .where('id', '=', memberId)
    .selectAll()
    .executeTakeFirst();
}

export async function updateMemberStatus(
  db: Q,
  networkId: string,
  memberId: string,
  patch: { status: MemberStatus; paused_until: string | null; status_reason: string | null },
): Promise<void> {
  await db.updateTable('member').set(patch).where('network_id', '=', networkId).where('id', '=', memberId).execute();
}

export async function setPersonSuspension(db: Q, networkId: string, personId: string, at: Date | null, reason: string | null) {
  await db
    .updateTable('person')
    .set({ suspended_at: at, suspended_reason: reason })
    .where('network_id', '=', networkId)
    .where('id', '=', personId)
    .execute();
}

export function personMemberships(db: Q, networkId: string, personId: string) {
  return db
    .selectFrom('member as m')
    .innerJoin('timebank as t', (j) => j.onRef('t.network_id', '=', 'm.network_id').onRef('t.id', '=', 'm.timebank_id'))
    .leftJoin('area as a', (j) => j.onRef('a.network_id', '=', 'm.network_id').onRef('a.id', '=', 'm.area_id'))
    .where('m.network_id', '=', networkId)
    .where('m.person_id', '=', personId)
    .select([
      'm.id as member_id',
      'm.timebank_id',
      't.name as timebank_name',
      'm.status',
      'm.paused_until',
      'm.status_reason',
      'm.joined_on',
      'a.name as area_name',
    ])
    .orderBy('t.name')
    .execute();
}

export function personRoles(db: Q, networkId: string, personId: string) {
  return db
    .selectFrom('role_grant as g')
    .leftJoin('timebank as t', (j) => j.onRef('t.network_id', '=', 'g.network_id').onRef('t.id', '=', 'g.timebank_id'))
    .where('g.network_id', '=', networkId)
    .where('g.person_id', '=', personId)
    .select(['g.role', 'g.timebank_id', 't.name as timebank_name'])
    .execute();
}

export function personOrganisations(db: Q, networkId: string, personId: string) {
  return db
    .selectFrom('organisation_person as op')
    .innerJoin('organisation as o', (j) => j.onRef('o.network_id', '=', 'op.network_id').onRef('o.id', '=', 'op.organisation_id'))
    .where('op.network_id', '=', networkId)
    .where('op.person_id', '=', personId)
    .select(['o.id', 'o.name', 'o.kind'])
    .execute();
}

/** What was done to or for this person, newest first. */
export function personHistory(db: Q, networkId: string, personId: string, limit: number) {
  return db
    .selectFrom('audit_event as e')
    .leftJoin('person as actor', (j) => j.onRef('actor.network_id', '=', 'e.network_id').onRef('actor.id', '=', 'e.actor_person_id'))
    .where('e.network_id', '=', networkId)
    .where((eb) =>
      eb.or([
        eb.and([eb('e.subject_type', '=', 'person'), eb('e.subject_id', '=', personId)]),
        eb('e.on_behalf_of_person_id', '=', personId),
      ]),
    )
    .select(['e.id', 'e.at', 'e.action', 'e.subject_type', 'e.detail', 'actor.display_name as actor_name'])
    .orderBy('e.at', 'desc')
    .orderBy('e.id', 'desc')
    .limit(limit)
    .execute();
}
