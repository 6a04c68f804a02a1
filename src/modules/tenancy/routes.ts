// /api/v1/timebanks, areas and role grants.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../http/app.ts';
import { actorFor, principalOf } from '../../http/context.ts';
import { problemResponses, TimebankParams, Uuid } from '../../http/schemas.ts';

const Slug = z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'lower-case letters, digits and dashes, 2-63 long');
const TimebankSchema = z.object({
  id: z.string(),
  slug: z.string(),
  name: z.string(),
  totpWaived: z.boolean(),
  defaultLocale: z.string(),
  timeZone: z.string(),
});
const AreaKind = z.enum(['town', 'village', 'island', 'neighbourhood', 'rural']);
const AreaSchema = z.object({ id: z.string(), name: z.string(), kind: AreaKind });

type TbRow = { id: string; slug: string; name: string; totp_waived: boolean; default_locale: string; time_zone: string };
const timebankOut = (t: TbRow) => ({
  id: t.id,
  slug: t.slug,
  name: t.name,
  totpWaived: t.totp_waived,
  defaultLocale: t.default_locale,
  timeZone: t.time_zone,
});

export const tenancyRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (app, { services }) => {
  const { tenancy } = services;

  app.get(
    '/timebanks',
    { schema: { tags: ['timebanks'], summary: 'The timebanks of my network', response: { 200: z.object({ items: z.array(TimebankSchema) }), ...problemResponses } } },
    async (req) => ({ items: (await tenancy.listTimebanks(principalOf(req))).map(timebankOut) }),
  );

  app.post(
    '/timebanks',
    {
      schema: {
        tags: ['timebanks'],
        summary: 'Create a timebank (network admin)',
        body: z.strictObject({ slug: Slug, name: z.string().trim().min(1).max(200) }),
        response: { 201: TimebankSchema, ...problemResponses },
      },
    },
    async (req, reply) => reply.code(201).send(timebankOut(await tenancy.createTimebank(principalOf(req), actorFor(req), req.body))),
  );

  app.get(
    '/timebanks/:timebankId',
    { schema: { tags: ['timebanks'], params: TimebankParams, response: { 200: TimebankSchema, ...problemResponses } } },
    async (req) => timebankOut(await tenancy.getTimebank(principalOf(req), req.params.timebankId)),
  );

  app.patch(
    '/timebanks/:timebankId',
    {
      schema: {
        tags: ['timebanks'],
        summary: "Change a timebank's settings (coordinator)",
        params: TimebankParams,
        body: z.strictObject({
          name: z.string().trim().min(1).max(200).optional(),
          totpWaived: z.boolean().optional(),
          defaultLocale: z.enum(['en', 'pl']).optional(),
          timeZone: z.string().trim().min(1).max(64).optional(),
        }),
        response: { 200: TimebankSchema, ...problemResponses },
      },
    },
    async (req) => timebankOut(await tenancy.updateTimebank(principalOf(req), actorFor(req), req.params.timebankId, req.body)),
  );

  app.get(
    '/timebanks/:timebankId/areas',
    { schema: { tags: ['timebanks'], params: TimebankParams, response: { 200: z.object({ items: z.array(AreaSchema) }), ...problemResponses } } },
    async (req) => ({ items: await tenancy.listAreas(principalOf(req), req.params.timebankId) }),
  );

  app.post(
    '/timebanks/:timebankId/areas',
    {
      schema: {
        tags: ['timebanks'],
        summary: 'Add an area (coordinator)',
        params: TimebankParams,
        body: z.strictObject({ name: z.string().trim().min(1).max(200), kind: AreaKind }),
        response: { 201: AreaSchema, ...problemResponses },
      },
    },
    async (req, reply) =>
      reply.code(201).send(await tenancy.createArea(principalOf(req), actorFor(req), req.params.timebankId, req.body)),
  );

  app.post(
    '/role-grants',
    {
      schema: {
        tags: ['timebanks'],
        summary: 'Give a person a role',
        body: z.strictObject({
          personId: Uuid,
          role: z.enum(['broker', 'coordinator', 'network_admin', 'commissioner']),
          timebankId: Uuid.nullable(),
        }),
        response: {
          201: z.object({ id: z.string(), personId: z.string(), role: z.string(), timebankId: z.string().nullable() }),
          ...problemResponses,
        },
      },
    },
    async (req, reply) => reply.code(201).send(await tenancy.grantRole(principalOf(req), actorFor(req), req.body)),
  );
};
