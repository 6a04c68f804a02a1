// /api/v1/calendar/feed (the person's feed: status, regenerate, turn off) and the feed itself
// at /calendar/<token>.ics, public: the secret in the URL is the only key (docs/calendar.md).
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../http/app.ts';
import { actorFor, principalOf } from '../../http/context.ts';
import { problemResponses } from '../../http/schemas.ts';
import { notFound } from '../../lib/errors.ts';

const Status = z.object({ active: z.boolean(), createdAt: z.string().nullable() });
const Created = z.object({ url: z.string(), createdAt: z.string() });

export const calendarRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (app, { services }) => {
  const { calendar } = services;
  const tags = ['calendar'];

  app.get(
    '/api/v1/calendar/feed',
    { schema: { tags, summary: 'Whether I have a calendar feed (its URL is shown only when made)', response: { 200: Status, ...problemResponses } } },
    async (req) => {
      const s = await calendar.status(principalOf(req));
      return { active: s.active, createdAt: s.createdAt?.toISOString() ?? null };
    },
  );

  app.post(
    '/api/v1/calendar/feed',
    { schema: { tags, summary: 'Make a new secret feed URL; the old one stops working', response: { 201: Created, ...problemResponses } } },
    async (req, reply) => {
      const r = await calendar.regenerate(principalOf(req), actorFor(req));
      return reply.code(201).send({ url: r.url, createdAt: r.createdAt.toISOString() });
    },
  );

  app.delete(
    '/api/v1/calendar/feed',
    { schema: { tags, summary: 'Turn the feed off: its URL stops working', response: { 200: Status, ...problemResponses } } },
    async (req) => {
      await calendar.revoke(principalOf(req), actorFor(req));
      return { active: false, createdAt: null };
    },
  );

  app.get(
    '/calendar/:token',
    {
      config: { access: 'public' },
      schema: { tags, summary: 'The iCalendar feed (RFC 5545) behind a secret token; 404 for any other', params: z.strictObject({ token: z.string().max(200) }) },
    },
    async (req, reply) => {
      const body = await calendar.feed(req.params.token);
      if (body === null) throw notFound('calendar');
      return reply
        .type('text/calendar; charset=utf-8')
        .header('cache-control', 'private, max-age=300')
        .header('content-disposition', 'inline; filename="timebank.ics"')
        .header('x-robots-tag', 'noindex')
        .send(body);
    },
  );
};
