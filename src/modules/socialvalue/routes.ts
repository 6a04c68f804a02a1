// /api/v1/timebanks/:timebankId/social-value/...: the timebank's financial proxies and the SROI
// calculation (every figure with its formula and inputs). docs/social-value.md.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../http/app.ts';
import { actorFor, principalOf } from '../../http/context.ts';
import { problemResponses, Uuid } from '../../http/schemas.ts';
import { FollowUpSchema } from '../wellbeing/routes.ts';

const Params = z.strictObject({ timebankId: Uuid });
/** A decimal: a JSON number, or a string such as "0.25". */
export const DecimalSchema = z.union([z.number().finite(), z.string().regex(/^-?\d+(\.\d+)?$/, 'a decimal such as 0.25')]);
const Share = DecimalSchema.refine((v) => Number(v) >= 0 && Number(v) <= 1, 'a share from 0 to 1');
const NonNegative = DecimalSchema.refine((v) => Number(v) >= 0, 'zero or more');
const Pence = z.number().int().min(0).max(1e13);

export const ProxyBody = z.strictObject({
  name: z.string().trim().min(3).max(200),
  unit: z.string().trim().min(1).max(100),
  valuePence: z.number().int().min(1).max(1e12),
  priceYear: z.number().int().min(1990).max(2100).optional(),
  source: z.string().trim().max(500).optional(),
  sourceUrl: z.string().trim().url().max(500).optional(),
  licence: z.string().trim().min(2).max(200),
});

export const SroiBody = z.strictObject({
  reportYear: z.number().int().min(1990).max(2100).optional(),
  wave: FollowUpSchema.optional(),
  outcomes: z
    .array(
      z.strictObject({
        name: z.string().trim().min(1).max(200).optional(),
        engine: z.enum(['wellby', 'proxy']),
        proxyId: Uuid.optional(),
        quantity: NonNegative.optional(),
        deadweight: Share,
        displacement: Share,
        attribution: Share,
        dropOff: Share,
        durationYears: z.number().int().min(1).max(10),
      }),
    )
    .min(1)
    .max(20),
  inputs: z.strictObject({ fundingPence: Pence, staffHours: NonNegative, staffHourPence: Pence, memberHours: NonNegative.optional(), memberHourPence: Pence }),
});

const ProxyOut = z.object({
  id: z.string(),
  name: z.string(),
  unit: z.string(),
  valuePence: z.number(),
  priceYear: z.number(),
  source: z.string(),
  sourceUrl: z.string().nullable(),
  licence: z.string(),
  createdByName: z.string(),
});

type ProxyRow = Awaited<ReturnType<Services['socialValue']['proxies']>>[number];
export const proxyOut = (r: ProxyRow): z.infer<typeof ProxyOut> => ({
  id: r.id,
  name: r.name,
  unit: r.unit,
  valuePence: r.value_pence,
  priceYear: r.price_year,
  source: r.source,
  sourceUrl: r.source_url,
  licence: r.licence,
  createdByName: r.created_by_name,
});

const Source = z.object({ source: z.string(), url: z.string(), licence: z.string() });
export const SroiOut = z.object({
  reportYear: z.number(),
  wave: FollowUpSchema,
  discountRate: z.number(),
  outcomes: z.array(
    z.object({
      name: z.string(),
      quantity: z.number(),
      proxy: z.object({ name: z.string(), unit: z.string(), valuePence: z.number(), priceYear: z.number(), source: z.string(), licence: z.string(), url: z.string().nullable() }),
      upliftFactor: z.number(),
      proxyReportYearPence: z.number(),
      deadweight: z.number(),
      displacement: z.number(),
      attribution: z.number(),
      dropOff: z.number(),
      durationYears: z.number(),
      grossPence: z.number(),
      year1Pence: z.number(),
      presentValuePence: z.number(),
      years: z.array(z.object({ year: z.number(), valuePence: z.number(), discountFactor: z.number(), presentValuePence: z.number() })),
      formula: z.string(),
      workings: z.string(),
    }),
  ),
  inputs: z.object({ fundingPence: z.number(), staffPence: z.number(), membersPence: z.number(), memberHours: z.number(), memberHoursSource: z.enum(['ledger', 'entered']), totalPence: z.number(), formula: z.string(), workings: z.string() }),
  presentValuePence: z.number(),
  netPresentValuePence: z.number(),
  ratio: z.number().nullable(),
  ratioFormula: z.string(),
  paybackMonths: z.number().nullable(),
  paybackFormula: z.string(),
  sensitivity: z.array(z.object({ assumption: z.string(), change: z.string(), presentValuePence: z.number(), ratio: z.number().nullable() })),
  reference: z.object({ wellby: Source.extend({ valuePence: z.number(), priceYear: z.number() }), deflator: Source, discount: Source }),
});

export const socialValueRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (app, { services }) => {
  const { socialValue } = services;
  const tags = ['social value'];
  app.get(
    '/timebanks/:timebankId/social-value/proxies',
    { schema: { tags, summary: "The timebank's financial proxies, each with source, licence and price year", params: Params, response: { 200: z.object({ items: z.array(ProxyOut) }), ...problemResponses } } },
    async (req) => ({ items: (await socialValue.proxies(principalOf(req), req.params.timebankId)).map(proxyOut) }),
  );
  app.post(
    '/timebanks/:timebankId/social-value/proxies',
    {
      schema: {
        tags,
        summary: 'A coordinator enters a financial proxy: refused without its source or price year',
        params: Params,
        body: ProxyBody,
        response: { 200: z.object({ id: z.string() }), ...problemResponses },
      },
    },
    async (req) => socialValue.addProxy(principalOf(req), actorFor(req), req.params.timebankId, req.body),
  );
  app.post(
    '/timebanks/:timebankId/social-value/sroi',
    {
      schema: {
        tags,
        summary: 'The SROI of outcomes against inputs (WELLBY engine by default); writes nothing',
        params: Params,
        body: SroiBody,
        response: { 200: SroiOut, ...problemResponses },
      },
    },
    async (req) => socialValue.sroi(principalOf(req), req.params.timebankId, req.body),
  );
};
