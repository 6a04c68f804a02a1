// Public open data of a timebank that turned it on (docs/reports.md, "Open data"): no sign-in,
// anonymised aggregates and public services only; 404 for a timebank that did not.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../http/app.ts';
import { problemResponses } from '../../http/schemas.ts';

const Record_ = z.object({
  measure: z.enum(['hours_given', 'active_members']),
  period_start: z.string(),
  period_end: z.string(),
  category: z.string().nullable(),
  category_name: z.string().nullable(),
  value: z.number().int().nullable(),
  unit: z.enum(['minutes', 'people']),
  suppressed: z.boolean(),
  suppression_reason: z.string().nullable(),
});
export const Feed = z.object({
  title: z.string(),
  publisher: z.object({ name: z.string(), url: z.string() }),
  licence: z.object({ id: z.string(), name: z.string(), url: z.string() }),
  period: z.object({ from: z.string(), to: z.string() }),
  generatedAt: z.string(),
  method: z.array(z.string()),
  dictionary: z.array(z.object({ field: z.string(), type: z.string(), description: z.string() })),
  records: z.array(Record_),
});
const Organization = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  website: z.string().optional(),
  parent_organization_id: z.string().optional(),
});
const ServiceArea = z.object({
  id: z.string(),
  name: z.string(),
  service_area: z.string(),
  extent_type: z.null(),
});
const Service = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  url: z.string(),
  status: z.string(),
  last_modified: z.string(),
  organization: Organization,
  service_areas: z.array(ServiceArea),
  service_at_locations: z.array(
    z.object({
      id: z.string(),
      location: z.object({
        id: z.string(),
        location_type: z.string(),
        name: z.string(),
        description: z.string(),
      }),
    }),
  ),
  schedules: z.array(
    z.object({
      id: z.string(),
      valid_from: z.string(),
      valid_to: z.string(),
      dtstart: z.string(),
      opens_at: z.string(),
      closes_at: z.string(),
      description: z.string(),
    }),
  ),
  attributes: z.array(
    z.object({
      id: z.string(),
      link_type: z.string(),
      taxonomy_term: z.object({
        id: z.string(),
        code: z.string(),
        term: z.string(),
        vocabulary: z.string(),
      }),
    }),
  ),
});
export const ServicePage = z.object({
  total_items: z.number(),
  total_pages: z.number(),
  page_number: z.number(),
  size: z.number(),
  first_page: z.boolean(),
  last_page: z.boolean(),
  empty: z.boolean(),
  contents: z.array(Service),
});

const Params = z.strictObject({ network: z.string().max(63), timebank: z.string().max(63) });
/** Paging as the Open Referral UK API has it: `page` from 1, `per_page` up to 100. */
export const HSDS_PER_PAGE_MAX = 100;
const PageQuery = z.strictObject({
  page: z.coerce.number().int().min(1).default(1),
  per_page: z.coerce.number().int().min(1).max(HSDS_PER_PAGE_MAX).default(50),
});
const config = { access: 'public' as const, rateLimit: { max: 60, timeWindow: '1 minute' } };

export const openDataRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (
  app,
  { services },
) => {
  const { openData } = services;
  const tags = ['open data'];
  const cache = (reply: { header(k: string, v: string): unknown }) =>
    reply.header('cache-control', 'public, max-age=3600');

  app.get(
    '/open/:network/:timebank/aggregates.json',
    {
      config,
      schema: {
        tags,
        summary:
          'Monthly hours and active members, suppressed, with the data dictionary and licence',
        params: Params,
        response: { 200: Feed, ...problemResponses },
      },
    },
    async (req, reply) => {
      cache(reply);
      return openData.aggregates(req.params.network, req.params.timebank);
    },
  );

  app.get(
    '/open/:network/:timebank/aggregates.csv',
    { config, schema: { tags, summary: 'The same figures as CSV', params: Params } },
    async (req, reply) => {
      cache(reply);
      const body = await openData.aggregatesCsv(req.params.network, req.params.timebank);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `inline; filename="${req.params.timebank}-aggregates.csv"`)
        .send(body);
    },
  );

  app.get(
    '/open/:network/:timebank/dictionary.csv',
    {
      config,
      schema: {
        tags,
        summary: 'The data dictionary of the CSV, with the licence and method',
        params: Params,
      },
    },
    async (req, reply) => {
      cache(reply);
      return reply
        .type('text/csv; charset=utf-8')
        .send(await openData.dictionaryCsv(req.params.network, req.params.timebank));
    },
  );

  app.get(
    '/open/:network/:timebank/hsds/services',
    {
      config,
      schema: {
        tags,
        summary: 'Public offers and group activities in the Open Referral UK (HSDS 3.0 UK profile) shape, paged (page, per_page)',
        params: Params,
        querystring: PageQuery,
        response: { 200: ServicePage, ...problemResponses },
      },
    },
    async (req, reply) => {
      cache(reply);
      return openData.hsds(req.params.network, req.params.timebank, {
        page: req.query.page,
        perPage: req.query.per_page,
      });
    },
  );
};
