// /api/v1: references about members. Staff routes carry the answers; the member's own route
// and the referee's public routes do not.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../http/app.ts';
import { actorFor, principalOf } from '../../http/context.ts';
import { IdParams, problemResponses, Uuid } from '../../http/schemas.ts';
import { TEXT_MAX } from '../joining/routes.ts';

export const Rating = z.enum(['very_good', 'good', 'some_concerns', 'serious_concerns', 'dont_know']);
export const QUESTIONS = ['honesty', 'teamwork', 'punctuality', 'gettingOn'] as const;
const Comment = z.string().trim().max(TEXT_MAX).nullable().default(null);
const Answer = z.strictObject({ rating: Rating, comment: Comment });

export const AnswersBody = z.strictObject({
  honesty: Answer,
  teamwork: Answer,
  punctuality: Answer,
  gettingOn: Answer,
  freeText: z.string().trim().max(4000).nullable().default(null),
});

export const ReferenceRequestBody = z.strictObject({
  refereeName: z.string().trim().min(1).max(200),
  relationship: z.string().trim().min(1).max(200),
  email: z.email().max(320).optional(),
  phone: z.string().trim().min(3).max(40).optional(),
});

export const VerdictBody = z.strictObject({ verdict: z.enum(['satisfactory', 'unsatisfactory']), reason: z.string().trim().min(1).max(TEXT_MAX) });

const StaffReference = z.object({
  id: z.string(),
  refereeName: z.string(),
  relationship: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  requestedAt: z.string(),
  requestedBy: z.string().nullable(),
  linkExpiresAt: z.string(),
  answeredAt: z.string().nullable(),
  answeredVia: z.enum(['link', 'call']).nullable(),
  answerRecordedBy: z.string().nullable(),
  answers: AnswersBody.nullable(),
  verdict: z.enum(['satisfactory', 'unsatisfactory']).nullable(),
  verdictReason: z.string().nullable(),
  verdictAt: z.string().nullable(),
  verdictBy: z.string().nullable(),
});

type StaffRow = Awaited<ReturnType<Services['references']['get']>>;
export const staffReferenceOut = (r: StaffRow): z.infer<typeof StaffReference> => ({
  id: r.id,
  refereeName: r.referee_name,
  relationship: r.relationship,
  email: r.referee_email,
  phone: r.referee_phone,
  requestedAt: r.requested_at.toISOString(),
  requestedBy: r.requested_by_name,
  linkExpiresAt: r.token_expires_at.toISOString(),
  answeredAt: r.answered_at?.toISOString() ?? null,
  answeredVia: r.answered_via,
  answerRecordedBy: r.answer_recorded_by_name,
  answers: r.answers,
  verdict: r.verdict,
  verdictReason: r.verdict_reason,
  verdictAt: r.verdict_at?.toISOString() ?? null,
  verdictBy: r.verdict_by_name,
});

const TokenParams = z.strictObject({ token: z.string().max(200) });

export const referenceRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (app, { services }) => {
  const { references } = services;
  const MemberParams = z.strictObject({ timebankId: Uuid, memberId: Uuid });
  const RefParams = z.strictObject({ timebankId: Uuid, referenceId: Uuid });

  app.post(
    '/timebanks/:timebankId/members/:memberId/references',
    {
      schema: {
        tags: ['references'],
        summary: 'Ask a referee; with an email the link is mailed to them (mailed: true); the link is also answered, to read out by phone',
        params: MemberParams,
        body: ReferenceRequestBody,
        response: { 201: z.object({ id: z.string(), path: z.string(), expiresAt: z.string(), mailed: z.boolean() }), ...problemResponses },
      },
    },
    async (req, reply) => {
      const r = await references.request(principalOf(req), actorFor(req), req.params.timebankId, req.params.memberId, req.body);
      return reply.code(201).send({ id: r.id, path: r.path, expiresAt: r.expiresAt.toISOString(), mailed: r.mailed });
    },
  );

  app.get(
    '/timebanks/:timebankId/members/:memberId/references',
    {
      schema: {
        tags: ['references'],
        summary: 'References about a member, with the answers (brokers and coordinators of the timebank)',
        params: MemberParams,
        response: { 200: z.object({ items: z.array(StaffReference) }), ...problemResponses },
      },
    },
    async (req) => ({ items: (await references.listForMember(principalOf(req), req.params.timebankId, req.params.memberId)).map(staffReferenceOut) }),
  );

  app.post(
    '/timebanks/:timebankId/references/:referenceId/answers',
    {
      schema: {
        tags: ['references'],
        summary: 'Record the answers a referee gave on a call (the link stops working)',
        params: RefParams,
        body: AnswersBody,
        response: { 200: z.object({ id: z.string(), answeredVia: z.literal('call') }), ...problemResponses },
      },
    },
    async (req) => references.recordAnswers(principalOf(req), actorFor(req), req.params.timebankId, req.params.referenceId, req.body),
  );

  app.post(
    '/timebanks/:timebankId/references/:referenceId/verdict',
    {
      schema: {
        tags: ['references'],
        summary: 'Mark an answered reference satisfactory or not, with why',
        params: RefParams,
        body: VerdictBody,
        response: { 200: z.object({ id: z.string(), verdict: z.enum(['satisfactory', 'unsatisfactory']) }), ...problemResponses },
      },
    },
    async (req) => references.decide(principalOf(req), actorFor(req), req.params.timebankId, req.params.referenceId, req.body),
  );

  app.get(
    '/people/:id/references',
    {
      schema: {
        tags: ['references'],
        summary: 'References about a person: that they exist and their verdict, never the answers (the person, and staff)',
        params: IdParams,
        response: {
          200: z.object({
            items: z.array(
              z.object({
                id: z.string(),
                timebankId: z.string(),
                refereeName: z.string(),
                requestedAt: z.string(),
                answered: z.boolean(),
                verdict: z.enum(['satisfactory', 'unsatisfactory']).nullable(),
              }),
            ),
          }),
          ...problemResponses,
        },
      },
    },
    async (req) => ({
      items: (await references.ofPerson(principalOf(req), req.params.id)).map((r) => ({ ...r, requestedAt: r.requestedAt.toISOString() })),
    }),
  );

  app.get(
    '/references/answer/:token',
    {
      config: { access: 'public', rateLimit: { max: 30, timeWindow: '1 minute' } },
      schema: {
        tags: ['references'],
        summary: 'What the referee’s link opens (no account); a used, expired or forged link answers 404',
        params: TokenParams,
        security: [],
        response: { 200: z.object({ refereeName: z.string(), subjectName: z.string(), timebankName: z.string(), expiresAt: z.string() }), ...problemResponses },
      },
    },
    async (req) => {
      const r = await references.forReferee(req.params.token);
      return { ...r, expiresAt: r.expiresAt.toISOString() };
    },
  );

  app.post(
    '/references/answer/:token',
    {
      config: { access: 'public', rateLimit: { max: 10, timeWindow: '1 minute' } },
      schema: {
        tags: ['references'],
        summary: 'The referee answers, once',
        params: TokenParams,
        body: AnswersBody,
        security: [],
        response: { 200: z.object({ answered: z.boolean() }), ...problemResponses },
      },
    },
    async (req) => references.answerByLink(req.params.token, String(req.id), req.body),
  );
};
