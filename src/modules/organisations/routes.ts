// /api/v1/timebanks/:timebankId/organisations and /api/v1/organisations/:id/people
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../http/app.ts';
import { actorFor, principalOf } from '../../http/context.ts';
import { IdParams, problemResponses, TimebankParams, Uuid } from '../../http/schemas.ts';

const Kind = z.enum(['voluntary', 'business', 'public']);
/** How someone acts for an organisation: admin and member use its account; a contact does not. */
export const OrganisationRoleSchema = z.enum(['admin', 'member', 'contact']);
export const AddPersonBody = z.strictObject({ personId: Uuid, role: OrganisationRoleSchema.default('member') });
export const RoleBody = z.strictObject({ role: OrganisationRoleSchema });
const PersonParams = z.strictObject({ id: Uuid, personId: Uuid });
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
        summary: 'Let a member act for an organisation in a role (coordinators, the organisation\'s admins)',
        params: IdParams,
        body: AddPersonBody,
        response: { 201: z.object({ organisationId: z.string(), personId: z.string(), role: OrganisationRoleSchema }), ...problemResponses },
      },
    },
    async (req, reply) =>
      reply.code(201).send(await organisations.addPerson(principalOf(req), actorFor(req), req.params.id, req.body.personId, req.body.role)),
  );

  // ---- roles of the people acting for an organisation (feat/record, docs/members.md)
  app.get(
    '/organisations/:id/people',
    {
      schema: {
        tags: ['organisations'],
        summary: 'Who acts for an organisation, in which role (staff of its timebank, and its own people)',
        params: IdParams,
        response: {
          200: z.object({
            items: z.array(z.object({ personId: z.string(), displayName: z.string(), role: OrganisationRoleSchema, since: z.string() })),
          }),
          ...problemResponses,
        },
      },
    },
    async (req) => {
      const r = await organisations.people(principalOf(req), req.params.id);
      return { items: r.people.map((x) => ({ personId: x.person_id, displayName: x.display_name, role: x.role, since: x.created_at.toISOString() })) };
    },
  );

  app.put(
    '/organisations/:id/people/:personId',
    {
      schema: {
        tags: ['organisations'],
        summary: 'Change the role someone acts for an organisation in (coordinators, its admins)',
        params: PersonParams,
        body: RoleBody,
        response: { 200: z.object({ organisationId: z.string(), personId: z.string(), role: OrganisationRoleSchema }), ...problemResponses },
      },
    },
    async (req) => organisations.setRole(principalOf(req), actorFor(req), req.params.id, req.params.personId, req.body.role),
  );

  app.delete(
    '/organisations/:id/people/:personId',
    {
      schema: {
        tags: ['organisations'],
        summary: 'Someone no longer acts for an organisation (coordinators, its admins)',
        params: PersonParams,
        response: { 200: z.object({ organisationId: z.string(), personId: z.string() }), ...problemResponses },
      },
    },
    async (req) => organisations.removePerson(principalOf(req), actorFor(req), req.params.id, req.params.personId),
  );
};
