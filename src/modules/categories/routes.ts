// /api/v1/timebanks/:timebankId/categories: the taxonomy of a timebank and its editing.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../http/app.ts';
import { actorFor, principalOf } from '../../http/context.ts';
import { problemResponses, TimebankParams, Uuid } from '../../http/schemas.ts';
import type { Principal } from '../auth/principal.ts';
import type { CategoryLocale } from './service.ts';
import { SLUG_PATTERN } from './taxonomy.ts';

export const CategorySlug = z.string().regex(SLUG_PATTERN, 'must be a category slug');
export const Locale = z.enum(['en', 'pl']);
const Name = z.string().trim().min(1).max(80);
const Age = z.number().int().min(0).max(120);

/** The locale asked for, else the signed-in person's. */
export const localeOf = (p: Principal, asked: CategoryLocale | undefined): CategoryLocale => asked ?? (p.locale === 'pl' ? 'pl' : 'en');

const CategorySchema = z.object({
  slug: z.string(),
  parentSlug: z.string().nullable(),
  name: z.string(),
  nameEn: z.string(),
  namePl: z.string(),
  custom: z.boolean(),
  renamed: z.boolean(),
  hidden: z.boolean(),
  minimumAge: z.number().nullable(),
  checkNeeded: z.boolean(),
});

export const NewSubcategoryBody = z
  .strictObject({
    parentSlug: CategorySlug,
    nameEn: Name.optional(),
    namePl: Name.optional(),
    minimumAge: Age.nullable().optional(),
    checkNeeded: z.boolean().nullable().optional(),
  })
  .refine((b) => b.nameEn !== undefined || b.namePl !== undefined, { message: 'give a name in English or Polish', path: ['nameEn'] });

export const CategoryPatchBody = z.strictObject({
  nameEn: Name.nullable().optional(),
  namePl: Name.nullable().optional(),
  hidden: z.boolean().optional(),
  minimumAge: Age.nullable().optional(),
  checkNeeded: z.boolean().nullable().optional(),
});

export const categoryRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (app, { services }) => {
  const { categories } = services;

  app.get(
    '/timebanks/:timebankId/categories',
    {
      schema: {
        tags: ['categories'],
        summary: 'The category taxonomy of a timebank (hidden ones too for coordinators, with includeHidden)',
        params: TimebankParams,
        querystring: z.strictObject({ locale: Locale.optional(), includeHidden: z.enum(['true', 'false']).optional() }),
        response: { 200: z.object({ items: z.array(CategorySchema.extend({ subs: z.array(CategorySchema) })) }), ...problemResponses },
      },
    },
    async (req) => {
      const p = principalOf(req);
      return { items: await categories.list(p, req.params.timebankId, localeOf(p, req.query.locale), req.query.includeHidden === 'true') };
    },
  );

  app.post(
    '/timebanks/:timebankId/categories',
    {
      schema: {
        tags: ['categories'],
        summary: 'Add a subcategory under a top-level category (coordinators)',
        params: TimebankParams,
        body: NewSubcategoryBody,
        response: { 201: z.object({ slug: z.string() }), ...problemResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await categories.addSubcategory(principalOf(req), actorFor(req), req.params.timebankId, req.body)),
  );

  app.patch(
    '/timebanks/:timebankId/categories/:slug',
    {
      schema: {
        tags: ['categories'],
        summary: 'Rename (null: the shipped name), hide, set the minimum age and whether a check is needed (coordinators)',
        params: z.strictObject({ timebankId: Uuid, slug: CategorySlug }),
        body: CategoryPatchBody,
        response: { 200: CategorySchema, ...problemResponses },
      },
    },
    async (req) => categories.update(principalOf(req), actorFor(req), req.params.timebankId, req.params.slug, req.body),
  );
};
