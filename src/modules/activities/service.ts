// Activities (docs/activities.md): a coordinator or an organisation runs one; members register
// (a broker registers someone by phone); the organisers mark who attended; closing pays each
// attendee in ONE linked ledger batch from the community pot or the organisation's account.
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Clock } from '../../lib/clock.ts';
import { DomainError, type FieldError, notFound } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import type { Logger } from '../../lib/log.ts';
import { type Actor, recordAudit } from '../audit/record.ts';
import type { Principal } from '../auth/principal.ts';
import { subjectPersonId } from '../auth/principal.ts';
import { categoryOf } from '../categories/service.ts';
import { isRetryable } from '../ledger/errors.ts';
import { legId } from '../ledger/ids.ts';
import { enqueueNotification } from '../notifications/enqueue.ts';
import type { ActivityPayload } from '../notifications/kinds.ts';
import { createLedger, type Ledger } from '../ledger/service.ts';
import type { TransferInput } from '../ledger/types.ts';
import { authorize, can, type Resource } from '../policy/policy.ts';
import { timebankResource } from '../tenancy/guard.ts';
import * as q from './queries.ts';
import type { ActivityPayer, ActivityVisibility } from './tables.ts';
import { wallRange } from '../../lib/zone.ts';
import { timeZoneOf } from '../tenancy/queries.ts';
import { type RepeatInput, seriesDates, seriesValues } from './series.ts';
import { createSeriesSteps, type Registrant } from './series-steps.ts';
import { CAPACITY_MAX, fail, MINUTES_PER_ATTENDEE_MAX } from './limits.ts';

export const PAYERS = ['community_pot', 'organisation'] as const satisfies readonly ActivityPayer[];
export const VISIBILITIES = ['timebank', 'network'] as const satisfies readonly ActivityVisibility[];
/** One activity pays at most 24 hours to each attendee (more would need a reason per transfer). */
export { CAPACITY_MAX, MINUTES_PER_ATTENDEE_MAX } from './limits.ts';
export type { SeriesRegistrationReport } from './series-steps.ts';

export interface ActivityInput {
  title: string;
  description?: string | undefined;
  categorySlug: string;
  areaId?: string | null | undefined;
  place?: string | null | undefined;
  startsAt: string | Date;
  endsAt: string | Date;
  capacity?: number | null | undefined;
  payer: ActivityPayer;
  /** Required when the payer is an organisation; otherwise an organisation may still run it. */
  organisationId?: string | null | undefined;
  minutesPerAttendee: number;
  visibility?: ActivityVisibility | undefined;
  /** A repeat rule: the activity is the first date of a series, one activity per date. */
  repeat?: RepeatInput | null | undefined;
}


export interface PaymentLine {
  registrationId: string;
  memberId: string;
  personId: string;
  displayName: string;
  timebankName: string;
  minutes: number;
  /** Paid through the clearing pair of two linked timebanks (two legs). */
  crossTimebank: boolean;
}

export interface PaymentPreview {
  payer: ActivityPayer;
  payerName: string;
  payerAccountId: string | null;
  payerBalanceMinutes: number | null;
  /** What the payer can still spend (null: no lower limit). */
  payerAvailableMinutes: number | null;
  lines: PaymentLine[];
  totalMinutes: number;
  /** Registered people whose attendance is not marked yet: closing is refused until it is. */
  unmarked: string[];
}

export interface CloseResult {
  hit: boolean;
  batchId: string;
  paidCount: number;
  paidMinutes: number;
  transferIds: string[];
}


const asDate = (v: string | Date) => (v instanceof Date ? v : new Date(v));

function checkShape(input: ActivityInput): FieldError[] {
  const errors: FieldError[] = [];
  const m = input.minutesPerAttendee;
  if (typeof m !== 'number' || !Number.isInteger(m) || m <= 0 || m > MINUTES_PER_ATTENDEE_MAX) {
    errors.push({ path: '/body/minutesPerAttendee', message: `a whole number of minutes from 1 to ${MINUTES_PER_ATTENDEE_MAX}` });
  }
  const c = input.capacity;
  if (c !== null && c !== undefined && (!Number.isInteger(c) || c < 1 || c > CAPACITY_MAX)) {
    errors.push({ path: '/body/capacity', message: `a whole number of places from 1 to ${CAPACITY_MAX}, or none` });
  }
  const start = asDate(input.startsAt);
  const end = asDate(input.endsAt);
  if (Number.isNaN(start.getTime())) errors.push({ path: '/body/startsAt', message: 'a date and time' });
  if (Number.isNaN(end.getTime())) errors.push({ path: '/body/endsAt', message: 'a date and time' });
  else if (!Number.isNaN(start.getTime()) && end <= start) errors.push({ path: '/body/endsAt', message: 'must be after the start' });
  if (input.payer === 'organisation' && !input.organisationId) {
    errors.push({ path: '/body/organisationId', message: 'the organisation that pays' });
  }
  return errors;
}

export function createActivities({ db, clock, ledger, log }: { db: Kysely<DB>; clock: Clock; ledger: Ledger; log: Logger }) {
  /** The policy's view of an activity. */
  async function resourceOf(
    networkId: string,
    a: { timebank_id: string; organisation_id: string | null; payer: ActivityPayer; visibility: ActivityVisibility },
  ): Promise<Resource> {
    // The organisation's people organise what the organisation pays for; what the community pot
    // pays for is the timebank's (its coordinators').
    const [organisers, linked] = await Promise.all([
      a.organisation_id && a.payer === 'organisation' ? q.organisationPeople(db, networkId, a.organisation_id) : Promise.resolve([]),
      a.visibility === 'network' ? q.linkedTimebankIds(db, networkId, a.timebank_id) : Promise.resolve([]),
    ]);
    return { type: 'activity', networkId, timebankId: a.timebank_id, organiserPersonIds: organisers, openToTimebankIds: linked };
  }

  /** The activity if the caller may see it (else 404), and its resource. */
  async function visible(p: Principal, id: string) {
    const a = await q.findActivity(db, p.networkId, id);
    if (!a) throw notFound('activity');
    const resource = await resourceOf(p.networkId, a);
    if (!can(p, 'activity.read', resource)) throw notFound('activity');
    return { a, resource };
  }

  /** Checks the values against the timebank: category, area, organisation; returns them clean. */
  async function values(timebankId: string, networkId: string, input: ActivityInput): Promise<q.ActivityValues> {
    const errors = checkShape(input);
    const category = await categoryOf(db, networkId, timebankId, input.categorySlug);
    if (!category || category.hidden) errors.push({ path: '/body/categorySlug', message: 'not a category of this timebank' });
    if (input.areaId && !(await q.areaInTimebank(db, networkId, timebankId, input.areaId))) {
      errors.push({ path: '/body/areaId', message: 'not an area of this timebank' });
    }
    if (input.organisationId) {
      const org = await q.findOrganisation(db, networkId, input.organisationId);
      if (!org || org.timebank_id !== timebankId) errors.push({ path: '/body/organisationId', message: 'not an organisation of this timebank' });
    }
    if (errors.length) throw new DomainError('validation_failed', errors[0]!.message, { fields: errors });
    return {
      organisationId: input.organisationId ?? null,
      title: input.title.trim(),
      description: (input.description ?? '').trim(),
      categorySlug: input.categorySlug,
      areaId: input.areaId ?? null,
      place: input.place?.trim() || null,
      startsAt: asDate(input.startsAt),
      endsAt: asDate(input.endsAt),
      capacity: input.capacity ?? null,
      payer: input.payer,
      minutesPerAttendee: input.minutesPerAttendee,
      visibility: input.visibility ?? 'timebank',
    };
  }

  /** Who may organise an activity with these values: coordinators; for one an organisation runs,
   * also the people acting for it. A community-pot activity is the timebank's: coordinators only. */
  async function authorizeOrganiser(p: Principal, timebankId: string, v: q.ActivityValues) {
    const organisers = v.organisationId && v.payer === 'organisation' ? await q.organisationPeople(db, p.networkId, v.organisationId) : [];
    authorize(p, 'activity.manage', { type: 'activity', networkId: p.networkId, timebankId, organiserPersonIds: organisers, openToTimebankIds: [] });
  }

  /** Runs fn in a transaction, again on a deadlock or serialization failure (same ids). */
  async function inTx<T>(fn: (tx: Transaction<DB>) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await db.transaction().execute(fn);
      } catch (err) {
        if (attempt < 4 && !(err instanceof DomainError) && isRetryable(err)) {
          log.warn({ attempt }, 'activity write retried');
          continue;
        }
        throw err;
      }
    }
  }

  /** Tells everyone registered (in the caller's transaction, through the outbox). */
  async function notifyRegistered(
    tx: Transaction<DB>,
    networkId: string,
    a: { id: string; timebank_id: string; title: string; starts_at: Date; ends_at: Date; place: string | null },
    send: (payload: ActivityPayload, personId: string) => Promise<unknown>,
  ) {
    const zone = await timeZoneOf(tx, networkId, a.timebank_id);
    const payload = { activityId: a.id, title: a.title, whenText: wallRange(zone, a.starts_at, a.ends_at), place: a.place ?? '' };
    const people = (await q.registrations(tx, networkId, a.id)).filter((r) => r.status === 'registered').map((r) => r.person_id);
    for (const personId of people) await send(payload, personId);
  }

  async function lockOpen(tx: Transaction<DB>, networkId: string, id: string) {
    const row = await q.lockActivity(tx, networkId, id);
    if (!row) throw notFound('activity');
    if (row.status !== 'open') fail('activity_not_open', `the activity is ${row.status}`, '/params/id');
    return row;
  }

  async function list(p: Principal, timebankId: string, from?: Date) {
    authorize(p, 'timebank.view', await timebankResource(db, p, timebankId));
    const linked = await q.linkedTimebankIds(db, p.networkId, timebankId);
    const since = from ?? new Date(clock.now().getTime() - 30 * 86_400_000);
    return q.listActivities(db, p.networkId, timebankId, linked, since);
  }

  async function get(p: Principal, id: string) {
    const { a, resource } = await visible(p, id);
    const roster = can(p, 'activity.roster', resource);
    const regs = await q.registrations(db, p.networkId, id);
    const me = subjectPersonId(p);
    return {
      activity: a,
      mayManage: can(p, 'activity.manage', resource),
      mayKeepRoster: roster,
      mayJoin: can(p, 'activity.join', resource) || (p.actingFor !== null && roster),
      myRegistration: regs.find((r) => r.person_id === me && r.status === 'registered') ?? null,
      registrations: roster ? regs : null,
      series: await series.seriesView(p, a),
    };
  }

  async function create(p: Principal, actor: Actor, timebankId: string, input: ActivityInput) {
    await timebankResource(db, p, timebankId);
    const v = await values(timebankId, p.networkId, input);
    await authorizeOrganiser(p, timebankId, v);
    const dates = input.repeat ? seriesDates(v, input.repeat, await timeZoneOf(db, p.networkId, timebankId)) : [v];
    const seriesId = input.repeat ? newId() : null;
    const ids = dates.map(() => newId());
    await db.transaction().execute(async (tx) => {
      if (seriesId) await q.insertSeries(tx, { networkId: p.networkId, id: seriesId, timebankId, by: p.personId, at: clock.now(), ...seriesValues(input.repeat!) });
      for (const [i, d] of dates.entries()) {
        await q.insertActivity(tx, { networkId: p.networkId, id: ids[i]!, timebankId, by: p.personId, at: clock.now(), ...v, ...d, seriesId });
        const detail = seriesId ? { payer: v.payer, seriesId } : { payer: v.payer };
        await recordAudit(tx, actor, { action: 'activity.create', subjectType: 'activity', subjectId: ids[i]!, timebankId, detail });
      }
    });
    return (await q.findActivity(db, p.networkId, ids[0]!))!;
  }

  async function update(p: Principal, actor: Actor, id: string, input: ActivityInput) {
    if (input.repeat) fail('validation_failed', 'a change is to this date alone: add a repeat rule with POST /activities/{id}/repeat', '/body/repeat');
    const { a, resource } = await visible(p, id);
    authorize(p, 'activity.manage', resource);
    const v = await values(a.timebank_id, p.networkId, input);
    await authorizeOrganiser(p, a.timebank_id, v);
    await inTx(async (tx) => {
      const before = await lockOpen(tx, p.networkId, id);
      const registered = await q.countRegistered(tx, p.networkId, id);
      if (v.capacity !== null && v.capacity < registered) {
        fail('capacity_below_registered', `${registered} people are registered already`, '/body/capacity', `at least ${registered}: the people registered`);
      }
      await q.updateActivity(tx, p.networkId, id, v, p.personId, clock.now());
      await recordAudit(tx, actor, { action: 'activity.update', subjectType: 'activity', subjectId: id, timebankId: a.timebank_id });
      const moved =
        before.starts_at.getTime() !== v.startsAt.getTime() || before.ends_at.getTime() !== v.endsAt.getTime() || before.place !== v.place || before.area_id !== v.areaId;
      if (moved) {
        const after = { id, timebank_id: a.timebank_id, title: v.title, starts_at: v.startsAt, ends_at: v.endsAt, place: v.place };
        await notifyRegistered(tx, p.networkId, after, (payload, personId) =>
          enqueueNotification(tx, { networkId: p.networkId, kind: 'activity_changed', recipient: { personId }, payload, timebankId: a.timebank_id, at: clock.now() }),
        );
      }
    });
    return (await q.findActivity(db, p.networkId, id))!;
  }

  async function cancel(p: Principal, actor: Actor, id: string, reason: string) {
    const { a, resource } = await visible(p, id);
    authorize(p, 'activity.manage', resource);
    await inTx(async (tx) => {
      await lockOpen(tx, p.networkId, id);
      await cancelIn(tx, p, actor, a, reason);
    });
    return (await q.findActivity(db, p.networkId, id))!;
  }

  /** Cancels an activity locked open in tx: those registered are told, with the reason. */
  async function cancelIn(tx: Transaction<DB>, p: Principal, actor: Actor, a: q.ActivityRow, reason: string, extra: Record<string, unknown> = {}) {
    await q.setActivityStatus(tx, p.networkId, a.id, { status: 'cancelled', cancelled_reason: reason, by: p.personId, at: clock.now() });
    await notifyRegistered(tx, p.networkId, a, (payload, personId) =>
      enqueueNotification(tx, {
        networkId: p.networkId,
        kind: 'activity_cancelled',
        recipient: { personId },
        payload: { ...payload, reason },
        timebankId: a.timebank_id,
        at: clock.now(),
      }),
    );
    await recordAudit(tx, actor, { action: 'activity.cancel', subjectType: 'activity', subjectId: a.id, timebankId: a.timebank_id, detail: { reason, ...extra } });
  }

  /** The membership through which a person may take part: of the activity's timebank, or of a
   * linked one when it is open to the network; active. */
  function eligible(resource: Resource & { type: 'activity' }, m: { timebank_id: string; status: string } | undefined) {
    return !!m && m.status === 'active' && (m.timebank_id === resource.timebankId || resource.openToTimebankIds.includes(m.timebank_id));
  }

  /** Who registers: without memberId the person shown (oneself, or the member a broker acts
   * for); with memberId someone else, by those who keep the roster (a broker taking a call).
   * Refused unless they may take part in this activity. */
  async function registrant(p: Principal, actor: Actor, a: q.ActivityRow, resource: Resource, memberId?: string) {
    if (resource.type !== 'activity') throw notFound('activity');
    let member: Registrant | undefined;
    let path: string;
    if (memberId) {
      authorize(p, 'activity.roster', resource);
      path = '/body/memberId';
      member = await q.memberInNetwork(db, p.networkId, memberId);
    } else {
      // Oneself, or the member a broker acts for (acting for was authorized when it began).
      const personId = subjectPersonId(p);
      path = '/params/id';
      const mine = (await q.membershipsOf(db, p.networkId, personId)).map((m) => ({ ...m, person_id: personId }));
      member = mine.find((m) => m.timebank_id === a.timebank_id && m.status === 'active') ?? mine.find((m) => eligible(resource, m));
    }
    if (!memberId && !p.actingFor && !eligible(resource, member)) {
      // Not a member who may take part: registering oneself is not theirs to do.
      throw new DomainError('forbidden', 'only active members of this timebank (or of a timebank linked to it, when it is open to the network) may take part', {
        fields: [{ path, message: 'not an active member who may take part' }],
      });
    }
    if (!eligible(resource, member)) {
      fail('not_eligible', a.visibility === 'network' ? 'only active members of this timebank or of a timebank linked to it may take part' : 'only active members of this timebank may take part', path);
    }
    const m = member!;
    const by = m.person_id === actor.personId ? actor : { ...actor, onBehalfOfPersonId: m.person_id };
    return { m, path, by, bySomeoneElse: m.person_id !== actor.personId && m.person_id !== actor.onBehalfOfPersonId };
  }

  /** Puts the member on the activity (its row locked and open in tx): registered, registered
   * already, or every place taken. */
  async function placeOn(tx: Transaction<DB>, p: Principal, by: Actor, row: { id: string; timebank_id: string; capacity: number | null }, m: Registrant) {
    const existing = await q.findRegistration(tx, p.networkId, row.id, m.id);
    if (existing?.status === 'registered') return { kind: 'already' as const };
    if (row.capacity !== null && (await q.countRegistered(tx, p.networkId, row.id)) >= row.capacity) return { kind: 'full' as const, capacity: row.capacity };
    const regId = existing?.id ?? newId();
    if (existing) await q.reopenRegistration(tx, p.networkId, regId, p.personId, clock.now());
    else await q.insertRegistration(tx, { networkId: p.networkId, id: regId, activityId: row.id, memberId: m.id, personId: m.person_id, by: p.personId, at: clock.now() });
    await recordAudit(tx, by, { action: 'activity.register', subjectType: 'activity', subjectId: row.id, timebankId: row.timebank_id, detail: { registrationId: regId, memberId: m.id } });
    return { kind: 'registered' as const, registrationId: regId };
  }

  /** Tells a member someone else registered them (a roster keeper, an invitation from the asset map). */
  async function tellRegistered(tx: Transaction<DB>, p: Principal, a: q.ActivityRow, personId: string, whenText?: string) {
    const zone = await timeZoneOf(tx, p.networkId, a.timebank_id);
    const payload = { activityId: a.id, title: a.title, whenText: whenText ?? wallRange(zone, a.starts_at, a.ends_at), place: a.place ?? '' };
    await enqueueNotification(tx, { networkId: p.networkId, kind: 'activity_registered', recipient: { personId }, payload, timebankId: a.timebank_id, at: clock.now() });
  }

  /**
   * Registers a member. Without memberId: the person shown (oneself, or the member a broker acts
   * for). With memberId: someone else, by those who keep the roster (a broker taking a call).
   */
  async function register(p: Principal, actor: Actor, id: string, memberId?: string) {
    const { a, resource } = await visible(p, id);
    const { m, path, by, bySomeoneElse } = await registrant(p, actor, a, resource, memberId);
    const regId = await inTx(async (tx) => {
      const row = await lockOpen(tx, p.networkId, id);
      const placed = await placeOn(tx, p, by, row, m);
      if (placed.kind === 'already') fail('already_registered', 'already registered for this activity', path);
      if (placed.kind === 'full') fail('capacity_full', `all ${placed.capacity} places are taken`, path);
      if (bySomeoneElse) await tellRegistered(tx, p, a, m.person_id);
      return (placed as { registrationId: string }).registrationId;
    });
    return { registrationId: regId, activityId: id, memberId: m.id };
  }

  // ---- series: one activity per date, linked by series_id (docs/activities.md, "Repeating activities")

  /** A date still to come: open and not started. Past, cancelled and paid dates never change. */
  // Repeating activities: the series' dates as one (series-steps.ts).
  const series = createSeriesSteps(
    { db, clock },
    { visible, inTx, registrant, placeOn, tellRegistered, eligible, cancelIn, notifyRegistered, resourceOf },
  );

  /** Cancels a registration: the person registered (or a broker acting for them), or the roster keepers. */
  async function cancelRegistration(p: Principal, actor: Actor, id: string, registrationId: string) {
    const { a, resource } = await visible(p, id);
    const reg = await q.registrationById(db, p.networkId, id, registrationId);
    if (!reg) throw notFound('registration');
    if (reg.person_id !== subjectPersonId(p)) authorize(p, 'activity.roster', resource);
    await inTx(async (tx) => {
      await lockOpen(tx, p.networkId, id);
      const current = await q.registrationById(tx, p.networkId, id, registrationId);
      if (current?.status !== 'registered') fail('not_registered', 'the registration is already cancelled', '/params/registrationId');
      await q.cancelRegistration(tx, p.networkId, registrationId, p.personId, clock.now());
      const by = reg.person_id === actor.personId ? actor : { ...actor, onBehalfOfPersonId: reg.person_id };
      await recordAudit(tx, by, { action: 'activity.cancel_registration', subjectType: 'activity', subjectId: id, timebankId: a.timebank_id, detail: { registrationId } });
    });
    return { registrationId, status: 'cancelled' as const };
  }

  /** Marks who attended (true) and who did not (false); registrations not named stay as they are. */
  async function markAttendance(p: Principal, actor: Actor, id: string, items: { registrationId: string; attended: boolean }[]) {
    const { a, resource } = await visible(p, id);
    authorize(p, 'activity.roster', resource);
    await inTx(async (tx) => {
      await lockOpen(tx, p.networkId, id);
      const regs = new Map((await q.registrations(tx, p.networkId, id)).map((r) => [r.id, r]));
      const errors: FieldError[] = [];
      items.forEach((it, i) => {
        if (regs.get(it.registrationId)?.status !== 'registered') errors.push({ path: `/body/items/${i}/registrationId`, message: 'not a registration of this activity' });
      });
      if (errors.length) throw new DomainError('not_registered', 'only people registered for the activity can be marked', { fields: errors });
      for (const it of items) await q.markAttendance(tx, p.networkId, it.registrationId, it.attended, p.personId, clock.now());
      await recordAudit(tx, actor, {
        action: 'activity.attendance',
        subjectType: 'activity',
        subjectId: id,
        timebankId: a.timebank_id,
        detail: { attended: items.filter((i) => i.attended).length, absent: items.filter((i) => !i.attended).length },
      });
    });
    return get(p, id);
  }

  /** The payer's account: the community pot of the activity's timebank, or the organisation's (opened on first use). */
  async function payerAccount(actor: Actor, a: q.ActivityRow) {
    if (a.payer === 'organisation') return (await ledger.openOrganisationAccount(actor, { organisationId: a.organisation_id! })).id;
    const pot = await ledger.findAccount(a.network_id, { communityPotOf: a.timebank_id });
    if (!pot) throw new DomainError('ledger_not_open', 'this timebank has no ledger yet');
    return pot.id;
  }

  function linesOf(a: q.ActivityRow, regs: q.RegistrationRow[]): PaymentLine[] {
    return regs
      .filter((r) => r.status === 'registered' && r.attended === true)
      .map((r) => ({
        registrationId: r.id,
        memberId: r.member_id,
        personId: r.person_id,
        displayName: r.display_name,
        timebankName: r.member_timebank_name,
        minutes: a.minutes_per_attendee,
        crossTimebank: r.member_timebank_id !== a.timebank_id,
      }));
  }

  /** What closing would pay, before anything is posted: the close form shows it. */
  async function preview(p: Principal, id: string): Promise<PaymentPreview> {
    const { a, resource } = await visible(p, id);
    authorize(p, 'activity.manage', resource);
    const regs = await q.registrations(db, p.networkId, id);
    const lines = linesOf(a, regs);
    let accountId: string | null = null;
    if (a.payer === 'organisation') accountId = (await ledger.findAccount(p.networkId, { organisationId: a.organisation_id! }))?.id ?? null;
    else accountId = (await ledger.findAccount(p.networkId, { communityPotOf: a.timebank_id }))?.id ?? null;
    const balance = accountId ? await ledger.balance(p.networkId, accountId) : null;
    return {
      payer: a.payer,
      payerName: a.payer === 'organisation' ? (a.organisation_name ?? '') : a.timebank_name,
      payerAccountId: accountId,
      payerBalanceMinutes: balance?.balanceMinutes ?? null,
      payerAvailableMinutes: balance ? balance.availableMinutes : null,
      lines,
      totalMinutes: lines.reduce((s, l) => s + l.minutes, 0),
      unmarked: regs.filter((r) => r.status === 'registered' && r.attended === null).map((r) => r.display_name),
    };
  }

  /** The transfers paying the attendees: one per attendee of the activity's timebank, two legs
   * (through the clearing pair) for an attendee of a linked timebank. Ids: the request's id, then
   * ids derived from it, so the same request always means the same transfers. */
  async function paymentTransfers(
    l: Ledger,
    a: q.ActivityRow,
    batchId: string,
    payerId: string,
    lines: PaymentLine[],
    memberAccounts: Map<string, { id: string; timebankId: string }>,
  ) {
    const transfers: TransferInput[] = [];
    const credited = new Map<string, string>();
    const base = { kind: 'activity' as const, category: a.category_slug, memo: a.title.slice(0, 2000), activityId: a.id };
    for (const line of lines) {
      const acc = memberAccounts.get(line.memberId)!;
      if (acc.timebankId === a.timebank_id) {
        const t = { ...base, id: legId(batchId, transfers.length), debitAccountId: payerId, creditAccountId: acc.id, minutes: line.minutes };
        transfers.push(t);
        credited.set(line.registrationId, t.id);
        continue;
      }
      const out = await l.findAccount(a.network_id, { clearing: { timebankId: a.timebank_id, counterpartyTimebankId: acc.timebankId } });
      const into = await l.findAccount(a.network_id, { clearing: { timebankId: acc.timebankId, counterpartyTimebankId: a.timebank_id } });
      if (!out || !into) fail('not_linked', `${line.timebankName} is no longer linked to this timebank`, '/params/id');
      transfers.push({ ...base, id: legId(batchId, transfers.length), debitAccountId: payerId, creditAccountId: out!.id, minutes: line.minutes });
      const t = { ...base, id: legId(batchId, transfers.length), debitAccountId: into!.id, creditAccountId: acc.id, minutes: line.minutes };
      transfers.push(t);
      credited.set(line.registrationId, t.id);
    }
    return { transfers, credited };
  }

  /** A refusal of the ledger told in the activity's terms, with the field it is about. */
  function paymentRefusal(err: unknown, a: q.ActivityRow): unknown {
    if (!(err instanceof DomainError)) return err;
    const who = a.payer === 'organisation' ? `${a.organisation_name}'s account` : 'the community pot';
    const say: Record<string, string> = {
      overdraft_limit: `${who} would go below its lowest allowed balance: nothing was paid`,
      ceiling_limit: 'an attendee would go above their highest allowed balance: nothing was paid',
      clearing_limit: 'the clearing limit with a linked timebank would be passed: nothing was paid',
    };
    const message = say[err.code];
    if (!message) return err;
    return new DomainError(err.code, message, { ...err.details, fields: [{ path: '/params/id', message }] });
  }

  /**
   * Closes the activity and pays every attendee in one linked batch, all or nothing. `batchId` is
   * chosen by the client: the same request again answers the first result (hit); closing again
   * with another id is refused (409 already_paid).
   */
  async function close(p: Principal, actor: Actor, id: string, batchId: string): Promise<CloseResult> {
    const { a, resource } = await visible(p, id);
    authorize(p, 'activity.manage', resource);
    if (a.status === 'closed') return replay(db, p, a, batchId);
    if (a.status !== 'open') fail('activity_not_open', `the activity is ${a.status}`, '/params/id');
    if (clock.now() < a.starts_at) fail('not_started', 'an activity is paid once it has started', '/params/id');
    const before = await q.registrations(db, p.networkId, id);
    const memberAccounts = new Map<string, { id: string; timebankId: string }>();
    for (const r of before.filter((x) => x.status === 'registered' && x.attended === true)) {
      const acc = await ledger.openMemberAccount(actor, { memberId: r.member_id });
      memberAccounts.set(r.member_id, { id: acc.id, timebankId: acc.timebankId });
    }
    const payerId = await payerAccount(actor, a);
    try {
      return await inTx(async (tx) => {
        const row = await q.lockActivity(tx, p.networkId, id);
        if (row?.status === 'closed') return replay(tx, p, { ...a, ...row }, batchId);
        if (row?.status !== 'open') fail('activity_not_open', `the activity is ${row?.status}`, '/params/id');
        const regs = await q.registrations(tx, p.networkId, id);
        const unmarked = regs.filter((r) => r.status === 'registered' && r.attended === null);
        if (unmarked.length) {
          fail('attendance_unmarked', `mark whether these people attended first: ${unmarked.map((r) => r.display_name).join(', ')}`, '/params/id');
        }
        const lines = linesOf(a, regs);
        if (lines.length === 0) fail('no_attendees', 'nobody is marked as attended: cancel the activity instead', '/params/id');
        if (lines.some((l) => !memberAccounts.has(l.memberId))) throw new DomainError('conflict', 'the attendance changed while closing; try again');
        // The ledger's own posting, inside this transaction: the batch and the activity's
        // closing commit together or not at all.
        const txLedger = createLedger({ db: tx, clock, log, retryAttempts: 1 });
        const { transfers, credited } = await paymentTransfers(txLedger, a, batchId, payerId, lines, memberAccounts);
        const posted = await txLedger.transferBatch(actor, transfers);
        const total = lines.reduce((s, l) => s + l.minutes, 0);
        for (const [regId, transferId] of credited) await q.setPaidTransfer(tx, p.networkId, regId, transferId);
        await q.setActivityStatus(tx, p.networkId, id, {
          status: 'closed',
          payment_batch_id: batchId,
          paid_minutes: total,
          paid_count: lines.length,
          closed_at: clock.now(),
          closed_by_person_id: p.personId,
          by: p.personId,
          at: clock.now(),
        });
        await recordAudit(tx, actor, {
          action: 'activity.close',
          subjectType: 'activity',
          subjectId: id,
          timebankId: a.timebank_id,
          detail: { batchId, paidCount: lines.length, paidMinutes: total, payer: a.payer },
        });
        return { hit: false, batchId, paidCount: lines.length, paidMinutes: total, transferIds: posted.transfers.map((t) => t.id) };
      });
    } catch (err) {
      throw paymentRefusal(err, a);
    }
  }

  /** A closed activity: the same request again answers what it paid; another is refused. */
  async function replay(ex: Kysely<DB>, p: Principal, a: { id: string; payment_batch_id: string | null; paid_count: number | null; paid_minutes: number | null }, batchId: string): Promise<CloseResult> {
    if (a.payment_batch_id !== batchId) {
      fail('already_paid', 'this activity is closed and its attendees were paid already', '/body/id', 'the activity was paid by another request');
    }
    const regs = await q.registrations(ex, p.networkId, a.id);
    return {
      hit: true,
      batchId,
      paidCount: a.paid_count ?? 0,
      paidMinutes: a.paid_minutes ?? 0,
      transferIds: regs.flatMap((r) => (r.paid_transfer_id ? [r.paid_transfer_id] : [])),
    };
  }

  /** Those the roster keeper may register: active members of the timebank and, for an activity
   * open to the network, of the linked timebanks. */
  async function candidates(p: Principal, id: string) {
    const { resource } = await visible(p, id);
    authorize(p, 'activity.roster', resource);
    if (resource.type !== 'activity') return [];
    return q.activeMembers(db, p.networkId, [resource.timebankId, ...resource.openToTimebankIds]);
  }

  /** Who may pay for an activity the caller organises in the timebank: the community pot (its
   * coordinators) and the organisations they may spend for (all of the timebank's for a
   * coordinator; those they act for otherwise). Empty: they may not create activities there. */
  async function payerChoices(p: Principal, timebankId: string) {
    await timebankResource(db, p, timebankId);
    const coordinator = can(p, 'activity.manage', { type: 'activity', networkId: p.networkId, timebankId, organiserPersonIds: [], openToTimebankIds: [] });
    const organisations = coordinator ? await q.organisationsOf(db, p.networkId, timebankId) : await q.organisationsActedFor(db, p.networkId, timebankId, p.personId);
    return { communityPot: coordinator, organisations };
  }

  /** The time zone of the timebank's wall-clock times (pages only). */
  async function zoneOf(p: Principal, timebankId: string) {
    return timeZoneOf(db, p.networkId, timebankId);
  }

  return {
    list,
    get,
    create,
    update,
    cancel,
    register,
    cancelRegistration,
    markAttendance,
    preview,
    close,
    candidates,
    payerChoices,
    zoneOf,
    repeat: series.repeat,
    registerSeries: series.registerSeries,
    cancelSeriesRegistrations: series.cancelSeriesRegistrations,
    cancelSeries: series.cancelSeries,
    updateSeries: series.updateSeries,
  };
}

export type Activities = ReturnType<typeof createActivities>;
