// /api/v1/people/:id/export (a zip of JSON and CSV files) and /api/v1/people/:id/erase.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../http/app.ts';
import { actorFor, principalOf } from '../../http/context.ts';
import { IdParams, problemResponses } from '../../http/schemas.ts';

export const EraseBody = z.strictObject({
  reason: z.string().trim().min(1).max(1000),
  confirmName: z.string().trim().min(1).max(200),
});

export const dataRightsRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (app, { services }) => {
  const { dataRights } = services;

  app.get(
    '/people/:id/export',
    {
      schema: {
        tags: ['record'],
        summary: 'Everything held about a person as a zip of JSON and CSV files (themself, or coordinators of their timebank; audited)',
        params: IdParams,
      },
    },
    async (req, reply) => {
      const r = await dataRights.exportArchive(principalOf(req), actorFor(req), req.params.id);
      return reply
        .type('application/zip')
        .header('content-disposition', `attachment; filename="${r.filename}"`)
        .header('cache-control', 'no-store')
        .send(Buffer.from(r.bytes));
    },
  );

  app.post(
    '/people/:id/erase',
    {
      schema: {
        tags: ['record'],
        summary: 'Erase a person: personal data removed everywhere, the ledger kept whole under an opaque name (coordinators; audited)',
        params: IdParams,
        body: EraseBody,
        response: { 200: z.object({ personId: z.string(), erasedRef: z.string(), displayName: z.string() }), ...problemResponses },
      },
    },
    async (req) => dataRights.erase(principalOf(req), actorFor(req), req.params.id, req.body),
  );
};
