// /api/v1/timebanks/:timebankId/members/:memberId/safeguarding..., reviews due, and a person's own
// summary and the log of who viewed their safeguarding data.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../http/app.ts';
import { actorFor, principalOf } from '../../http/context.ts';
import { IdParams, problemResponses, TimebankParams, Uuid } from '../../http/schemas.ts';
import { DECISIONS, LEVELS, SCHEMES, STATUS_RESULTS, WORKFORCES } from './rules.ts';

const Day = z.iso.date();
export const MemberParams = z.strictObject({ timebankId: Uuid, memberId: Uuid });
const CheckParams = z.strictObject({ timebankId: Uuid, memberId: Uuid, checkId: Uuid });

export const CheckBody = z.strictObject({
  scheme: z.enum(SCHEMES),
  level: z.enum(LEVELS),
  workforce: z.enum(WORKFORCES),
  roleTitle: z.string().trim().min(1).max(200),
  regulatedWork: z.boolean(),
  number: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9 -]{4,40}$/, 'letters, digits, spaces and hyphens, 4 to 40')
    .optional(),
  issuedOn: Day,
  updateService: z.boolean().optional(),
  statusCheckedOn: Day.optional(),
  statusCheckResult: z.enum(STATUS_RESULTS).optional(),
  reviewOn: Day.optional(),
  decision: z.enum(DECISIONS).optional(),
  decidedByPersonId: Uuid.optional(),
  decidedOn: Day.optional(),
});

const Check = z.object({
  id: z.string(),
  scheme: z.enum(SCHEMES),
  level: z.enum(LEVELS),
  workforce: z.enum(WORKFORCES),
  roleTitle: z.string(),
  regulatedWork: z.boolean(),
  numberMasked: z.string().nullable(),
  issuedOn: z.string(),
  updateService: z.boolean(),
  statusCheckedOn: z.string().nullable(),
  statusCheckResult: z.enum(STATUS_RESULTS).nullable(),
  reviewOn: z.string(),
  decision: z.enum(DECISIONS).nullable(),
  decidedBy: z.object({ personId: z.string(), name: z.string().nullable() }).nullable(),
  decidedOn: z.string().nullable(),
  stoppedNotice: z.object({ sentOn: z.string(), byName: z.string().nullable() }).nullable(),
});

type MemberChecks = Awaited<ReturnType<Services['safeguarding']['memberChecks']>>;

export function checkOut(c: MemberChecks['checks'][number]): z.infer<typeof Check> {
  return {
    id: c.id,
    scheme: c.scheme,
    level: c.level,
    workforce: c.workforce,
    roleTitle: c.role_title,
    regulatedWork: c.regulated_work,
    numberMasked: c.number_masked,
    issuedOn: c.issued_on,
    updateService: c.update_service,
    statusCheckedOn: c.status_checked_on,
    statusCheckResult: c.status_check_result,
    reviewOn: c.review_on,
    decision: c.decision,
    decidedBy: c.decided_by_person_id ? { personId: c.decided_by_person_id, name: c.decided_by_name } : null,
    decidedOn: c.decided_on,
    stoppedNotice: c.stopped_notice_sent_on ? { sentOn: c.stopped_notice_sent_on, byName: c.stopped_notice_by_name } : null,
  };
}

type ReviewRow = Awaited<ReturnType<Services['safeguarding']['reviewsDue']>>[number];

/** A review due, as the API and the reviews page show it. */
export const reviewOut = (r: ReviewRow) => ({
  checkId: r.id,
  personId: r.person_id,
  memberId: r.member_id,
  displayName: r.display_name,
  scheme: r.scheme,
  level: r.level,
  roleTitle: r.role_title,
  reviewOn: r.review_on,
  overdue: r.overdue,
});

const Saved = z.object({ id: z.string(), reviewOn: z.string() });

export const safeguardingRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (app, { services }) => {
  const { safeguarding } = services;
  const base = '/timebanks/:timebankId/members/:memberId/safeguarding';

  app.get(
    base,
    {
      schema: {
        tags: ['safeguarding'],
        summary: "A member's safeguarding checks, numbers masked (brokers and coordinators of the timebank; the read is logged)",
        params: MemberParams,
        response: { 200: z.object({ personId: z.string(), checks: z.array(Check) }), ...problemResponses },
      },
    },
    async (req) => {
      const r = await safeguarding.memberChecks(principalOf(req), actorFor(req), req.params.timebankId, req.params.memberId);
      return { personId: r.personId, checks: r.checks.map(checkOut) };
    },
  );

  app.post(
    `${base}/checks`,
    {
      schema: {
        tags: ['safeguarding'],
        summary: 'Record a check (metadata only; the number is sealed at rest)',
        params: MemberParams,
        body: CheckBody,
        response: { 201: Saved, ...problemResponses },
      },
    },
    async (req, reply) =>
      reply.code(201).send(await safeguarding.addCheck(principalOf(req), actorFor(req), req.params.timebankId, req.params.memberId, req.body)),
  );

  app.put(
    `${base}/checks/:checkId`,
    {
      schema: {
        tags: ['safeguarding'],
        summary: "Replace a check's metadata (a number left out keeps the one held)",
        params: CheckParams,
        body: CheckBody,
        response: { 200: Saved, ...problemResponses },
      },
    },
    async (req) => safeguarding.updateCheck(principalOf(req), actorFor(req), req.params.timebankId, req.params.memberId, req.params.checkId, req.body),
  );

  app.post(
    `${base}/checks/:checkId/reveal`,
    {
      schema: {
        tags: ['safeguarding'],
        summary: "Show a check's number in full (logged as a reveal)",
        params: CheckParams,
        response: { 200: z.object({ number: z.string().nullable() }), ...problemResponses },
      },
    },
    async (req) => safeguarding.revealNumber(principalOf(req), actorFor(req), req.params.timebankId, req.params.memberId, req.params.checkId),
  );

  app.post(
    `${base}/checks/:checkId/stopped-notice`,
    {
      schema: {
        tags: ['safeguarding'],
        summary: 'Record that Disclosure Scotland was told a PVG member stopped doing regulated work',
        params: CheckParams,
        body: z.strictObject({ sentOn: Day }),
        response: { 200: z.object({ id: z.string(), sentOn: z.string() }), ...problemResponses },
      },
    },
    async (req) =>
      safeguarding.recordStoppedNotice(principalOf(req), actorFor(req), req.params.timebankId, req.params.memberId, req.params.checkId, req.body.sentOn),
  );

  app.get(
    '/timebanks/:timebankId/safeguarding/reviews-due',
    {
      schema: {
        tags: ['safeguarding'],
        summary: 'Checks due for review within 30 days, and overdue ones (brokers and coordinators; each person listed is logged)',
        params: TimebankParams,
        response: {
          200: z.object({
            items: z.array(
              z.object({
                checkId: z.string(),
                personId: z.string(),
                memberId: z.string(),
                displayName: z.string(),
                scheme: z.enum(SCHEMES),
                level: z.enum(LEVELS),
                roleTitle: z.string(),
                reviewOn: z.string(),
                overdue: z.boolean(),
              }),
            ),
          }),
          ...problemResponses,
        },
      },
    },
    async (req) => {
      const rows = await safeguarding.reviewsDue(principalOf(req), actorFor(req), req.params.timebankId);
      return { items: rows.map(reviewOut) };
    },
  );

  app.get(
    '/people/:id/safeguarding-summary',
    {
      schema: {
        tags: ['safeguarding'],
        summary: 'My own checks in brief: scheme, level, decision, next review (the person themself only)',
        params: IdParams,
        response: {
          200: z.object({
            items: z.array(
              z.object({ timebankName: z.string(), scheme: z.enum(SCHEMES), level: z.enum(LEVELS), decision: z.enum(DECISIONS).nullable(), reviewOn: z.string() }),
            ),
          }),
          ...problemResponses,
        },
      },
    },
    async (req) => {
      const rows = await safeguarding.ownSummary(principalOf(req), actorFor(req), req.params.id);
      return { items: rows.map((r) => ({ timebankName: r.timebank_name, scheme: r.scheme, level: r.level, decision: r.decision, reviewOn: r.review_on })) };
    },
  );

  app.get(
    '/people/:id/safeguarding-views',
    {
      schema: {
        tags: ['safeguarding'],
        summary: 'Who viewed my safeguarding data, and when (the person themself only)',
        params: IdParams,
        response: {
          200: z.object({
            items: z.array(z.object({ at: z.string(), viewerName: z.string(), timebankName: z.string(), view: z.string(), checkId: z.string().nullable() })),
          }),
          ...problemResponses,
        },
      },
    },
    async (req) => {
      const rows = await safeguarding.viewsOfPerson(principalOf(req), req.params.id);
      return {
        items: rows.map((r) => ({ at: r.at.toISOString(), viewerName: r.viewer_name, timebankName: r.timebank_name, view: r.view, checkId: r.check_id })),
      };
    },
  );
};
