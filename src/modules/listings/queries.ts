// SQL of listings and category subscriptions: no rules here (service.ts), no principal.
import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { ListingTable, ListingWhenKind } from './tables.ts';

type Q = Kysely<DB> | Transaction<DB>;

/** The columns a listing is written with (insert, or an edit's new values). */
export type ListingValues = Pick<
  ListingTable,
  | 'kind'
  | 'title'
  | 'category_slug'
  | 'area_id'
  | 'mode'
  | 'when_on'
  | 'when_weekday'
  | 'when_every_weeks'
  | 'when_part'
  | 'when_note'
  | 'check_set_by_person_id'
  | 'expires_on'
> & {
  description: string;
  when_kind: ListingWhenKind;
  check_needed: boolean;
  language: string;
  languages: string[];
  visibility: 'timebank' | 'network';
};

export async function insertListing(
  db: Q,
  row: ListingValues & {
    network_id: string;
    id: string;
    timebank_id: string;
    member_id: string | null;
    organisation_id: string | null;
    taken_by_phone: boolean;
    created_by_person_id: string;
    created_at: Date;
  },
): Promise<void> {
  await db
    .insertInto('listing')
    .values({ ...row, updated_at: row.created_at })
    .execute();
}

export async function updateListing(db: Q, networkId: string, id: string, values: Partial<ListingValues> & { updated_at: Date; updated_by_person_id: string | null }) {
  await db.updateTable('listing').set(values).where('network_id', '=', networkId).where('id', '=', id).execute();
}

export async function setStatus(
  db: Q,
  networkId: string,
  id: string,
  values: {
    status: 'open' | 'closed' | 'lapsed';
    expires_on?: string;
    closed_at?: Date | null;
    closed_by_person_id?: string | null;
    renewed_at?: Date;
    lapsed_at?: Date | null;
    updated_at: Date;
    updated_by_person_id: string | null;
  },
) {
  await db.updateTable('listing').set(values).where('network_id', '=', networkId).where('id', '=', id).execute();
}

/** A listing with the names it is shown with; the category's name comes from the taxonomy. */
export function findListing(db: Q, networkId: string, id: string) {
  return db
    .selectFrom('listing as l')
    .innerJoin('timebank as tb', (j) => j.onRef('tb.network_id', '=', 'l.network_id').onRef('tb.id', '=', 'l.timebank_id'))
    .leftJoin('member as m', (j) => j.onRef('m.network_id', '=', 'l.network_id').onRef('m.id', '=', 'l.member_id'))
    .leftJoin('person as mp', (j) => j.onRef('mp.network_id', '=', 'm.network_id').onRef('mp.id', '=', 'm.person_id'))
    .leftJoin('organisation as o', (j) => j.onRef('o.network_id', '=', 'l.network_id').onRef('o.id', '=', 'l.organisation_id'))
    .leftJoin('area as a', (j) => j.onRef('a.network_id', '=', 'l.network_id').onRef('a.id', '=', 'l.area_id'))
    .innerJoin('person as cb', (j) => j.onRef('cb.network_id', '=', 'l.network_id').onRef('cb.id', '=', 'l.created_by_person_id'))
    .where('l.network_id', '=', networkId)
    .where('l.id', '=', id)
    .select([
      'l.network_id',
      'l.id',
      'l.timebank_id',
      'l.kind',
      'l.member_id',
      'l.organisation_id',
      'l.title',
      'l.description',
      'l.category_slug',
      'l.area_id',
      'l.mode',
      'l.when_kind',
      'l.when_on',
      'l.when_weekday',
      'l.when_every_weeks',
      'l.when_part',
      'l.when_note',
      'l.check_needed',
      'l.check_set_by_person_id',
      'l.language',
      'l.languages',
      'l.visibility',
      'l.status',
      'l.expires_on',
      'l.taken_by_phone',
      'l.created_at',
      'l.created_by_person_id',
      'l.updated_at',
      'l.renewed_at',
      'l.closed_at',
      'l.lapsed_at',
      'tb.name as timebank_name',
      'm.person_id as member_person_id',
      'mp.display_name as member_name',
      'o.name as organisation_name',
      'a.name as area_name',
      'cb.display_name as created_by_name',
    ])
    .executeTakeFirst();
}

export type ListingRow = NonNullable<Awaited<ReturnType<typeof findListing>>>;

/** Open listings first, newest first: a member's (or an organisation's) listings in a timebank. */
export function listingsOf(db: Q, networkId: string, owner: { memberId: string } | { organisationId: string }) {
  let q = db.selectFrom('listing').where('network_id', '=', networkId);
  q = 'memberId' in owner ? q.where('member_id', '=', owner.memberId) : q.where('organisation_id', '=', owner.organisationId);
  return q
    .select(['id', 'timebank_id', 'kind', 'title', 'category_slug', 'mode', 'status', 'expires_on', 'visibility', 'created_at', 'taken_by_phone'])
    .orderBy(sql`status = 'open'`, 'desc')
    .orderBy('created_at', 'desc')
    .limit(500)
    .execute();
}

/** The people a listing belongs to: the member's person, or the people acting for its organisation. */
export async function ownerPersonIds(db: Q, networkId: string, owner: { memberId: string | null; organisationId: string | null }): Promise<string[]> {
  if (owner.memberId) {
    const m = await db.selectFrom('member').where('network_id', '=', networkId).where('id', '=', owner.memberId).select('person_id').executeTakeFirst();
    return m ? [m.person_id] : [];
  }
  if (!owner.organisationId) return [];
  const rows = await db
    .selectFrom('organisation_person')
    .where('network_id', '=', networkId)
    .where('organisation_id', '=', owner.organisationId)
    .select('person_id')
    .execute();
  return rows.map((r) => r.person_id);
}

export function findMemberWithPerson(db: Q, networkId: string, timebankId: string, memberId: string) {
  return db
    .selectFrom('member as m')
    .innerJoin('person as p', (j) => j.onRef('p.network_id', '=', 'm.network_id').onRef('p.id', '=', 'm.person_id'))
    .where('m.network_id', '=', networkId)
    .where('m.timebank_id', '=', timebankId)
    .where('m.id', '=', memberId)
    .select(['m.id', 'm.person_id', 'm.status', 'p.display_name', 'p.birth_date', 'p.birth_year'])
    .executeTakeFirst();
}

/** A person's membership of a timebank (any status), with what an age check needs. */
export function membershipOf(db: Q, networkId: string, timebankId: string, personId: string) {
  return db
    .selectFrom('member as m')
    .innerJoin('person as p', (j) => j.onRef('p.network_id', '=', 'm.network_id').onRef('p.id', '=', 'm.person_id'))
    .where('m.network_id', '=', networkId)
    .where('m.timebank_id', '=', timebankId)
    .where('m.person_id', '=', personId)
    .select(['m.id', 'm.person_id', 'm.status', 'p.display_name', 'p.birth_date', 'p.birth_year'])
    .executeTakeFirst();
}

export function findOrganisation(db: Q, networkId: string, timebankId: string, organisationId: string) {
  return db
    .selectFrom('organisation')
    .where('network_id', '=', networkId)
    .where('timebank_id', '=', timebankId)
    .where('id', '=', organisationId)
    .select(['id', 'name'])
    .executeTakeFirst();
}

// ---- the sweep

/** Open listings whose last day has passed become lapsed; returns them. */
export function lapseExpired(db: Q, today: string, at: Date) {
  return db
    .updateTable('listing')
    .set({ status: 'lapsed', lapsed_at: at, updated_at: at, updated_by_person_id: null })
    .where('status', '=', 'open')
    .where('expires_on', '<', today)
    .returning(['network_id', 'id', 'timebank_id'])
    .execute();
}

/** Open listings lapsing within `untilDay` (inclusive) that were not yet reminded for that day. */
export function dueReminders(db: Q, today: string, untilDay: string, limit: number) {
  return db
    .selectFrom('listing')
    .where('status', '=', 'open')
    .where('expires_on', '>=', today)
    .where('expires_on', '<=', untilDay)
    .where((eb) => eb.or([eb('reminded_for', 'is', null), eb('reminded_for', '<>', eb.ref('expires_on'))]))
    .select(['network_id', 'id', 'timebank_id', 'member_id', 'organisation_id', 'title', 'expires_on'])
    .limit(limit)
    .execute();
}

/** Marks the reminder sent, unless the listing changed meanwhile (renewed, closed); true if marked. */
export async function markReminded(db: Q, networkId: string, id: string, expiresOn: string): Promise<boolean> {
  const r = await db
    .updateTable('listing')
    .set({ reminded_for: expiresOn })
    .where('network_id', '=', networkId)
    .where('id', '=', id)
    .where('status', '=', 'open')
    .where('expires_on', '=', expiresOn)
    .where((eb) => eb.or([eb('reminded_for', 'is', null), eb('reminded_for', '<>', expiresOn)]))
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

// ---- category subscriptions

export function subscriptionsOf(db: Q, networkId: string, memberId: string) {
  return db
    .selectFrom('category_subscription')
    .where('network_id', '=', networkId)
    .where('member_id', '=', memberId)
    .select(['category_slug', 'created_at'])
    .orderBy('category_slug')
    .execute();
}

export async function replaceSubscriptions(db: Q, networkId: string, memberId: string, slugs: string[], by: string, at: Date): Promise<void> {
  await db.deleteFrom('category_subscription').where('network_id', '=', networkId).where('member_id', '=', memberId).execute();
  if (!slugs.length) return;
  await db
    .insertInto('category_subscription')
    .values(slugs.map((category_slug) => ({ network_id: networkId, member_id: memberId, category_slug, created_at: at, created_by_person_id: by })))
    .execute();
}

/**
 * The people to tell of a new listing: active or paused members following its category or its
 * top level, in its timebank; in the other timebanks of the network too when the listing is
 * visible there (then only by shipped slugs, which mean the same in every timebank).
 */
export function subscribersFor(
  db: Q,
  l: { networkId: string; timebankId: string; slug: string; top: string; networkVisible: boolean; sharedSlugs: string[] },
) {
  return db
    .selectFrom('category_subscription as s')
    .innerJoin('member as m', (j) => j.onRef('m.network_id', '=', 's.network_id').onRef('m.id', '=', 's.member_id'))
    .innerJoin('person as p', (j) => j.onRef('p.network_id', '=', 'm.network_id').onRef('p.id', '=', 'm.person_id'))
    .where('s.network_id', '=', l.networkId)
    .where('s.category_slug', 'in', [...new Set([l.slug, l.top])])
    .where('m.status', 'in', ['active', 'paused'])
    .where('p.suspended_at', 'is', null)
    .where((eb) => {
      const own = eb('m.timebank_id', '=', l.timebankId);
      if (!l.networkVisible || l.sharedSlugs.length === 0) return own;
      return eb.or([own, eb('s.category_slug', 'in', l.sharedSlugs)]);
    })
    .select(['p.id as person_id', 'p.locale'])
    .distinct()
    .execute();
}
