// /api/v1/timebanks/:timebankId/...wellbeing...: a member's check-ins (answer, decline, read),
// who is due, recording signposting, and the paired change report (aggregates only).
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../http/app.ts';
import { actorFor, principalOf } from '../../http/context.ts';
import { problemResponses, Uuid } from '../../http/schemas.ts';
import { BELONGING, FAVOURS, LONELY_DIRECT } from './instrument.ts';
import { checkinView } from './view.ts';

const Score = z.number().int().min(0).max(10).nullable().optional();
const Item = z.number().int().min(1).max(3).nullable().optional();
export const WaveSchema = z.enum(['joining', 'm3', 'm6', 'm12']);
export const FollowUpSchema = z.enum(['m3', 'm6', 'm12']);
export const HelpSchema = z.enum(['alone', 'with_help', 'proxy']);
export const OutcomeSchema = z.enum(['offered', 'accepted', 'declined', 'not_reached']);

export const AnswersSchema = z.strictObject({
  lifeSatisfaction: Score,
  worthwhile: Score,
  happiness: Score,
  anxiety: Score,
  lonelyDirect: z.enum(LONELY_DIRECT).nullable().optional(),
  lackCompanionship: Item,
  leftOut: Item,
  isolated: Item,
  belonging: z.enum(BELONGING).nullable().optional(),
  favours: z.enum(FAVOURS).nullable().optional(),
});

export const CheckinBody = z.strictObject({
  wave: WaveSchema,
  decline: z.boolean().optional(),
  consent: z.boolean().optional(),
  help: HelpSchema.optional(),
  answers: AnswersSchema.optional(),
});

export const SignpostingBody = z.strictObject({ outcome: OutcomeSchema });

const MemberParams = z.strictObject({ timebankId: Uuid, memberId: Uuid });
const CheckinParams = z.strictObject({ timebankId: Uuid, checkinId: Uuid });

const CheckinOut = z.object({
  id: z.string(),
  timebankName: z.string(),
  wave: WaveSchema,
  status: z.enum(['answered', 'declined']),
  answeredOn: z.string(),
  method: z.enum(['online', 'call']),
  help: HelpSchema.nullable(),
  recordedByName: z.string(),
  answers: z.record(z.string(), z.union([z.number(), z.string(), z.null()])),
  signpost: z.boolean(),
  signpostingOutcome: OutcomeSchema.nullable(),
});

const WindowOut = z.object({ wave: WaveSchema, dueOn: z.string(), opensOn: z.string(), closesOn: z.string() });
const Cell = z.object({ value: z.number().nullable(), suppressed: z.boolean() });

export const PairedOut = z.object({
  before: z.literal('joining'),
  after: FollowUpSchema,
  threshold: z.number(),
  method: z.string(),
  numeric: z.array(
    z.object({
      measure: z.string(),
      n: Cell,
      meanBefore: z.number().nullable(),
      meanAfter: z.number().nullable(),
      meanChange: z.number().nullable(),
      bands: z.array(z.object({ band: z.string(), before: Cell, after: Cell })),
    }),
  ),
  categorical: z.array(z.object({ measure: z.string(), n: Cell, options: z.array(z.object({ option: z.string(), before: Cell, after: Cell })) })),
  benchmark: z.object({
    period: z.string(),
    lifeSatisfaction: z.number(),
    worthwhile: z.number(),
    happiness: z.number(),
    anxiety: z.number(),
    source: z.string(),
    url: z.string(),
    licence: z.string(),
    reference: z.literal(true),
  }),
});

export const wellbeingRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (app, { services }) => {
  const { wellbeing } = services;
  const tags = ['wellbeing'];

  app.post(
    '/timebanks/:timebankId/members/:memberId/wellbeing',
    {
      schema: {
        tags,
        summary: 'Answer (each question skippable) or decline a wellbeing check-in: the member, or a broker from a call',
        params: MemberParams,
        body: CheckinBody,
        response: { 200: z.object({ id: z.string(), wave: WaveSchema, status: z.enum(['answered', 'declined']), signpost: z.boolean() }), ...problemResponses },
      },
    },
    async (req) => wellbeing.record(principalOf(req), actorFor(req), req.params.timebankId, req.params.memberId, req.body),
  );

  app.get(
    '/timebanks/:timebankId/members/:memberId/wellbeing',
    {
      schema: {
        tags,
        summary: "A member's check-ins and the wave open now: the member and staff of their timebank",
        params: MemberParams,
        response: { 200: z.object({ open: WindowOut.nullable(), items: z.array(CheckinOut) }), ...problemResponses },
      },
    },
    async (req) => {
      const r = await wellbeing.ofMember(principalOf(req), req.params.timebankId, req.params.memberId);
      return { open: r.open, items: r.checkins.map(checkinView) };
    },
  );

  app.get(
    '/timebanks/:timebankId/wellbeing/due',
    {
      schema: {
        tags,
        summary: 'Who is due which check-in now, and the check-ins asking a broker to offer signposting',
        params: z.strictObject({ timebankId: Uuid }),
        response: {
          200: z.object({
            today: z.string(),
            items: z.array(WindowOut.extend({ memberId: z.string(), name: z.string(), phone: z.string().nullable(), online: z.boolean() })),
            signposts: z.array(z.object({ id: z.string(), memberId: z.string(), name: z.string(), phone: z.string().nullable(), wave: WaveSchema, answeredOn: z.string() })),
          }),
          ...problemResponses,
        },
      },
    },
    async (req) => {
      const r = await wellbeing.due(principalOf(req), req.params.timebankId);
      return {
        ...r,
        signposts: r.signposts.map((s) => ({ id: s.id, memberId: s.member_id, name: s.display_name, phone: s.phone, wave: s.wave, answeredOn: s.answered_on })),
      };
    },
  );

  app.post(
    '/timebanks/:timebankId/wellbeing/checkins/:checkinId/signposting',
    {
      schema: {
        tags,
        summary: 'A broker records that they offered signposting, and the outcome (never a referral)',
        params: CheckinParams,
        body: SignpostingBody,
        response: { 200: z.object({ id: z.string(), outcome: OutcomeSchema }), ...problemResponses },
      },
    },
    async (req) => wellbeing.signposting(principalOf(req), actorFor(req), req.params.timebankId, req.params.checkinId, req.body.outcome),
  );

  app.get(
    '/reports/wellbeing/paired-change',
    {
      schema: {
        tags: ['reports'],
        summary: 'Paired change from joining to a later wave: means, n and bands; counts under 10 suppressed, no mean over fewer than 10',
        querystring: z.strictObject({ timebankId: Uuid.optional(), after: FollowUpSchema.default('m12') }),
        response: { 200: PairedOut, ...problemResponses },
      },
    },
    async (req) => wellbeing.paired(principalOf(req), req.query.timebankId ?? null, req.query.after),
  );
};
