// /api/v1/reports/*: aggregates for commissioners, coordinators and network admins, every
// figure through the disclosure library; report settings for coordinators and network admins.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../http/app.ts';
import { actorFor, principalOf } from '../../http/context.ts';
import { problemResponses, Uuid } from '../../http/schemas.ts';
import { TABLE_IDS } from './present.ts';

export const CellSchema = z.object({
  value: z.number().nullable(),
  suppressed: z.boolean(),
  reason: z.enum(['primary', 'secondary', 'population']).nullable(),
});
const TableSchema = z.object({
  rows: z.array(z.string()),
  cols: z.array(z.string()),
  cells: z.array(z.array(CellSchema)),
  rowTotals: z.array(CellSchema),
  colTotals: z.array(CellSchema),
  total: CellSchema,
  threshold: z.number(),
});
const ListSchema = z.object({
  labels: z.array(z.string()),
  cells: z.array(CellSchema),
  total: CellSchema,
  threshold: z.number(),
});
const TablesSchema = z.object({
  hoursByMonthArea: TableSchema,
  hoursByAreaCategory: TableSchema,
  activeByAreaAge: TableSchema,
  flows: TableSchema.nullable(),
  hoursByStarArea: TableSchema,
});
const AreaViewSchema = z.object({
  areaId: z.string(),
  hoursByMonth: ListSchema,
  hoursByCategory: ListSchema,
  activeByAge: ListSchema,
});
const PeriodSchema = z.object({ from: z.string(), to: z.string() });
const RulesSchema = z.object({
  countMin: z.number().int(),
  wellbeingMin: z.number().int(),
  meanMinPeople: z.number().int(),
});

export const MembershipReport = z.object({
  suppressBelow: z.number(),
  timebanks: z.array(
    z.object({
      timebankId: z.string(),
      timebankName: z.string(),
      members: z.record(z.string(), CellSchema),
      activeByAge: z.record(z.string(), CellSchema),
    }),
  ),
  method: z.array(z.string()),
});

export const DashboardSchema = z.object({
  scope: z.object({ networkId: z.string(), timebankId: z.string().nullable() }),
  period: PeriodSchema,
  rules: RulesSchema,
  unit: z.literal('minutes'),
  areas: z.array(z.object({ id: z.string(), name: z.string(), timebankName: z.string() })),
  timebanks: z.array(z.object({ id: z.string(), name: z.string() })),
  tables: TablesSchema,
  areaViews: z.array(AreaViewSchema),
  comparison: z
    .object({ period: PeriodSchema, tables: TablesSchema, areaViews: z.array(AreaViewSchema) })
    .nullable(),
  method: z.array(z.string()),
});

const Day = z.string().max(40);
const AreaKey = z.string().max(40);
const Lang = z.enum(['en', 'pl']);
export const DashboardQuerySchema = z.strictObject({
  timebankId: Uuid.optional(),
  from: Day.optional(),
  to: Day.optional(),
  areaId: AreaKey.optional(),
  compareFrom: Day.optional(),
  compareTo: Day.optional(),
  compareAreaId: AreaKey.optional(),
  lang: Lang.optional(),
});

export const TimebankSettingsBody = z.strictObject({
  countMin: z.number().int(),
  wellbeingMin: z.number().int(),
  meanMinPeople: z.number().int(),
  openData: z.boolean(),
  openDataLicence: z.enum(['OGL-UK-3.0', 'CC-BY-4.0']),
  publishActivities: z.boolean(),
});
const TimebankSettings = TimebankSettingsBody.extend({ networkFloor: RulesSchema });
const NetworkSettingsBody = z.strictObject({
  countMin: z.number().int(),
  wellbeingMin: z.number().int(),
  meanMinPeople: z.number().int(),
});

export const reportRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (
  app,
  { services },
) => {
  const { reports, reportSettings } = services;
  const tags = ['reports'];
  app.get(
    '/reports/membership',
    {
      schema: {
        tags,
        summary:
          'Members by timebank, status and age band; small counts suppressed with secondary suppression',
        querystring: z.strictObject({ timebankId: Uuid.optional(), lang: Lang.optional() }),
        response: { 200: MembershipReport, ...problemResponses },
      },
    },
    async (req) =>
      reports.membership(principalOf(req), req.query.timebankId ?? null, req.query.lang),
  );

  app.get(
    '/reports/dashboard',
    {
      schema: {
        tags,
        summary: 'The reports dashboard: protected tables of hours, active members and flows',
        querystring: DashboardQuerySchema,
        response: { 200: DashboardSchema, ...problemResponses },
      },
    },
    async (req) => reports.dashboard(principalOf(req), req.query),
  );

  app.get(
    '/reports/dashboard.csv',
    {
      schema: {
        tags,
        summary: 'One table of the dashboard as CSV; suppressed cells show [c]',
        querystring: DashboardQuerySchema.extend({
          table: z.enum(TABLE_IDS),
          part: z.enum(['main', 'compare']).optional(),
        }),
      },
    },
    async (req, reply) => {
      const { table, part, ...query } = req.query;
      const r = await reports.dashboardCsv(principalOf(req), query, table, part);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${r.filename}"`)
        .send(r.body);
    },
  );

  app.get(
    '/reports/dashboard.pdf',
    {
      schema: {
        tags,
        summary: 'The dashboard as a PDF made on the server',
        querystring: DashboardQuerySchema,
      },
    },
    async (req, reply) => {
      const r = await reports.dashboardPdf(principalOf(req), req.query);
      return reply
        .type('application/pdf')
        .header('content-disposition', `attachment; filename="${r.filename}"`)
        .send(r.body);
    },
  );

  app.get(
    '/timebanks/:id/report-settings',
    {
      schema: {
        tags,
        summary: 'A timebank’s report thresholds and open-data choices (coordinators)',
        params: z.strictObject({ id: Uuid }),
        response: { 200: TimebankSettings, ...problemResponses },
      },
    },
    async (req) => reportSettings.getTimebank(principalOf(req), req.params.id),
  );

  app.put(
    '/timebanks/:id/report-settings',
    {
      schema: {
        tags,
        summary:
          'Set a timebank’s thresholds (within range, not below the network’s) and open data',
        params: z.strictObject({ id: Uuid }),
        body: TimebankSettingsBody,
        response: { 200: TimebankSettings, ...problemResponses },
      },
    },
    async (req) =>
      reportSettings.setTimebank(principalOf(req), actorFor(req), req.params.id, req.body),
  );

  app.get(
    '/network/report-settings',
    {
      schema: {
        tags,
        summary: 'The network’s report thresholds, a floor for its timebanks (network admins)',
        response: { 200: RulesSchema, ...problemResponses },
      },
    },
    async (req) => reportSettings.getNetwork(principalOf(req)),
  );

  app.put(
    '/network/report-settings',
    {
      schema: {
        tags,
        summary: 'Set the network’s report thresholds',
        body: NetworkSettingsBody,
        response: { 200: RulesSchema, ...problemResponses },
      },
    },
    async (req) => reportSettings.setNetwork(principalOf(req), actorFor(req), req.body),
  );
};
