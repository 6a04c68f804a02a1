// /api/v1/timebanks/:timebankId/conversations...: capability conversations, started (or a draft
// resumed), saved step by step, completed; a member's conversations; the community survey.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../http/app.ts';
import { actorFor, principalOf } from '../../http/context.ts';
import { problemResponses, TimebankParams, Uuid } from '../../http/schemas.ts';
import { CategorySlug } from '../categories/routes.ts';
import { CATEGORIES_MAX, type ConversationView, HOURS_PER_MONTH_MAX, TEXT_MAX } from './service.ts';
import { STEPS, WAYS } from './tables.ts';

export const WaySchema = z.enum(WAYS);
const Text = z.string().max(TEXT_MAX).nullable().optional();
const Cats = z.array(CategorySlug).max(CATEGORIES_MAX).optional();
export const Hours = z.number().int().min(0).max(HOURS_PER_MONTH_MAX);

export const StartBody = z.strictObject({ memberId: Uuid.optional() });
export const ConversationPatchBody = z.strictObject({
  step: z.enum(STEPS).optional(),
  headText: Text,
  headCategories: Cats,
  handsText: Text,
  handsCategories: Cats,
  heartText: Text,
  heartCategories: Cats,
  lendText: Text,
  lendCategories: Cats,
  helpText: Text,
  helpCategories: Cats,
  hoursPerMonth: Hours.nullable().optional(),
  ways: z.array(WaySchema).max(WAYS.length).optional(),
});
export const SurveyBody = z.strictObject({
  coProducesNow: z.boolean(),
  wouldDoMore: z.boolean(),
  ways: z.array(WaySchema).max(WAYS.length),
  extraHoursPerMonth: Hours,
});

const Answer = z.object({ text: z.string().nullable(), categories: z.array(z.string()) });
export const ConversationOut = z.object({
  id: z.string(),
  timebankId: z.string(),
  timebankName: z.string(),
  memberId: z.string(),
  memberName: z.string(),
  status: z.enum(['draft', 'complete']),
  heldBy: z.enum(['online', 'broker']),
  step: z.string(),
  head: Answer,
  hands: Answer,
  heart: Answer,
  lend: Answer,
  help: Answer,
  hoursPerMonth: z.number().nullable(),
  ways: z.array(WaySchema),
  createdAt: z.string(),
  updatedAt: z.string(),
  updatedByName: z.string(),
  completedAt: z.string().nullable(),
});
export const conversationOut = (c: ConversationView) => ({
  ...c,
  createdAt: c.createdAt.toISOString(),
  updatedAt: c.updatedAt.toISOString(),
  completedAt: c.completedAt ? c.completedAt.toISOString() : null,
});

const SurveyOut = z.object({
  memberId: z.string(),
  answer: z.object({ coProducesNow: z.boolean(), wouldDoMore: z.boolean(), ways: z.array(WaySchema), extraHoursPerMonth: z.number(), answeredAt: z.string() }).nullable(),
});
const surveyOut = (s: { memberId: string; answer: (z.infer<typeof SurveyBody> & { answeredAt: Date }) | null }) => ({
  memberId: s.memberId,
  answer: s.answer ? { ...s.answer, answeredAt: s.answer.answeredAt.toISOString() } : null,
});

const ConversationParams = z.strictObject({ timebankId: Uuid, conversationId: Uuid });
const MemberParams = z.strictObject({ timebankId: Uuid, memberId: Uuid });
const tags = ['asset map'];

export const capabilityRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (app, { services }) => {
  const { capabilities } = services;
  const one = (summary: string, extra: Record<string, unknown> = {}) => ({
    schema: { tags, summary, params: ConversationParams, ...extra, response: { 200: ConversationOut, ...problemResponses } },
  });

  app.post(
    '/timebanks/:timebankId/conversations',
    {
      schema: {
        tags,
        summary: "Start a capability conversation (yours, the member acted for, or a member named by a broker), or resume the member's draft",
        params: TimebankParams,
        body: StartBody,
        response: { 200: ConversationOut, 201: ConversationOut, ...problemResponses },
      },
    },
    async (req, reply) => {
      const r = await capabilities.start(principalOf(req), actorFor(req), req.params.timebankId, req.body.memberId);
      return reply.code(r.resumed ? 200 : 201).send(conversationOut(r.conversation));
    },
  );

  app.get('/timebanks/:timebankId/conversations/:conversationId', one('A capability conversation (the member, and brokers and coordinators of the timebank)'), async (req) =>
    conversationOut(await capabilities.get(principalOf(req), req.params.timebankId, req.params.conversationId)),
  );

  app.patch('/timebanks/:timebankId/conversations/:conversationId', one('Save the answers of a step of a draft conversation', { body: ConversationPatchBody }), async (req) =>
    conversationOut(await capabilities.save(principalOf(req), actorFor(req), req.params.timebankId, req.params.conversationId, req.body as z.infer<typeof ConversationPatchBody>)),
  );

  app.post('/timebanks/:timebankId/conversations/:conversationId/complete', one('Complete a draft conversation: it counts on the map'), async (req) =>
    conversationOut(await capabilities.complete(principalOf(req), actorFor(req), req.params.timebankId, req.params.conversationId)),
  );

  app.get(
    '/timebanks/:timebankId/members/:memberId/conversations',
    { schema: { tags, summary: "A member's capability conversations, newest first", params: MemberParams, response: { 200: z.object({ memberId: z.string(), items: z.array(ConversationOut) }), ...problemResponses } } },
    async (req) => {
      const r = await capabilities.ofMember(principalOf(req), req.params.timebankId, req.params.memberId);
      return { memberId: r.memberId, items: r.items.map(conversationOut) };
    },
  );

  app.get(
    '/timebanks/:timebankId/members/:memberId/survey',
    { schema: { tags, summary: "A member's answer to the community survey", params: MemberParams, response: { 200: SurveyOut, ...problemResponses } } },
    async (req) => surveyOut(await capabilities.survey(principalOf(req), req.params.timebankId, req.params.memberId)),
  );

  app.put(
    '/timebanks/:timebankId/members/:memberId/survey',
    { schema: { tags, summary: 'Answer the community survey (again): who co-produces, who would do more, how, how many extra hours a month', params: MemberParams, body: SurveyBody, response: { 200: SurveyOut, ...problemResponses } } },
    async (req) => surveyOut(await capabilities.answerSurvey(principalOf(req), actorFor(req), req.params.timebankId, req.params.memberId, req.body)),
  );
};
