// /api/v1/timebanks/:timebankId/organisations and /api/v1/organisations/:id/people
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../http/app.ts';
import { actorFor, principalOf } from '../../http/context.ts';
import { IdParams, problemResponses, TimebankParams, Uuid } from '../../http/schemas.ts';

const Kind = z.enum(['voluntary', 'business', 'public']);
const Organisation = z.object({
  id: z.string(),
  name: z.string(),
  kind: Kind,
  description: z.string().nullable(),
  people: z.number(),
});

export const organisationRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (app, { services }) => {
  const { organisations } = services;

  app.get(
    '/timebanks/:timebankId/organisations',
    { schema: { tags: ['organisations'], params: TimebankParams, response: { 200: z.object({ items: z.array(Organisation) }), ...problemResponses } } },
    async (req) => {
      const rows = await organisations.list(principalOf(req), req.params.timebankId);
      return { items: rows.map((o) => ({ ...o, people: Number(o.people ?? 0) })) };
    },
  );

  app.post(
    '/timebanks/:timebankId/organisations',
    {
      schema: {
        tags: ['organisations'],
        summary: 'Take on an organisation (coordinator)',
        params: TimebankParams,
        body: z.strictObject({ name: z.string().trim().min(1).max(200), kind: Kind, description: z.string().trim().max(2000).optional() }),
        response: { 201: z.object({ id: z.string(), timebankId: z.string(), name: z.string(), kind: Kind }), ...problemResponses },
      },
    },
    async (req, reply) =>
      reply.code(201).send(await organisations.create(principalOf(req), actorFor(req), req.params.timebankId, req.body)),
  );

  app.post(
    '/organisations/:id/people',
    {
      schema: {
        tags: ['organisations'],
        summary: 'Let a member act for an organisation (coordinator)',
        params: IdParams,
        body: z.strictObject({ personId: Uuid }),
        response: { 201: z.object({ organisationId: z.string(), personId: z.string() }), ...problemResponses },
      },
    },
    async (req, reply) =>
      reply.code(201).send(await organisations.addPerson(principalOf(req), actorFor(req), req.params.id, req.body.personId)),
  );
};
