// GET /api/v1/timebanks/:timebankId/listings: search and browse the listings a member of the
// timebank sees (its own, and the network-visible ones of the other timebanks of its network).
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../http/app.ts';
import { principalOf } from '../../http/context.ts';
import { problemResponses, TimebankParams, Uuid } from '../../http/schemas.ts';
import { CategorySlug, Locale, localeOf } from '../categories/routes.ts';
import { ListingKindSchema, ListingModeSchema } from '../listings/routes.ts';

export const SearchQuerystring = z.strictObject({
  q: z.string().trim().max(200).optional(),
  category: CategorySlug.optional(),
  areaId: Uuid.optional(),
  mode: ListingModeSchema.optional(),
  kind: ListingKindSchema.optional(),
  language: z.string().regex(/^[a-z]{2}$/, 'a two-letter language code such as en or pl').optional(),
  locale: Locale.optional(),
  offset: z.coerce.number().int().min(0).max(180).default(0),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

const SearchOut = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      timebankId: z.string(),
      timebankName: z.string(),
      elsewhere: z.boolean(),
      kind: ListingKindSchema,
      title: z.string(),
      description: z.string(),
      category: z.object({ slug: z.string(), name: z.string() }),
      areaName: z.string().nullable(),
      mode: ListingModeSchema,
      when: z.object({ kind: z.string(), on: z.string().nullable(), weekday: z.number().nullable(), everyWeeks: z.number().nullable(), part: z.string().nullable() }),
      checkNeeded: z.boolean(),
      ownerName: z.string(),
      expiresOn: z.string(),
      createdAt: z.string(),
      match: z.enum(['text', 'similar', 'none']),
    }),
  ),
  hasMore: z.boolean(),
  similar: z.boolean(),
});

export const searchRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (app, { services }) => {
  app.get(
    '/timebanks/:timebankId/listings',
    {
      schema: {
        tags: ['listings'],
        summary: 'Search listings: words (stemmed, with close spellings of titles), category (a top level takes in its subcategories), area, mode, kind',
        params: TimebankParams,
        querystring: SearchQuerystring,
        response: { 200: SearchOut, ...problemResponses },
      },
    },
    async (req) => {
      const p = principalOf(req);
      const { locale, ...query } = req.query;
      const r = await services.search.search(p, req.params.timebankId, query, localeOf(p, locale));
      return { ...r, items: r.items.map((i) => ({ ...i, createdAt: i.createdAt.toISOString() })) };
    },
  );
};
