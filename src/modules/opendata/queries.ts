// What the open-data feeds read: a timebank found by its public slugs, and the public parts
// of its offers and group activities. No query here returns a person.
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { DB } from '../../db/schema.ts';

export interface OpenTimebankRow {
  network_id: string;
  network_slug: string;
  timebank_id: string;
  timebank_slug: string;
  name: string;
  open_data_licence: 'OGL-UK-3.0' | 'CC-BY-4.0';
  publish_activities: boolean;
  /** The timebank's IANA time zone: activity times are published in it. */
  time_zone: string;
  updated_at: Date;
}

/** A timebank whose coordinators turned open data on; undefined otherwise. */
export async function openTimebank(
  db: Kysely<DB>,
  networkSlug: string,
  timebankSlug: string,
): Promise<OpenTimebankRow | undefined> {
  const r = await sql<OpenTimebankRow>`
    select n.id as network_id, n.slug as network_slug, t.id as timebank_id, t.slug as timebank_slug, t.name,
      s.open_data_licence, s.publish_activities, t.time_zone, s.updated_at
    from network n
    join timebank t on t.network_id = n.id
    join timebank_report_setting s on s.network_id = t.network_id and s.timebank_id = t.id
    where n.slug = ${networkSlug} and t.slug = ${timebankSlug} and s.open_data`.execute(db);
  return r.rows[0];
}

export async function areaNames(db: Kysely<DB>, networkId: string, timebankId: string) {
  return db
    .selectFrom('area')
    .select(['id', 'name'])
    .where('network_id', '=', networkId)
    .where('timebank_id', '=', timebankId)
    .orderBy('name')
    .execute();
}

/** Members with an open offer, per top-level category (counted, never listed). */
export async function offeringMembersByCategory(
  db: Kysely<DB>,
  networkId: string,
  timebankId: string,
) {
  const r = await sql<{ category: string; n: number }>`
    select l.category_top as category, count(distinct l.member_id)::int as n
    from listing l
    where l.network_id = ${networkId} and l.timebank_id = ${timebankId} and l.kind = 'offer' and l.status = 'open'
      and l.member_id is not null
    group by 1 order by 1`.execute(db);
  return r.rows.map((x) => ({ category: x.category, n: Number(x.n) }));
}

export interface OrganisationOfferRow {
  id: string;
  title: string;
  description: string;
  category_slug: string;
  category_top: string;
  organisation_id: string;
  organisation_name: string;
  organisation_description: string | null;
  area_id: string | null;
  created_at: Date;
}

/** Open offers of the timebank's organisations that it shows network-wide: public by choice. */
export async function organisationOffers(
  db: Kysely<DB>,
  networkId: string,
  timebankId: string,
): Promise<OrganisationOfferRow[]> {
  const r = await sql<OrganisationOfferRow>`
    select l.id, l.title, l.description, l.category_slug, l.category_top, o.id as organisation_id,
      o.name as organisation_name, o.description as organisation_description, l.area_id, l.created_at
    from listing l
    join organisation o on o.network_id = l.network_id and o.id = l.organisation_id
    where l.network_id = ${networkId} and l.timebank_id = ${timebankId} and l.kind = 'offer' and l.status = 'open'
      and l.visibility = 'network'
    order by o.name, l.title, l.id`.execute(db);
  return r.rows;
}

export interface ActivityRow {
  id: string;
  title: string;
  description: string;
  category_slug: string;
  place: string | null;
  area_id: string | null;
  starts_at: Date;
  ends_at: Date;
  organisation_id: string | null;
  organisation_name: string | null;
  created_at: Date;
}

/** Open group activities yet to start, shown network-wide. */
export async function upcomingActivities(
  db: Kysely<DB>,
  networkId: string,
  timebankId: string,
  now: Date,
): Promise<ActivityRow[]> {
  const r = await sql<ActivityRow>`
    select a.id, a.title, a.description, a.category_slug, a.place, a.area_id, a.starts_at, a.ends_at,
      a.organisation_id, o.name as organisation_name, a.created_at
    from activity a
    left join organisation o on o.network_id = a.network_id and o.id = a.organisation_id
    where a.network_id = ${networkId} and a.timebank_id = ${timebankId} and a.status = 'open'
      and a.visibility = 'network' and a.starts_at >= ${now}
    order by a.starts_at, a.id limit 200`.execute(db);
  return r.rows;
}

/** The public slugs of a timebank and its network. */
export async function slugsOf(db: Kysely<DB>, networkId: string, timebankId: string) {
  return db
    .selectFrom('timebank as t')
    .innerJoin('network as n', 'n.id', 't.network_id')
    .select(['n.slug as network', 't.slug as timebank'])
    .where('t.network_id', '=', networkId)
    .where('t.id', '=', timebankId)
    .executeTakeFirst();
}
