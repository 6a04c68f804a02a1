// /api/v1/timebanks/:timebankId/members/:memberId/profile: a member's profile.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../http/app.ts';
import { actorFor, principalOf } from '../../http/context.ts';
import { problemResponses, Uuid } from '../../http/schemas.ts';
import { CategorySlug, Locale, localeOf } from '../categories/routes.ts';

export const MAX_CATEGORIES = 20;
export const MAX_TEXT = 500;

const Section = z.strictObject({
  categories: z.array(CategorySlug).max(MAX_CATEGORIES).default([]),
  text: z.string().trim().max(MAX_TEXT).nullable().optional(),
});

export const ProfileBody = z.strictObject({
  offer: Section.optional(),
  want: Section.optional(),
  skill: Section.optional(),
  interest: Section.optional(),
  head: Section.optional(),
  hands: Section.optional(),
  heart: Section.optional(),
  languages: z
    .array(z.string().regex(/^[a-z]{2,3}$/, 'an ISO 639 language code, like en or pl'))
    .max(10)
    .default([]),
  areaIds: z.array(Uuid).max(20).default([]),
  directoryOptOut: z.boolean().default(false),
});

const SectionOut = z.object({ categories: z.array(z.object({ slug: z.string(), name: z.string() })), text: z.string().nullable() });
export const ProfileSchema = z.object({
  memberId: z.string(),
  personId: z.string(),
  displayName: z.string(),
  timebankId: z.string(),
  languages: z.array(z.string()),
  areas: z.array(z.object({ id: z.string(), name: z.string() })),
  directoryOptOut: z.boolean(),
  updatedAt: z.string().nullable(),
  sections: z.object({
    offer: SectionOut,
    want: SectionOut,
    skill: SectionOut,
    interest: SectionOut,
    head: SectionOut,
    hands: SectionOut,
    heart: SectionOut,
  }),
});

const Params = z.strictObject({ timebankId: Uuid, memberId: Uuid });

export const profileRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (app, { services }) => {
  const { profiles } = services;

  app.get(
    '/timebanks/:timebankId/members/:memberId/profile',
    {
      schema: {
        tags: ['profiles'],
        summary: "A member's profile (the member, and brokers and coordinators of the timebank)",
        params: Params,
        querystring: z.strictObject({ locale: Locale.optional() }),
        response: { 200: ProfileSchema, ...problemResponses },
      },
    },
    async (req) => {
      const p = principalOf(req);
      return profiles.get(p, req.params.timebankId, req.params.memberId, localeOf(p, req.query.locale));
    },
  );

  app.put(
    '/timebanks/:timebankId/members/:memberId/profile',
    {
      schema: {
        tags: ['profiles'],
        summary: 'Replace a profile (the member, or a broker for them: recorded on their behalf)',
        params: Params,
        querystring: z.strictObject({ locale: Locale.optional() }),
        body: ProfileBody,
        response: { 200: ProfileSchema, ...problemResponses },
      },
    },
    async (req) => {
      const p = principalOf(req);
      return profiles.save(p, actorFor(req), req.params.timebankId, req.params.memberId, req.body, localeOf(p, req.query.locale));
    },
  );
};
