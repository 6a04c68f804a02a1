// SQL of the computed indicators (the registry in registry.ts names them). Every query is
// scoped by network_id first; a timebank, an area and a category narrow it further. Days are
// inclusive at both ends; a transfer's day is that of its own timebank's time zone.
import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { settledTransfers } from '../ledger/settled.ts';

export interface Scope {
  networkId: string;
  /** null: the whole network. */
  timebankId: string | null;
  areaId: string | null;
  /** A category slug: the category and its subcategories. */
  categorySlug: string | null;
  from: string;
  to: string;
}

export interface Figure {
  value: number;
  sampleSize: number | null;
}

/** Settled hours (src/modules/ledger/settled.ts, the one definition) on the days
 * of the period, in the category when one is given. */
const settled = (s: Scope) => sql`
  select t.* from (${settledTransfers(s.networkId, s.from, s.to)}) t
  where ${s.categorySlug}::text is null or t.category = ${s.categorySlug}::text or t.category like ${s.categorySlug}::text || '.%'`;

/** Member accounts on either side of settled transfers, with the side and the member, in scope. */
const sides = (s: Scope) => sql`
  with settled as (${settled(s)}),
  side as (
    select credit_account_id as account_id, 'gave' as side, minutes from settled
    union all
    select debit_account_id, 'received', minutes from settled
  )
  select m.id as member_id, side.side, side.minutes
  from side
  join account a on a.network_id = ${s.networkId} and a.id = side.account_id and a.owner_kind = 'member'
  join member m on m.network_id = a.network_id and m.id = a.member_id
  where (${s.timebankId}::uuid is null or m.timebank_id = ${s.timebankId}::uuid)
    and (${s.areaId}::uuid is null or m.area_id = ${s.areaId}::uuid)`;

export async function activeMembers(db: Kysely<DB>, s: Scope): Promise<Figure> {
  const r = await sql<{ n: number }>`select count(distinct member_id)::int as n from (${sides(s)}) x`.execute(db);
  return { value: r.rows[0]!.n, sampleSize: null };
}

/** Minutes credited to members and organisations (a clearing leg is not counted, so hours
 * between two timebanks count once, for the giver's timebank). */
export async function hoursExchanged(db: Kysely<DB>, s: Scope): Promise<Figure> {
  const r = await sql<{ minutes: number; givers: number }>`
    with settled as (${settled(s)})
    select coalesce(sum(t.minutes), 0)::bigint as minutes, count(distinct a.id)::int as givers
    from settled t
    join account a on a.network_id = ${s.networkId} and a.id = t.credit_account_id and a.owner_kind in ('member', 'organisation')
    left join member m on m.network_id = a.network_id and m.id = a.member_id
    left join organisation o on o.network_id = a.network_id and o.id = a.organisation_id
    where (${s.timebankId}::uuid is null or a.timebank_id = ${s.timebankId}::uuid)
      and (${s.areaId}::uuid is null or m.area_id = ${s.areaId}::uuid)`.execute(db);
  const row = r.rows[0]!;
  return { value: Number(row.minutes), sampleSize: row.givers };
}

export async function gaveAndReceivedShare(db: Kysely<DB>, s: Scope): Promise<Figure> {
  const r = await sql<{ active: number; both: number }>`
    select count(*)::int as active, count(*) filter (where gave and received)::int as both
    from (
      select member_id, bool_or(side = 'gave') as gave, bool_or(side = 'received') as received
      from (${sides(s)}) x group by member_id
    ) y`.execute(db);
  const { active, both } = r.rows[0]!;
  // A percentage to one decimal place, from integers: 10 * 100 * both / active, rounded half up.
  const tenths = active === 0 ? 0 : Math.floor((2000 * both + active) / (2 * active));
  return { value: tenths / 10, sampleSize: active };
}

/** Aged 75 or more on the day: from the date of birth, or (only the year known) certainly so. */
const agedAtLeast = (years: number, day: string) => sql`
  case when p.birth_date is not null then p.birth_date <= (${day}::date - make_interval(years => ${years}))::date
       else p.birth_year is not null and extract(year from ${day}::date)::int - p.birth_year >= ${years + 1} end`;

export async function over75HelpedAtHome(db: Kysely<DB>, s: Scope): Promise<Figure> {
  const r = await sql<{ n: number }>`
    with settled as (${settled(s)})
    select count(distinct rm.person_id)::int as n
    from exchange e
    join member rm on rm.network_id = e.network_id and rm.id = e.receiver_member_id
    join person p on p.network_id = rm.network_id and p.id = rm.person_id
    where e.network_id = ${s.networkId} and e.mode = 'home'
      and exists (select 1 from settled t where t.exchange_id = e.id)
      and ${agedAtLeast(75, s.to)}
      and (${s.timebankId}::uuid is null or rm.timebank_id = ${s.timebankId}::uuid)
      and (${s.areaId}::uuid is null or rm.area_id = ${s.areaId}::uuid)`.execute(db);
  return { value: r.rows[0]!.n, sampleSize: null };
}

/** Settled exchanges whose receiver (a member, or an organisation on its request) and a giver
 * (a member, or an organisation on its offer) are of two timebanks. */
export async function exchangesAcrossTimebanks(db: Kysely<DB>, s: Scope): Promise<Figure> {
  const r = await sql<{ n: number }>`
    with settled as (${settled(s)}),
    sides as (
      select e.id, coalesce(rm.timebank_id, ro.timebank_id) as receiver_timebank_id, rm.area_id as receiver_area_id,
        array(
          select gm.timebank_id from exchange_giver g join member gm on gm.network_id = g.network_id and gm.id = g.member_id
          where g.network_id = e.network_id and g.exchange_id = e.id
          union all
          select go.timebank_id from organisation go where go.network_id = e.network_id and go.id = e.giver_organisation_id
        ) as giver_timebank_ids
      from exchange e
      left join member rm on rm.network_id = e.network_id and rm.id = e.receiver_member_id
      left join organisation ro on ro.network_id = e.network_id and ro.id = e.receiver_organisation_id
      where e.network_id = ${s.networkId}
        and exists (select 1 from settled t where t.exchange_id = e.id)
    )
    select count(*)::int as n
    from sides x
    where exists (select 1 from unnest(x.giver_timebank_ids) gt where gt <> x.receiver_timebank_id)
      and (${s.timebankId}::uuid is null or x.receiver_timebank_id = ${s.timebankId}::uuid or ${s.timebankId}::uuid = any (x.giver_timebank_ids))
      and (${s.areaId}::uuid is null or x.receiver_area_id = ${s.areaId}::uuid)`.execute(db);
  return { value: r.rows[0]!.n, sampleSize: null };
}

/** Under 25 on the day they joined: from the date of birth, or (only the year known) certainly so. */
export async function newMembersUnder25(db: Kysely<DB>, s: Scope): Promise<Figure> {
  const r = await sql<{ n: number }>`
    select count(*)::int as n
    from member m
    join person p on p.network_id = m.network_id and p.id = m.person_id
    where m.network_id = ${s.networkId}
      and m.joined_on between ${s.from}::date and ${s.to}::date
      and case when p.birth_date is not null then p.birth_date > (m.joined_on - make_interval(years => 25))::date
               else p.birth_year is not null and extract(year from m.joined_on)::int - p.birth_year <= 24 end
      and (${s.timebankId}::uuid is null or m.timebank_id = ${s.timebankId}::uuid)
      and (${s.areaId}::uuid is null or m.area_id = ${s.areaId}::uuid)`.execute(db);
  return { value: r.rows[0]!.n, sampleSize: null };
}

/** Co-Production Star: minutes and distinct members of the settled hours of tagged
 * activities and exchanges, and the number of tagged items, per mode. */
export async function starTotals(db: Kysely<DB>, s: Scope) {
  const r = await sql<{ mode: string; minutes: number; people: number }>`
    with settled as (${settled(s)}),
    tagged as (
      select tg.mode, t.minutes, t.credit_account_id, t.debit_account_id
      from coproduction_tag tg
      join settled t on (tg.subject_kind = 'exchange' and t.exchange_id = tg.subject_id)
                     or (tg.subject_kind = 'activity' and t.activity_id = tg.subject_id)
      where tg.network_id = ${s.networkId}
    ),
    people as (
      select tagged.mode, a.member_id from tagged
      join account a on a.network_id = ${s.networkId} and a.id in (tagged.credit_account_id, tagged.debit_account_id) and a.owner_kind = 'member'
      join member m on m.network_id = a.network_id and m.id = a.member_id
      where (${s.timebankId}::uuid is null or m.timebank_id = ${s.timebankId}::uuid)
    )
    select mode,
      (select coalesce(sum(x.minutes), 0) from tagged x
        join account a on a.network_id = ${s.networkId} and a.id = x.credit_account_id and a.owner_kind in ('member', 'organisation')
        where x.mode = modes.mode and (${s.timebankId}::uuid is null or a.timebank_id = ${s.timebankId}::uuid))::bigint as minutes,
      (select count(distinct p.member_id) from people p where p.mode = modes.mode)::int as people
    from (values ('co_commissioning'), ('co_design'), ('co_delivery'), ('co_assessment')) as modes(mode)`.execute(db);
  return r.rows.map((row) => ({ mode: row.mode, minutes: Number(row.minutes), people: row.people }));
}
