// /api/v1/timebanks/:timebankId/listings...: posting, editing, closing and renewing listings;
// a member's listings; the categories a member follows.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../http/app.ts';
import { actorFor, principalOf } from '../../http/context.ts';
import { problemResponses, TimebankParams, Uuid } from '../../http/schemas.ts';
import { CategorySlug, Locale, localeOf } from '../categories/routes.ts';
import { DESCRIPTION_MAX, isDay, TITLE_MAX, WHEN_NOTE_MAX } from './rules.ts';
import type { ListingView } from './service.ts';
import { SUBSCRIPTIONS_MAX } from './subscriptions.ts';

export const Day = z.string().refine(isDay, 'must be a day (YYYY-MM-DD)');
export const ListingKindSchema = z.enum(['offer', 'request', 'lend']);
export const ListingModeSchema = z.enum(['home', 'outside', 'online']);
export const VisibilitySchema = z.enum(['timebank', 'network']);
const DayPart = z.enum(['morning', 'afternoon', 'evening']);
const Note = z.string().trim().max(WHEN_NOTE_MAX).nullable().optional();

export const WhenSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('one_off'), on: Day, part: DayPart.nullable().optional(), note: Note }),
  z.strictObject({
    kind: z.literal('recurring'),
    weekday: z.number().int().min(1).max(7),
    everyWeeks: z.number().int().min(1).max(4).default(1),
    part: DayPart.nullable().optional(),
    note: Note,
  }),
  z.strictObject({ kind: z.literal('flexible'), part: DayPart.nullable().optional(), note: Note }),
]);

const fields = {
  kind: ListingKindSchema,
  title: z.string().trim().min(3).max(TITLE_MAX),
  description: z.string().trim().max(DESCRIPTION_MAX).optional(),
  categorySlug: CategorySlug,
  areaId: Uuid.nullable().optional(),
  mode: ListingModeSchema,
  when: WhenSchema.optional(),
  language: z.string().regex(/^[a-z]{2}$/, 'a two-letter language code such as en or pl').optional(),
  languages: z.array(z.string().trim().min(2).max(35)).max(10).optional(),
  visibility: VisibilitySchema.optional(),
  checkNeeded: z.boolean().optional(),
};

export const NewListingBody = z.strictObject({
  ...fields,
  expiresOn: Day.optional(),
  memberId: Uuid.optional(),
  organisationId: Uuid.optional(),
  takenByPhone: z.boolean().optional(),
});

export const ListingPatchBody = z.strictObject({
  kind: fields.kind.optional(),
  title: fields.title.optional(),
  description: fields.description,
  categorySlug: fields.categorySlug.optional(),
  areaId: fields.areaId,
  mode: fields.mode.optional(),
  when: fields.when,
  language: fields.language,
  languages: fields.languages,
  visibility: fields.visibility,
  checkNeeded: fields.checkNeeded,
});

export const RenewBody = z.strictObject({ expiresOn: Day.optional() });

const ListingParams = z.strictObject({ timebankId: Uuid, listingId: Uuid });
const MemberParams = z.strictObject({ timebankId: Uuid, memberId: Uuid });

const WhenOut = z.object({
  kind: z.enum(['one_off', 'recurring', 'flexible']),
  on: z.string().optional(),
  weekday: z.number().optional(),
  everyWeeks: z.number().optional(),
  part: z.string().nullable().optional(),
  note: z.string().nullable().optional(),
});

export const ListingOut = z.object({
  id: z.string(),
  timebankId: z.string(),
  timebankName: z.string(),
  kind: ListingKindSchema,
  memberId: z.string().nullable(),
  organisationId: z.string().nullable(),
  ownerName: z.string(),
  title: z.string(),
  description: z.string(),
  category: z.object({ slug: z.string(), name: z.string(), parentName: z.string().nullable(), minimumAge: z.number().nullable() }),
  area: z.object({ id: z.string(), name: z.string() }).nullable(),
  mode: ListingModeSchema,
  when: WhenOut,
  checkNeeded: z.boolean(),
  checkByBroker: z.boolean(),
  language: z.string(),
  languages: z.array(z.string()),
  visibility: VisibilitySchema,
  status: z.enum(['open', 'closed', 'lapsed']),
  expiresOn: z.string(),
  takenByPhone: z.boolean(),
  createdAt: z.string(),
  createdByName: z.string(),
  createdByOther: z.boolean(),
  renewedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  lapsedAt: z.string().nullable(),
  canManage: z.boolean(),
});

const iso = (d: Date | null) => (d ? d.toISOString() : null);
export const listingOut = (l: ListingView) => ({
  ...l,
  createdAt: l.createdAt.toISOString(),
  renewedAt: iso(l.renewedAt),
  closedAt: iso(l.closedAt),
  lapsedAt: iso(l.lapsedAt),
});

const MemberListings = z.object({
  member: z.object({ id: z.string(), name: z.string() }),
  items: z.array(
    z.object({
      id: z.string(),
      timebankId: z.string(),
      kind: ListingKindSchema,
      title: z.string(),
      categorySlug: z.string(),
      mode: ListingModeSchema,
      status: z.string(),
      expiresOn: z.string(),
      visibility: VisibilitySchema,
      takenByPhone: z.boolean(),
      createdAt: z.string(),
    }),
  ),
});

export const SubscriptionsBody = z.strictObject({ categories: z.array(CategorySlug).max(SUBSCRIPTIONS_MAX) });
const SubscriptionsOut = z.object({ items: z.array(z.object({ slug: z.string(), name: z.string() })) });

export const listingRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (app, { services }) => {
  const { listings, subscriptions } = services;
  const one = (summary: string, extra: Record<string, unknown> = {}) => ({
    schema: { tags: ['listings'], summary, params: ListingParams, ...extra, response: { 200: ListingOut, ...problemResponses } },
  });

  app.post(
    '/timebanks/:timebankId/listings',
    {
      schema: {
        tags: ['listings'],
        summary: 'Post an offer, a request or a thing to lend (for yourself, the member acted for, a member named by a broker, or an organisation)',
        params: TimebankParams,
        body: NewListingBody,
        response: { 201: ListingOut, ...problemResponses },
      },
    },
    async (req, reply) => {
      const l = await listings.create(principalOf(req), actorFor(req), req.params.timebankId, req.body);
      return reply.code(201).send(listingOut(l));
    },
  );

  app.get('/timebanks/:timebankId/listings/:listingId', one('A listing', { querystring: z.strictObject({ locale: Locale.optional() }) }), async (req) => {
    const p = principalOf(req);
    const q = req.query as { locale?: 'en' | 'pl' };
    return listingOut(await listings.get(p, req.params.timebankId, req.params.listingId, localeOf(p, q.locale)));
  });

  app.patch('/timebanks/:timebankId/listings/:listingId', one('Edit an open listing (its owner, or a broker or coordinator)', { body: ListingPatchBody }), async (req) =>
    listingOut(await listings.update(principalOf(req), actorFor(req), req.params.timebankId, req.params.listingId, req.body as z.infer<typeof ListingPatchBody>)),
  );

  app.post('/timebanks/:timebankId/listings/:listingId/close', one('Close a listing: it is done with'), async (req) =>
    listingOut(await listings.close(principalOf(req), actorFor(req), req.params.timebankId, req.params.listingId)),
  );

  app.post('/timebanks/:timebankId/listings/:listingId/renew', one('Renew a listing until a new last day (three months by default)', { body: RenewBody }), async (req) =>
    listingOut(await listings.renew(principalOf(req), actorFor(req), req.params.timebankId, req.params.listingId, (req.body as z.infer<typeof RenewBody>).expiresOn)),
  );

  app.get(
    '/timebanks/:timebankId/members/:memberId/listings',
    { schema: { tags: ['listings'], summary: "A member's listings (the member, and brokers and coordinators)", params: MemberParams, response: { 200: MemberListings, ...problemResponses } } },
    async (req) => {
      const r = await listings.ofMember(principalOf(req), req.params.timebankId, req.params.memberId);
      return {
        member: { id: r.member.id, name: r.member.name },
        items: r.items.map((l) => ({
          id: l.id,
          timebankId: l.timebank_id,
          kind: l.kind,
          title: l.title,
          categorySlug: l.category_slug,
          mode: l.mode,
          status: l.status,
          expiresOn: l.expires_on,
          visibility: l.visibility,
          takenByPhone: l.taken_by_phone,
          createdAt: l.created_at.toISOString(),
        })),
      };
    },
  );

  app.get(
    '/timebanks/:timebankId/members/:memberId/subscriptions',
    {
      schema: {
        tags: ['listings'],
        summary: 'The categories a member follows',
        params: MemberParams,
        querystring: z.strictObject({ locale: Locale.optional() }),
        response: { 200: SubscriptionsOut, ...problemResponses },
      },
    },
    async (req) => {
      const p = principalOf(req);
      return { items: await subscriptions.list(p, req.params.timebankId, req.params.memberId, localeOf(p, req.query.locale)) };
    },
  );

  app.put(
    '/timebanks/:timebankId/members/:memberId/subscriptions',
    {
      schema: {
        tags: ['listings'],
        summary: 'Set the categories a member follows: they are told of new listings in them',
        params: MemberParams,
        body: SubscriptionsBody,
        response: { 200: SubscriptionsOut, ...problemResponses },
      },
    },
    async (req) => {
      const p = principalOf(req);
      return { items: await subscriptions.set(p, actorFor(req), req.params.timebankId, req.params.memberId, req.body.categories, localeOf(p, undefined)) };
    },
  );
};
