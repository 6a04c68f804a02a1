// Aggregate counts only: no query here returns a person's row.
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { settledTransfers } from '../ledger/settled.ts';

export interface MembershipCountRow {
  timebank_id: string;
  timebank_name: string;
  status: string;
  birth_year: number | null;
  n: number;
}

/** Members per timebank, status and birth year (null when unknown). */
export async function membershipCounts(
  db: Kysely<DB>,
  networkId: string,
  timebankId: string | null,
): Promise<MembershipCountRow[]> {
  const r = await sql<MembershipCountRow>`
    select t.id as timebank_id, t.name as timebank_name, m.status, p.birth_year, count(*)::int as n
    from member m
    join timebank t on t.network_id = m.network_id and t.id = m.timebank_id
    join person p on p.network_id = m.network_id and p.id = m.person_id
    where m.network_id = ${networkId} and (${timebankId}::uuid is null or m.timebank_id = ${timebankId}::uuid)
    group by 1, 2, 3, 4
    order by 2, 3, 4`.execute(db);
  return r.rows.map((x) => ({
    ...x,
    n: Number(x.n),
    birth_year: x.birth_year === null ? null : Number(x.birth_year),
  }));
}

// ---------------------------------------------------------------- settings (migration 0017)

export interface RuleRow {
  count_min: number;
  wellbeing_min: number;
  mean_min_people: number;
}

export async function networkSetting(db: Kysely<DB>, networkId: string) {
  return db
    .selectFrom('network_report_setting')
    .selectAll()
    .where('network_id', '=', networkId)
    .executeTakeFirst();
}

export async function timebankSetting(db: Kysely<DB>, networkId: string, timebankId: string) {
  return db
    .selectFrom('timebank_report_setting')
    .selectAll()
    .where('network_id', '=', networkId)
    .where('timebank_id', '=', timebankId)
    .executeTakeFirst();
}

export async function upsertNetworkSetting(
  db: Kysely<DB>,
  networkId: string,
  rules: RuleRow,
  byPersonId: string,
  at: Date,
) {
  await db
    .insertInto('network_report_setting')
    .values({ network_id: networkId, ...rules, updated_at: at, updated_by_person_id: byPersonId })
    .onConflict((oc) =>
      oc
        .column('network_id')
        .doUpdateSet({ ...rules, updated_at: at, updated_by_person_id: byPersonId }),
    )
    .execute();
}

export interface TimebankSettingRow extends RuleRow {
  open_data: boolean;
  open_data_licence: 'OGL-UK-3.0' | 'CC-BY-4.0';
  publish_activities: boolean;
}

export async function upsertTimebankSetting(
  db: Kysely<DB>,
  networkId: string,
  timebankId: string,
  s: TimebankSettingRow,
  byPersonId: string,
  at: Date,
) {
  await db
    .insertInto('timebank_report_setting')
    .values({
      network_id: networkId,
      timebank_id: timebankId,
      ...s,
      updated_at: at,
      updated_by_person_id: byPersonId,
    })
    .onConflict((oc) =>
      oc
        .columns(['network_id', 'timebank_id'])
        .doUpdateSet({ ...s, updated_at: at, updated_by_person_id: byPersonId }),
    )
    .execute();
}

// ---------------------------------------------------------------- the dashboard

export interface AreaRow {
  id: string;
  name: string;
  timebank_id: string;
  timebank_name: string;
}

/** Areas of one timebank, or of every timebank of the network. */
export async function areasIn(
  db: Kysely<DB>,
  networkId: string,
  timebankId: string | null,
): Promise<AreaRow[]> {
  const r = await sql<AreaRow>`
    select a.id, a.name, a.timebank_id, t.name as timebank_name
    from area a join timebank t on t.network_id = a.network_id and t.id = a.timebank_id
    where a.network_id = ${networkId} and (${timebankId}::uuid is null or a.timebank_id = ${timebankId}::uuid)
    order by t.name, a.name`.execute(db);
  return r.rows;
}

export async function timebanksIn(db: Kysely<DB>, networkId: string) {
  return db
    .selectFrom('timebank')
    .select(['id', 'name'])
    .where('network_id', '=', networkId)
    .orderBy('name')
    .execute();
}

/** Settled hours in [from, to) (src/modules/ledger/settled.ts, the one definition: a reversed
 * transfer and its reversal are both left out), each with who gave (the credited account) and
 * who received (the debited one). */
function settled(networkId: string, from: Date, to: Date) {
  // [from, to) are whole UTC days; each transfer's own timebank's zone decides its day.
  const fromDay = from.toISOString().slice(0, 10);
  const toDay = new Date(to.getTime() - 1).toISOString().slice(0, 10);
  return sql`
    select s.network_id, s.category, s.minutes, s.created_at, s.local_month, s.credit_account_id as giver_account_id,
      s.debit_account_id as receiver_account_id, s.exchange_id, s.activity_id
    from (${settledTransfers(networkId, fromDay, toDay)}) s`;
}

export interface ActivityRow {
  member_id: string;
  timebank_id: string;
  area_id: string | null;
  birth_year: number | null;
  category: string;
  month: string;
  side: 'gave' | 'received';
  minutes: number;
}

/** Minutes each member gave and received in exchanges and activities, per category and month
 * (in the timebank's own zone), of the settled hours of the days in [from, to). Aggregates for reports, never shown as rows. */
export async function activityRows(
  db: Kysely<DB>,
  networkId: string,
  timebankId: string | null,
  from: Date,
  to: Date,
): Promise<ActivityRow[]> {
  const r = await sql<ActivityRow>`
    with e as (${settled(networkId, from, to)})
    select m.id as member_id, a.timebank_id, m.area_id, p.birth_year, e.category,
      e.local_month as month, s.side,
      sum(e.minutes)::bigint as minutes
    from e
    cross join lateral (values (e.giver_account_id, 'gave'), (e.receiver_account_id, 'received')) as s (account_id, side)
    join account a on a.network_id = e.network_id and a.id = s.account_id and a.owner_kind = 'member'
    join member m on m.network_id = a.network_id and m.id = a.member_id
    join person p on p.network_id = m.network_id and p.id = m.person_id
    where ${timebankId}::uuid is null or a.timebank_id = ${timebankId}::uuid
    group by 1, 2, 3, 4, 5, 6, 7`.execute(db);
  return r.rows.map((x) => ({
    ...x,
    minutes: Number(x.minutes),
    birth_year: x.birth_year === null ? null : Number(x.birth_year),
  }));
}

export interface StarRow {
  mode: string;
  area_id: string | null;
  member_id: string;
  minutes: number;
}

/** Minutes members gave in exchanges and activities tagged with a Co-Production Star mode
 * (docs/outcomes.md), per mode, area and giver, in [from, to); an hour tagged with two modes
 * counts in both. */
export async function starRows(db: Kysely<DB>, networkId: string, timebankId: string | null, from: Date, to: Date): Promise<StarRow[]> {
  const r = await sql<StarRow>`
    with e as (${settled(networkId, from, to)})
    select tg.mode, m.area_id, m.id as member_id, sum(e.minutes)::bigint as minutes
    from e
    join coproduction_tag tg on tg.network_id = e.network_id
      and ((tg.subject_kind = 'exchange' and tg.subject_id = e.exchange_id) or (tg.subject_kind = 'activity' and tg.subject_id = e.activity_id))
    join account a on a.network_id = e.network_id and a.id = e.giver_account_id and a.owner_kind = 'member'
    join member m on m.network_id = a.network_id and m.id = a.member_id
    where ${timebankId}::uuid is null or a.timebank_id = ${timebankId}::uuid
    group by 1, 2, 3`.execute(db);
  return r.rows.map((x) => ({ ...x, minutes: Number(x.minutes) }));
}

export interface FlowRow {
  from_timebank_id: string;
  to_timebank_id: string;
  person_id: string;
  minutes: number;
}

/** Minutes members of one timebank earned from members of another (the clearing leg into the
 * giver's account), per giver, in [from, to). */
export async function flowRows(
  db: Kysely<DB>,
  networkId: string,
  from: Date,
  to: Date,
): Promise<FlowRow[]> {
  const r = await sql<FlowRow>`
    with e as (${settled(networkId, from, to)})
    select c.counterparty_timebank_id as from_timebank_id, c.timebank_id as to_timebank_id, m.person_id,
      sum(e.minutes)::bigint as minutes
    from e
    join account c on c.network_id = e.network_id and c.id = e.receiver_account_id and c.owner_kind = 'clearing'
    join account a on a.network_id = e.network_id and a.id = e.giver_account_id and a.owner_kind = 'member'
    join member m on m.network_id = a.network_id and m.id = a.member_id
    group by 1, 2, 3`.execute(db);
  return r.rows.map((x) => ({ ...x, minutes: Number(x.minutes) }));
}
