// /api/v1/timebanks/:timebankId/activities and /api/v1/activities/:id/... (docs/activities.md)
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../http/app.ts';
import { actorFor, principalOf } from '../../http/context.ts';
import { IdParams, problemResponses, TimebankParams, Uuid } from '../../http/schemas.ts';
import { SLUG_PATTERN } from '../categories/taxonomy.ts';
import type { ActivityRow, RegistrationRow } from './queries.ts';
import { CAPACITY_MAX, MINUTES_PER_ATTENDEE_MAX, PAYERS, VISIBILITIES } from './service.ts';

const Instant = z.iso.datetime({ offset: true, message: 'a date and time in ISO 8601 with an offset, e.g. 2026-05-02T10:00:00Z' });

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
});

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
};
