// Repeating activities as one (docs/activities.md, "Repeating activities"): a series' page
// view, adding a rule to a single activity, and registering, cancelling and changing every date
// still to come. The dates themselves are activities; this works on them through the helpers
// of the activities service (service.ts), which owns the single-date rules.
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Clock } from '../../lib/clock.ts';
import { notFound } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import { wallRange } from '../../lib/zone.ts';
import { type Actor, recordAudit } from '../audit/record.ts';
import { type Principal, subjectPersonId } from '../auth/principal.ts';
import { enqueueNotification } from '../notifications/enqueue.ts';
import type { ActivityPayload } from '../notifications/kinds.ts';
import { authorize, can, type Resource } from '../policy/policy.ts';
import { timeZoneOf } from '../tenancy/queries.ts';
import { CAPACITY_MAX, fail } from './limits.ts';
import * as q from './queries.ts';
import { type RepeatInput, seriesDates, seriesValues } from './series.ts';
import type { ActivityPayer, ActivityVisibility } from './tables.ts';

/** Who registers for the dates: a member of the network. */
export type Registrant = { id: string; timebank_id: string; person_id: string; status: string };

/** The answer of registering for (or cancelling) all future dates of a series. */
export interface SeriesRegistrationReport {
  seriesId: string;
  memberId: string;
  registered: { activityId: string; registrationId: string; startsAt: Date }[];
  alreadyRegistered: { activityId: string; startsAt: Date }[];
  /** Dates whose every place is taken: not registered, and said so. */
  full: { activityId: string; startsAt: Date }[];
  /** Dates the member may not take part in (one changed to its own timebank only). */
  notEligible: { activityId: string; startsAt: Date }[];
}

/** What the series' steps take from the activities service: its single-date rules. */
export interface ActivityCore {
  resourceOf(
    networkId: string,
    a: { timebank_id: string; organisation_id: string | null; payer: ActivityPayer; visibility: ActivityVisibility },
  ): Promise<Resource>;
  visible(p: Principal, id: string): Promise<{ a: q.ActivityRow; resource: Resource }>;
  inTx<T>(fn: (tx: Transaction<DB>) => Promise<T>): Promise<T>;
  registrant(
    p: Principal,
    actor: Actor,
    a: q.ActivityRow,
    resource: Resource,
    memberId?: string,
  ): Promise<{ m: Registrant; path: string; by: Actor; bySomeoneElse: boolean }>;
  placeOn(
    tx: Transaction<DB>,
    p: Principal,
    by: Actor,
    row: { id: string; timebank_id: string; capacity: number | null },
    m: Registrant,
  ): Promise<{ kind: 'already' } | { kind: 'full'; capacity: number } | { kind: 'registered'; registrationId: string }>;
  tellRegistered(tx: Transaction<DB>, p: Principal, a: q.ActivityRow, personId: string, whenText?: string): Promise<void>;
  eligible(resource: Resource & { type: 'activity' }, m: { timebank_id: string; status: string } | undefined): boolean;
  cancelIn(tx: Transaction<DB>, p: Principal, actor: Actor, a: q.ActivityRow, reason: string, extra?: Record<string, unknown>): Promise<void>;
  notifyRegistered(
    tx: Transaction<DB>,
    networkId: string,
    a: { id: string; timebank_id: string; title: string; starts_at: Date; ends_at: Date; place: string | null },
    send: (payload: ActivityPayload, personId: string) => Promise<unknown>,
  ): Promise<void>;
}

export function createSeriesSteps({ db, clock }: { db: Kysely<DB>; clock: Clock }, core: ActivityCore) {
  const { resourceOf, visible, inTx, registrant, placeOn, tellRegistered, eligible, cancelIn, notifyRegistered } = core;
  const ahead = (r: { status: string; starts_at: Date }) => r.status === 'open' && r.starts_at > clock.now();

  /** The policy's view of each date of a series (dates run and seen alike share one lookup). */
  async function resourcesOf(networkId: string, rows: q.ActivityRow[]) {
    const memo = new Map<string, Promise<Resource>>();
    return Promise.all(
      rows.map(async (row) => {
        const key = `${row.payer}|${row.organisation_id}|${row.visibility}`;
        if (!memo.has(key)) memo.set(key, resourceOf(networkId, row));
        return { row, resource: (await memo.get(key)!) as Resource & { type: 'activity' } };
      }),
    );
  }

  /** The activity (if the caller sees it), its series' id and the dates of it still to come. */
  async function seriesOf(p: Principal, id: string) {
    const { a, resource } = await visible(p, id);
    if (!a.series_id) fail('not_in_series', 'this activity is not part of a series', '/params/id');
    const dates = await resourcesOf(p.networkId, await q.seriesActivities(db, p.networkId, a.series_id!));
    const coming = dates.filter((d) => ahead(d.row));
    return { a, resource, seriesId: a.series_id!, coming };
  }

  /** The series an activity is a date of, for its page: the rule and the dates the caller sees,
   * each with whether the person shown is registered. */
  async function seriesView(p: Principal, a: q.ActivityRow) {
    if (!a.series_id) return null;
    const [series, rows, mine] = await Promise.all([
      q.findSeries(db, p.networkId, a.series_id),
      q.seriesActivities(db, p.networkId, a.series_id),
      q.seriesRegistrationsOf(db, p.networkId, a.series_id, subjectPersonId(p)),
    ]);
    if (!series) return null;
    const registered = new Set(mine.map((r) => r.activity_id));
    const seen = (await resourcesOf(p.networkId, rows)).filter((d) => can(p, 'activity.read', d.resource));
    return {
      id: series.id,
      frequency: series.frequency,
      weekdays: (series.weekdays as number[] | null) ?? null,
      monthlyBy: series.monthly_by,
      until: series.until_on,
      count: series.occurrence_count,
      dates: seen.map((d) => ({ activity: d.row, registered: registered.has(d.row.id), ahead: ahead(d.row) })),
    };
  }

  /** The wall-clock dates of some activities, for a message ("2026-05-05 10:00–12:00, ..."). */
  async function datesText(ex: Kysely<DB>, networkId: string, timebankId: string, rows: { starts_at: Date; ends_at: Date }[]) {
    const zone = await timeZoneOf(ex, networkId, timebankId);
    return rows.map((r) => wallRange(zone, r.starts_at, r.ends_at)).join(', ');
  }

  /**
   * Makes an open single activity the first date of a series: the rule's other dates are new
   * activities with the same values. Refused for a paid (closed) or cancelled activity and for
   * one in a series already.
   */
  async function repeat(p: Principal, actor: Actor, id: string, rule: RepeatInput) {
    const { a, resource } = await visible(p, id);
    authorize(p, 'activity.manage', resource);
    const check = (row: { status: string; series_id: string | null }) => {
      if (row.status === 'closed') fail('activity_paid', 'the activity is closed and paid: a repeat rule cannot be added to it', '/params/id');
      if (row.status !== 'open') fail('activity_not_open', `the activity is ${row.status}`, '/params/id');
      if (row.series_id) fail('already_in_series', 'the activity is part of a series already', '/params/id');
    };
    check(a);
    const dates = seriesDates({ startsAt: a.starts_at, endsAt: a.ends_at }, rule, await timeZoneOf(db, p.networkId, a.timebank_id));
    const seriesId = newId();
    const ids = dates.map((_, i) => (i === 0 ? a.id : newId()));
    const v: q.ActivityValues = {
      organisationId: a.organisation_id,
      title: a.title,
      description: a.description,
      categorySlug: a.category_slug,
      areaId: a.area_id,
      place: a.place,
      startsAt: a.starts_at,
      endsAt: a.ends_at,
      capacity: a.capacity,
      payer: a.payer,
      minutesPerAttendee: a.minutes_per_attendee,
      visibility: a.visibility,
    };
    await inTx(async (tx) => {
      const row = await q.lockActivity(tx, p.networkId, id);
      if (!row) throw notFound('activity');
      check(row);
      await q.insertSeries(tx, { networkId: p.networkId, id: seriesId, timebankId: a.timebank_id, by: p.personId, at: clock.now(), ...seriesValues(rule) });
      await q.joinSeries(tx, p.networkId, id, seriesId, p.personId, clock.now());
      await recordAudit(tx, actor, { action: 'activity.repeat', subjectType: 'activity', subjectId: id, timebankId: a.timebank_id, detail: { seriesId, dates: dates.length } });
      for (const [i, d] of dates.entries()) {
        if (i === 0) continue;
        await q.insertActivity(tx, { networkId: p.networkId, id: ids[i]!, timebankId: a.timebank_id, by: p.personId, at: clock.now(), ...v, ...d, seriesId });
        await recordAudit(tx, actor, { action: 'activity.create', subjectType: 'activity', subjectId: ids[i]!, timebankId: a.timebank_id, detail: { payer: v.payer, seriesId } });
      }
    });
    return { seriesId, activityIds: ids };
  }

  /**
   * Registers a member for every date of the series still to come, in one transaction. Dates
   * whose places are all taken are reported (`full`), as are those registered already; when
   * none could be registered the whole request is refused.
   */
  async function registerSeries(p: Principal, actor: Actor, id: string, memberId?: string): Promise<SeriesRegistrationReport> {
    const { a, resource, seriesId, coming } = await seriesOf(p, id);
    const { m, path, by, bySomeoneElse } = await registrant(p, actor, a, resource, memberId);
    if (coming.length === 0) fail('series_over', 'no date of this series is still to come', '/params/id');
    if (memberId) for (const d of coming) authorize(p, 'activity.roster', d.resource);
    const report: SeriesRegistrationReport = { seriesId, memberId: m.id, registered: [], alreadyRegistered: [], full: [], notEligible: [] };
    await inTx(async (tx) => {
      for (const list of [report.registered, report.alreadyRegistered, report.full, report.notEligible]) list.length = 0;
      const fullRows: q.ActivityRow[] = [];
      for (const d of coming) {
        const at = { activityId: d.row.id, startsAt: d.row.starts_at };
        if (!eligible(d.resource, m)) {
          report.notEligible.push(at);
          continue;
        }
        // Dates locked in order of their start: two series registrations never wait on each other in a circle.
        const row = await q.lockActivity(tx, p.networkId, d.row.id);
        if (!row || !ahead(row)) continue;
        const placed = await placeOn(tx, p, by, row, m);
        if (placed.kind === 'registered') report.registered.push({ ...at, registrationId: placed.registrationId });
        else if (placed.kind === 'already') report.alreadyRegistered.push(at);
        else {
          report.full.push(at);
          fullRows.push(d.row);
        }
      }
      if (report.registered.length === 0) {
        if (fullRows.length) fail('capacity_full', `every place is taken on ${await datesText(tx, p.networkId, a.timebank_id, fullRows)}`, path);
        if (report.alreadyRegistered.length) fail('already_registered', 'already registered for every date still to come', path);
        fail('not_eligible', 'not one date still to come is open to this member', path);
      }
      if (bySomeoneElse) {
        const first = coming.find((d) => d.row.id === report.registered[0]!.activityId)!.row;
        const rows = coming.filter((d) => report.registered.some((r) => r.activityId === d.row.id)).map((d) => d.row);
        await tellRegistered(tx, p, first, m.person_id, await datesText(tx, p.networkId, a.timebank_id, rows));
      }
    });
    return report;
  }

  /** Cancels a member's registrations for every date of the series still to come: their own
   * (or the member a broker acts for), or anyone's by those who keep the roster. */
  async function cancelSeriesRegistrations(p: Principal, actor: Actor, id: string, memberId?: string) {
    const { resource, seriesId, coming } = await seriesOf(p, id);
    let personId = subjectPersonId(p);
    let path = '/params/id';
    if (memberId) {
      path = '/body/memberId';
      const m = await q.memberInNetwork(db, p.networkId, memberId);
      if (m?.person_id !== personId) {
        authorize(p, 'activity.roster', resource);
        for (const d of coming) authorize(p, 'activity.roster', d.resource);
      }
      if (!m) fail('not_registered', 'not registered for any date of this series still to come', path);
      personId = m!.person_id;
    }
    const cancelled: { activityId: string; registrationId: string; startsAt: Date }[] = [];
    await inTx(async (tx) => {
      cancelled.length = 0;
      for (const d of coming) {
        const row = await q.lockActivity(tx, p.networkId, d.row.id);
        if (!row || !ahead(row)) continue;
        const regs = (await q.registrations(tx, p.networkId, d.row.id)).filter(
          (r) => r.status === 'registered' && r.person_id === personId && (!memberId || r.member_id === memberId),
        );
        for (const r of regs) {
          await q.cancelRegistration(tx, p.networkId, r.id, p.personId, clock.now());
          const by = r.person_id === actor.personId ? actor : { ...actor, onBehalfOfPersonId: r.person_id };
          await recordAudit(tx, by, {
            action: 'activity.cancel_registration',
            subjectType: 'activity',
            subjectId: d.row.id,
            timebankId: d.row.timebank_id,
            detail: { registrationId: r.id, seriesId },
          });
          cancelled.push({ activityId: d.row.id, registrationId: r.id, startsAt: d.row.starts_at });
        }
      }
      if (cancelled.length === 0) fail('not_registered', 'not registered for any date of this series still to come', path);
    });
    return { seriesId, cancelled };
  }

  /** The organisers of every date still to come (each date's own, should one have changed who runs it). */
  async function seriesToManage(p: Principal, id: string) {
    const s = await seriesOf(p, id);
    authorize(p, 'activity.manage', s.resource);
    for (const d of s.coming) authorize(p, 'activity.manage', d.resource);
    if (s.coming.length === 0) fail('series_over', 'no date of this series is still to come', '/params/id');
    return s;
  }

  /** Cancels every date of the series still to come, with a reason; those registered are told. */
  async function cancelSeries(p: Principal, actor: Actor, id: string, reason: string) {
    const { seriesId, coming } = await seriesToManage(p, id);
    const cancelled: string[] = [];
    await inTx(async (tx) => {
      cancelled.length = 0;
      for (const d of coming) {
        const row = await q.lockActivity(tx, p.networkId, d.row.id);
        if (!row || !ahead(row)) continue;
        await cancelIn(tx, p, actor, d.row, reason, { seriesId });
        cancelled.push(d.row.id);
      }
    });
    return { seriesId, activityIds: cancelled };
  }

  /** Changes the title, description, place and capacity of every date still to come. Refused
   * whole (nothing written) when a date has more people registered than the new capacity. */
  async function updateSeries(p: Principal, actor: Actor, id: string, input: { title: string; description?: string | undefined; place?: string | null | undefined; capacity?: number | null | undefined }) {
    const c = input.capacity;
    if (c !== null && c !== undefined && (!Number.isInteger(c) || c < 1 || c > CAPACITY_MAX)) {
      fail('validation_failed', `a whole number of places from 1 to ${CAPACITY_MAX}, or none`, '/body/capacity');
    }
    const v: q.SeriesEdit = { title: input.title.trim(), description: (input.description ?? '').trim(), place: input.place?.trim() || null, capacity: c ?? null };
    const { seriesId, coming } = await seriesToManage(p, id);
    const updated: string[] = [];
    await inTx(async (tx) => {
      updated.length = 0;
      for (const d of coming) {
        const row = await q.lockActivity(tx, p.networkId, d.row.id);
        if (!row || !ahead(row)) continue;
        const registered = await q.countRegistered(tx, p.networkId, row.id);
        if (v.capacity !== null && v.capacity < registered) {
          const when = await datesText(tx, p.networkId, row.timebank_id, [row]);
          fail('capacity_below_registered', `${registered} people are registered already on ${when}`, '/body/capacity', `at least ${registered}: the people registered on ${when}`);
        }
        await q.updateActivityText(tx, p.networkId, row.id, v, p.personId, clock.now());
        await recordAudit(tx, actor, { action: 'activity.update', subjectType: 'activity', subjectId: row.id, timebankId: row.timebank_id, detail: { seriesId } });
        if (row.place !== v.place) {
          const after = { id: row.id, timebank_id: row.timebank_id, title: v.title, starts_at: row.starts_at, ends_at: row.ends_at, place: v.place };
          await notifyRegistered(tx, p.networkId, after, (payload, personId) =>
            enqueueNotification(tx, { networkId: p.networkId, kind: 'activity_changed', recipient: { personId }, payload, timebankId: row.timebank_id, at: clock.now() }),
          );
        }
        updated.push(row.id);
      }
    });
    return { seriesId, activityIds: updated };
  }


  return { seriesView, repeat, registerSeries, cancelSeriesRegistrations, cancelSeries, updateSeries };
}
