// SQL of the community asset map: refreshing the monthly snapshot (set-based, one statement per
// table), reading it, the lists behind a cell, pillars and area boundaries. No rules here.
import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';

type Q = Kysely<DB> | Transaction<DB>;

/** The area of people and listings with none given. */
export const NO_AREA = '00000000-0000-0000-0000-000000000000';

export interface Window {
  networkId: string;
  timebankId: string;
  /** The snapshot's month, 'YYYY-MM-01'. */
  month: string;
  /** Exchanges and pillars count from here... */
  since: Date;
  /** ...to here (the end of the month, or now for the current month). */
  until: Date;
}

/** The members who count (active or paused) with their area, and their latest complete conversation. */
const members = (w: Window) => sql`
  mem as (
    select id, coalesce(area_id, ${NO_AREA}::uuid) as area_id from member
    where network_id = ${w.networkId} and timebank_id = ${w.timebankId} and status in ('active', 'paused')
  ),
  conv as (
    select distinct on (c.member_id) c.id, c.member_id, c.hours_per_month
    from capability_conversation c
    where c.network_id = ${w.networkId} and c.timebank_id = ${w.timebankId} and c.status = 'complete'
    order by c.member_id, c.completed_at desc
  )`;

/** Rewrites one month of asset_map_cell for a timebank: capability, need and exchanges per area and category. */
export async function refreshCells(tx: Transaction<DB>, w: Window): Promise<number> {
  await tx.deleteFrom('asset_map_cell').where('network_id', '=', w.networkId).where('timebank_id', '=', w.timebankId).where('month', '=', w.month).execute();
  const r = await sql`
    with ${members(w)},
    cap as (
      select m.area_id, split_part(cc.category_slug, '.', 1) as cat, m.id as member_id
      from conv
      join capability_conversation_category cc on cc.network_id = ${w.networkId} and cc.conversation_id = conv.id and cc.kind <> 'need'
      join mem m on m.id = conv.member_id
      union
      select coalesce(l.area_id, m.area_id), l.category_top, m.id
      from listing l join mem m on m.id = l.member_id
      where l.network_id = ${w.networkId} and l.timebank_id = ${w.timebankId} and l.status = 'open' and l.kind in ('offer', 'lend')
      union
      select m.area_id, split_part(pc.category_slug, '.', 1), m.id
      from member_profile_category pc join mem m on m.id = pc.member_id
      where pc.network_id = ${w.networkId} and pc.kind in ('offer', 'skill', 'head', 'hands', 'heart')
    ),
    cap_cell as (
      select cap.area_id, cap.cat, count(*)::int as people, coalesce(sum(conv.hours_per_month), 0)::int as hours
      from cap left join conv on conv.member_id = cap.member_id
      group by 1, 2
    ),
    need as (
      select coalesce(l.area_id, m.area_id) as area_id, l.category_top as cat, m.id as member_id, 1 as req
      from listing l join mem m on m.id = l.member_id
      where l.network_id = ${w.networkId} and l.timebank_id = ${w.timebankId} and l.status = 'open' and l.kind = 'request'
      union all
      select m.area_id, split_part(cc.category_slug, '.', 1), m.id, 0
      from conv
      join capability_conversation_category cc on cc.network_id = ${w.networkId} and cc.conversation_id = conv.id and cc.kind = 'need'
      join mem m on m.id = conv.member_id
    ),
    need_cell as (
      select area_id, cat, count(distinct member_id)::int as people, sum(req)::int as requests from need group by 1, 2
    ),
    done_cell as (
      select coalesce(l.area_id, rm.area_id, ${NO_AREA}::uuid) as area_id, split_part(e.category_slug, '.', 1) as cat, count(*)::int as exchanges
      from exchange e
      join listing l on l.network_id = e.network_id and l.id = e.listing_id
      -- An organisation's request has no receiving member: the listing's area, or none.
      left join member rm on rm.network_id = e.network_id and rm.id = e.receiver_member_id
      where e.network_id = ${w.networkId} and e.timebank_id = ${w.timebankId}
        and e.id in (select h.exchange_id from exchange_hours h where h.network_id = ${w.networkId} and h.recorded_at >= ${w.since} and h.recorded_at < ${w.until})
      group by 1, 2
    ),
    cells as (
      select coalesce(c.area_id, n.area_id) as area_id, coalesce(c.cat, n.cat) as cat,
        coalesce(c.people, 0) as people, coalesce(c.hours, 0) as hours, coalesce(n.people, 0) as need_people, coalesce(n.requests, 0) as requests
      from cap_cell c full join need_cell n on n.area_id = c.area_id and n.cat = c.cat
    )
    insert into asset_map_cell (network_id, timebank_id, month, area_id, category_top, people_offering, hours_offered, need_people, requests_open, exchanges_done)
    select ${w.networkId}, ${w.timebankId}, ${w.month}::date, coalesce(x.area_id, d.area_id), coalesce(x.cat, d.cat),
      coalesce(x.people, 0), coalesce(x.hours, 0), coalesce(x.need_people, 0), coalesce(x.requests, 0), coalesce(d.exchanges, 0)
    from cells x full join done_cell d on d.area_id = x.area_id and d.cat = x.cat
  `.execute(tx);
  return Number(r.numAffectedRows ?? 0);
}

/** Rewrites one month of asset_map_area: members, pillars, conversations and the survey per area. */
export async function refreshAreas(tx: Transaction<DB>, w: Window, at: Date): Promise<void> {
  await tx.deleteFrom('asset_map_area').where('network_id', '=', w.networkId).where('timebank_id', '=', w.timebankId).where('month', '=', w.month).execute();
  await sql`
    with ${members(w)},
    hours as (
      select h.giver_member_id, e.receiver_member_id
      from exchange_hours h join exchange e on e.network_id = h.network_id and e.id = h.exchange_id
      where h.network_id = ${w.networkId} and e.timebank_id = ${w.timebankId} and h.recorded_at >= ${w.since} and h.recorded_at < ${w.until}
    ),
    gave as (select distinct giver_member_id as member_id from hours),
    got as (select distinct receiver_member_id as member_id from hours)
    insert into asset_map_area (network_id, timebank_id, month, area_id, members, pillars, conversations, survey_answers, survey_co_producing, survey_would_do_more, survey_extra_hours, refreshed_at)
    select ${w.networkId}, ${w.timebankId}, ${w.month}::date, m.area_id, count(*)::int,
      count(*) filter (where g.member_id is not null and r.member_id is not null)::int,
      count(cv.member_id)::int,
      count(s.member_id)::int,
      count(*) filter (where s.co_produces_now)::int,
      count(*) filter (where s.would_do_more)::int,
      coalesce(sum(s.extra_hours_per_month), 0)::int,
      ${at}
    from mem m
    left join gave g on g.member_id = m.id
    left join got r on r.member_id = m.id
    left join conv cv on cv.member_id = m.id
    left join community_survey_response s on s.network_id = ${w.networkId} and s.member_id = m.id
    group by m.area_id
  `.execute(tx);
}

export function areasOf(db: Q, networkId: string, timebankId: string) {
  return db.selectFrom('area').where('network_id', '=', networkId).where('timebank_id', '=', timebankId).select(['id', 'name', 'kind']).orderBy('name').execute();
}

/** The newest month with a snapshot. */
export async function latestMonth(db: Q, networkId: string, timebankId: string): Promise<string | null> {
  const r = await db.selectFrom('asset_map_area').where('network_id', '=', networkId).where('timebank_id', '=', timebankId).select((eb) => eb.fn.max('month').as('m')).executeTakeFirst();
  return (r?.m as string | null | undefined) ?? null;
}

export function cellsOf(db: Q, networkId: string, timebankId: string, month: string) {
  return db
    .selectFrom('asset_map_cell')
    .where('network_id', '=', networkId)
    .where('timebank_id', '=', timebankId)
    .where('month', '=', month)
    .select(['area_id', 'category_top', 'people_offering', 'hours_offered', 'need_people', 'requests_open', 'exchanges_done'])
    .execute();
}

export function areaRowsOf(db: Q, networkId: string, timebankId: string, month: string) {
  return db
    .selectFrom('asset_map_area')
    .where('network_id', '=', networkId)
    .where('timebank_id', '=', timebankId)
    .where('month', '=', month)
    .select(['area_id', 'members', 'pillars', 'conversations', 'survey_answers', 'survey_co_producing', 'survey_would_do_more', 'survey_extra_hours', 'refreshed_at'])
    .execute();
}

/** The whole timebank per month (the trend), the newest `months`; optionally one category. */
export function trendOf(db: Q, networkId: string, timebankId: string, months: number, category?: string) {
  let q = db
    .selectFrom('asset_map_cell')
    .where('network_id', '=', networkId)
    .where('timebank_id', '=', timebankId)
    .select((eb) => [
      'month',
      eb.fn.sum<number>('people_offering').as('people_offering'),
      eb.fn.sum<number>('hours_offered').as('hours_offered'),
      eb.fn.sum<number>('need_people').as('need_people'),
      eb.fn.sum<number>('requests_open').as('requests_open'),
      eb.fn.sum<number>('exchanges_done').as('exchanges_done'),
    ])
    .groupBy('month')
    .orderBy('month', 'desc')
    .limit(months);
  if (category) q = q.where('category_top', '=', category);
  return q.execute();
}

/** Members of the timebank in the area (none given: NO_AREA), who count (active or paused). */
const inArea = (networkId: string, timebankId: string, areaId: string) => sql`
  area_mem as (
    select m.id, m.person_id from member m
    where m.network_id = ${networkId} and m.timebank_id = ${timebankId} and m.status in ('active', 'paused')
      and ${areaId === NO_AREA ? sql`m.area_id is null` : sql`m.area_id = ${areaId}`}
  ),
  area_conv as (
    select distinct on (c.member_id) c.id, c.member_id from capability_conversation c join area_mem m on m.id = c.member_id
    where c.network_id = ${networkId} and c.status = 'complete'
    order by c.member_id, c.completed_at desc
  )`;

/** Open listings of the kinds in the category whose area (the listing's, else the member's) is the cell's. */
const cellListings = (networkId: string, timebankId: string, areaId: string, cat: string, kinds: readonly string[]) => sql`
  select l.member_id, l.title from listing l
  join member m on m.network_id = l.network_id and m.id = l.member_id and m.status in ('active', 'paused')
  where l.network_id = ${networkId} and l.status = 'open' and l.category_top = ${cat} and l.timebank_id = ${timebankId}
    and l.kind in (${sql.join(kinds)}) and coalesce(l.area_id, m.area_id, ${NO_AREA}::uuid) = ${areaId}`;

/** The latest completed conversation's hours of each of these members. */
const hoursOf = (networkId: string) => sql`
  left join lateral (
    select c.hours_per_month from capability_conversation c
    where c.network_id = ${networkId} and c.member_id = src.member_id and c.status = 'complete'
    order by c.completed_at desc limit 1
  ) h on true`;

/** The people behind a cell who could help: from conversations, open offers and profiles. Read
 * from the members of the area (and the listings of the category), never the whole timebank. */
export function capablePeople(db: Q, networkId: string, timebankId: string, areaId: string, cat: string, limit: number) {
  return sql<{ member_id: string; display_name: string; phone: string | null; email: string | null; hours_per_month: number | null; sources: string[] }>`
    with ${inArea(networkId, timebankId, areaId)},
    src as (
      select conv.member_id, 'conversation' as source from area_conv conv
      join capability_conversation_category cc on cc.network_id = ${networkId} and cc.conversation_id = conv.id and cc.kind <> 'need' and split_part(cc.category_slug, '.', 1) = ${cat}
      union
      select x.member_id, 'listing' from (${cellListings(networkId, timebankId, areaId, cat, ['offer', 'lend'])}) x
      union
      select pc.member_id, 'profile' from member_profile_category pc join area_mem m on m.id = pc.member_id
      where pc.network_id = ${networkId} and pc.kind in ('offer', 'skill', 'head', 'hands', 'heart') and split_part(pc.category_slug, '.', 1) = ${cat}
    ),
    people as (select member_id, array_agg(source order by source) as sources from src group by member_id)
    select src.member_id, p.display_name, p.phone, p.email, h.hours_per_month, src.sources
    from people src
    join member m on m.network_id = ${networkId} and m.id = src.member_id
    join person p on p.network_id = m.network_id and p.id = m.person_id
    ${hoursOf(networkId)}
    order by h.hours_per_month desc nulls last, p.display_name
    limit ${limit}
  `.execute(db);
}

/** The people behind a cell who need help: open requests and needs said in conversations. */
export function needingPeople(db: Q, networkId: string, timebankId: string, areaId: string, cat: string, limit: number) {
  return sql<{ member_id: string; display_name: string; phone: string | null; email: string | null; requests: string[]; from_conversation: boolean }>`
    with ${inArea(networkId, timebankId, areaId)},
    src as (
      select x.member_id, x.title from (${cellListings(networkId, timebankId, areaId, cat, ['request'])}) x
      union all
      select conv.member_id, null from area_conv conv
      join capability_conversation_category cc on cc.network_id = ${networkId} and cc.conversation_id = conv.id and cc.kind = 'need' and split_part(cc.category_slug, '.', 1) = ${cat}
    )
    select src.member_id, p.display_name, p.phone, p.email,
      coalesce(array_agg(src.title order by src.title) filter (where src.title is not null), '{}') as requests,
      bool_or(src.title is null) as from_conversation
    from src
    join member m on m.network_id = ${networkId} and m.id = src.member_id
    join person p on p.network_id = m.network_id and p.id = m.person_id
    group by src.member_id, p.display_name, p.phone, p.email
    order by p.display_name
    limit ${limit}
  `.execute(db);
}

/** Pillars: members who both gave help and received it in the window, with the minutes each way. */
export function pillarsOf(db: Q, w: Window, limit: number) {
  return sql<{ member_id: string; display_name: string; area_id: string; given_minutes: number; received_minutes: number }>`
    with hours as (
      select h.giver_member_id, e.receiver_member_id, h.minutes
      from exchange_hours h join exchange e on e.network_id = h.network_id and e.id = h.exchange_id
      where h.network_id = ${w.networkId} and e.timebank_id = ${w.timebankId} and h.recorded_at >= ${w.since} and h.recorded_at < ${w.until}
    ),
    gave as (select giver_member_id as member_id, sum(minutes)::int as minutes from hours group by 1),
    got as (select receiver_member_id as member_id, sum(minutes)::int as minutes from hours group by 1)
    select m.id as member_id, p.display_name, coalesce(m.area_id, ${NO_AREA}::uuid) as area_id, g.minutes as given_minutes, r.minutes as received_minutes
    from gave g join got r using (member_id)
    join member m on m.network_id = ${w.networkId} and m.id = g.member_id and m.timebank_id = ${w.timebankId} and m.status in ('active', 'paused')
    join person p on p.network_id = m.network_id and p.id = m.person_id
    order by p.display_name
    limit ${limit}
  `.execute(db);
}

// ---- area boundaries

export function boundariesOf(db: Q, networkId: string, timebankId: string) {
  return db
    .selectFrom('area_boundary as b')
    .innerJoin('area as a', (j) => j.onRef('a.network_id', '=', 'b.network_id').onRef('a.id', '=', 'b.area_id'))
    .where('b.network_id', '=', networkId)
    .where('b.timebank_id', '=', timebankId)
    .select(['b.area_id', 'a.name as area_name', 'b.geometry', 'b.min_lon', 'b.min_lat', 'b.max_lon', 'b.max_lat', 'b.uploaded_at'])
    .orderBy('a.name')
    .execute();
}

export async function replaceBoundaries(
  tx: Transaction<DB>,
  networkId: string,
  timebankId: string,
  rows: { area_id: string; geometry: unknown; bbox: [number, number, number, number] }[],
  at: Date,
  by: string,
) {
  await tx.deleteFrom('area_boundary').where('network_id', '=', networkId).where('timebank_id', '=', timebankId).execute();
  if (!rows.length) return;
  await tx
    .insertInto('area_boundary')
    .values(
      rows.map((r) => ({
        network_id: networkId,
        area_id: r.area_id,
        timebank_id: timebankId,
        geometry: JSON.stringify(r.geometry),
        min_lon: r.bbox[0],
        min_lat: r.bbox[1],
        max_lon: r.bbox[2],
        max_lat: r.bbox[3],
        uploaded_at: at,
        uploaded_by_person_id: by,
      })),
    )
    .execute();
}

/** Every timebank of every network: the sweep refreshes each one's current month. */
export function allTimebanks(db: Q) {
  return db.selectFrom('timebank').select(['network_id', 'id']).execute();
}

/** Members of the timebank among these ids, active (who may be registered for an activity). */
export function activeMembers(db: Q, networkId: string, timebankId: string, memberIds: readonly string[]) {
  if (!memberIds.length) return Promise.resolve([]);
  return db.selectFrom('member').where('network_id', '=', networkId).where('timebank_id', '=', timebankId).where('id', 'in', memberIds).where('status', '=', 'active').select(['id']).execute();
}
