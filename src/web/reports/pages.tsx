// The reports dashboard (coordinators, network admins, commissioners) and a timebank's report
// settings (coordinators). Charts are SVG drawn on the server, each followed by its table, so
// the figures are there for screen readers and without images; hidden cells show [c].
import type { Dashboard } from '../../modules/reports/service.ts';
import type { TimebankReportSettings } from '../../modules/reports/settings.ts';
import {
  type Bar,
  cellText,
  chartBars,
  type PresentedTable,
} from '../../modules/reports/present.ts';
import { SUPPRESSED_MARKER } from '../../modules/disclosure/index.ts';
import { can } from '../../modules/policy/policy.ts';
import { Button, PostForm, SelectField, TextField } from '../components.tsx';
import { Layout } from '../layout.tsx';
import type { FormError, ViewContext } from '../view.ts';

type Values = Record<string, string | undefined>;

export interface Scopes {
  network: boolean;
  timebanks: { id: string; name: string }[];
}

/** An accessible bar chart: role="img" with a title and a description pointing at the table. */
export function BarChart({
  id,
  title,
  bars,
  unit,
  ctx,
}: {
  id: string;
  title: string;
  bars: Bar[];
  unit: PresentedTable['unit'];
  ctx: ViewContext;
}) {
  const shown = bars.slice(0, 36);
  const max = Math.max(1, ...shown.map((b) => b.cell.value ?? 0));
  const rowH = 20;
  const labelW = 180;
  const barW = 360;
  const height = shown.length * rowH + 8;
  return (
    <svg
      className="chart"
      role="img"
      aria-labelledby={`${id}-title ${id}-desc`}
      width="640"
      height={height}
      viewBox={`0 0 640 ${height}`}
    >
      <title id={`${id}-title`}>{title}</title>
      <desc id={`${id}-desc`}>{ctx.t('reports.chartOf', { title })}</desc>
      {shown.map((b, i) => {
        const y = 4 + i * rowH;
        const hidden = b.cell.suppressed || b.cell.value === null;
        const w = hidden ? 24 : Math.max(1, ((b.cell.value ?? 0) / max) * barW);
        return (
          <g key={b.label}>
            <text x={labelW - 6} y={y + 13} textAnchor="end" fontSize="12">
              {b.label.length > 28 ? `${b.label.slice(0, 27)}…` : b.label}
            </text>
            {hidden ? (
              <rect
                x={labelW}
                y={y + 2}
                width={w}
                height={rowH - 6}
                fill="none"
                stroke="#505a5f"
                strokeDasharray="3 2"
              />
            ) : (
              <rect x={labelW} y={y + 2} width={w} height={rowH - 6} fill="#1d70b8" />
            )}
            <text x={labelW + w + 6} y={y + 13} fontSize="12">
              {hidden
                ? `${SUPPRESSED_MARKER} ${ctx.t('reports.chartSuppressed')}`
                : cellText(b.cell, unit)}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

export function ReportTable({ table, ctx }: { table: PresentedTable; ctx: ViewContext }) {
  const { t } = ctx;
  const unit = table.unit === 'hours' ? t('reports.hoursUnit') : t('reports.peopleUnit');
  return (
    <div className="table-wrap">
      <table className="table">
        <caption>{`${table.title} (${table.period}; ${unit})`}</caption>
        <thead>
          <tr>
            <th scope="col">{table.corner}</th>
            {table.cols.map((c) => (
              <th scope="col" className="numeric" key={c}>
                {c}
              </th>
            ))}
            <th scope="col" className="numeric">
              {t('reports.total')}
            </th>
          </tr>
        </thead>
        <tbody>
          {table.rows.map((r) => (
            <tr key={r.label}>
              <th scope="row">{r.label}</th>
              {r.cells.map((c, j) => (
                <td className="numeric" key={table.cols[j]}>
                  {cellText(c, table.unit)}
                </td>
              ))}
              <td className="numeric">{cellText(r.total, table.unit)}</td>
            </tr>
          ))}
          {table.colTotals && table.total ? (
            <tr>
              <th scope="row">{t('reports.total')}</th>
              {table.colTotals.map((c, j) => (
                <td className="numeric" key={table.cols[j]}>
                  {cellText(c, table.unit)}
                </td>
              ))}
              <td className="numeric">{cellText(table.total, table.unit)}</td>
            </tr>
          ) : null}
        </tbody>
      </table>
    </div>
  );
}

function FilterForm({
  ctx,
  scopes,
  dashboard,
  values,
  errors,
}: {
  ctx: ViewContext;
  scopes: Scopes;
  dashboard: Dashboard | null;
  values: Values;
  errors: FormError[];
}) {
  const { t } = ctx;
  const scopeOptions = [
    ...(scopes.network ? [{ value: '', label: t('reports.wholeNetwork') }] : []),
    ...scopes.timebanks.map((tb) => ({ value: tb.id, label: tb.name })),
  ];
  const areaOptions = (dashboard?.areas ?? []).map((a) => ({
    value: a.id,
    label: dashboard?.scope.timebankId ? a.name : `${a.timebankName}: ${a.name}`,
  }));
  const areas = [...areaOptions, { value: 'none', label: t('reports.noArea') }];
  return (
    <form method="get" action="/reports" className="filters">
      <h2>{t('reports.filters')}</h2>
      <SelectField
        id="timebankId"
        label={t('reports.scope')}
        value={values.timebankId ?? ''}
        errors={errors}
        options={scopeOptions}
      />
      <TextField
        id="from"
        label={t('reports.from')}
        hint={t('reports.dateHint')}
        value={values.from}
        errors={errors}
        width="short"
      />
      <TextField
        id="to"
        label={t('reports.to')}
        hint={t('reports.dateHint')}
        value={values.to}
        errors={errors}
        width="short"
      />
      <SelectField
        id="areaId"
        label={t('reports.area')}
        value={values.areaId ?? ''}
        errors={errors}
        options={[{ value: '', label: t('reports.anyArea') }, ...areas]}
      />
      <SelectField
        id="compareAreaId"
        label={t('reports.compareArea')}
        value={values.compareAreaId ?? ''}
        errors={errors}
        options={[{ value: '', label: t('reports.noCompareArea') }, ...areas]}
      />
      <TextField
        id="compareFrom"
        label={t('reports.compareFrom')}
        hint={t('reports.compareHint')}
        value={values.compareFrom}
        errors={errors}
        width="short"
      />
      <TextField
        id="compareTo"
        label={t('reports.compareTo')}
        hint={t('reports.dateHint')}
        value={values.compareTo}
        errors={errors}
        width="short"
      />
      <Button>{t('reports.show')}</Button>
    </form>
  );
}

/** The other reports, one click from the dashboard: outcome frameworks, and for the current
 * timebank the paired wellbeing change and social value (docs/wellbeing.md, social-value.md). */
function MoreReports({ ctx, network }: { ctx: ViewContext; network: boolean }) {
  const { t, principal: p } = ctx;
  const tb = ctx.currentTimebank?.id;
  const readsTimebank = p && tb && can(p, 'report.read', { type: 'timebank', networkId: p.networkId, timebankId: tb });
  return (
    <nav aria-labelledby="more-reports">
      <h2 id="more-reports">{t('reports.more')}</h2>
      <ul>
        <li>
          <a href="/outcomes">{t('outcomes.title')}</a>
        </li>
        {network && !readsTimebank ? (
          <li>
            <a href="/wellbeing/report">{t('nav.wellbeingChange')}</a>
          </li>
        ) : null}
        {readsTimebank ? (
          <>
            <li>
              <a href={`/timebanks/${tb}/wellbeing/report`}>{t('nav.wellbeingChange')}</a>
            </li>
            <li>
              <a href={`/timebanks/${tb}/social-value`}>{t('nav.socialValue')}</a>
            </li>
          </>
        ) : null}
      </ul>
    </nav>
  );
}

export function ReportsPage(props: {
  ctx: ViewContext;
  scopes: Scopes;
  dashboard: Dashboard | null;
  tables: PresentedTable[];
  query: string;
  values: Values;
  errors: FormError[];
}) {
  const { ctx, dashboard, tables, query } = props;
  const { t } = ctx;
  const tbId = dashboard?.scope.timebankId;
  return (
    <Layout ctx={ctx} title={t('reports.title')} errors={props.errors}>
      <h1>{t('reports.title')}</h1>
      <p>{t('reports.intro')}</p>
      <MoreReports ctx={ctx} network={props.scopes.network} />
      {tbId &&
      props.scopes.timebanks.some((x) => x.id === tbId) &&
      ctx.principal?.grants.some((g) => g.role === 'coordinator' && g.timebankId === tbId) ? (
        <p>
          <a href={`/timebanks/${tbId}/report-settings`}>{t('reports.settingsLink')}</a>
        </p>
      ) : null}
      <FilterForm
        ctx={ctx}
        scopes={props.scopes}
        dashboard={dashboard}
        values={props.values}
        errors={props.errors}
      />
      {dashboard ? (
        <>
          <p>
            {t('reports.period', { period: `${dashboard.period.from} – ${dashboard.period.to}` })}
          </p>
          {dashboard.comparison ? (
            <p>
              {t('reports.comparedPeriod', {
                period: `${dashboard.comparison.period.from} – ${dashboard.comparison.period.to}`,
              })}
            </p>
          ) : null}
          <p>{t('reports.suppressedNote', { n: dashboard.rules.countMin })}</p>
          {tables.map((table, i) => (
            <section key={`${table.id}-${table.part}`} aria-labelledby={`table-${i}`}>
              <h2 id={`table-${i}`}>
                {table.part === 'compare' ? `${table.title} (${table.period})` : table.title}
              </h2>
              <BarChart
                id={`chart-${i}`}
                title={table.title}
                bars={chartBars(table)}
                unit={table.unit}
                ctx={ctx}
              />
              <ReportTable table={table} ctx={ctx} />
              <p>
                <a
                  href={`/api/v1/reports/dashboard.csv?${query}${query ? '&' : ''}table=${table.id}&part=${table.part}`}
                >
                  {t('reports.downloadCsv', { table: table.title })}
                </a>
              </p>
            </section>
          ))}
          <h2>{t('reports.download')}</h2>
          <p>
            <a href={`/api/v1/reports/dashboard.pdf?${query}`}>{t('reports.downloadPdf')}</a>
          </p>
          <h2>{t('reports.method')}</h2>
          {dashboard.method.map((m) => (
            <p key={m}>{m}</p>
          ))}
        </>
      ) : null}
    </Layout>
  );
}

export function settingsValues(s: TimebankReportSettings): Values {
  return {
    countMin: String(s.countMin),
    wellbeingMin: String(s.wellbeingMin),
    meanMinPeople: String(s.meanMinPeople),
    openData: s.openData ? 'yes' : 'no',
    openDataLicence: s.openDataLicence,
    publishActivities: s.publishActivities ? 'yes' : 'no',
  };
}

/** The thresholds a coordinator sets, each a whole-number field (docs/reports.md). */
const THRESHOLDS = ['countMin', 'wellbeingMin', 'meanMinPeople'] as const;

export function ReportSettingsPage(props: {
  ctx: ViewContext;
  timebankId: string;
  floor: { countMin: number; wellbeingMin: number; meanMinPeople: number };
  feeds: string[] | null;
  values: Values;
  errors: FormError[];
}) {
  const { ctx, values, errors } = props;
  const { t } = ctx;
  const yesNo = [
    { value: 'yes', label: t('ledgerSettings.yes') },
    { value: 'no', label: t('ledgerSettings.no') },
  ];
  return (
    <Layout ctx={ctx} title={t('reports.settings.title')} errors={errors}>
      <h1>{t('reports.settings.title')}</h1>
      <p>{t('reports.settings.intro')}</p>
      <p>{t('reports.settings.networkFloor', props.floor)}</p>
      <PostForm action={`/timebanks/${props.timebankId}/report-settings`} ctx={ctx}>
        {THRESHOLDS.map((k) => (
          <TextField
            key={k}
            id={k}
            label={t(`reports.settings.${k}`)}
            hint={t(`reports.settings.${k}Hint`)}
            value={values[k]}
            errors={errors}
            inputMode="numeric"
            width="short"
          />
        ))}
        <SelectField
          id="openData"
          label={t('reports.settings.openData')}
          hint={t('reports.settings.openDataHint')}
          value={values.openData}
          errors={errors}
          options={yesNo}
        />
        <SelectField
          id="openDataLicence"
          label={t('reports.settings.licence')}
          value={values.openDataLicence}
          errors={errors}
          options={(['OGL-UK-3.0', 'CC-BY-4.0'] as const).map((l) => ({
            value: l,
            label: t(`reports.settings.licence.${l}`),
          }))}
        />
        <SelectField
          id="publishActivities"
          label={t('reports.settings.publishActivities')}
          value={values.publishActivities}
          errors={errors}
          options={yesNo}
        />
        <Button>{t('reports.settings.save')}</Button>
      </PostForm>
      {props.feeds ? (
        <>
          <h2>{t('reports.settings.feeds')}</h2>
          <ul>
            {props.feeds.map((f) => (
              <li key={f}>
                <a href={f}>{f}</a>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </Layout>
  );
}
