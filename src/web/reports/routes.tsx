// Pages of the reports (docs/reports.md): the dashboard at /reports (a GET form, so a filter is
// a link one can share) and a timebank's report settings. The services authorize.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../../http/app.ts';
import { actorFor, principalOf } from '../../http/context.ts';
import { DomainError } from '../../lib/errors.ts';
import { isUuid } from '../../lib/ids.ts';
import { presentDashboard } from '../../modules/reports/present.ts';
import type { Dashboard, DashboardQuery } from '../../modules/reports/service.ts';
import type { TimebankReportSettings } from '../../modules/reports/settings.ts';
import { redirectWithFlash, viewContext } from '../context.ts';
import { type Form, formRefusal, sendPage } from '../forms.ts';
import { isMessageKey } from '../i18n/i18n.ts';
import type { T } from '../i18n/i18n.ts';
import { type FormError, PAGE_ERROR } from '../view.ts';
import { ReportSettingsPage, ReportsPage, settingsValues } from './pages.tsx';

const QUERY_KEYS = [
  'timebankId',
  'from',
  'to',
  'areaId',
  'compareFrom',
  'compareTo',
  'compareAreaId',
] as const;

/** Field errors of a refusal, by the field's id, in the page's language. */
function fieldErrors(err: unknown, t: T): FormError[] {
  const e = formRefusal(err);
  if (!e.details.fields?.length) return [{ field: PAGE_ERROR, message: e.message }];
  return e.details.fields.map((f) => {
    const field = f.path.replace(/^\/(query|body)\//, '');
    const key = `reports.error.${field}`;
    return { field, message: isMessageKey(key) ? t(key) : f.message };
  });
}

export const reportPageRoutes: FastifyPluginAsync<{ services: Services }> = async (
  app,
  { services },
) => {
  const { reports, reportSettings, openData } = services;

  app.get('/reports', async (req, reply) => {
    const p = principalOf(req);
    const ctx = await viewContext(req, reply, services);
    const raw = (req.query ?? {}) as Form;
    const scopes = await reports.scopes(p);
    if (!scopes.network && scopes.timebanks.length === 0)
      throw new DomainError('forbidden', 'you may not read reports');
    const values: Form = {};
    for (const k of QUERY_KEYS) if (raw[k]?.trim()) values[k] = raw[k]!.trim();
    if (raw.timebankId === undefined && !scopes.network) {
      values.timebankId =
        scopes.timebanks.find((x) => x.id === ctx.currentTimebank?.id)?.id ??
        scopes.timebanks[0]!.id;
    }
    if (values.timebankId && !isUuid(values.timebankId))
      throw new DomainError('not_found', 'timebank not found');
    const query: DashboardQuery = { ...values, lang: ctx.locale };
    let dashboard: Dashboard | null = null;
    let errors: FormError[] = [];
    try {
      dashboard = await reports.dashboard(p, query);
    } catch (err) {
      errors = fieldErrors(err, ctx.t);
    }
    const tables = dashboard ? presentDashboard(dashboard, ctx.t, ctx.locale) : [];
    const link = new URLSearchParams({
      ...(values as Record<string, string>),
      lang: ctx.locale,
    }).toString();
    const page = (
      <ReportsPage
        ctx={ctx}
        scopes={scopes}
        dashboard={dashboard}
        tables={tables}
        query={link}
        values={values}
        errors={errors}
      />
    );
    return sendPage(reply, page, errors.length ? 400 : 200);
  });

  async function settingsPage(
    req: FastifyRequest,
    reply: FastifyReply,
    timebankId: string,
    form: Form | null,
    errors: FormError[],
    status = 200,
  ) {
    const p = principalOf(req);
    const s = await reportSettings.getTimebank(p, timebankId);
    const ctx = await viewContext(req, reply, services);
    const feeds = s.openData ? await openData.feedPaths(p.networkId, timebankId) : null;
    const page = (
      <ReportSettingsPage
        ctx={ctx}
        timebankId={timebankId}
        floor={s.networkFloor}
        feeds={feeds}
        values={form ?? settingsValues(s)}
        errors={errors}
      />
    );
    return sendPage(reply, page, status);
  }

  const timebankIdOf = (req: FastifyRequest) => {
    const { timebankId } = req.params as { timebankId: string };
    if (!isUuid(timebankId)) throw new DomainError('not_found', 'timebank not found');
    return timebankId;
  };

  app.get('/timebanks/:timebankId/report-settings', async (req, reply) =>
    settingsPage(req, reply, timebankIdOf(req), null, []),
  );

  app.post('/timebanks/:timebankId/report-settings', async (req, reply) => {
    const timebankId = timebankIdOf(req);
    const body = (req.body ?? {}) as Form;
    const ctx = await viewContext(req, reply, services);
    const whole = (k: string) =>
      /^\d{1,4}$/.test((body[k] ?? '').trim()) ? Number(body[k]!.trim()) : Number.NaN;
    const settings: TimebankReportSettings = {
      countMin: whole('countMin'),
      wellbeingMin: whole('wellbeingMin'),
      meanMinPeople: whole('meanMinPeople'),
      openData: body.openData === 'yes',
      openDataLicence: body.openDataLicence === 'CC-BY-4.0' ? 'CC-BY-4.0' : 'OGL-UK-3.0',
      publishActivities: body.publishActivities === 'yes',
    };
    try {
      await reportSettings.setTimebank(principalOf(req), actorFor(req), timebankId, settings);
    } catch (err) {
      return settingsPage(req, reply, timebankId, body, fieldErrors(err, ctx.t), 400);
    }
    return redirectWithFlash(
      reply,
      `/timebanks/${timebankId}/report-settings`,
      ctx.t('reports.settings.saved'),
    );
  });
};
