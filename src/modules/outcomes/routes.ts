// /api/v1/outcomes/...: outcome frameworks, their periods, goals, indicators, targets and
// measurements; projects, milestones, steering reviews; Co-Production Star tags; the RBA
// programme report and the Star report (docs/outcomes.md).
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../http/app.ts';
import { actorFor, principalOf } from '../../http/context.ts';
import { problemResponses, Uuid } from '../../http/schemas.ts';
import { isDay } from '../listings/rules.ts';

export const Day = z.string().refine(isDay, 'must be a day (YYYY-MM-DD)');
const Rag = z.enum(['red', 'amber', 'green']);
export const StarModeSchema = z.enum(['co_commissioning', 'co_design', 'co_delivery', 'co_assessment']);
/** A figure: finite, at most four decimal places (the column's scale). */
export const Figure = z
  .number()
  .finite()
  .refine((v) => Math.abs(v) < 1e14 && Number.isInteger(Math.round(v * 10_000)) && Math.abs(v * 10_000 - Math.round(v * 10_000)) < 1e-6, 'at most four decimal places');
const Text = (min: number, max: number) => z.string().trim().min(min).max(max);

export const FrameworkBody = z.strictObject({ timebankId: Uuid.nullable(), name: Text(3, 200), description: Text(0, 4000).optional() });
export const PeriodBody = z.strictObject({ label: Text(1, 40), startsOn: Day, endsOn: Day });
export const GoalBody = z.strictObject({
  title: Text(3, 200),
  description: Text(0, 4000).optional(),
  coDefinedBy: Text(1, 200).nullable().optional(),
  coDefinitionEvidence: Text(1, 2000).nullable().optional(),
});
export const IndicatorBody = z.strictObject({
  goalId: Uuid,
  name: Text(3, 200),
  definition: Text(3, 4000),
  unit: Text(1, 40).optional(),
  direction: z.enum(['up', 'down']),
  rbaClass: z.enum(['how_much', 'how_well', 'better_off']),
  sourceKind: z.enum(['computed', 'entered']),
  queryName: z.string().max(60).optional(),
  queryParams: z.record(z.string(), z.unknown()).optional(),
  source: Text(1, 500).optional(),
  breakdowns: z.array(Text(1, 40)).max(10).optional(),
  suppressBelow: z.number().int().min(0).max(1000).optional(),
  sampleSizeRequired: z.boolean().optional(),
  baselinePeriodId: Uuid.nullable().optional(),
});
export const TargetBody = z.strictObject({ periodId: Uuid, value: Figure });
export const MeasurementBody = z.strictObject({
  periodId: Uuid,
  value: Figure,
  sampleSize: z.number().int().min(0).max(100_000_000).nullable().optional(),
  status: z.enum(['provisional', 'final']),
  note: Text(0, 1000).optional(),
});
export const ComputeBody = z.strictObject({ periodId: Uuid, status: z.enum(['provisional', 'final']) });
export const ProjectBody = z.strictObject({
  name: Text(3, 200),
  owner: Text(1, 200),
  budgetPence: z.number().int('a whole number of pence').min(0, 'not negative').max(Number.MAX_SAFE_INTEGER),
  rag: Rag,
  ragReason: Text(1, 1000),
  goalIds: z.array(Uuid).max(50).default([]),
});
export const MilestoneBody = z.strictObject({ title: Text(3, 200), dueOn: Day });
export const MilestoneDoneBody = z.strictObject({ done: z.boolean(), doneOn: Day.optional() });
export const RagBody = z.strictObject({ rag: Rag, reason: Text(1, 1000) });
export const ReviewBody = z.strictObject({
  heldOn: Day,
  attendees: Text(1, 2000),
  decisions: Text(1, 8000),
  ragChanges: z.array(z.strictObject({ projectId: Uuid, rag: Rag, reason: Text(1, 1000) })).max(100).optional(),
});
export const TagBody = z.strictObject({ modes: z.array(StarModeSchema).max(4) });

const Created = z.object({ id: z.string() });
const Published = { value: z.number().nullable(), sampleSize: z.number().nullable(), suppressed: z.boolean() };
const IndicatorOut = z.object({
  id: z.string(),
  goalId: z.string(),
  name: z.string(),
  definition: z.string(),
  unit: z.string(),
  direction: z.enum(['up', 'down']),
  rbaClass: z.string(),
  sourceKind: z.enum(['computed', 'entered']),
  queryName: z.string().nullable(),
  queryParams: z.record(z.string(), z.unknown()).nullable(),
  source: z.string().nullable(),
  breakdowns: z.array(z.string()),
  suppressBelow: z.number(),
  sampleSizeRequired: z.boolean(),
  baseline: z.object({ periodId: z.string(), label: z.string(), value: z.number().nullable(), suppressed: z.boolean() }).nullable(),
  series: z.array(z.object({ periodId: z.string(), label: z.string(), status: z.string().nullable(), target: z.number().nullable(), ...Published })),
  onTrack: z.boolean().nullable(),
});
const Head = {
  id: z.string(),
  timebankId: z.string().nullable(),
  name: z.string(),
  description: z.string(),
  periods: z.array(z.object({ id: z.string(), label: z.string(), startsOn: z.string(), endsOn: z.string() })),
  canManage: z.boolean(),
};
export const FrameworkOut = z.object({
  ...Head,
  goals: z.array(z.object({ id: z.string(), title: z.string(), description: z.string(), coDefinedBy: z.string().nullable(), coDefinitionEvidence: z.string().nullable(), indicators: z.array(IndicatorOut) })),
  projects: z.array(z.object({ id: z.string(), name: z.string(), owner: z.string(), budgetPence: z.number(), rag: Rag, ragReason: z.string(), goalIds: z.array(z.string()) })),
  reviews: z.array(
    z.object({ id: z.string(), heldOn: z.string(), attendees: z.string(), decisions: z.string(), ragChanges: z.array(z.object({ projectId: z.string(), from: Rag, to: Rag, reason: z.string() })) }),
  ),
});
export const ProgrammeOut = z.object({ ...Head, sections: z.array(z.object({ rbaClass: z.string(), question: z.string(), indicators: z.array(IndicatorOut) })) });
export const ProjectOut = z.object({
  id: z.string(),
  frameworkId: z.string(),
  frameworkName: z.string(),
  name: z.string(),
  owner: z.string(),
  budgetPence: z.number(),
  rag: Rag,
  ragReason: z.string(),
  ragSetAt: z.string(),
  goals: z.array(z.object({ id: z.string(), title: z.string() })),
  milestones: z.array(z.object({ id: z.string(), title: z.string(), dueOn: z.string(), done: z.boolean(), doneOn: z.string().nullable() })),
  coproduction: z.array(z.string()),
  ragHistory: z.array(z.object({ reviewId: z.string(), heldOn: z.string(), from: Rag, to: Rag, reason: z.string() })),
  canManage: z.boolean(),
});
const Count = z.object({ value: z.number().nullable(), suppressed: z.boolean() });
const StarOut = z.object({ frameworkId: z.string(), periodId: z.string().nullable(), modes: z.array(z.object({ mode: z.string(), minutes: z.number().nullable(), people: Count, projects: z.number() })) });
const MeasurementOut = z.object({ id: z.string(), indicatorId: z.string(), periodId: z.string(), value: z.number(), sampleSize: z.number().nullable(), status: z.string(), computed: z.boolean() });

const FrameworkParams = z.strictObject({ frameworkId: Uuid });
const IndicatorParams = z.strictObject({ indicatorId: Uuid });
const ProjectParams = z.strictObject({ projectId: Uuid });
const tags = ['outcomes'];
const schema = <O extends z.ZodType>(summary: string, extra: Record<string, unknown>, out: O) => ({ schema: { tags, summary, ...extra, response: { 200: out, ...problemResponses } } });
const made = <O extends z.ZodType>(summary: string, extra: Record<string, unknown>, out: O) => ({ schema: { tags, summary, ...extra, response: { 201: out, ...problemResponses } } });

export const outcomeRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (app, { services }) => {
  const { outcomes: o, outcomeProjects: pr, outcomeReports: rep } = services;
  const ListOut = z.object({ items: z.array(z.object({ id: z.string(), name: z.string(), description: z.string(), timebankId: z.string().nullable(), timebankName: z.string().nullable(), canManage: z.boolean() })) });
  app.get('/outcomes/queries', schema('The registry of computed indicator queries', {}, z.object({ items: z.array(z.object({ name: z.string(), label: z.string(), unit: z.string(), counts: z.string() })) })), async () => ({ items: rep.queries() }));
  app.get('/outcomes/frameworks', schema('The outcome frameworks you may read', {}, ListOut), async (req) => ({ items: await rep.list(principalOf(req)) }));
  app.post('/outcomes/frameworks', made('Create an outcome framework for the network or a timebank', { body: FrameworkBody }, Created), async (req, reply) =>
    reply.code(201).send(await o.createFramework(principalOf(req), actorFor(req), req.body as z.infer<typeof FrameworkBody>)),
  );
  app.get('/outcomes/frameworks/:frameworkId', schema('A framework: goals, indicators with their series, projects, reviews', { params: FrameworkParams }, FrameworkOut), async (req) =>
    rep.framework(principalOf(req), (req.params as { frameworkId: string }).frameworkId),
  );
  app.get('/outcomes/frameworks/:frameworkId/report', schema('The results-based accountability programme report', { params: FrameworkParams }, ProgrammeOut), async (req) =>
    rep.programme(principalOf(req), (req.params as { frameworkId: string }).frameworkId),
  );
  app.get('/outcomes/frameworks/:frameworkId/star', schema('Hours and people by Co-Production Star mode', { params: FrameworkParams, querystring: z.strictObject({ periodId: Uuid.optional() }) }, StarOut), async (req) =>
    rep.star(principalOf(req), (req.params as { frameworkId: string }).frameworkId, (req.query as { periodId?: string }).periodId ?? null),
  );
  const fwPost = <S extends z.ZodType>(path: string, summary: string, body: S, fn: (id: string, b: z.infer<S>, req: Parameters<typeof principalOf>[0]) => Promise<{ id: string }>) =>
    app.post(`/outcomes/frameworks/:frameworkId/${path}`, made(summary, { params: FrameworkParams, body }, Created), async (req, reply) =>
      reply.code(201).send(await fn((req.params as { frameworkId: string }).frameworkId, req.body as z.infer<S>, req)),
    );
  fwPost('periods', 'Add a reporting period (2026-Q1, 2026)', PeriodBody, (id, b, req) => o.addPeriod(principalOf(req), actorFor(req), id, b));
  fwPost('goals', 'Add a goal, with who co-defined it', GoalBody, (id, b, req) => o.addGoal(principalOf(req), actorFor(req), id, b));
  fwPost('indicators', 'Add an indicator: computed by a registered query, or entered with its source', IndicatorBody, (id, b, req) => o.addIndicator(principalOf(req), actorFor(req), id, b));
  fwPost('projects', 'Add a project serving goals', ProjectBody, (id, b, req) => pr.createProject(principalOf(req), actorFor(req), id, b));
  fwPost('reviews', 'Record a steering review and its status changes', ReviewBody, (id, b, req) => pr.addReview(principalOf(req), actorFor(req), id, b));

  const indId = (req: { params: unknown }) => (req.params as { indicatorId: string }).indicatorId;
  const TargetOut = z.object({ indicatorId: z.string(), periodId: z.string(), value: z.number() });
  app.put('/outcomes/indicators/:indicatorId/target', schema("Set an indicator's target for a period", { params: IndicatorParams, body: TargetBody }, TargetOut), async (req) =>
    o.setTarget(principalOf(req), actorFor(req), indId(req), req.body as z.infer<typeof TargetBody>),
  );
  app.post('/outcomes/indicators/:indicatorId/measurements', made('Enter a measurement of an entered indicator', { params: IndicatorParams, body: MeasurementBody }, MeasurementOut), async (req, reply) =>
    reply.code(201).send(await o.addMeasurement(principalOf(req), actorFor(req), indId(req), req.body as z.infer<typeof MeasurementBody>)),
  );
  app.post('/outcomes/indicators/:indicatorId/compute', made('Compute an indicator over a period and record it', { params: IndicatorParams, body: ComputeBody }, MeasurementOut), async (req, reply) =>
    reply.code(201).send(await o.compute(principalOf(req), actorFor(req), indId(req), req.body as z.infer<typeof ComputeBody>)),
  );

  const prId = (req: { params: unknown }) => (req.params as { projectId: string }).projectId;
  app.get('/outcomes/projects/:projectId', schema('A project: milestones, status and its history', { params: ProjectParams }, ProjectOut), async (req) => pr.project(principalOf(req), prId(req)));
  app.post('/outcomes/projects/:projectId/milestones', made('Add a milestone', { params: ProjectParams, body: MilestoneBody }, Created), async (req, reply) =>
    reply.code(201).send(await pr.addMilestone(principalOf(req), actorFor(req), prId(req), req.body as z.infer<typeof MilestoneBody>)),
  );
  app.put(
    '/outcomes/projects/:projectId/milestones/:milestoneId',
    schema('Mark a milestone done or not done', { params: z.strictObject({ projectId: Uuid, milestoneId: Uuid }), body: MilestoneDoneBody }, z.object({ id: z.string(), done: z.boolean(), doneOn: z.string().nullable() })),
    async (req) => pr.setMilestoneDone(principalOf(req), actorFor(req), prId(req), (req.params as { milestoneId: string }).milestoneId, req.body as z.infer<typeof MilestoneDoneBody>),
  );
  app.put('/outcomes/projects/:projectId/rag', schema("Set a project's red/amber/green status with a reason", { params: ProjectParams, body: RagBody }, ProjectOut), async (req) =>
    pr.setProjectRag(principalOf(req), actorFor(req), prId(req), req.body as z.infer<typeof RagBody>),
  );
  app.put(
    '/outcomes/tags/:subjectKind/:subjectId',
    schema(
      'Set the Co-Production Star modes of an activity, exchange or project',
      { params: z.strictObject({ subjectKind: z.enum(['activity', 'exchange', 'project']), subjectId: Uuid }), body: TagBody },
      z.object({ subjectKind: z.string(), subjectId: z.string(), modes: z.array(z.string()) }),
    ),
    async (req) => {
      const ps = req.params as { subjectKind: 'activity' | 'exchange' | 'project'; subjectId: string };
      return pr.tag(principalOf(req), actorFor(req), ps.subjectKind, ps.subjectId, (req.body as z.infer<typeof TagBody>).modes);
    },
  );
};
