// /api/v1/stakeholder-groups, /api/v1/arguments…, and the public reads under
// /api/v1/networks/:network/… (docs/arguments.md).
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../http/app.ts';
import { actorFor, principalOf } from '../../http/context.ts';
import { Paging, problemResponses, Uuid } from '../../http/schemas.ts';
import { publicLimit, type WriteKind, writeLimit } from './limits.ts';
import { ATTRIBUTIONS, EVIDENCE_KINDS, REPORT_NAMES } from './tables.ts';

const text = (max: number) => z.string().trim().min(1, { message: 'must not be empty' }).max(max, { message: `at most ${max} characters` });
const optionalText = (max: number) => z.string().trim().max(max, { message: `at most ${max} characters` }).nullish();

export const EvidenceItem = z.strictObject({
  kind: z.enum(EVIDENCE_KINDS),
  label: text(200),
  url: z
    .string()
    .trim()
    .max(2000, { message: 'at most 2000 characters' })
    .regex(/^https?:\/\/[^\s<>"]+$/, { message: 'must be a web address starting with https:// or http://' })
    .nullish(),
  figure: text(100).nullish(),
  source: optionalText(300),
  report: z.enum(REPORT_NAMES).nullish(),
});

export const ArgumentBody = z.strictObject({
  stakeholderGroupId: Uuid,
  claim: text(300),
  details: optionalText(5000),
  evidence: z.array(EvidenceItem).max(10, { message: 'at most 10 pieces of evidence' }).default([]),
  attribution: z.enum(ATTRIBUTIONS),
  buildsOnArgumentId: Uuid.nullish(),
});

export const GroupBody = z.strictObject({
  nameEn: text(120),
  namePl: text(120),
  hidden: z.boolean().optional(),
  position: z.number().int().min(0).max(100_000).optional(),
});

export const CommentBody = z.strictObject({ body: text(2000) });
export const ConvincedBody = z.strictObject({ stakeholderGroupId: Uuid });
export const ReportBody = z.strictObject({ reason: text(1000), commentId: Uuid.nullish() });
export const ModerationBody = z.strictObject({ decision: z.enum(['publish', 'reject']), note: optionalText(1000) });
export const ResolutionBody = z.strictObject({ resolution: z.enum(['hidden', 'dismissed']) });

const Group = z.object({ id: z.string(), slug: z.string(), nameEn: z.string(), namePl: z.string(), position: z.number(), hidden: z.boolean() });
const GroupRef = z.object({ id: z.string(), slug: z.string(), nameEn: z.string(), namePl: z.string() });
const Evidence = z.object({
  kind: z.string(),
  label: z.string(),
  url: z.string().nullable(),
  figure: z.string().nullable(),
  source: z.string().nullable(),
  report: z.string().nullable(),
});
const Convinced = z.object({ groupId: z.string(), slug: z.string(), nameEn: z.string(), namePl: z.string(), count: z.number() });
const Summary = z.object({
  id: z.string(),
  claim: z.string(),
  details: z.string().nullable(),
  status: z.string(),
  attribution: z.string(),
  authorName: z.string().nullable(),
  group: GroupRef,
  createdAt: z.string(),
  publishedAt: z.string().nullable(),
});
const ArgumentOut = Summary.extend({
  moderationNote: z.string().nullable(),
  evidence: z.array(Evidence),
  convinced: z.array(Convinced),
  buildsOn: z.object({ id: z.string(), claim: z.string() }).nullable(),
  builtOnBy: z.array(z.object({ id: z.string(), claim: z.string() })),
  comments: z.array(z.object({ id: z.string(), body: z.string(), authorName: z.string(), createdAt: z.string() })),
  myConvincedGroupId: z.string().nullable(),
});
const ConvincedOut = z.object({ convinced: z.array(Convinced), myConvincedGroupId: z.string().nullable() });
const ResourceOut = z.object({
  group: GroupRef,
  arguments: z.array(Summary.extend({ convincedInGroup: z.number(), convincedTotal: z.number(), evidence: z.array(Evidence) })),
});

type G = { id: string; slug: string; name_en: string; name_pl: string; position: number; hidden: boolean };
const groupOut = (g: G) => ({ id: g.id, slug: g.slug, nameEn: g.name_en, namePl: g.name_pl, position: g.position, hidden: g.hidden });

const ReportOut = z.object({ id: z.string(), argumentId: z.string(), commentId: z.string().nullable(), alreadyReported: z.boolean() });
const ArgumentParams = z.strictObject({ argumentId: Uuid });
const tags = ['arguments'];
const responses = <S extends z.ZodType>(ok: S) => ({ 200: ok, ...problemResponses });
const created = <S extends z.ZodType>(ok: S) => ({ 201: ok, ...problemResponses });

export const argumentRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (app, { services }) => {
  const { arguments: args } = services;
  const limit = (kind: WriteKind) => writeLimit(app, services, kind);

  // ---- stakeholder groups
  app.get(
    '/stakeholder-groups',
    {
      schema: {
        tags,
        summary: 'The stakeholder groups of your network (hidden ones too, for those who manage them, with ?all=true)',
        querystring: z.strictObject({ all: z.enum(['true', 'false']).default('false') }),
        response: responses(z.object({ items: z.array(Group) })),
      },
    },
    async (req) => ({ items: (await args.listGroups(principalOf(req), req.query.all === 'true')).map(groupOut) }),
  );
  app.post(
    '/stakeholder-groups',
    { schema: { tags, summary: 'Add a stakeholder group (coordinators, network admins)', body: GroupBody, response: created(Group) } },
    async (req, reply) => reply.code(201).send(groupOut(await args.addGroup(principalOf(req), actorFor(req), req.body))),
  );
  app.patch(
    '/stakeholder-groups/:groupId',
    {
      schema: {
        tags,
        summary: 'Rename, reorder or hide a stakeholder group (coordinators, network admins)',
        params: z.strictObject({ groupId: Uuid }),
        body: GroupBody,
        response: responses(Group),
      },
    },
    async (req) => groupOut(await args.updateGroup(principalOf(req), actorFor(req), req.params.groupId, req.body)),
  );

  // ---- arguments
  app.get(
    '/arguments',
    {
      schema: {
        tags,
        summary: 'Published arguments of your network, newest first',
        querystring: z.strictObject({ groupId: Uuid.optional(), ...Paging }),
        response: responses(z.object({ items: z.array(Summary.extend({ convincedTotal: z.number() })) })),
      },
    },
    async (req) => ({ items: await args.board(principalOf(req), { groupId: req.query.groupId, limit: req.query.limit, offset: req.query.offset }) }),
  );
  app.post(
    '/arguments',
    {
      onRequest: limit('argument'),
      schema: {
        tags,
        summary: 'Write an argument: published with your name, without it, or kept private; the first two wait for a moderator',
        body: ArgumentBody,
        response: created(ArgumentOut),
      },
    },
    async (req, reply) => reply.code(201).send(await args.create(principalOf(req), actorFor(req), req.body)),
  );
  app.get(
    '/arguments/mine',
    { schema: { tags, summary: 'Your own arguments, whatever their status', response: responses(z.object({ items: z.array(Summary) })) } },
    async (req) => ({ items: await args.mine(principalOf(req)) }),
  );
  app.get(
    '/arguments/moderation',
    {
      schema: {
        tags,
        summary: 'The moderation queue: arguments waiting, and open reports (coordinators, network admins)',
        response: responses(
          z.object({
            pending: z.array(Summary.extend({ evidence: z.array(Evidence) })),
            reports: z.array(
              z.object({
                id: z.string(),
                argumentId: z.string(),
                commentId: z.string().nullable(),
                reason: z.string(),
                reporterName: z.string(),
                claim: z.string(),
                commentBody: z.string().nullable(),
                createdAt: z.string(),
              }),
            ),
          }),
        ),
      },
    },
    async (req) => args.queue(principalOf(req)),
  );
  app.get(
    '/arguments/:argumentId',
    { schema: { tags, summary: 'One argument (published; or your own; or waiting, for a moderator)', params: ArgumentParams, response: responses(ArgumentOut) } },
    async (req) => {
      const p = principalOf(req);
      return args.get(p, p.networkId, req.params.argumentId);
    },
  );
  app.post(
    '/arguments/:argumentId/moderation',
    { schema: { tags, summary: 'Publish or reject an argument waiting in the queue', params: ArgumentParams, body: ModerationBody, response: responses(ArgumentOut) } },
    async (req) => args.moderate(principalOf(req), actorFor(req), req.params.argumentId, req.body.decision, req.body.note ?? null),
  );
  app.post(
    '/arguments/:argumentId/comments',
    {
      onRequest: limit('comment'),
      schema: {
        tags,
        summary: 'Comment on a published argument',
        params: ArgumentParams,
        body: CommentBody,
        response: created(z.object({ id: z.string(), argumentId: z.string(), body: z.string(), authorName: z.string() })),
      },
    },
    async (req, reply) => reply.code(201).send(await args.addComment(principalOf(req), actorFor(req), req.params.argumentId, req.body.body)),
  );
  app.put(
    '/arguments/:argumentId/convinced',
    {
      onRequest: limit('convinced'),
      schema: {
        tags,
        summary: '"This would convince me", speaking for a stakeholder group (once per person per argument)',
        params: ArgumentParams,
        body: ConvincedBody,
        response: responses(ConvincedOut),
      },
    },
    async (req) => args.convince(principalOf(req), actorFor(req), req.params.argumentId, req.body.stakeholderGroupId),
  );
  app.delete(
    '/arguments/:argumentId/convinced',
    { onRequest: limit('convinced'), schema: { tags, summary: 'Take back "this would convince me"', params: ArgumentParams, response: responses(ConvincedOut) } },
    async (req) => args.unconvince(principalOf(req), actorFor(req), req.params.argumentId),
  );
  app.post(
    '/arguments/:argumentId/reports',
    {
      onRequest: limit('report'),
      schema: {
        tags,
        summary: 'Report an argument or one of its comments to the moderators',
        params: ArgumentParams,
        body: ReportBody,
        response: { 200: ReportOut, ...created(ReportOut) },
      },
    },
    async (req, reply) => {
      const r = await args.reportAbuse(principalOf(req), actorFor(req), req.params.argumentId, req.body);
      return reply.code(r.alreadyReported ? 200 : 201).send(r);
    },
  );
  app.post(
    '/argument-reports/:reportId/resolution',
    {
      schema: {
        tags,
        summary: 'Hide what was reported, or dismiss the report (coordinators, network admins)',
        params: z.strictObject({ reportId: Uuid }),
        body: ResolutionBody,
        response: responses(z.object({ id: z.string(), resolution: z.string() })),
      },
    },
    async (req) => args.resolveReport(principalOf(req), actorFor(req), req.params.reportId, req.body.resolution),
  );

  // ---- public reads (no sign-in): a published argument, and the resource of a group
  app.get(
    '/networks/:network/arguments/:argumentId',
    {
      config: publicLimit,
      schema: {
        tags,
        summary: 'A published argument, readable by anyone',
        params: z.strictObject({ network: z.string().max(100), argumentId: Uuid }),
        response: responses(ArgumentOut),
      },
    },
    async (req) => {
      const n = await args.publicNetwork(req.params.network);
      return args.get(req.principal?.stage === 'ready' ? req.principal : null, n.id, req.params.argumentId);
    },
  );
  app.get(
    '/networks/:network/resources/:group',
    {
      config: publicLimit,
      schema: {
        tags,
        summary: '"What co-production can do for you": the best-supported published arguments for a stakeholder group',
        params: z.strictObject({ network: z.string().max(100), group: z.string().max(100) }),
        response: responses(ResourceOut),
      },
    },
    async (req) => args.resource((await args.publicNetwork(req.params.network)).id, req.params.group),
  );
};
