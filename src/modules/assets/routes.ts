// /api/v1/timebanks/:timebankId/assets...: the community assets register.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../http/app.ts';
import { actorFor, principalOf } from '../../http/context.ts';
import { problemResponses, TimebankParams, Uuid } from '../../http/schemas.ts';
import { CategorySlug } from '../categories/routes.ts';
import { ASSET_KINDS } from './tables.ts';

const fields = {
  kind: z.enum(ASSET_KINDS),
  name: z.string().trim().min(2).max(120),
  description: z.string().max(2000).optional(),
  areaId: Uuid.nullable().optional(),
  categorySlug: CategorySlug.nullable().optional(),
  contact: z.string().max(300).optional(),
  membersMayUse: z.boolean().optional(),
};
export const AssetBody = z.strictObject(fields);
export const AssetPatchBody = z.strictObject({ ...z.strictObject(fields).partial().shape, retired: z.literal(true).optional() });

const AssetOut = z.object({
  id: z.string(),
  kind: z.enum(ASSET_KINDS),
  name: z.string(),
  description: z.string(),
  areaId: z.string().nullable(),
  areaName: z.string().nullable(),
  categorySlug: z.string().nullable(),
  contact: z.string(),
  membersMayUse: z.boolean(),
});
type AssetRow = { id: string; kind: (typeof ASSET_KINDS)[number]; name: string; description: string; area_id: string | null; area_name: string | null; category_slug: string | null; contact: string; members_may_use: boolean };
export const assetOut = (a: AssetRow) => ({
  id: a.id,
  kind: a.kind,
  name: a.name,
  description: a.description,
  areaId: a.area_id,
  areaName: a.area_name,
  categorySlug: a.category_slug,
  contact: a.contact,
  membersMayUse: a.members_may_use,
});

const tags = ['asset map'];

export const assetRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (app, { services }) => {
  const { assets } = services;
  app.get(
    '/timebanks/:timebankId/assets',
    { schema: { tags, summary: "The timebank's community assets: associations, institutions, places and equipment", params: TimebankParams, response: { 200: z.object({ items: z.array(AssetOut) }), ...problemResponses } } },
    async (req) => ({ items: (await assets.list(principalOf(req), req.params.timebankId)).map(assetOut) }),
  );
  app.post(
    '/timebanks/:timebankId/assets',
    { schema: { tags, summary: 'Add a community asset to the register (brokers and coordinators)', params: TimebankParams, body: AssetBody, response: { 201: AssetOut, ...problemResponses } } },
    async (req, reply) => reply.code(201).send(assetOut(await assets.create(principalOf(req), actorFor(req), req.params.timebankId, req.body))),
  );
  app.patch(
    '/timebanks/:timebankId/assets/:assetId',
    {
      schema: {
        tags,
        summary: 'Change a community asset, or retire it (retired: true)',
        params: z.strictObject({ timebankId: Uuid, assetId: Uuid }),
        body: AssetPatchBody,
        response: { 200: z.object({ id: z.string(), retired: z.boolean() }), ...problemResponses },
      },
    },
    async (req) => assets.update(principalOf(req), actorFor(req), req.params.timebankId, req.params.assetId, req.body),
  );
};
