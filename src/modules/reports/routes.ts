// /api/v1/reports/*: aggregates for commissioners, coordinators and network admins.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../http/app.ts';
import { principalOf } from '../../http/context.ts';
import { problemResponses, Uuid } from '../../http/schemas.ts';

const Count = z.object({ value: z.number().nullable(), suppressed: z.boolean() });

export const MembershipReport = z.object({
  suppressBelow: z.number(),
  timebanks: z.array(
    z.object({
      timebankId: z.string(),
      timebankName: z.string(),
      members: z.record(z.string(), Count),
      activeByAge: z.record(z.string(), Count),
    }),
  ),
});

export const reportRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (app, { services }) => {
  app.get(
    '/reports/membership',
    {
      schema: {
        tags: ['reports'],
        summary: 'Members by timebank, status and age band; counts under 5 suppressed',
        querystring: z.strictObject({ timebankId: Uuid.optional() }),
        response: { 200: MembershipReport, ...problemResponses },
      },
    },
    async (req) => services.reports.membership(principalOf(req), req.query.timebankId ?? null),
  );
};
