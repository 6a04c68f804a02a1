// /api/v1/timebanks/:timebankId/activities and /api/v1/activities/:id/... (docs/activities.md)
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../http/app.ts';
import { actorFor, principalOf } from '../../http/context.ts';
import { IdParams, problemResponses, TimebankParams, Uuid } from '../../http/schemas.ts';
import { SLUG_PATTERN } from '../categories/taxonomy.ts';
import type { ActivityRow, RegistrationRow } from './queries.ts';
import { FREQUENCIES, MONTHLY_BY, SERIES_MAX } from './series.ts';
import { CAPACITY_MAX, MINUTES_PER_ATTENDEE_MAX, PAYERS, type SeriesRegistrationReport, VISIBILITIES } from './service.ts';

const Instant = z.iso.datetime({ offset: true, message: 'a date and time in ISO 8601 with an offset, e.g. 2026-05-02T10:00:00Z' });

/** A repeat rule: weekly on weekdays, or monthly; until a day or for a number of dates (the
 * first included), at most SERIES_MAX. The service checks the days against the first date. */
export const RepeatBody = z
  .strictObject({
    frequency: z.enum(FREQUENCIES),
    weekdays: z.array(z.number().int().min(1, 'a weekday from 1 (Monday) to 7 (Sunday)').max(7, 'a weekday from 1 (Monday) to 7 (Sunday)')).max(7).optional(),
    monthlyBy: z.enum(MONTHLY_BY).optional(),
    until: z.iso.date({ message: 'a date (YYYY-MM-DD)' }).optional(),
    count: z.number().int('a whole number of dates').min(2, 'at least 2 dates').max(SERIES_MAX, `at most ${SERIES_MAX} dates`).optional(),
  })
  .superRefine((r, ctx) => {
    if (r.frequency === 'weekly' && !r.weekdays?.length) ctx.addIssue({ code: 'custom', path: ['weekdays'], message: 'choose at least one weekday' });
    if (r.frequency === 'weekly' && r.monthlyBy) ctx.addIssue({ code: 'custom', path: ['monthlyBy'], message: 'only for a monthly rule' });
    if (r.frequency === 'monthly' && r.weekdays) ctx.addIssue({ code: 'custom', path: ['weekdays'], message: 'only for a weekly rule' });
    if ((r.until === undefined) === (r.count === undefined)) ctx.addIssue({ code: 'custom', path: [], message: 'give either a last day (until) or a number of dates (count)' });
  });

/** An activity as written: the same schema checks the API's body and the page's form. */
export const ActivityBody = z
  .strictObject({
    title: z.string().trim().min(3).max(120),
    description: z.string().trim().max(4000).optional(),
    categorySlug: z.string().regex(SLUG_PATTERN, 'a category slug such as home-garden.gardening'),
    areaId: Uuid.nullable().optional(),
    place: z.string().trim().max(200).nullable().optional(),
    startsAt: Instant,
    endsAt: Instant,
    capacity: z.number().int().min(1).max(CAPACITY_MAX).nullable().optional(),
    payer: z.enum(PAYERS),
    organisationId: Uuid.nullable().optional(),
    minutesPerAttendee: z.number().int('a whole number of minutes').min(1).max(MINUTES_PER_ATTENDEE_MAX),
    visibility: z.enum(VISIBILITIES).optional(),
    /** Creating only: the activity is the first date of a series. */
    repeat: RepeatBody.nullable().optional(),
  })
  .superRefine((v, ctx) => {
    if (Date.parse(v.endsAt) <= Date.parse(v.startsAt)) ctx.addIssue({ code: 'custom', path: ['endsAt'], message: 'must be after the start' });
    if (v.payer === 'organisation' && !v.organisationId) ctx.addIssue({ code: 'custom', path: ['organisationId'], message: 'the organisation that pays' });
  });

export const AttendanceBody = z.strictObject({
  items: z.array(z.strictObject({ registrationId: Uuid, attended: z.boolean() })).min(1).max(CAPACITY_MAX),
});

const Activity = z.object({
  id: z.string(),
  timebankId: z.string(),
  timebankName: z.string(),
  organisationId: z.string().nullable(),
  organisationName: z.string().nullable(),
  title: z.string(),
  description: z.string(),
  categorySlug: z.string(),
  areaId: z.string().nullable(),
  areaName: z.string().nullable(),
  place: z.string().nullable(),
  startsAt: z.string(),
  endsAt: z.string(),
  capacity: z.number().nullable(),
  registeredCount: z.number(),
  payer: z.enum(PAYERS),
  minutesPerAttendee: z.number(),
  visibility: z.enum(VISIBILITIES),
  status: z.enum(['open', 'cancelled', 'closed']),
  cancelledReason: z.string().nullable(),
  paidCount: z.number().nullable(),
  paidMinutes: z.number().nullable(),
  closedAt: z.string().nullable(),
  /** The series this activity is one date of; null for a single activity. */
  seriesId: z.string().nullable(),
});

const Series = z.object({
  id: z.string(),
  frequency: z.enum(FREQUENCIES),
  weekdays: z.array(z.number()).nullable(),
  monthlyBy: z.enum(MONTHLY_BY).nullable(),
  until: z.string().nullable(),
  count: z.number().nullable(),
  dates: z.array(
    z.object({
      id: z.string(),
      startsAt: z.string(),
      endsAt: z.string(),
      status: z.enum(['open', 'cancelled', 'closed']),
      capacity: z.number().nullable(),
      registeredCount: z.number(),
      /** Whether the caller (or the member acted for) is registered for this date. */
      registered: z.boolean(),
      /** Open and not started: what "all future dates" changes. */
      ahead: z.boolean(),
    }),
  ),
});

const Registration = z.object({
  id: z.string(),
  memberId: z.string(),
  personId: z.string(),
  displayName: z.string(),
  timebankName: z.string(),
  status: z.enum(['registered', 'cancelled']),
  attended: z.boolean().nullable(),
  paidTransferId: z.string().nullable(),
});

const ActivityDetail = Activity.extend({
  mayManage: z.boolean(),
  mayKeepRoster: z.boolean(),
  mayJoin: z.boolean(),
  myRegistrationId: z.string().nullable(),
  /** Only for those who keep the roster (organisers, brokers and coordinators of the timebank). */
  registrations: z.array(Registration).nullable(),
  /** The series and its dates, for a date of one; else null. */
  series: Series.nullable(),
});

export const activityOut = (a: ActivityRow): z.infer<typeof Activity> => ({
  id: a.id,
  timebankId: a.timebank_id,
  timebankName: a.timebank_name,
  organisationId: a.organisation_id,
  organisationName: a.organisation_name,
  title: a.title,
  description: a.description,
  categorySlug: a.category_slug,
  areaId: a.area_id,
  areaName: a.area_name,
  place: a.place,
  startsAt: a.starts_at.toISOString(),
  endsAt: a.ends_at.toISOString(),
  capacity: a.capacity,
  registeredCount: Number(a.registered_count ?? 0),
  payer: a.payer,
  minutesPerAttendee: a.minutes_per_attendee,
  visibility: a.visibility,
  status: a.status,
  cancelledReason: a.cancelled_reason,
  paidCount: a.paid_count,
  paidMinutes: a.paid_minutes,
  closedAt: a.closed_at?.toISOString() ?? null,
  seriesId: a.series_id,
});

const registrationOut = (r: RegistrationRow) => ({
  id: r.id,
  memberId: r.member_id,
  personId: r.person_id,
  displayName: r.display_name,
  timebankName: r.member_timebank_name,
  status: r.status,
  attended: r.attended,
  paidTransferId: r.paid_transfer_id,
});

type Detail = Awaited<ReturnType<Services['activities']['get']>>;
const detailOut = (d: Detail) => ({
  ...activityOut(d.activity),
  mayManage: d.mayManage,
  mayKeepRoster: d.mayKeepRoster,
  mayJoin: d.mayJoin,
  myRegistrationId: d.myRegistration?.id ?? null,
  registrations: d.registrations?.map(registrationOut) ?? null,
  series: d.series
    ? {
        ...d.series,
        dates: d.series.dates.map((x) => ({
          id: x.activity.id,
          startsAt: x.activity.starts_at.toISOString(),
          endsAt: x.activity.ends_at.toISOString(),
          status: x.activity.status,
          capacity: x.activity.capacity,
          registeredCount: Number(x.activity.registered_count ?? 0),
          registered: x.registered,
          ahead: x.ahead,
        })),
      }
    : null,
});

const When = z.object({ activityId: z.string(), startsAt: z.string() });
const SeriesReport = z.object({
  seriesId: z.string(),
  memberId: z.string(),
  registered: z.array(When.extend({ registrationId: z.string() })),
  alreadyRegistered: z.array(When),
  full: z.array(When),
  notEligible: z.array(When),
});
const whenOut = <T extends { startsAt: Date }>(x: T) => ({ ...x, startsAt: x.startsAt.toISOString() });
const reportOut = (r: SeriesRegistrationReport) => ({
  ...r,
  registered: r.registered.map(whenOut),
  alreadyRegistered: r.alreadyRegistered.map(whenOut),
  full: r.full.map(whenOut),
  notEligible: r.notEligible.map(whenOut),
});
const SeriesChange = z.object({ seriesId: z.string(), activityIds: z.array(z.string()) });
/** What changing all future dates of a series sets on each (the rest stays per date). */
export const SeriesEditBody = z.strictObject({
  title: z.string().trim().min(3).max(120),
  description: z.string().trim().max(4000).optional(),
  place: z.string().trim().max(200).nullable().optional(),
  capacity: z.number().int().min(1).max(CAPACITY_MAX).nullable().optional(),
});
const MemberBody = z.strictObject({ memberId: Uuid.optional() }).nullish();

const Preview = z.object({
  payer: z.enum(PAYERS),
  payerName: z.string(),
  payerAccountId: z.string().nullable(),
  payerBalanceMinutes: z.number().nullable(),
  payerAvailableMinutes: z.number().nullable(),
  totalMinutes: z.number(),
  unmarked: z.array(z.string()),
  lines: z.array(
    z.object({
      registrationId: z.string(),
      memberId: z.string(),
      displayName: z.string(),
      timebankName: z.string(),
      minutes: z.number(),
      crossTimebank: z.boolean(),
    }),
  ),
});

const CloseOut = z.object({ batchId: z.string(), paidCount: z.number(), paidMinutes: z.number(), transferIds: z.array(z.string()) });
const RegistrationParams = z.strictObject({ id: Uuid, registrationId: Uuid });

export const activityRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (app, { services }) => {
  const { activities } = services;
  const tags = ['activities'];

  app.get(
    '/timebanks/:timebankId/activities',
    {
      schema: {
        tags,
        summary: "Activities of the timebank, and those of linked timebanks open to the network (from 30 days ago, or `from`)",
        params: TimebankParams,
        querystring: z.strictObject({ from: Instant.optional() }),
        response: { 200: z.object({ items: z.array(Activity) }), ...problemResponses },
      },
    },
    async (req) => {
      const from = req.query.from ? new Date(req.query.from) : undefined;
      return { items: (await activities.list(principalOf(req), req.params.timebankId, from)).map(activityOut) };
    },
  );

  app.post(
    '/timebanks/:timebankId/activities',
    {
      schema: {
        tags,
        summary: 'Create an activity (coordinator; for an organisation that pays, also the people acting for it)',
        params: TimebankParams,
        body: ActivityBody,
        response: { 201: Activity, ...problemResponses },
      },
    },
    async (req, reply) => reply.code(201).send(activityOut(await activities.create(principalOf(req), actorFor(req), req.params.timebankId, req.body))),
  );

  app.get(
    '/activities/:id',
    { schema: { tags, summary: 'An activity; its registrations for those who keep the roster', params: IdParams, response: { 200: ActivityDetail, ...problemResponses } } },
    async (req) => detailOut(await activities.get(principalOf(req), req.params.id)),
  );

  app.put(
    '/activities/:id',
    { schema: { tags, summary: 'Change an open activity (its organisers)', params: IdParams, body: ActivityBody, response: { 200: Activity, ...problemResponses } } },
    async (req) => activityOut(await activities.update(principalOf(req), actorFor(req), req.params.id, req.body)),
  );

  app.post(
    '/activities/:id/cancel',
    {
      schema: {
        tags,
        summary: 'Cancel an open activity, with a reason (its organisers)',
        params: IdParams,
        body: z.strictObject({ reason: z.string().trim().min(1).max(500) }),
        response: { 200: Activity, ...problemResponses },
      },
    },
    async (req) => activityOut(await activities.cancel(principalOf(req), actorFor(req), req.params.id, req.body.reason)),
  );

  app.post(
    '/activities/:id/registrations',
    {
      schema: {
        tags,
        summary: 'Register: oneself (or the member acted for) with no body; a member by id (organisers, brokers and coordinators of the timebank)',
        params: IdParams,
        body: z.strictObject({ memberId: Uuid.optional() }).nullish(),
        response: { 201: z.object({ registrationId: z.string(), activityId: z.string(), memberId: z.string() }), ...problemResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await activities.register(principalOf(req), actorFor(req), req.params.id, req.body?.memberId)),
  );

  app.post(
    '/activities/:id/registrations/:registrationId/cancel',
    {
      schema: {
        tags,
        summary: 'Cancel a registration (the person registered, or those who keep the roster)',
        params: RegistrationParams,
        response: { 200: z.object({ registrationId: z.string(), status: z.literal('cancelled') }), ...problemResponses },
      },
    },
    async (req) => activities.cancelRegistration(principalOf(req), actorFor(req), req.params.id, req.params.registrationId),
  );

  app.put(
    '/activities/:id/attendance',
    { schema: { tags, summary: 'Mark who attended (those who keep the roster)', params: IdParams, body: AttendanceBody, response: { 200: ActivityDetail, ...problemResponses } } },
    async (req) => detailOut(await activities.markAttendance(principalOf(req), actorFor(req), req.params.id, req.body.items)),
  );

  app.get(
    '/activities/:id/payment',
    { schema: { tags, summary: 'What closing would pay, and from which account (its organisers)', params: IdParams, response: { 200: Preview, ...problemResponses } } },
    async (req) => activities.preview(principalOf(req), req.params.id),
  );

  app.post(
    '/activities/:id/close',
    {
      schema: {
        tags,
        summary: "Close and pay every attendee in one linked batch (its organisers). `id` is the client's idempotency key",
        params: IdParams,
        body: z.strictObject({ id: Uuid }),
        response: { 200: CloseOut, 201: CloseOut, ...problemResponses },
      },
    },
    async (req, reply) => {
      const { hit, ...out } = await activities.close(principalOf(req), actorFor(req), req.params.id, req.body.id);
      if (hit) reply.header('idempotency-hit', 'true');
      return reply.code(hit ? 200 : 201).send(out);
    },
  );
  // ---- series: the dates of a repeating activity (docs/activities.md, "Repeating activities")
  app.post(
    '/activities/:id/repeat',
    {
      schema: {
        tags,
        summary: 'Make an open single activity the first date of a series (its organisers)',
        params: IdParams,
        body: z.strictObject({ repeat: RepeatBody }),
        response: { 201: SeriesChange, ...problemResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await activities.repeat(principalOf(req), actorFor(req), req.params.id, req.body.repeat)),
  );

  app.put(
    '/activities/:id/series',
    {
      schema: {
        tags,
        summary: 'Change the title, description, place and capacity of every date of the series still to come (its organisers)',
        params: IdParams,
        body: SeriesEditBody,
        response: { 200: SeriesChange, ...problemResponses },
      },
    },
    async (req) => activities.updateSeries(principalOf(req), actorFor(req), req.params.id, req.body),
  );

  app.post(
    '/activities/:id/series/cancel',
    {
      schema: {
        tags,
        summary: 'Cancel every date of the series still to come, with a reason (its organisers)',
        params: IdParams,
        body: z.strictObject({ reason: z.string().trim().min(1).max(500) }),
        response: { 200: SeriesChange, ...problemResponses },
      },
    },
    async (req) => activities.cancelSeries(principalOf(req), actorFor(req), req.params.id, req.body.reason),
  );

  app.post(
    '/activities/:id/series/registrations',
    {
      schema: {
        tags,
        summary: 'Register for every date of the series still to come: oneself with no body, a member by id (roster keepers). Full dates are reported',
        params: IdParams,
        body: MemberBody,
        response: { 201: SeriesReport, ...problemResponses },
      },
    },
    async (req, reply) => reply.code(201).send(reportOut(await activities.registerSeries(principalOf(req), actorFor(req), req.params.id, req.body?.memberId))),
  );

  app.post(
    '/activities/:id/series/registrations/cancel',
    {
      schema: {
        tags,
        summary: "Cancel a member's registrations for every date of the series still to come (the person; roster keepers with memberId)",
        params: IdParams,
        body: MemberBody,
        response: { 200: z.object({ seriesId: z.string(), cancelled: z.array(When.extend({ registrationId: z.string() })) }), ...problemResponses },
      },
    },
    async (req) => {
      const r = await activities.cancelSeriesRegistrations(principalOf(req), actorFor(req), req.params.id, req.body?.memberId);
      return { seriesId: r.seriesId, cancelled: r.cancelled.map(whenOut) };
    },
  );
};
