// /api/v1/timebanks/:timebankId/directory: the member directory and its privacy setting.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../http/app.ts';
import { actorFor, principalOf } from '../../http/context.ts';
import { Paging, problemResponses, TimebankParams, Uuid } from '../../http/schemas.ts';
import { CategorySlug, Locale, localeOf } from '../categories/routes.ts';

export const Visibility = z.enum(['off', 'names_areas', 'names_areas_offers']);

const Entry = z.object({
  memberId: z.string(),
  displayName: z.string(),
  areas: z.array(z.string()),
  offers: z.object({ categories: z.array(z.object({ slug: z.string(), name: z.string() })), text: z.string().nullable() }).optional(),
});

export const directoryRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (app, { services }) => {
  const { directory } = services;

  app.get(
    '/timebanks/:timebankId/directory',
    {
      schema: {
        tags: ['directory'],
        summary: 'Active members of the timebank, as much as its privacy setting shows (no contact details, ever)',
        params: TimebankParams,
        querystring: z.strictObject({
          q: z.string().trim().max(100).optional(),
          areaId: Uuid.optional(),
          category: CategorySlug.optional(),
          locale: Locale.optional(),
          ...Paging,
        }),
        response: { 200: z.object({ visibility: Visibility, items: z.array(Entry), total: z.number() }), ...problemResponses },
      },
    },
    async (req) => {
      const p = principalOf(req);
      const { locale, ...filter } = req.query;
      return directory.list(p, req.params.timebankId, filter, localeOf(p, locale));
    },
  );

  app.put(
    '/timebanks/:timebankId/directory/settings',
    {
      schema: {
        tags: ['directory'],
        summary: 'What members see of each other: off, names and areas, or names, areas and offers (coordinators)',
        params: TimebankParams,
        body: z.strictObject({ visibility: Visibility }),
        response: { 200: z.object({ visibility: Visibility }), ...problemResponses },
      },
    },
    async (req) => directory.setVisibility(principalOf(req), actorFor(req), req.params.timebankId, req.body.visibility),
  );
};
