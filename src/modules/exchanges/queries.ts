// SQL of exchanges, their givers, occurrences, hours, story and thank-you notes.
import { type Insertable, type Kysely, sql, type Transaction, type Updateable } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { newId } from '../../lib/ids.ts';
import type { Actor } from '../audit/record.ts';
import type { ExchangeTable, OccurrenceState } from './tables.ts';

type Q = Kysely<DB> | Transaction<DB>;

export function findListing(db: Q, networkId: string, listingId: string) {
  return db.selectFrom('listing').where('network_id', '=', networkId).where('id', '=', listingId).selectAll().executeTakeFirst();
}

/** A member anywhere in the network, with their name. */
export function findMemberAnywhere(db: Q, networkId: string, memberId: string) {
  return db
    .selectFrom('member as m')
    .innerJoin('person as p', (j) => j.onRef('p.network_id', '=', 'm.network_id').onRef('p.id', '=', 'm.person_id'))
    .where('m.network_id', '=', networkId)
    .where('m.id', '=', memberId)
    .select(['m.id', 'm.timebank_id', 'm.person_id', 'm.status', 'm.paused_until', 'p.display_name', 'p.email'])
    .executeTakeFirst();
}

export type MemberRow = NonNullable<Awaited<ReturnType<typeof findMemberAnywhere>>>;

export async function membersAnywhere(db: Q, networkId: string, memberIds: string[]): Promise<Map<string, MemberRow>> {
  if (memberIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('member as m')
    .innerJoin('person as p', (j) => j.onRef('p.network_id', '=', 'm.network_id').onRef('p.id', '=', 'm.person_id'))
    .where('m.network_id', '=', networkId)
    .where('m.id', 'in', memberIds)
    .select(['m.id', 'm.timebank_id', 'm.person_id', 'm.status', 'm.paused_until', 'p.display_name', 'p.email'])
    .execute();
  return new Map(rows.map((r) => [r.id, r]));
}

/** Organisations anywhere in the network, each with the people who act for it with its
 * account (admins and members: a contact does not, as on the ledger). */
export async function organisationsAnywhere(db: Q, networkId: string, organisationIds: string[]) {
  if (organisationIds.length === 0) return new Map<string, OrganisationRow>();
  const [orgs, people] = await Promise.all([
    db.selectFrom('organisation').where('network_id', '=', networkId).where('id', 'in', organisationIds).select(['id', 'timebank_id', 'name']).execute(),
    db
      .selectFrom('organisation_person')
      .where('network_id', '=', networkId)
      .where('organisation_id', 'in', organisationIds)
      .where('role', 'in', ['admin', 'member'])
      .select(['organisation_id', 'person_id'])
      .orderBy('person_id')
      .execute(),
  ]);
  return new Map(orgs.map((o) => [o.id, { ...o, personIds: people.filter((x) => x.organisation_id === o.id).map((x) => x.person_id) }]));
}

export interface OrganisationRow {
  id: string;
  timebank_id: string;
  name: string;
  personIds: string[];
}

/** The zone of the exchange's timebank's diary: its dates and times are typed and shown in it. */
const timeZoneOf = (alias: string) =>
  sql<string>`(select t.time_zone from timebank t where t.network_id = ${sql.ref(`${alias}.network_id`)} and t.id = ${sql.ref(`${alias}.timebank_id`)})`.as('time_zone');

export function findExchange(db: Q, networkId: string, id: string, lock = false) {
  let q = db
    .selectFrom('exchange')
    .where('network_id', '=', networkId)
    .where('id', '=', id)
    .selectAll()
    .select(timeZoneOf('exchange'));
  if (lock) q = q.forUpdate();
  return q.executeTakeFirst();
}

export type ExchangeRow = NonNullable<Awaited<ReturnType<typeof findExchange>>>;

export function giversOf(db: Q, networkId: string, exchangeId: string) {
  return db
    .selectFrom('exchange_giver')
    .where('network_id', '=', networkId)
    .where('exchange_id', '=', exchangeId)
    .select(['member_id', 'position'])
    .orderBy('position')
    .execute();
}

export function occurrencesOf(db: Q, networkId: string, exchangeId: string) {
  return db.selectFrom('exchange_occurrence').where('network_id', '=', networkId).where('exchange_id', '=', exchangeId).selectAll().orderBy('seq').execute();
}

export type OccurrenceRow = Awaited<ReturnType<typeof occurrencesOf>>[number];

export function findOccurrence(db: Q, networkId: string, exchangeId: string, occurrenceId: string, lock = false) {
  let q = db
    .selectFrom('exchange_occurrence')
    .where('network_id', '=', networkId)
    .where('exchange_id', '=', exchangeId)
    .where('id', '=', occurrenceId)
    .selectAll();
  if (lock) q = q.forUpdate();
  return q.executeTakeFirst();
}

/** Hours recorded for an exchange, with the ledger phase of each transfer: pending, or how
 * it was resolved (posted or voided), by whoever resolved it. */
export function hoursOf(db: Q, networkId: string, exchangeId: string) {
  return db
    .selectFrom('exchange_hours as h')
    .where('h.network_id', '=', networkId)
    .where('h.exchange_id', '=', exchangeId)
    .select([
      'h.occurrence_id',
      'h.giver_member_id',
      'h.giver_organisation_id',
      'h.giver_id',
      'h.request_id',
      'h.transfer_id',
      'h.minutes',
      'h.recorded_at',
      (eb) =>
        eb
          .selectFrom('transfer as r')
          .whereRef('r.network_id', '=', 'h.network_id')
          .whereRef('r.pending_id', '=', 'h.transfer_id')
          .select('r.phase')
          .limit(1)
          .as('resolution_phase'),
    ])
    .orderBy('h.recorded_at')
    .execute();
}

export type HoursRow = Awaited<ReturnType<typeof hoursOf>>[number];

export async function insertExchange(db: Q, row: Insertable<ExchangeTable>) {
  await db.insertInto('exchange').values(row).execute();
}

export async function setGivers(db: Q, networkId: string, exchangeId: string, memberIds: string[]) {
  await db.deleteFrom('exchange_giver').where('network_id', '=', networkId).where('exchange_id', '=', exchangeId).execute();
  // An organisation's offer has no member givers: the organisation gives.
  if (memberIds.length === 0) return;
  await db
    .insertInto('exchange_giver')
    .values(memberIds.map((member_id, position) => ({ network_id: networkId, exchange_id: exchangeId, member_id, position })))
    .execute();
}

export async function updateExchange(db: Q, networkId: string, id: string, set: Updateable<ExchangeTable>) {
  await db.updateTable('exchange').set(set).where('network_id', '=', networkId).where('id', '=', id).execute();
}

export async function insertOccurrences(db: Q, networkId: string, exchangeId: string, rows: { startsAt: Date; endsAt: Date }[], firstSeq: number, at: Date) {
  const values = rows.map((r, i) => ({
    network_id: networkId,
    id: newId(),
    exchange_id: exchangeId,
    seq: firstSeq + i,
    starts_at: r.startsAt,
    ends_at: r.endsAt,
    updated_at: at,
  }));
  if (values.length) await db.insertInto('exchange_occurrence').values(values).execute();
  return values;
}

export async function updateOccurrence(
  db: Q,
  networkId: string,
  id: string,
  set: { state?: OccurrenceState; reason?: string | null; no_show_member_id?: string | null; resolution?: 'post' | 'void' | 'adjust'; starts_at?: Date; ends_at?: Date; updated_at: Date },
) {
  await db.updateTable('exchange_occurrence').set(set).where('network_id', '=', networkId).where('id', '=', id).execute();
}

export async function cancelOpenOccurrences(db: Q, networkId: string, exchangeId: string, reason: string, at: Date) {
  const rows = await db
    .updateTable('exchange_occurrence')
    .set({ state: 'cancelled', reason, updated_at: at })
    .where('network_id', '=', networkId)
    .where('exchange_id', '=', exchangeId)
    .where('state', '=', 'agreed')
    .returning('id')
    .execute();
  return rows.length;
}

/** Serialises agreements that book a member: two of them cannot both find the member free. */
export async function lockMember(db: Q, networkId: string, memberId: string) {
  await sql`select pg_advisory_xact_lock(hashtextextended(${`${networkId}:${memberId}`}, 0))`.execute(db);
}

/** Agreed occurrences of other exchanges that overlap [startsAt, endsAt) and in which the
 * member gives or receives. */
export function overlapping(db: Q, networkId: string, memberId: string, startsAt: Date, endsAt: Date, exceptExchangeId: string) {
  return db
    .selectFrom('exchange_occurrence as o')
    .innerJoin('exchange as e', (j) => j.onRef('e.network_id', '=', 'o.network_id').onRef('e.id', '=', 'o.exchange_id'))
    .where('o.network_id', '=', networkId)
    .where('o.state', '=', 'agreed')
    .where('e.state', '=', 'agreed')
    .where('o.starts_at', '<', endsAt)
    .where('o.ends_at', '>', startsAt)
    .where((eb) =>
      eb.or([
        eb('e.receiver_member_id', '=', memberId),
        eb.exists(
          eb
            .selectFrom('exchange_giver as g')
            .whereRef('g.network_id', '=', 'e.network_id')
            .whereRef('g.exchange_id', '=', 'e.id')
            .where('g.member_id', '=', memberId)
            .select('g.member_id'),
        ),
      ]),
    )
    .where('o.exchange_id', '<>', exceptExchangeId)
    .select(['o.id', 'o.exchange_id', 'o.starts_at', 'o.ends_at', 'e.what']).orderBy('o.starts_at').limit(1).executeTakeFirst();
}

/** A party as stored: a member, or an organisation. */
export type PartyRef = { memberId: string } | { organisationId: string };

/** Has the giver helped the receiver before, or the receiver them (an occurrence that happened)?
 * With an organisation: has the giver helped it, or had help from it. */
export async function metBefore(db: Q, networkId: string, giverMemberId: string, receiver: PartyRef, exceptExchangeId: string) {
  const row = await db
    .selectFrom('exchange_occurrence as o')
    .innerJoin('exchange as e', (j) => j.onRef('e.network_id', '=', 'o.network_id').onRef('e.id', '=', 'o.exchange_id'))
    .leftJoin('exchange_giver as g', (j) => j.onRef('g.network_id', '=', 'e.network_id').onRef('g.exchange_id', '=', 'e.id'))
    .where('o.network_id', '=', networkId)
    .where('e.id', '<>', exceptExchangeId)
    .where('o.state', 'in', ['done', 'hours_recorded', 'confirmed', 'disputed', 'resolved'])
    .where((eb) =>
      'memberId' in receiver
        ? eb.or([
            eb.and([eb('g.member_id', '=', giverMemberId), eb('e.receiver_member_id', '=', receiver.memberId)]),
            eb.and([eb('g.member_id', '=', receiver.memberId), eb('e.receiver_member_id', '=', giverMemberId)]),
          ])
        : eb.or([
            eb.and([eb('g.member_id', '=', giverMemberId), eb('e.receiver_organisation_id', '=', receiver.organisationId)]),
            eb.and([eb('e.giver_organisation_id', '=', receiver.organisationId), eb('e.receiver_member_id', '=', giverMemberId)]),
          ]),
    )
    .select('o.id')
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

export async function insertEvent(
  db: Q,
  actor: Actor,
  e: { exchangeId: string; occurrenceId?: string | null; kind: string; detail?: Record<string, unknown>; at: Date },
) {
  await db
    .insertInto('exchange_event')
    .values({
      network_id: actor.networkId,
      id: newId(),
      exchange_id: e.exchangeId,
      occurrence_id: e.occurrenceId ?? null,
      at: e.at,
      kind: e.kind,
      actor_person_id: actor.personId,
      on_behalf_of_person_id: actor.onBehalfOfPersonId,
      detail: JSON.stringify(e.detail ?? {}),
    })
    .execute();
}

export function eventsOf(db: Q, networkId: string, exchangeId: string) {
  return db
    .selectFrom('exchange_event as ev')
    .leftJoin('person as a', (j) => j.onRef('a.network_id', '=', 'ev.network_id').onRef('a.id', '=', 'ev.actor_person_id'))
    .leftJoin('person as b', (j) => j.onRef('b.network_id', '=', 'ev.network_id').onRef('b.id', '=', 'ev.on_behalf_of_person_id'))
    .where('ev.network_id', '=', networkId)
    .where('ev.exchange_id', '=', exchangeId)
    .select(['ev.id', 'ev.occurrence_id', 'ev.at', 'ev.kind', 'ev.detail', 'a.display_name as actor_name', 'b.display_name as on_behalf_of_name'])
    .orderBy('ev.at')
    .orderBy('ev.id')
    .execute();
}

/** Exchanges in which any membership of the person gives or receives, newest first. */
export function exchangesOfPerson(db: Q, networkId: string, personId: string, limit: number) {
  return db
    .selectFrom('exchange as e')
    // Left: an organisation's request has no receiving member, and its givers still see it.
    .leftJoin('member as r', (j) => j.onRef('r.network_id', '=', 'e.network_id').onRef('r.id', '=', 'e.receiver_member_id'))
    .where('e.network_id', '=', networkId)
    .where((eb) =>
      eb.or([
        eb('r.person_id', '=', personId),
        eb.exists(
          eb
            .selectFrom('exchange_giver as g')
            .innerJoin('member as gm', (j) => j.onRef('gm.network_id', '=', 'g.network_id').onRef('gm.id', '=', 'g.member_id'))
            .whereRef('g.network_id', '=', 'e.network_id')
            .whereRef('g.exchange_id', '=', 'e.id')
            .where('gm.person_id', '=', personId)
            .select('g.member_id'),
        ),
      ]),
    )
    .selectAll('e')
    .select(timeZoneOf('e'))
    .orderBy('e.created_at', 'desc')
    .limit(limit)
    .execute();
}

/** Exchanges of the organisations the person acts for with their account (as an admin or a
 * member of it: those who take its steps), newest first, with the organisation's name. */
export function exchangesOfOrganisationsOf(db: Q, networkId: string, personId: string, limit: number) {
  return db
    .selectFrom('exchange as e')
    .innerJoin('organisation_person as op', (j) =>
      j
        .onRef('op.network_id', '=', 'e.network_id')
        .on((eb) => eb.or([eb('op.organisation_id', '=', eb.ref('e.receiver_organisation_id')), eb('op.organisation_id', '=', eb.ref('e.giver_organisation_id'))])),
    )
    .innerJoin('organisation as o', (j) => j.onRef('o.network_id', '=', 'op.network_id').onRef('o.id', '=', 'op.organisation_id'))
    .where('e.network_id', '=', networkId)
    .where('op.person_id', '=', personId)
    .where('op.role', 'in', ['admin', 'member'])
    .selectAll('e')
    .select(timeZoneOf('e'))
    .select('o.name as organisation_name')
    .orderBy('e.created_at', 'desc')
    .limit(limit)
    .execute();
}

export function exchangesOfTimebank(db: Q, networkId: string, timebankId: string, limit: number) {
  return db
    .selectFrom('exchange')
    .where('network_id', '=', networkId)
    .where('timebank_id', '=', timebankId)
    .selectAll()
    .select(timeZoneOf('exchange'))
    .orderBy('created_at', 'desc')
    .limit(limit)
    .execute();
}

/** The first occurrence still to come (or the last one) of each exchange. */
export async function nextOccurrences(db: Q, networkId: string, exchangeIds: string[]) {
  if (exchangeIds.length === 0) return new Map<string, { starts_at: Date; state: OccurrenceState; count: number }>();
  const rows = await db
    .selectFrom('exchange_occurrence')
    .where('network_id', '=', networkId)
    .where('exchange_id', 'in', exchangeIds)
    .select(['exchange_id', 'starts_at', 'state'])
    .orderBy('seq')
    .execute();
  const out = new Map<string, { starts_at: Date; state: OccurrenceState; count: number }>();
  for (const r of rows) {
    const prev = out.get(r.exchange_id);
    if (!prev) out.set(r.exchange_id, { starts_at: r.starts_at, state: r.state, count: 1 });
    else {
      prev.count += 1;
      if (prev.state !== 'agreed' && r.state === 'agreed') Object.assign(prev, { starts_at: r.starts_at, state: r.state });
    }
  }
  return out;
}

// ---- thank-you notes

export async function insertThankYou(
  db: Q,
  row: { networkId: string; id: string; exchangeId: string; fromMemberId: string | null; fromOrganisationId: string | null; toMemberId: string; body: string; showOnProfile: boolean; by: string | null; at: Date },
) {
  await db
    .insertInto('thank_you')
    .values({
      network_id: row.networkId,
      id: row.id,
      exchange_id: row.exchangeId,
      from_member_id: row.fromMemberId,
      from_organisation_id: row.fromOrganisationId,
      to_member_id: row.toMemberId,
      body: row.body,
      show_on_profile: row.showOnProfile,
      created_at: row.at,
      written_by_person_id: row.by,
    })
    .execute();
}

export function findThankYou(db: Q, networkId: string, id: string) {
  return db.selectFrom('thank_you').where('network_id', '=', networkId).where('id', '=', id).selectAll().executeTakeFirst();
}

export async function setThankYouHidden(db: Q, networkId: string, id: string, hidden: boolean) {
  await db.updateTable('thank_you').set({ hidden_by_recipient: hidden }).where('network_id', '=', networkId).where('id', '=', id).execute();
}

/** Notes to a member: all of them (for the member and staff), or those shown on the profile.
 * The writer is a member, or an organisation (by its name). */
export function thanksTo(db: Q, networkId: string, memberId: string, shownOnly: boolean) {
  let q = db
    .selectFrom('thank_you as t')
    .leftJoin('member as f', (j) => j.onRef('f.network_id', '=', 't.network_id').onRef('f.id', '=', 't.from_member_id'))
    .leftJoin('person as p', (j) => j.onRef('p.network_id', '=', 'f.network_id').onRef('p.id', '=', 'f.person_id'))
    .leftJoin('organisation as fo', (j) => j.onRef('fo.network_id', '=', 't.network_id').onRef('fo.id', '=', 't.from_organisation_id'))
    .innerJoin('exchange as e', (j) => j.onRef('e.network_id', '=', 't.network_id').onRef('e.id', '=', 't.exchange_id'))
    .where('t.network_id', '=', networkId)
    .where('t.to_member_id', '=', memberId);
  if (shownOnly) q = q.where('t.show_on_profile', '=', true).where('t.hidden_by_recipient', '=', false);
  return q
    .select((eb) => [
      't.id',
      't.exchange_id',
      't.from_member_id',
      't.from_organisation_id',
      't.to_member_id',
      't.body',
      't.show_on_profile',
      't.hidden_by_recipient',
      't.created_at',
      eb.fn.coalesce('p.display_name', 'fo.name').$castTo<string>().as('from_name'),
      'e.what',
    ])
    .orderBy('t.created_at', 'desc')
    .limit(200)
    .execute();
}

export function thanksOfExchange(db: Q, networkId: string, exchangeId: string) {
  return db.selectFrom('thank_you').where('network_id', '=', networkId).where('exchange_id', '=', exchangeId).selectAll().orderBy('created_at').execute();
}

/** Brokers and coordinators of any of these timebanks. */
export function staffOf(db: Q, networkId: string, timebankIds: string[]) {
  return db
    .selectFrom('role_grant')
    .where('network_id', '=', networkId)
    .where('timebank_id', 'in', timebankIds)
    .where('role', 'in', ['broker', 'coordinator'])
    .select('person_id')
    .execute();
}

/** Active and paused members of a timebank, by name (a broker's choices on the forms). */
export function memberChoices(db: Q, networkId: string, timebankId: string) {
  return db
    .selectFrom('member as m')
    .innerJoin('person as p', (j) => j.onRef('p.network_id', '=', 'm.network_id').onRef('p.id', '=', 'm.person_id'))
    .where('m.network_id', '=', networkId)
    .where('m.timebank_id', '=', timebankId)
    .where('m.status', 'in', ['active', 'paused'])
    .select(['m.id', 'p.display_name as name'])
    .orderBy('p.display_name')
    .limit(1000)
    .execute();
}

/** A person's active or paused memberships. */
export function activeMembershipsOf(db: Q, networkId: string, personId: string) {
  return db
    .selectFrom('member')
    .where('network_id', '=', networkId)
    .where('person_id', '=', personId)
    .where('status', 'in', ['active', 'paused'])
    .select(['id', 'timebank_id'])
    .execute();
}
