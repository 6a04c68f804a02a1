// SQL for activities and their registrations. No rules here: the service decides.
import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { ActivityPayer, ActivityStatus, ActivityVisibility, SeriesFrequency, SeriesMonthlyBy } from './tables.ts';

type Q = Kysely<DB> | Transaction<DB>;

/** The timebanks linked to this one by the network admin (timebank_link, stored once per pair). */
export async function linkedTimebankIds(db: Q, networkId: string, timebankId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('timebank_link')
    .where('network_id', '=', networkId)
    .where((eb) => eb.or([eb('timebank_a_id', '=', timebankId), eb('timebank_b_id', '=', timebankId)]))
    .select(['timebank_a_id', 'timebank_b_id'])
    .execute();
  return rows.map((r) => (r.timebank_a_id === timebankId ? r.timebank_b_id : r.timebank_a_id));
}

const activityColumns = [
  'a.network_id',
  'a.id',
  'a.timebank_id',
  'a.organisation_id',
  'a.title',
  'a.description',
  'a.category_slug',
  'a.area_id',
  'a.place',
  'a.starts_at',
  'a.ends_at',
  'a.capacity',
  'a.payer',
  'a.minutes_per_attendee',
  'a.visibility',
  'a.status',
  'a.cancelled_reason',
  'a.payment_batch_id',
  'a.paid_minutes',
  'a.paid_count',
  'a.closed_at',
  'a.created_at',
  'a.updated_at',
  'a.series_id',
] as const;

function activities(db: Q) {
  return db
    .selectFrom('activity as a')
    .innerJoin('timebank as tb', (j) => j.onRef('tb.network_id', '=', 'a.network_id').onRef('tb.id', '=', 'a.timebank_id'))
    .leftJoin('organisation as o', (j) => j.onRef('o.network_id', '=', 'a.network_id').onRef('o.id', '=', 'a.organisation_id'))
    .leftJoin('area as ar', (j) => j.onRef('ar.network_id', '=', 'a.network_id').onRef('ar.id', '=', 'a.area_id'))
    .select(activityColumns)
    .select(['tb.name as timebank_name', 'tb.default_locale as timebank_locale', 'o.name as organisation_name', 'ar.name as area_name'])
    .select((eb) =>
      eb
        .selectFrom('activity_registration as r')
        .whereRef('r.network_id', '=', 'a.network_id')
        .whereRef('r.activity_id', '=', 'a.id')
        .where('r.status', '=', 'registered')
        .select((e) => e.fn.countAll<number>().as('n'))
        .as('registered_count'),
    );
}

export type ActivityRow = NonNullable<Awaited<ReturnType<typeof findActivity>>>;

export function findActivity(db: Q, networkId: string, id: string) {
  return activities(db).where('a.network_id', '=', networkId).where('a.id', '=', id).executeTakeFirst();
}

/** The activity row locked for the rest of the transaction: registrations, attendance and
 * payment of one activity happen one at a time. */
export async function lockActivity(tx: Transaction<DB>, networkId: string, id: string) {
  return tx
    .selectFrom('activity')
    .where('network_id', '=', networkId)
    .where('id', '=', id)
    .selectAll()
    .forUpdate()
    .executeTakeFirst();
}

/** Activities of a timebank, and those of the linked timebanks that are open to the network. */
export function listActivities(db: Q, networkId: string, timebankId: string, linked: string[], from: Date) {
  return activities(db)
    .where('a.network_id', '=', networkId)
    .where((eb) =>
      eb.or([
        eb('a.timebank_id', '=', timebankId),
        ...(linked.length ? [eb.and([eb('a.timebank_id', 'in', linked), eb('a.visibility', '=', 'network')])] : []),
      ]),
    )
    .where('a.ends_at', '>=', from)
    .orderBy('a.starts_at')
    .orderBy('a.id')
    .limit(500)
    .execute();
}

export interface ActivityValues {
  organisationId: string | null;
  title: string;
  description: string;
  categorySlug: string;
  areaId: string | null;
  place: string | null;
  startsAt: Date;
  endsAt: Date;
  capacity: number | null;
  payer: ActivityPayer;
  minutesPerAttendee: number;
  visibility: ActivityVisibility;
}

const columnsOf = (v: ActivityValues) => ({
  organisation_id: v.organisationId,
  title: v.title,
  description: v.description,
  category_slug: v.categorySlug,
  area_id: v.areaId,
  place: v.place,
  starts_at: v.startsAt,
  ends_at: v.endsAt,
  capacity: v.capacity,
  payer: v.payer,
  minutes_per_attendee: v.minutesPerAttendee,
  visibility: v.visibility,
});

export async function insertActivity(
  db: Q,
  row: { networkId: string; id: string; timebankId: string; by: string; at: Date; seriesId?: string | null } & ActivityValues,
) {
  await db
    .insertInto('activity')
    .values({
      network_id: row.networkId,
      id: row.id,
      timebank_id: row.timebankId,
      series_id: row.seriesId ?? null,
      ...columnsOf(row),
      created_at: row.at,
      created_by_person_id: row.by,
      updated_at: row.at,
      updated_by_person_id: row.by,
    })
    .execute();
}

export async function updateActivity(db: Q, networkId: string, id: string, v: ActivityValues, by: string, at: Date) {
  await db
    .updateTable('activity')
    .set({ ...columnsOf(v), updated_at: at, updated_by_person_id: by })
    .where('network_id', '=', networkId)
    .where('id', '=', id)
    .execute();
}

export async function setActivityStatus(
  db: Q,
  networkId: string,
  id: string,
  patch: {
    status: ActivityStatus;
    cancelled_reason?: string;
    payment_batch_id?: string;
    paid_minutes?: number;
    paid_count?: number;
    closed_at?: Date;
    closed_by_person_id?: string;
    by: string | null;
    at: Date;
  },
) {
  const { by, at, ...rest } = patch;
  await db
    .updateTable('activity')
    .set({ ...rest, updated_at: at, updated_by_person_id: by })
    .where('network_id', '=', networkId)
    .where('id', '=', id)
    .execute();
}

/** Registrations of an activity with the person's name and their membership's timebank. */
export function registrations(db: Q, networkId: string, activityId: string) {
  return db
    .selectFrom('activity_registration as r')
    .innerJoin('person as p', (j) => j.onRef('p.network_id', '=', 'r.network_id').onRef('p.id', '=', 'r.person_id'))
    .innerJoin('member as m', (j) => j.onRef('m.network_id', '=', 'r.network_id').onRef('m.id', '=', 'r.member_id'))
    .innerJoin('timebank as tb', (j) => j.onRef('tb.network_id', '=', 'm.network_id').onRef('tb.id', '=', 'm.timebank_id'))
    .where('r.network_id', '=', networkId)
    .where('r.activity_id', '=', activityId)
    .select([
      'r.id',
      'r.member_id',
      'r.person_id',
      'r.status',
      'r.attended',
      'r.registered_at',
      'r.cancelled_at',
      'r.paid_transfer_id',
      'p.display_name',
      'm.timebank_id as member_timebank_id',
      'tb.name as member_timebank_name',
    ])
    .orderBy('p.display_name')
    .orderBy('r.id')
    .execute();
}

export type RegistrationRow = Awaited<ReturnType<typeof registrations>>[number];

export function findRegistration(db: Q, networkId: string, activityId: string, memberId: string) {
  return db
    .selectFrom('activity_registration')
    .where('network_id', '=', networkId)
    .where('activity_id', '=', activityId)
    .where('member_id', '=', memberId)
    .selectAll()
    .executeTakeFirst();
}

export function registrationById(db: Q, networkId: string, activityId: string, id: string) {
  return db
    .selectFrom('activity_registration')
    .where('network_id', '=', networkId)
    .where('activity_id', '=', activityId)
    .where('id', '=', id)
    .selectAll()
    .executeTakeFirst();
}

export async function countRegistered(db: Q, networkId: string, activityId: string): Promise<number> {
  const r = await db
    .selectFrom('activity_registration')
    .where('network_id', '=', networkId)
    .where('activity_id', '=', activityId)
    .where('status', '=', 'registered')
    .select((e) => e.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function insertRegistration(
  db: Q,
  row: { networkId: string; id: string; activityId: string; memberId: string; personId: string; by: string | null; at: Date },
) {
  await db
    .insertInto('activity_registration')
    .values({
      network_id: row.networkId,
      id: row.id,
      activity_id: row.activityId,
      member_id: row.memberId,
      person_id: row.personId,
      registered_at: row.at,
      registered_by_person_id: row.by,
    })
    .execute();
}

/** Registering again after cancelling: the same row, registered again, attendance unmarked. */
export async function reopenRegistration(db: Q, networkId: string, id: string, by: string | null, at: Date) {
  await db
    .updateTable('activity_registration')
    .set({
      status: 'registered',
      registered_at: at,
      registered_by_person_id: by,
      cancelled_at: null,
      cancelled_by_person_id: null,
      attended: null,
      attendance_marked_at: null,
      attendance_marked_by_person_id: null,
    })
    .where('network_id', '=', networkId)
    .where('id', '=', id)
    .execute();
}

export async function cancelRegistration(db: Q, networkId: string, id: string, by: string | null, at: Date) {
  await db
    .updateTable('activity_registration')
    .set({ status: 'cancelled', cancelled_at: at, cancelled_by_person_id: by, attended: null })
    .where('network_id', '=', networkId)
    .where('id', '=', id)
    .execute();
}

export async function markAttendance(db: Q, networkId: string, id: string, attended: boolean, by: string | null, at: Date) {
  await db
    .updateTable('activity_registration')
    .set({ attended, attendance_marked_at: at, attendance_marked_by_person_id: by })
    .where('network_id', '=', networkId)
    .where('id', '=', id)
    .execute();
}

export async function setPaidTransfer(db: Q, networkId: string, id: string, transferId: string) {
  await db
    .updateTable('activity_registration')
    .set({ paid_transfer_id: transferId })
    .where('network_id', '=', networkId)
    .where('id', '=', id)
    .execute();
}

/** A member of the network by id, with their person and timebank. */
export function memberInNetwork(db: Q, networkId: string, memberId: string) {
  return db
    .selectFrom('member')
    .where('network_id', '=', networkId)
    .where('id', '=', memberId)
    .select(['id', 'timebank_id', 'person_id', 'status'])
    .executeTakeFirst();
}

/** A person's memberships that are not over. */
export function membershipsOf(db: Q, networkId: string, personId: string) {
  return db
    .selectFrom('member')
    .where('network_id', '=', networkId)
    .where('person_id', '=', personId)
    .select(['id', 'timebank_id', 'status'])
    .execute();
}

export async function organisationPeople(db: Q, networkId: string, organisationId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('organisation_person')
    .where('network_id', '=', networkId)
    .where('organisation_id', '=', organisationId)
    .select('person_id')
    .execute();
  return rows.map((r) => r.person_id);
}

export function findOrganisation(db: Q, networkId: string, organisationId: string) {
  return db.selectFrom('organisation').where('network_id', '=', networkId).where('id', '=', organisationId).select(['id', 'timebank_id', 'name']).executeTakeFirst();
}

/** Organisations of a timebank the person acts for. */
export function organisationsActedFor(db: Q, networkId: string, timebankId: string, personId: string) {
  return db
    .selectFrom('organisation as o')
    .innerJoin('organisation_person as op', (j) => j.onRef('op.network_id', '=', 'o.network_id').onRef('op.organisation_id', '=', 'o.id'))
    .where('o.network_id', '=', networkId)
    .where('o.timebank_id', '=', timebankId)
    .where('op.person_id', '=', personId)
    .select(['o.id', 'o.name'])
    .orderBy('o.name')
    .execute();
}

/** Active members of a timebank, by name (the broker's "register a member" list). */
export function activeMembers(db: Q, networkId: string, timebankIds: string[]) {
  if (timebankIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('member as m')
    .innerJoin('person as p', (j) => j.onRef('p.network_id', '=', 'm.network_id').onRef('p.id', '=', 'm.person_id'))
    .innerJoin('timebank as tb', (j) => j.onRef('tb.network_id', '=', 'm.network_id').onRef('tb.id', '=', 'm.timebank_id'))
    .where('m.network_id', '=', networkId)
    .where('m.timebank_id', 'in', timebankIds)
    .where('m.status', '=', 'active')
    .select(['m.id', 'p.display_name', 'tb.name as timebank_name'])
    .orderBy('p.display_name')
    .limit(2000)
    .execute();
}

export function areaInTimebank(db: Q, networkId: string, timebankId: string, areaId: string) {
  return db.selectFrom('area').where('network_id', '=', networkId).where('timebank_id', '=', timebankId).where('id', '=', areaId).select('id').executeTakeFirst();
}

/** The activities a person takes part in (registered, not cancelled) or organises, within a window:
 * the calendar's source. Organising: created by them, or run by an organisation they act for. */
export function activitiesOfPerson(db: Q, networkId: string, personId: string, from: Date, to: Date) {
  return activities(db)
    .where('a.network_id', '=', networkId)
    .where('a.ends_at', '>=', from)
    .where('a.starts_at', '<=', to)
    .where((eb) =>
      eb.or([
        eb.exists(
          eb
            .selectFrom('activity_registration as r')
            .whereRef('r.network_id', '=', 'a.network_id')
            .whereRef('r.activity_id', '=', 'a.id')
            .where('r.person_id', '=', personId)
            .where('r.status', '=', 'registered')
            .select(sql`1`.as('one')),
        ),
        eb('a.created_by_person_id', '=', personId),
        eb.exists(
          eb
            .selectFrom('organisation_person as op')
            .whereRef('op.network_id', '=', 'a.network_id')
            .whereRef('op.organisation_id', '=', 'a.organisation_id')
            .where('op.person_id', '=', personId)
            .select(sql`1`.as('one')),
        ),
      ]),
    )
    .orderBy('a.starts_at')
    .limit(1000)
    .execute();
}

export function organisationsOf(db: Q, networkId: string, timebankId: string) {
  return db.selectFrom('organisation').where('network_id', '=', networkId).where('timebank_id', '=', timebankId).select(['id', 'name']).orderBy('name').execute();
}

// ---- series (0022-activity-series.sql)

export interface SeriesValues {
  frequency: SeriesFrequency;
  weekdays: number[] | null;
  monthlyBy: SeriesMonthlyBy | null;
  until: string | null;
  count: number | null;
}

export async function insertSeries(db: Q, row: { networkId: string; id: string; timebankId: string; by: string; at: Date } & SeriesValues) {
  await db
    .insertInto('activity_series')
    .values({
      network_id: row.networkId,
      id: row.id,
      timebank_id: row.timebankId,
      frequency: row.frequency,
      weekdays: row.weekdays ? JSON.stringify(row.weekdays) : null,
      monthly_by: row.monthlyBy,
      until_on: row.until,
      occurrence_count: row.count,
      created_at: row.at,
      created_by_person_id: row.by,
    })
    .execute();
}

export function findSeries(db: Q, networkId: string, id: string) {
  return db.selectFrom('activity_series').where('network_id', '=', networkId).where('id', '=', id).selectAll().executeTakeFirst();
}

export type SeriesRow = NonNullable<Awaited<ReturnType<typeof findSeries>>>;

/** Every date of a series, in order (at most 52). */
export function seriesActivities(db: Q, networkId: string, seriesId: string) {
  return activities(db).where('a.network_id', '=', networkId).where('a.series_id', '=', seriesId).orderBy('a.starts_at').orderBy('a.id').execute();
}

/** Makes a single activity the first date of a series. */
export async function joinSeries(db: Q, networkId: string, id: string, seriesId: string, by: string, at: Date) {
  await db.updateTable('activity').set({ series_id: seriesId, updated_at: at, updated_by_person_id: by }).where('network_id', '=', networkId).where('id', '=', id).execute();
}

/** What a change to all future dates of a series sets on each. */
export interface SeriesEdit {
  title: string;
  description: string;
  place: string | null;
  capacity: number | null;
}

export async function updateActivityText(db: Q, networkId: string, id: string, v: SeriesEdit, by: string, at: Date) {
  await db
    .updateTable('activity')
    .set({ title: v.title, description: v.description, place: v.place, capacity: v.capacity, updated_at: at, updated_by_person_id: by })
    .where('network_id', '=', networkId)
    .where('id', '=', id)
    .execute();
}

/** The registrations (registered, not cancelled) a person holds in the dates of a series. */
export function seriesRegistrationsOf(db: Q, networkId: string, seriesId: string, personId: string) {
  return db
    .selectFrom('activity_registration as r')
    .innerJoin('activity as a', (j) => j.onRef('a.network_id', '=', 'r.network_id').onRef('a.id', '=', 'r.activity_id'))
    .where('r.network_id', '=', networkId)
    .where('a.series_id', '=', seriesId)
    .where('r.person_id', '=', personId)
    .where('r.status', '=', 'registered')
    .select(['r.id', 'r.activity_id', 'r.member_id'])
    .execute();
}
