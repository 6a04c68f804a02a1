// /api/v1/timebanks/:timebankId/members and /api/v1/people/:id
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../http/app.ts';
import { actorFor, principalOf } from '../../http/context.ts';
import { IdParams, Paging, problemResponses, TimebankParams, Uuid } from '../../http/schemas.ts';
import { CategorySlug } from '../categories/routes.ts';

const Status = z.enum(['applied', 'active', 'paused', 'left', 'suspended']);
const Day = z.iso.date();

export const RegisterBody = z.strictObject({
  displayName: z.string().trim().min(1).max(200),
  email: z.email().max(320).optional(),
  phone: z.string().trim().min(3).max(40).optional(),
  birthYear: z.number().int().min(1900).max(2100).optional(),
  areaId: Uuid.optional(),
  locale: z.enum(['en', 'pl']).optional(),
  status: z.enum(['applied', 'active']).default('active'),
});

export const StatusBody = z.strictObject({
  status: Status,
  pausedUntil: Day.optional(),
  reason: z.string().trim().min(1).max(1000).optional(),
});

const MemberRow = z.object({
  memberId: z.string(),
  personId: z.string(),
  displayName: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  status: Status,
  pausedUntil: z.string().nullable(),
  areaName: z.string().nullable(),
  /** The later of their last transfer and their last sign-in. */
  lastActivityAt: z.string().nullable(),
});

const PersonRecord = z.object({
  person: z.object({
    id: z.string(),
    displayName: z.string(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    birthYear: z.number().nullable(),
    locale: z.string(),
    canSignIn: z.boolean(),
    totpEnabled: z.boolean(),
    suspendedReason: z.string().nullable(),
    createdAt: z.string(),
  }),
  memberships: z.array(
    z.object({
      memberId: z.string(),
      timebankId: z.string(),
      timebankName: z.string(),
      status: Status,
      pausedUntil: z.string().nullable(),
      statusReason: z.string().nullable(),
      joinedOn: z.string().nullable(),
      areaName: z.string().nullable(),
    }),
  ),
  roles: z.array(z.object({ role: z.string(), timebankId: z.string().nullable(), timebankName: z.string().nullable() })),
  organisations: z.array(z.object({ id: z.string(), name: z.string(), kind: z.string() })),
  history: z.array(z.object({ at: z.string(), action: z.string(), by: z.string().nullable(), detail: z.unknown() })),
});

type RecordResult = Awaited<ReturnType<Services['people']['record']>>;

export function personRecordOut(r: RecordResult): z.infer<typeof PersonRecord> {
  return {
    person: {
      id: r.person.id,
      displayName: r.person.display_name,
      email: r.person.email,
      phone: r.person.phone,
      birthYear: r.person.birth_year,
      locale: r.person.locale,
      canSignIn: r.person.password_hash !== null,
      totpEnabled: r.person.totp_enabled_at !== null,
      suspendedReason: r.person.suspended_reason,
      createdAt: r.person.created_at.toISOString(),
    },
    memberships: r.memberships.map((m) => ({
      memberId: m.member_id,
      timebankId: m.timebank_id,
      timebankName: m.timebank_name,
      status: m.status,
      pausedUntil: m.paused_until,
      statusReason: m.status_reason,
      joinedOn: m.joined_on,
      areaName: m.area_name,
    })),
    roles: r.roles.map((g) => ({ role: g.role, timebankId: g.timebank_id, timebankName: g.timebank_name })),
    organisations: r.organisations,
    history: r.history.map((h) => ({ at: h.at.toISOString(), action: h.action, by: h.actor_name, detail: h.detail })),
  };
}

export const peopleRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (app, { services }) => {
  const { people } = services;

  app.post(
    '/timebanks/:timebankId/members',
    {
      schema: {
        tags: ['people'],
        summary: 'Register a member (a broker may register someone with no email and no password)',
        params: TimebankParams,
        body: RegisterBody,
        response: { 201: z.object({ personId: z.string(), memberId: z.string(), status: Status }), ...problemResponses },
      },
    },
    async (req, reply) =>
      reply.code(201).send(await people.register(principalOf(req), actorFor(req), req.params.timebankId, req.body)),
  );

  app.get(
    '/timebanks/:timebankId/members',
    {
      schema: {
        tags: ['people'],
        summary: 'Members of a timebank (brokers and coordinators)',
        params: TimebankParams,
        querystring: z.strictObject({
          status: Status.optional(),
          q: z.string().trim().max(100).optional(),
          areaId: Uuid.optional(),
          category: CategorySlug.optional(),
          activeSince: Day.optional(),
          inactiveSince: Day.optional(),
          /** A safeguarding check due for review within 30 days, or overdue (feat/record). */
          checkDue: z.enum(['yes', 'true']).optional(),
          ...Paging,
        }),
        response: { 200: z.object({ items: z.array(MemberRow), total: z.number() }), ...problemResponses },
      },
    },
    async (req) => {
      const { checkDue, ...query } = req.query;
      const r = await people.list(principalOf(req), req.params.timebankId, { ...query, checkDue: checkDue !== undefined }, actorFor(req));
      return {
        total: r.total,
        items: r.rows.map((m) => ({
          memberId: m.member_id,
          personId: m.person_id,
          displayName: m.display_name,
          email: m.email,
          phone: m.phone,
          status: m.status,
          pausedUntil: m.paused_until,
          areaName: m.area_name,
          lastActivityAt: m.last_activity_at ? new Date(m.last_activity_at).toISOString() : null,
        })),
      };
    },
  );

  app.post(
    '/timebanks/:timebankId/members/:memberId/status',
    {
      schema: {
        tags: ['people'],
        summary: 'Approve, pause, suspend (ends every session) or mark as left',
        params: z.strictObject({ timebankId: Uuid, memberId: Uuid }),
        body: StatusBody,
        response: { 200: z.object({ memberId: z.string(), status: Status, sessionsEnded: z.number() }), ...problemResponses },
      },
    },
    async (req) =>
      people.changeStatus(principalOf(req), actorFor(req), req.params.timebankId, req.params.memberId, req.body),
  );

  app.get(
    '/people/:id',
    {
      schema: {
        tags: ['people'],
        summary: "A person's whole record (themself, or brokers and coordinators of their timebank)",
        params: IdParams,
        response: { 200: PersonRecord, ...problemResponses },
      },
    },
    async (req) => personRecordOut(await people.record(principalOf(req), req.params.id)),
  );
};
