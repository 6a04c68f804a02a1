// SQL of broker matching: the request, the pre-filter of candidates, the facts the ranking
// needs about them (in a few set queries, never one per candidate), the call list, "do not
// send", the weights and the broker dashboard. No rules here (rank.ts, service.ts).
import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { DayPart, RestrictionKind } from '../preferences/tables.ts';
import type { CallOutcome } from './tables.ts';

type Q = Kysely<DB> | Transaction<DB>;

/** Occurrence states after which the help has happened (exchanges/rules.ts HAPPENED). */
const HAPPENED = ['done', 'hours_recorded', 'confirmed', 'disputed', 'resolved'] as const;

/** A listing with what the ranking asks of it: its requester's person and its area's kind. */
export function findRequest(db: Q, networkId: string, listingId: string) {
  return db
    .selectFrom('listing as l')
    .leftJoin('area as a', (j) => j.onRef('a.network_id', '=', 'l.network_id').onRef('a.id', '=', 'l.area_id'))
    .leftJoin('member as m', (j) => j.onRef('m.network_id', '=', 'l.network_id').onRef('m.id', '=', 'l.member_id'))
    .leftJoin('person as p', (j) => j.onRef('p.network_id', '=', 'm.network_id').onRef('p.id', '=', 'm.person_id'))
    .where('l.network_id', '=', networkId)
    .where('l.id', '=', listingId)
    .select([
      'l.id',
      'l.timebank_id',
      'l.kind',
      'l.status',
      'l.member_id',
      'l.title',
      'l.description',
      'l.category_slug',
      'l.category_top',
      'l.area_id',
      'l.mode',
      'l.when_kind',
      'l.when_on',
      'l.when_weekday',
      'l.when_part',
      'l.check_needed',
      'l.expires_on',
      'l.created_at',
      'a.name as area_name',
      'a.kind as area_kind',
      'm.person_id as member_person_id',
      'p.display_name as member_name',
    ])
    .executeTakeFirst();
}
export type RequestRow = NonNullable<Awaited<ReturnType<typeof findRequest>>>;

/** `= any($1::uuid[])`: a list of a few hundred ids as one array parameter, not one parameter
 * each (less to send, bind and plan for each of the facts' queries). */
const anyOf = (ids: readonly string[]) => sql<string>`any(${[...ids]}::uuid[])`;

export interface PreFilter {
  networkId: string;
  timebankId: string;
  slug: string;
  /** The slug, its top level and the top level's subcategories. */
  slugs: readonly string[];
  areaId: string | null;
  /** At most this many by category, best fit and same area first... */
  cap: number;
  /** ...and at most this many more from the request's area with words in their profile. */
  areaCap: number;
}

/**
 * The members of the timebank (active or paused) who could help: those whose profile offers or
 * skills, or open offers, are in the request's own category, the request's area first; when
 * they are fewer than the cap, then those of its top level; capped. And, capped apart, members
 * of the request's area who wrote what they offer. Only ids: the facts come after. The exact
 * category alone usually fills the cap, so the wider family is seldom read (docs/performance.md).
 */
export async function preFilter(db: Q, f: PreFilter): Promise<string[]> {
  const area = f.areaId ?? '00000000-0000-0000-0000-000000000000';
  const [exact, inArea] = await Promise.all([byCategory(db, f, [f.slug], area, f.cap, []), writersIn(db, f, area)]);
  const wider = f.slugs.filter((s) => s !== f.slug);
  const family = exact.length < f.cap && wider.length ? await byCategory(db, f, wider, area, f.cap - exact.length, exact) : [];
  return [...new Set([...exact, ...family, ...inArea])];
}

/** Members of the area who wrote what they offer or can do, in id order, capped. */
async function writersIn(db: Q, f: PreFilter, area: string): Promise<string[]> {
  const r = await sql<{ id: string }>`
    select m.id
      from member m
      join member_profile mp on mp.network_id = m.network_id and mp.member_id = m.id
     where m.network_id = ${f.networkId} and m.area_id = ${area} and m.timebank_id = ${f.timebankId}
       and m.status in ('active', 'paused') and (mp.offer_text is not null or mp.skill_text is not null)
     order by m.id
     limit ${f.areaCap}`.execute(db);
  return r.rows.map((x) => x.id);
}

/** Members of the timebank offering one of these categories (profile or open offer), same area first. */
async function byCategory(db: Q, f: PreFilter, slugs: readonly string[], area: string, cap: number, not: readonly string[]): Promise<string[]> {
  const r = await sql<{ id: string }>`
    with offering as (
      select pc.member_id
        from member_profile_category pc
       where pc.network_id = ${f.networkId} and pc.timebank_id = ${f.timebankId}
         and pc.category_slug in (${sql.join(slugs)}) and pc.kind in ('offer', 'skill')
      union
      select l.member_id
        from listing l
       where l.network_id = ${f.networkId} and l.timebank_id = ${f.timebankId} and l.status = 'open' and l.kind = 'offer'
         and l.member_id is not null and l.category_slug in (${sql.join(slugs)})
    )
    select m.id
      from offering o
      join member m on m.network_id = ${f.networkId} and m.id = o.member_id
     where m.timebank_id = ${f.timebankId} and m.status in ('active', 'paused')
       ${not.length ? sql`and m.id not in (${sql.join(not)})` : sql``}
     order by (m.area_id = ${area}) desc, m.id
     limit ${cap}`.execute(db);
  return r.rows.map((x) => x.id);
}

/** The members with their person, status, area and account. */
export function membersWithAccounts(db: Q, networkId: string, ids: readonly string[]) {
  return db
    .selectFrom('member as m')
    .innerJoin('person as p', (j) => j.onRef('p.network_id', '=', 'm.network_id').onRef('p.id', '=', 'm.person_id'))
    .leftJoin('account as a', (j) => j.onRef('a.network_id', '=', 'm.network_id').onRef('a.member_id', '=', 'm.id'))
    .where('m.network_id', '=', networkId)
    .where('m.id', '=', anyOf(ids))
    .select([
      'm.id',
      'm.person_id',
      'm.status',
      'm.paused_until',
      'm.area_id',
      'p.display_name',
      'p.suspended_at',
      'p.birth_date',
      'p.birth_year',
      'a.id as account_id',
      'a.credits_posted',
      'a.debits_posted',
      'a.balance_minutes_min',
    ])
    .execute();
}

export function windowsOf(db: Q, networkId: string, ids: readonly string[]) {
  return db.selectFrom('availability_window').where('network_id', '=', networkId).where('member_id', '=', anyOf(ids)).select(['member_id', 'weekday', 'part']).execute() as Promise<
    { member_id: string; weekday: number; part: DayPart }[]
  >;
}

export function restrictionsOf(db: Q, networkId: string, ids: readonly string[]) {
  return db
    .selectFrom('member_restriction')
    .where('network_id', '=', networkId)
    .where('member_id', '=', anyOf(ids))
    .where('kind', '<>', 'note')
    .select(['member_id', 'kind'])
    .execute() as Promise<{ member_id: string; kind: RestrictionKind }[]>;
}

/** Profile categories (offers and skills) and the open offers' categories. */
export async function categoriesOf(db: Q, networkId: string, ids: readonly string[]) {
  const [profile, offers] = await Promise.all([
    db.selectFrom('member_profile_category').where('network_id', '=', networkId).where('member_id', '=', anyOf(ids)).where('kind', 'in', ['offer', 'skill']).select(['member_id', 'category_slug']).execute(),
    db
      .selectFrom('listing')
      .where('network_id', '=', networkId)
      .where('member_id', '=', anyOf(ids))
      .where('status', '=', 'open')
      .where('kind', '=', 'offer')
      .select(['member_id', 'category_slug', 'title'])
      .execute(),
  ]);
  return { profile, offers };
}

export function profileTextsOf(db: Q, networkId: string, ids: readonly string[]) {
  return db.selectFrom('member_profile').where('network_id', '=', networkId).where('member_id', '=', anyOf(ids)).select(['member_id', 'offer_text', 'skill_text']).execute();
}

/** Profile areas and preferred areas. */
export async function areasOf(db: Q, networkId: string, ids: readonly string[]) {
  const [profile, preferred] = await Promise.all([
    db.selectFrom('member_profile_area').where('network_id', '=', networkId).where('member_id', '=', anyOf(ids)).select(['member_id', 'area_id']).execute(),
    db.selectFrom('member_preference_area').where('network_id', '=', networkId).where('member_id', '=', anyOf(ids)).select(['member_id', 'area_id']).execute(),
  ]);
  return [...profile, ...preferred];
}

/** Of these members, those the requester asked not to be sent. */
export function doNotSendOf(db: Q, networkId: string, requesterMemberId: string) {
  return db
    .selectFrom('matching_do_not_send as d')
    .innerJoin('member as m', (j) => j.onRef('m.network_id', '=', 'd.network_id').onRef('m.id', '=', 'd.excluded_member_id'))
    .innerJoin('person as p', (j) => j.onRef('p.network_id', '=', 'm.network_id').onRef('p.id', '=', 'm.person_id'))
    .leftJoin('person as b', (j) => j.onRef('b.network_id', '=', 'd.network_id').onRef('b.id', '=', 'd.created_by_person_id'))
    .where('d.network_id', '=', networkId)
    .where('d.member_id', '=', requesterMemberId)
    .select(['d.excluded_member_id', 'p.display_name', 'd.reason', 'd.created_at', 'b.display_name as created_by_name'])
    .orderBy('p.display_name')
    .execute();
}

/** Per giver: occurrences that happened, no-shows, agreed ones in [from, to), and happened with the requester. */
export function giverStats(db: Q, networkId: string, ids: readonly string[], requesterMemberId: string, from: Date, to: Date) {
  // Each giver's exchanges, then each exchange's occurrences by its index (lateral): a few
  // hundred candidates touch their own rows, never a scan of every occurrence of the network.
  return db
    .selectFrom('exchange_giver as g')
    .innerJoin('exchange as e', (j) => j.onRef('e.network_id', '=', 'g.network_id').onRef('e.id', '=', 'g.exchange_id'))
    .innerJoinLateral(
      (eb) =>
        eb
          .selectFrom('exchange_occurrence as oc')
          .whereRef('oc.network_id', '=', 'g.network_id')
          .whereRef('oc.exchange_id', '=', 'g.exchange_id')
          .select(['oc.state', 'oc.no_show_member_id', 'oc.starts_at'])
          .offset(0)
          .as('o'),
      (j) => j.onTrue(),
    )
    .where('g.network_id', '=', networkId)
    .where('g.member_id', '=', anyOf(ids))
    .groupBy('g.member_id')
    .select((eb) => [
      'g.member_id',
      eb.fn.countAll<number>().filterWhere('o.state', 'in', HAPPENED).as('completed'),
      eb.fn.countAll<number>().filterWhere((x) => x.and([x('o.state', '=', 'no_show'), x('o.no_show_member_id', '=', x.ref('g.member_id'))])).as('no_shows'),
      eb.fn.countAll<number>().filterWhere((x) => x.and([x('o.state', '=', 'agreed'), x('o.starts_at', '>=', from), x('o.starts_at', '<', to)])).as('busy'),
      eb.fn.countAll<number>().filterWhere((x) => x.and([x('o.state', 'in', HAPPENED), x('e.receiver_member_id', '=', requesterMemberId)])).as('met'),
    ])
    .execute();
}

/** Of these members, those who received help the requester gave. */
export async function receivedFrom(db: Q, networkId: string, ids: readonly string[], requesterMemberId: string): Promise<Set<string>> {
  const rows = await db
    .selectFrom('exchange as e')
    .innerJoin('exchange_giver as g', (j) => j.onRef('g.network_id', '=', 'e.network_id').onRef('g.exchange_id', '=', 'e.id'))
    .innerJoin('exchange_occurrence as o', (j) => j.onRef('o.network_id', '=', 'e.network_id').onRef('o.exchange_id', '=', 'e.id'))
    .where('e.network_id', '=', networkId)
    .where('e.receiver_member_id', '=', anyOf(ids))
    .where('g.member_id', '=', requesterMemberId)
    .where('o.state', 'in', HAPPENED)
    .select('e.receiver_member_id')
    .distinct()
    .execute();
  return new Set(rows.flatMap((r) => (r.receiver_member_id ? [r.receiver_member_id] : [])));
}

/** Cancellations each giver made themself (or a broker made for them), on exchanges they give in. */
export function cancellationsBy(db: Q, networkId: string, members: readonly { id: string; person_id: string }[]) {
  if (members.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('exchange_event as ev')
    .innerJoin('exchange_giver as g', (j) => j.onRef('g.network_id', '=', 'ev.network_id').onRef('g.exchange_id', '=', 'ev.exchange_id'))
    .innerJoin('member as m', (j) => j.onRef('m.network_id', '=', 'g.network_id').onRef('m.id', '=', 'g.member_id'))
    .where('ev.network_id', '=', networkId)
    .where('g.member_id', 'in', members.map((m) => m.id))
    .where('ev.kind', '=', 'cancelled')
    .where((eb) => eb.or([eb('ev.actor_person_id', '=', eb.ref('m.person_id')), eb('ev.on_behalf_of_person_id', '=', eb.ref('m.person_id'))]))
    .groupBy('g.member_id')
    .select((eb) => ['g.member_id', eb.fn.countAll<number>().as('n')])
    .execute();
}

/** Contacts made with each member from any call list since `since`. */
export function askedSince(db: Q, networkId: string, ids: readonly string[], since: Date) {
  return db
    .selectFrom('matching_contact')
    .where('network_id', '=', networkId)
    .where('member_id', '=', anyOf(ids))
    .where('at', '>=', since)
    .groupBy('member_id')
    .select((eb) => ['member_id', eb.fn.countAll<number>().as('n')])
    .execute();
}

/** When each of these accounts was first credited. */
export function firstCredits(db: Q, networkId: string, accountIds: readonly string[]) {
  if (accountIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('transfer')
    .where('network_id', '=', networkId)
    .where('credit_account_id', '=', anyOf(accountIds))
    .groupBy('credit_account_id')
    .select((eb) => ['credit_account_id', eb.fn.min('created_at').as('first_at')])
    .execute();
}

// ---- weights

export function weightsOf(db: Q, networkId: string, timebankId: string) {
  return db
    .selectFrom('matching_weights as w')
    .leftJoin('person as p', (j) => j.onRef('p.network_id', '=', 'w.network_id').onRef('p.id', '=', 'w.updated_by_person_id'))
    .where('w.network_id', '=', networkId)
    .where('w.timebank_id', '=', timebankId)
    .select(['w.fit', 'w.distance', 'w.met_before', 'w.reliability', 'w.fairness', 'w.updated_at', 'p.display_name as updated_by_name'])
    .executeTakeFirst();
}

export async function saveWeights(
  db: Q,
  row: { networkId: string; timebankId: string; fit: number; distance: number; metBefore: number; reliability: number; fairness: number; by: string; at: Date },
) {
  const values = { fit: row.fit, distance: row.distance, met_before: row.metBefore, reliability: row.reliability, fairness: row.fairness, updated_at: row.at, updated_by_person_id: row.by };
  await db
    .insertInto('matching_weights')
    .values({ network_id: row.networkId, timebank_id: row.timebankId, ...values })
    .onConflict((oc) => oc.columns(['network_id', 'timebank_id']).doUpdateSet(values))
    .execute();
}

// ---- do not send

export async function addDoNotSend(
  db: Q,
  row: { networkId: string; memberId: string; excludedMemberId: string; reason: string | null; by: string; onBehalfOf: string | null; at: Date },
): Promise<boolean> {
  const r = await db
    .insertInto('matching_do_not_send')
    .values({
      network_id: row.networkId,
      member_id: row.memberId,
      excluded_member_id: row.excludedMemberId,
      reason: row.reason,
      created_at: row.at,
      created_by_person_id: row.by,
      on_behalf_of_person_id: row.onBehalfOf,
    })
    .onConflict((oc) => oc.columns(['network_id', 'member_id', 'excluded_member_id']).doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
}

export async function removeDoNotSend(db: Q, networkId: string, memberId: string, excludedMemberId: string): Promise<boolean> {
  const r = await db
    .deleteFrom('matching_do_not_send')
    .where('network_id', '=', networkId)
    .where('member_id', '=', memberId)
    .where('excluded_member_id', '=', excludedMemberId)
    .executeTakeFirst();
  return Number(r.numDeletedRows) === 1;
}

// ---- the call list

export function callList(db: Q, networkId: string, listingId: string) {
  return db
    .selectFrom('matching_call as c')
    .innerJoin('member as m', (j) => j.onRef('m.network_id', '=', 'c.network_id').onRef('m.id', '=', 'c.member_id'))
    .innerJoin('person as p', (j) => j.onRef('p.network_id', '=', 'm.network_id').onRef('p.id', '=', 'm.person_id'))
    .where('c.network_id', '=', networkId)
    .where('c.listing_id', '=', listingId)
    .select(['c.id', 'c.member_id', 'c.position', 'c.outcome', 'c.call_back_at', 'c.last_contact_at', 'c.exchange_id', 'c.added_at', 'p.display_name', 'p.phone'])
    .orderBy('c.position')
    .execute();
}
export type CallRow = Awaited<ReturnType<typeof callList>>[number];

export function contactsOf(db: Q, networkId: string, callIds: readonly string[]) {
  if (callIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('matching_contact as k')
    .innerJoin('person as b', (j) => j.onRef('b.network_id', '=', 'k.network_id').onRef('b.id', '=', 'k.by_person_id'))
    .where('k.network_id', '=', networkId)
    .where('k.call_id', 'in', callIds)
    .select(['k.id', 'k.call_id', 'k.outcome', 'k.call_back_at', 'k.note', 'k.at', 'b.display_name as by_name'])
    .orderBy('k.at')
    .orderBy('k.id')
    .execute();
}

export async function insertCalls(
  db: Q,
  rows: { network_id: string; id: string; timebank_id: string; listing_id: string; member_id: string; position: number; added_at: Date; added_by_person_id: string }[],
): Promise<string[]> {
  if (rows.length === 0) return [];
  const r = await db
    .insertInto('matching_call')
    .values(rows)
    .onConflict((oc) => oc.columns(['network_id', 'listing_id', 'member_id']).doNothing())
    .returning('member_id')
    .execute();
  return r.map((x) => x.member_id);
}

export async function lastPosition(db: Q, networkId: string, listingId: string): Promise<number> {
  const r = await db
    .selectFrom('matching_call')
    .where('network_id', '=', networkId)
    .where('listing_id', '=', listingId)
    .select((eb) => eb.fn.max('position').as('p'))
    .executeTakeFirst();
  return r?.p === null || r?.p === undefined ? -1 : Number(r.p);
}

export function findCall(db: Q, networkId: string, listingId: string, memberId: string, lock = false) {
  let q = db
    .selectFrom('matching_call')
    .where('network_id', '=', networkId)
    .where('listing_id', '=', listingId)
    .where('member_id', '=', memberId)
    .select(['id', 'member_id', 'outcome', 'exchange_id']);
  if (lock) q = q.forUpdate();
  return q.executeTakeFirst();
}

export async function recordContact(
  db: Q,
  c: {
    networkId: string;
    id: string;
    callId: string;
    timebankId: string;
    memberId: string;
    outcome: CallOutcome;
    callBackAt: Date | null;
    note: string | null;
    at: Date;
    by: string;
    onBehalfOf: string | null;
  },
) {
  await db
    .insertInto('matching_contact')
    .values({
      network_id: c.networkId,
      id: c.id,
      call_id: c.callId,
      timebank_id: c.timebankId,
      member_id: c.memberId,
      outcome: c.outcome,
      call_back_at: c.callBackAt,
      note: c.note,
      at: c.at,
      by_person_id: c.by,
      on_behalf_of_person_id: c.onBehalfOf,
    })
    .execute();
  await db
    .updateTable('matching_call')
    .set({ outcome: c.outcome, call_back_at: c.callBackAt, last_contact_at: c.at })
    .where('network_id', '=', c.networkId)
    .where('id', '=', c.callId)
    .execute();
}

export async function setCallExchange(db: Q, networkId: string, callIds: readonly string[], exchangeId: string) {
  await db.updateTable('matching_call').set({ exchange_id: exchangeId }).where('network_id', '=', networkId).where('id', 'in', callIds).execute();
}

// ---- for an offer, and the dashboard

/** Open requests of the timebank in the offer's category or its top level, the exact category and the same area first. */
export function requestsForOffer(db: Q, o: { networkId: string; timebankId: string; slug: string; top: string; areaId: string | null; exceptMemberId: string | null; limit: number }) {
  return db
    .selectFrom('listing as l')
    .leftJoin('member as m', (j) => j.onRef('m.network_id', '=', 'l.network_id').onRef('m.id', '=', 'l.member_id'))
    .leftJoin('person as p', (j) => j.onRef('p.network_id', '=', 'm.network_id').onRef('p.id', '=', 'm.person_id'))
    .where('l.network_id', '=', o.networkId)
    .where('l.timebank_id', '=', o.timebankId)
    .where('l.status', '=', 'open')
    .where('l.kind', '=', 'request')
    .where('l.category_top', '=', o.top)
    .$if(o.exceptMemberId !== null, (q) => q.where((eb) => eb.or([eb('l.member_id', 'is', null), eb('l.member_id', '<>', o.exceptMemberId!)])))
    .select(['l.id', 'l.title', 'l.category_slug', 'l.area_id', 'l.mode', 'l.created_at', 'l.expires_on', 'p.display_name as member_name'])
    .orderBy(sql`l.category_slug = ${o.slug}`, 'desc')
    .orderBy(sql`l.area_id is not distinct from ${o.areaId}`, 'desc')
    .orderBy('l.created_at')
    .limit(o.limit)
    .execute();
}

/** Open requests with no agreed exchange yet, waiting longest first. */
export function waitingRequests(db: Q, networkId: string, timebankId: string, limit: number) {
  return db
    .selectFrom('listing as l')
    .leftJoin('member as m', (j) => j.onRef('m.network_id', '=', 'l.network_id').onRef('m.id', '=', 'l.member_id'))
    .leftJoin('person as p', (j) => j.onRef('p.network_id', '=', 'm.network_id').onRef('p.id', '=', 'm.person_id'))
    .where('l.network_id', '=', networkId)
    .where('l.timebank_id', '=', timebankId)
    .where('l.status', '=', 'open')
    .where('l.kind', '=', 'request')
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('exchange as e')
            .select('e.id')
            .whereRef('e.network_id', '=', 'l.network_id')
            .whereRef('e.listing_id', '=', 'l.id')
            .where('e.state', '=', 'agreed'),
        ),
      ),
    )
    .select(['l.id', 'l.title', 'l.category_slug', 'l.created_at', 'l.expires_on', 'p.display_name as member_name'])
    .orderBy('l.created_at')
    .limit(limit)
    .execute();
}

/** Member accounts of the timebank deep in overdraft (the rule of rank.ts signalsOf) or in credit at or above `highAt`. */
export function extremeBalances(db: Q, networkId: string, timebankId: string, deepMinutes: number, highAt: number, limit: number) {
  const balance = sql<number>`a.credits_posted - a.debits_posted`;
  const deep = sql<boolean>`(a.credits_posted - a.debits_posted < 0 and case when a.balance_minutes_min < 0
      then (a.credits_posted - a.debits_posted) * 4 <= a.balance_minutes_min * 3
      else a.credits_posted - a.debits_posted <= ${-deepMinutes} end)`;
  return db
    .selectFrom('account as a')
    .innerJoin('member as m', (j) => j.onRef('m.network_id', '=', 'a.network_id').onRef('m.id', '=', 'a.member_id'))
    .innerJoin('person as p', (j) => j.onRef('p.network_id', '=', 'm.network_id').onRef('p.id', '=', 'm.person_id'))
    .where('a.network_id', '=', networkId)
    .where('a.timebank_id', '=', timebankId)
    .where('a.owner_kind', '=', 'member')
    .where('m.status', '<>', 'left')
    .where((eb) => eb.or([deep, eb(balance, '>=', highAt)]))
    .select(['m.id as member_id', 'p.display_name', balance.as('balance_minutes'), 'a.balance_minutes_min'])
    .orderBy(sql`abs(a.credits_posted - a.debits_posted)`, 'desc')
    .limit(limit)
    .execute();
}

/** Open listings of the timebank lapsing on or before `until`. */
export function lapsingListings(db: Q, networkId: string, timebankId: string, until: string, limit: number) {
  return db
    .selectFrom('listing as l')
    .leftJoin('member as m', (j) => j.onRef('m.network_id', '=', 'l.network_id').onRef('m.id', '=', 'l.member_id'))
    .leftJoin('person as p', (j) => j.onRef('p.network_id', '=', 'm.network_id').onRef('p.id', '=', 'm.person_id'))
    .where('l.network_id', '=', networkId)
    .where('l.timebank_id', '=', timebankId)
    .where('l.status', '=', 'open')
    .where('l.expires_on', '<=', until)
    .select(['l.id', 'l.kind', 'l.title', 'l.expires_on', 'p.display_name as member_name'])
    .orderBy('l.expires_on')
    .limit(limit)
    .execute();
}
