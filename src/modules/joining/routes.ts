// /api/v1: applications to join a timebank (online and by a broker), the queue, approval and
// decline, and the guardian of a member under 16.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../http/app.ts';
import { actorFor, principalOf } from '../../http/context.ts';
import { problemResponses, TimebankParams, Uuid } from '../../http/schemas.ts';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../auth/password.ts';

/** Limits of free text: a sentence or two, a name, a reason. */
export const TEXT_MAX = 1000;
const Day = z.iso.date({ message: 'must be a real date, YYYY-MM-DD' });
const Name = z.string().trim().min(1).max(200);
const Phone = z.string().trim().min(3).max(40);
const Email = z.email().max(320);
const Text = z.string().trim().min(1).max(TEXT_MAX);
export const Source = z.enum(['online', 'phone', 'paper', 'in_person']);

export const GuardianBody = z.strictObject({
  displayName: Name,
  email: Email.optional(),
  phone: Phone.optional(),
  relationship: z.string().trim().min(1).max(100),
  consent: z.boolean().optional(),
  consentSignedOn: Day.optional(),
});

const applicationFields = {
  displayName: Name,
  email: Email.optional(),
  phone: Phone.optional(),
  birthDate: Day,
  areaId: Uuid.optional(),
  offer: Text.optional(),
  wants: Text.optional(),
  locale: z.enum(['en', 'pl']).optional(),
  dataConsent: z.literal(true, { message: 'consent is needed to apply' }),
  guardian: GuardianBody.optional(),
};

export const OnlineApplicationBody = z.strictObject({
  ...applicationFields,
  email: Email,
  password: z.string().min(PASSWORD_MIN_LENGTH).max(PASSWORD_MAX_LENGTH),
});

export const BrokerApplicationBody = z.strictObject({
  ...applicationFields,
  source: Source,
  mergeIntoPersonId: Uuid.optional(),
});

const DuplicateQuery = z.strictObject({ displayName: Name, email: Email.optional(), birthDate: Day, areaId: Uuid.optional() });

const Created = z.object({ applicationId: z.string(), memberId: z.string(), personId: z.string() });

const ApplicationRow = z.object({
  id: z.string(),
  memberId: z.string(),
  personId: z.string(),
  displayName: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  birthDate: z.string().nullable(),
  areaName: z.string().nullable(),
  source: Source,
  offer: z.string().nullable(),
  wants: z.string().nullable(),
  decision: z.enum(['approved', 'declined', 'merged']).nullable(),
  decisionReason: z.string().nullable(),
  decidedAt: z.string().nullable(),
  decidedBy: z.string().nullable(),
  createdAt: z.string(),
});

type Row = Awaited<ReturnType<Services['joining']['queue']>>[number];
export const applicationOut = (a: Row): z.infer<typeof ApplicationRow> => ({
  id: a.id,
  memberId: a.member_id,
  personId: a.person_id,
  displayName: a.display_name,
  email: a.email,
  phone: a.phone,
  birthDate: a.birth_date,
  areaName: a.area_name,
  source: a.source,
  offer: a.offer,
  wants: a.wants,
  decision: a.decision,
  decisionReason: a.decision_reason,
  decidedAt: a.decided_at?.toISOString() ?? null,
  decidedBy: a.decided_by_name,
  createdAt: a.created_at.toISOString(),
});

const AppParams = z.strictObject({ timebankId: Uuid, applicationId: Uuid });
const MemberParams = z.strictObject({ timebankId: Uuid, memberId: Uuid });

export const joiningRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (app, { services }) => {
  const { joining } = services;

  app.post(
    '/networks/:networkSlug/timebanks/:timebankSlug/applications',
    {
      config: { access: 'public', rateLimit: { max: 20, timeWindow: '1 minute' } },
      schema: {
        tags: ['joining'],
        summary: 'Apply online to join a timebank (no session; the applicant chooses a password)',
        params: z.strictObject({ networkSlug: z.string().max(63), timebankSlug: z.string().max(63) }),
        body: OnlineApplicationBody,
        security: [],
        response: { 201: Created.extend({ status: z.literal('applied') }), ...problemResponses },
      },
    },
    async (req, reply) => {
      const r = await joining.applyOnline(String(req.id), req.params.networkSlug, req.params.timebankSlug, req.body);
      return reply.code(201).send({ applicationId: r.applicationId, memberId: r.memberId, personId: r.personId, status: 'applied' as const });
    },
  );

  app.post(
    '/timebanks/:timebankId/applications',
    {
      schema: {
        tags: ['joining'],
        summary: 'Enter an application from a call, a paper form or a visit (brokers, coordinators); mergeIntoPersonId merges a duplicate',
        params: TimebankParams,
        body: BrokerApplicationBody,
        response: { 201: Created.extend({ merged: z.boolean() }), ...problemResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await joining.enter(principalOf(req), actorFor(req), req.params.timebankId, req.body)),
  );

  app.get(
    '/timebanks/:timebankId/applications/duplicates',
    {
      schema: {
        tags: ['joining'],
        summary: 'People an application would duplicate: the same email, or the same name, date of birth and area',
        params: TimebankParams,
        querystring: DuplicateQuery,
        response: {
          200: z.object({
            items: z.array(z.object({ personId: z.string(), displayName: z.string(), memberId: z.string().nullable(), memberStatus: z.string().nullable() })),
          }),
          ...problemResponses,
        },
      },
    },
    async (req) => {
      const rows = await joining.duplicates(principalOf(req), req.params.timebankId, req.query);
      return { items: rows.map((d) => ({ personId: d.person_id, displayName: d.display_name, memberId: d.member_id, memberStatus: d.member_status })) };
    },
  );

  app.get(
    '/timebanks/:timebankId/applications',
    {
      schema: {
        tags: ['joining'],
        summary: 'Open applications, oldest first (brokers, coordinators)',
        params: TimebankParams,
        response: { 200: z.object({ items: z.array(ApplicationRow) }), ...problemResponses },
      },
    },
    async (req) => ({ items: (await joining.queue(principalOf(req), req.params.timebankId)).map(applicationOut) }),
  );

  app.post(
    '/timebanks/:timebankId/applications/:applicationId/approve',
    {
      schema: {
        tags: ['joining'],
        summary: 'Approve: the member becomes active, joined today (under 16: only with a guardian’s consent)',
        params: AppParams,
        response: { 200: Created.extend({ status: z.literal('active'), joinedOn: z.string() }), ...problemResponses },
      },
    },
    async (req) => joining.approve(principalOf(req), actorFor(req), req.params.timebankId, req.params.applicationId),
  );

  app.post(
    '/timebanks/:timebankId/applications/:applicationId/decline',
    {
      schema: {
        tags: ['joining'],
        summary: 'Decline with a reason',
        params: AppParams,
        body: z.strictObject({ reason: Text }),
        response: { 200: Created.extend({ status: z.literal('left') }), ...problemResponses },
      },
    },
    async (req) => joining.decline(principalOf(req), actorFor(req), req.params.timebankId, req.params.applicationId, req.body.reason),
  );

  app.post(
    '/timebanks/:timebankId/members/:memberId/guardians',
    {
      schema: {
        tags: ['joining'],
        summary: 'Link a parent or guardian (with their paper consent, if signed)',
        params: MemberParams,
        body: GuardianBody,
        response: { 201: z.object({ guardianId: z.string() }), ...problemResponses },
      },
    },
    async (req, reply) =>
      reply.code(201).send(await joining.linkGuardian(principalOf(req), actorFor(req), req.params.timebankId, req.params.memberId, req.body)),
  );

  app.post(
    '/timebanks/:timebankId/members/:memberId/guardians/:guardianId/consent',
    {
      schema: {
        tags: ['joining'],
        summary: 'Record a guardian’s paper consent form: the day it was signed',
        params: MemberParams.extend({ guardianId: Uuid }),
        body: z.strictObject({ signedOn: Day }),
        response: { 200: z.object({ guardianId: z.string(), signedOn: z.string() }), ...problemResponses },
      },
    },
    async (req) =>
      joining.recordGuardianConsent(principalOf(req), actorFor(req), req.params.timebankId, req.params.memberId, req.params.guardianId, req.body.signedOn),
  );

  app.get(
    '/timebanks/:timebankId/members/:memberId/joining',
    {
      schema: {
        tags: ['joining'],
        summary: 'A member’s applications, date of birth, and guardians with their consent',
        params: MemberParams,
        response: {
          200: z.object({
            memberId: z.string(),
            personId: z.string(),
            status: z.string(),
            birthDate: z.string().nullable(),
            age: z.number().nullable(),
            minor: z.boolean(),
            consentMissing: z.boolean(),
            applications: z.array(ApplicationRow),
            guardians: z.array(
              z.object({
                id: z.string(),
                personId: z.string(),
                displayName: z.string(),
                relationship: z.string(),
                consentMethod: z.enum(['online', 'paper']).nullable(),
                consentSignedOn: z.string().nullable(),
                consentRecordedBy: z.string().nullable(),
              }),
            ),
          }),
          ...problemResponses,
        },
      },
    },
    async (req) => {
      const r = await joining.joiningRecord(principalOf(req), req.params.timebankId, req.params.memberId);
      return {
        ...r,
        applications: r.applications.map(applicationOut),
        guardians: r.guardians.map((g) => ({
          id: g.id,
          personId: g.guardian_person_id,
          displayName: g.display_name,
          relationship: g.relationship,
          consentMethod: g.consent_method,
          consentSignedOn: g.consent_signed_on,
          consentRecordedBy: g.consent_recorded_by_name,
        })),
      };
    },
  );
};
