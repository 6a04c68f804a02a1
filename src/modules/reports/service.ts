// Reports for commissioners, coordinators and network admins: aggregates only, every figure
// passed through the disclosure library (src/modules/disclosure) so no one can be picked out.
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Clock } from '../../lib/clock.ts';
import { DomainError, type FieldError } from '../../lib/errors.ts';
import type { Principal } from '../auth/principal.ts';
import {
  type Cell,
  type DisclosureRules,
  type MethodLocale,
  methodStatement,
  primary,
  protectList,
} from '../disclosure/index.ts';
import { authorize, can } from '../policy/policy.ts';
import { timebankResource } from '../tenancy/guard.ts';
import {
  AGE_BANDS,
  type AreaView,
  ageBand,
  areaView,
  buildTables,
  type DashboardTables,
  monthsBetween,
  NO_AREA,
} from './dashboard.ts';
import { translator, isLocale, type Locale } from '../../web/i18n/i18n.ts';
import { tableCsv } from './csv.ts';
import { renderPdf } from './pdf.ts';
import { presentDashboard, type TableId } from './present.ts';
import * as q from './queries.ts';
import { effectiveRules } from './settings.ts';

export { AGE_BANDS } from './dashboard.ts';
export const STATUSES = ['applied', 'active', 'paused', 'left', 'suspended'] as const;

/** @deprecated use `primary` from src/modules/disclosure; kept for modules not yet moved. */
export const SUPPRESS_BELOW = 5;
/** @deprecated use `primary(n, threshold)` from src/modules/disclosure. */
export function suppress(n: number): Cell {
  return primary(n, SUPPRESS_BELOW);
}

export interface DashboardQuery {
  timebankId?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  areaId?: string | undefined;
  compareFrom?: string | undefined;
  compareTo?: string | undefined;
  compareAreaId?: string | undefined;
  lang?: MethodLocale | undefined;
}

export interface Period {
  from: string;
  to: string;
}

export interface Dashboard {
  scope: { networkId: string; timebankId: string | null };
  period: Period;
  rules: DisclosureRules;
  unit: 'minutes';
  areas: { id: string; name: string; timebankName: string }[];
  timebanks: { id: string; name: string }[];
  tables: DashboardTables;
  areaViews: AreaView[];
  comparison: { period: Period; tables: DashboardTables; areaViews: AreaView[] } | null;
  method: string[];
}

const MAX_DAYS = 1096;
const DAY_MS = 86_400_000;
const invalid = (fields: FieldError[]) =>
  new DomainError('validation_failed', fields.map((f) => `${f.path}: ${f.message}`).join('; '), {
    fields,
  });

function parseDay(s: string, path: string, fields: FieldError[]): Date | null {
  const d = /^\d{4}-\d{2}-\d{2}$/.test(s) ? new Date(`${s}T00:00:00Z`) : null;
  if (!d || Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== s) {
    fields.push({ path, message: 'must be a date YYYY-MM-DD' });
    return null;
  }
  return d;
}

/** [from, to + 1 day) from inclusive ISO days, checked. */
function periodOf(
  from: string,
  to: string,
  name: [string, string],
  fields: FieldError[],
): { from: Date; to: Date; period: Period } | null {
  const f = parseDay(from, `/query/${name[0]}`, fields);
  const t = parseDay(to, `/query/${name[1]}`, fields);
  if (!f || !t) return null;
  if (t < f) fields.push({ path: `/query/${name[1]}`, message: `must not be before ${name[0]}` });
  else if ((t.getTime() - f.getTime()) / DAY_MS >= MAX_DAYS)
    fields.push({ path: `/query/${name[1]}`, message: 'a period is at most three years' });
  else return { from: f, to: new Date(t.getTime() + DAY_MS), period: { from, to } };
  return null;
}

/** The default period: the last twelve calendar months, this one included. */
function defaultPeriod(now: Date): Period {
  const from = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 11, 1));
  return { from: from.toISOString().slice(0, 10), to: now.toISOString().slice(0, 10) };
}

export function createReports({ db, clock }: { db: Kysely<DB>; clock: Clock }) {
  async function scopeOf(p: Principal, timebankId: string | null) {
    authorize(
      p,
      'report.read',
      timebankId
        ? await timebankResource(db, p, timebankId)
        : { type: 'network', networkId: p.networkId },
    );
    return effectiveRules(db, p.networkId, timebankId);
  }

  /** Members per timebank by status, and active members by age band. Active by age is a list
   * whose total is the active count, protected together; the other statuses have no published
   * total, so primary suppression alone protects them. */
  async function membership(p: Principal, timebankId: string | null, lang: MethodLocale = 'en') {
    const rules = await scopeOf(p, timebankId);
    const rows = await q.membershipCounts(db, p.networkId, timebankId);
    const year = clock.now().getUTCFullYear();
    const byTimebank = new Map<string, { name: string; n: Map<string, number> }>();
    for (const r of rows) {
      const tb = byTimebank.get(r.timebank_id) ?? { name: r.timebank_name, n: new Map() };
      for (const key of [r.status, `${r.status}/${ageBand(r.birth_year, year)}`])
        tb.n.set(key, (tb.n.get(key) ?? 0) + r.n);
      byTimebank.set(r.timebank_id, tb);
    }
    return {
      suppressBelow: rules.countMin,
      timebanks: [...byTimebank].map(([id, tb]) => {
        const active = protectList(
          { labels: [...AGE_BANDS], values: AGE_BANDS.map((a) => tb.n.get(`active/${a}`) ?? 0) },
          rules.countMin,
        );
        const members = STATUSES.map(
          (s) =>
            [s, s === 'active' ? active.total : primary(tb.n.get(s) ?? 0, rules.countMin)] as const,
        );
        return {
          timebankId: id,
          timebankName: tb.name,
          members: Object.fromEntries(members),
          activeByAge: Object.fromEntries(AGE_BANDS.map((a, j) => [a, active.cells[j]!])),
        };
      }),
      method: methodStatement(rules, lang),
    };
  }

  async function tablesFor(
    networkId: string,
    timebankId: string | null,
    from: Date,
    to: Date,
    rules: DisclosureRules,
    areaIds: string[],
    timebankIds: string[],
  ) {
    const [rows, flows, star] = await Promise.all([
      q.activityRows(db, networkId, timebankId, from, to),
      timebankId ? null : q.flowRows(db, networkId, from, to),
      q.starRows(db, networkId, timebankId, from, to),
    ]);
    const tables = buildTables({
      rows,
      flows,
      star,
      months: monthsBetween(from, to),
      areaIds,
      timebankIds,
      year: new Date(to.getTime() - 1).getUTCFullYear(),
      threshold: rules.countMin,
    });
    return { rows, tables };
  }

  async function dashboard(p: Principal, query: DashboardQuery): Promise<Dashboard> {
    const timebankId = query.timebankId ?? null;
    const rules = await scopeOf(p, timebankId);
    const areas = await q.areasIn(db, p.networkId, timebankId);
    const timebanks = timebankId ? [] : await q.timebanksIn(db, p.networkId);
    const v = checkQuery(query, new Set([...areas.map((a) => a.id), NO_AREA]), clock.now());
    const areaIds = areas.map((a) => a.id);
    const main = await tablesFor(
      p.networkId,
      timebankId,
      v.main.from,
      v.main.to,
      rules,
      areaIds,
      timebanks.map((t) => t.id),
    );
    const views = (r: typeof main) => v.areaIds.map((a) => areaView(r.tables, r.rows, a));
    const cmp = v.compare
      ? await tablesFor(
          p.networkId,
          timebankId,
          v.compare.from,
          v.compare.to,
          rules,
          areaIds,
          timebanks.map((t) => t.id),
        )
      : null;
    return {
      scope: { networkId: p.networkId, timebankId },
      period: v.main.period,
      rules,
      unit: 'minutes',
      areas: areas.map((a) => ({ id: a.id, name: a.name, timebankName: a.timebank_name })),
      timebanks,
      tables: main.tables,
      areaViews: views(main),
      comparison:
        cmp && v.compare
          ? { period: v.compare.period, tables: cmp.tables, areaViews: views(cmp) }
          : null,
      method: methodStatement(rules, query.lang ?? 'en'),
    };
  }

  /** One table of the dashboard as CSV, in the reader's language. */
  async function dashboardCsv(
    p: Principal,
    query: DashboardQuery,
    table: TableId,
    part: 'main' | 'compare' = 'main',
  ) {
    const lang = query.lang ?? localeOf(p);
    const d = await dashboard(p, { ...query, lang });
    const t = translator(lang);
    const found = presentDashboard(d, t, lang).find((x) => x.id === table && x.part === part);
    if (!found)
      throw new DomainError('validation_failed', 'no such table in this report', {
        fields: [
          {
            path: '/query/table',
            message:
              'not a table of this report (flows are in network reports; area tables need areaId; compare tables need a compared period)',
          },
        ],
      });
    return {
      filename: `${table}${part === 'compare' ? '-compared' : ''}-${d.period.from}-${d.period.to}.csv`,
      body: tableCsv(found, t, d.rules.countMin, d.method),
    };
  }

  /** The whole dashboard as a PDF. */
  async function dashboardPdf(
    p: Principal,
    query: DashboardQuery,
    opts: { compress?: boolean } = {},
  ) {
    const lang = query.lang ?? localeOf(p);
    const d = await dashboard(p, { ...query, lang });
    const t = translator(lang);
    const subtitle = [
      t('reports.period', { period: `${d.period.from} – ${d.period.to}` }),
      d.comparison
        ? t('reports.comparedPeriod', {
            period: `${d.comparison.period.from} – ${d.comparison.period.to}`,
          })
        : '',
    ]
      .filter(Boolean)
      .join(' · ');
    const body = await renderPdf(
      {
        title: t('reports.title'),
        subtitle,
        tables: presentDashboard(d, t, lang),
        threshold: d.rules.countMin,
        method: d.method,
        ...opts,
      },
      t,
    );
    return { filename: `report-${d.period.from}-${d.period.to}.pdf`, body };
  }

  /** What this person may report on: the whole network, and which timebanks. */
  async function scopes(p: Principal) {
    const network = can(p, 'report.read', { type: 'network', networkId: p.networkId });
    const timebanks = (await q.timebanksIn(db, p.networkId)).filter((tb) =>
      can(p, 'report.read', { type: 'timebank', networkId: p.networkId, timebankId: tb.id }),
    );
    return { network, timebanks };
  }

  return { membership, dashboard, dashboardCsv, dashboardPdf, scopes };
}

const localeOf = (p: Principal): MethodLocale & Locale => (isLocale(p.locale) ? p.locale : 'en');

/** Checks a dashboard query; every bad field is named, nothing is computed. */
function checkQuery(query: DashboardQuery, areaIds: Set<string>, now: Date) {
  const fields: FieldError[] = [];
  const d = defaultPeriod(now);
  const main = periodOf(query.from ?? d.from, query.to ?? d.to, ['from', 'to'], fields);
  let compare: ReturnType<typeof periodOf> = null;
  if ((query.compareFrom === undefined) !== (query.compareTo === undefined)) {
    fields.push({
      path: `/query/${query.compareFrom === undefined ? 'compareFrom' : 'compareTo'}`,
      message: 'give both compareFrom and compareTo, or neither',
    });
  } else if (query.compareFrom !== undefined && query.compareTo !== undefined) {
    compare = periodOf(query.compareFrom, query.compareTo, ['compareFrom', 'compareTo'], fields);
    // Overlapping periods would publish their difference, which the tables do not protect.
    if (main && compare && compare.from < main.to && main.from < compare.to)
      fields.push({ path: '/query/compareFrom', message: 'the periods compared must not overlap' });
  }
  for (const key of ['areaId', 'compareAreaId'] as const) {
    const id = query[key];
    if (id !== undefined && !areaIds.has(id))
      fields.push({ path: `/query/${key}`, message: 'not an area of this report' });
  }
  if (query.compareAreaId !== undefined && query.areaId === undefined)
    fields.push({ path: '/query/areaId', message: 'give an area to compare with' });
  if (query.compareAreaId !== undefined && query.compareAreaId === query.areaId)
    fields.push({ path: '/query/compareAreaId', message: 'must differ from areaId' });
  if (fields.length > 0 || !main) throw invalid(fields);
  const ids = [query.areaId, query.compareAreaId].filter((a): a is string => a !== undefined);
  return { main, compare, areaIds: ids };
}

export type Reports = ReturnType<typeof createReports>;
