// /api/v1/timebanks/:timebankId/asset-map...: the community asset map (cells, areas, gaps,
// trend), its CSV export, the lists behind a cell and inviting them to meet, pillars,
// refreshing the snapshot, and the area boundaries (GeoJSON).
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../http/app.ts';
import { actorFor, principalOf } from '../../http/context.ts';
import { problemResponses, TimebankParams, Uuid } from '../../http/schemas.ts';
import { Locale } from '../categories/routes.ts';
import { CSV_TABLES, mapCsv } from './csv.ts';

const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])-01$/, 'the first day of a month (YYYY-MM-01)');
const TopCategory = z.string().regex(/^[a-z0-9][a-z0-9-]{0,40}$/, 'a top-level category slug');
const Num = z.object({ value: z.number().nullable(), suppressed: z.boolean() });
const CellOut = z.object({ areaId: z.string(), category: z.string(), peopleOffering: Num, hoursOffered: Num, needPeople: Num, requestsOpen: Num, exchangesDone: Num });

export const MapQuery = z.strictObject({ month: Month.optional(), locale: Locale.optional(), audience: z.enum(['staff', 'public']).optional() });
export const ExportQuery = z.strictObject({ table: z.enum(CSV_TABLES), month: Month.optional(), audience: z.enum(['staff', 'public']).optional() });
export const InviteBody = z.strictObject({
  areaId: Uuid,
  category: TopCategory,
  memberIds: z.array(Uuid).min(1).max(200),
  title: z.string().trim().min(3).max(120),
  description: z.string().max(2000).optional(),
  place: z.string().trim().max(200).nullable().optional(),
  startsAt: z.iso.datetime({ offset: true }),
  endsAt: z.iso.datetime({ offset: true }),
  minutesPerAttendee: z.number().int().min(1).max(1440),
});
export const BoundariesBody = z.strictObject({ geojson: z.unknown() });

const MapOut = z.object({
  audience: z.enum(['staff', 'public']),
  month: z.string(),
  refreshedAt: z.string().nullable(),
  areas: z.array(z.object({ id: z.string(), name: z.string() })),
  categories: z.array(z.object({ slug: z.string(), name: z.string() })),
  cells: z.array(CellOut),
  areaTotals: z.array(
    z.object({ areaId: z.string(), members: Num, pillars: Num, conversations: Num, surveyAnswers: Num, surveyCoProducing: Num, surveyWouldDoMore: Num, surveyExtraHours: Num }),
  ),
  gaps: z.object({ needs: z.array(CellOut.extend({ score: z.number() })), unused: z.array(CellOut) }),
  trend: z.array(z.object({ month: z.string(), peopleOffering: Num, hoursOffered: Num, needPeople: Num, requestsOpen: Num, exchangesDone: Num })),
});
const Person = { memberId: z.string(), name: z.string(), phone: z.string().nullable(), email: z.string().nullable() };
const CellListsOut = z.object({
  areaId: z.string(),
  category: z.string(),
  capable: z.array(z.object({ ...Person, hoursPerMonth: z.number().nullable(), sources: z.array(z.string()) })),
  needing: z.array(z.object({ ...Person, requests: z.array(z.string()), fromConversation: z.boolean() })),
});
const tags = ['asset map'];

export const assetMapRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (app, { services }) => {
  const { assetMap } = services;

  app.get(
    '/timebanks/:timebankId/asset-map',
    { schema: { tags, summary: 'The community asset map: area x category cells, area totals, gaps, trend (small numbers suppressed for the public)', params: TimebankParams, querystring: MapQuery, response: { 200: MapOut, ...problemResponses } } },
    async (req) => {
      const m = await assetMap.map(principalOf(req), req.params.timebankId, { month: req.query.month, locale: req.query.locale ?? 'en', public: req.query.audience === 'public' });
      return { ...m, refreshedAt: m.refreshedAt ? m.refreshedAt.toISOString() : null };
    },
  );

  app.get(
    '/timebanks/:timebankId/asset-map/export',
    { schema: { tags, summary: "The map's tables as CSV (suppressed for the public: commissioners, or audience=public)", params: TimebankParams, querystring: ExportQuery } },
    async (req, reply) => {
      const m = await assetMap.map(principalOf(req), req.params.timebankId, { month: req.query.month, public: req.query.audience === 'public' });
      const csv = mapCsv(m, req.query.table, 'No area given');
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="asset-map-${req.query.table}-${m.month}${m.audience === 'public' ? '-public' : ''}.csv"`)
        .send(csv);
    },
  );

  app.post(
    '/timebanks/:timebankId/asset-map/refresh',
    { schema: { tags, summary: "Refresh this month's snapshot of the map now (coordinators; the hourly sweep does it too)", params: TimebankParams, response: { 200: z.object({ month: z.string(), cells: z.number() }), ...problemResponses } } },
    async (req) => assetMap.refresh(principalOf(req), actorFor(req), req.params.timebankId),
  );

  app.get(
    '/timebanks/:timebankId/asset-map/cells/:areaId/:category',
    {
      schema: {
        tags,
        summary: 'Behind a cell: the people who could help and the people who need it (brokers and coordinators)',
        params: z.strictObject({ timebankId: Uuid, areaId: Uuid, category: TopCategory }),
        response: { 200: CellListsOut, ...problemResponses },
      },
    },
    async (req) => {
      const c = await assetMap.cell(principalOf(req), req.params.timebankId, req.params.areaId, req.params.category);
      const person = (r: { member_id: string; display_name: string; phone: string | null; email: string | null }) => ({ memberId: r.member_id, name: r.display_name, phone: r.phone, email: r.email });
      return {
        areaId: c.areaId,
        category: c.category,
        capable: c.capable.map((r) => ({ ...person(r), hoursPerMonth: r.hours_per_month, sources: r.sources })),
        needing: c.needing.map((r) => ({ ...person(r), requests: r.requests, fromConversation: r.from_conversation })),
      };
    },
  );

  app.post(
    '/timebanks/:timebankId/asset-map/invitations',
    {
      schema: {
        tags,
        summary: 'Invite people of a cell to meet: an activity of the timebank with each of them registered',
        params: TimebankParams,
        body: InviteBody,
        response: { 201: z.object({ activityId: z.string(), registered: z.array(z.string()), skipped: z.array(z.string()) }), ...problemResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await assetMap.invite(principalOf(req), actorFor(req), req.params.timebankId, req.body)),
  );

  app.get(
    '/timebanks/:timebankId/asset-map/pillars',
    {
      schema: {
        tags,
        summary: 'Pillars: members who both gave and received help in the last twelve months',
        params: TimebankParams,
        response: { 200: z.object({ count: z.number(), items: z.array(z.object({ memberId: z.string(), name: z.string(), areaId: z.string(), givenMinutes: z.number(), receivedMinutes: z.number() })) }), ...problemResponses },
      },
    },
    async (req) => {
      const r = await assetMap.pillars(principalOf(req), req.params.timebankId);
      return { count: r.count, items: r.items.map((x) => ({ memberId: x.member_id, name: x.display_name, areaId: x.area_id, givenMinutes: x.given_minutes, receivedMinutes: x.received_minutes })) };
    },
  );

  app.get(
    '/timebanks/:timebankId/area-boundaries',
    { schema: { tags, summary: "The timebank's area boundaries as a GeoJSON FeatureCollection", params: TimebankParams } },
    async (req) => {
      const rows = await assetMap.boundaries(principalOf(req), req.params.timebankId);
      return {
        type: 'FeatureCollection',
        features: rows.map((b) => ({ type: 'Feature', properties: { areaId: b.area_id, name: b.area_name }, geometry: b.geometry })),
      };
    },
  );

  app.put(
    '/timebanks/:timebankId/area-boundaries',
    {
      schema: {
        tags,
        summary: "Replace the timebank's area boundaries: a FeatureCollection of Polygons or MultiPolygons, one per area, none overlapping (coordinators)",
        params: TimebankParams,
        body: BoundariesBody,
        response: { 200: z.object({ areas: z.number() }), ...problemResponses },
      },
    },
    async (req) => assetMap.uploadBoundaries(principalOf(req), actorFor(req), req.params.timebankId, req.body.geojson),
  );
};
