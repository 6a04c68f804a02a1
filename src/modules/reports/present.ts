// A dashboard as titled tables with readable labels: one shape for the page, the CSV and the
// PDF, so all three publish exactly the same figures and the same suppressed cells.
import { SHIPPED } from '../categories/taxonomy.ts';
import { type Cell, SUPPRESSED_MARKER } from '../disclosure/index.ts';
import type { Locale, T } from '../../web/i18n/i18n.ts';
import type { MessageKey } from '../../web/i18n/en.ts';
import { type AreaView, type DashboardTables, NO_AREA } from './dashboard.ts';
import type { Dashboard } from './service.ts';

export const TABLE_IDS = [
  'hours-by-month-area',
  'hours-by-area-category',
  'active-by-area-age',
  'flows',
  'hours-by-star-area',
  'area-hours-by-month',
  'area-hours-by-category',
  'area-active-by-age',
] as const;
export type TableId = (typeof TABLE_IDS)[number];

export interface PresentedRow {
  label: string;
  cells: Cell[];
  total: Cell;
}

export interface PresentedTable {
  id: TableId;
  /** 'compare' for the tables of the period compared with. */
  part: 'main' | 'compare';
  title: string;
  period: string;
  unit: 'hours' | 'people';
  corner: string;
  cols: string[];
  rows: PresentedRow[];
  /** Column totals, or null for views of areas (which publish only their own totals). */
  colTotals: Cell[] | null;
  total: Cell | null;
}

/** Minutes as hours with two decimals, from integers only ("90" → "1.50"). */
export function hoursText(minutes: number): string {
  const hundredths = Math.round((minutes * 100) / 60);
  return `${Math.floor(hundredths / 100)}.${String(hundredths % 100).padStart(2, '0')}`;
}

export function cellText(c: Cell, unit: PresentedTable['unit']): string {
  if (c.suppressed || c.value === null) return SUPPRESSED_MARKER;
  return unit === 'hours' ? hoursText(c.value) : String(c.value);
}

export function presentDashboard(d: Dashboard, t: T, locale: Locale): PresentedTable[] {
  const label = labeller(d, t, locale);
  const part = (
    tables: DashboardTables,
    views: AreaView[],
    period: string,
    which: PresentedTable['part'],
  ) => [
    ...presentTables(tables, label, t, period, which),
    ...presentViews(views, label, t, period, which),
  ];
  const main = part(d.tables, d.areaViews, `${d.period.from} – ${d.period.to}`, 'main');
  const cmp = d.comparison
    ? part(
        d.comparison.tables,
        d.comparison.areaViews,
        `${d.comparison.period.from} – ${d.comparison.period.to}`,
        'compare',
      )
    : [];
  return [...main, ...cmp];
}

type Labeller = (kind: 'month' | 'area' | 'category' | 'age' | 'timebank' | 'star', key: string) => string;

function labeller(d: Dashboard, t: T, locale: Locale): Labeller {
  const areas = new Map(
    d.areas.map((a) => [a.id, d.scope.timebankId ? a.name : `${a.timebankName}: ${a.name}`]),
  );
  const timebanks = new Map(d.timebanks.map((x) => [x.id, x.name]));
  return (kind, key) => {
    if (kind === 'area') return key === NO_AREA ? t('reports.noArea') : (areas.get(key) ?? key);
    if (kind === 'age') return t(`reports.age.${key}` as MessageKey);
    if (kind === 'star') return t(`reports.star.${key}` as MessageKey);
    if (kind === 'timebank') return timebanks.get(key) ?? key;
    if (kind === 'category') return SHIPPED.get(key)?.[locale] ?? key;
    return key;
  };
}

function presentTables(
  tables: DashboardTables,
  label: Labeller,
  t: T,
  period: string,
  part: PresentedTable['part'],
): PresentedTable[] {
  const spec: [
    TableId,
    keyof DashboardTables,
    'hours' | 'people',
    Parameters<Labeller>[0],
    Parameters<Labeller>[0],
  ][] = [
    ['hours-by-month-area', 'hoursByMonthArea', 'hours', 'month', 'area'],
    ['hours-by-area-category', 'hoursByAreaCategory', 'hours', 'area', 'category'],
    ['active-by-area-age', 'activeByAreaAge', 'people', 'area', 'age'],
    ['flows', 'flows', 'hours', 'timebank', 'timebank'],
    ['hours-by-star-area', 'hoursByStarArea', 'hours', 'star', 'area'],
  ];
  return spec.flatMap(([id, key, unit, rowKind, colKind]) => {
    const x = tables[key];
    if (!x) return [];
    return [
      {
        id,
        part,
        title: t(`reports.table.${id}` as MessageKey),
        period,
        unit,
        corner: t(`reports.corner.${id}` as MessageKey),
        cols: x.cols.map((c) => label(colKind, c)),
        rows: x.rows.map((r, i) => ({
          label: label(rowKind, r),
          cells: x.cells[i]!,
          total: x.rowTotals[i]!,
        })),
        colTotals: x.colTotals,
        total: x.total,
      },
    ];
  });
}

function presentViews(
  views: AreaView[],
  label: Labeller,
  t: T,
  period: string,
  part: PresentedTable['part'],
): PresentedTable[] {
  if (views.length === 0) return [];
  const spec: [
    TableId,
    'hoursByMonth' | 'hoursByCategory' | 'activeByAge',
    'hours' | 'people',
    Parameters<Labeller>[0],
  ][] = [
    ['area-hours-by-month', 'hoursByMonth', 'hours', 'month'],
    ['area-hours-by-category', 'hoursByCategory', 'hours', 'category'],
    ['area-active-by-age', 'activeByAge', 'people', 'age'],
  ];
  return spec.map(([id, key, unit, colKind]) => ({
    id,
    part,
    title: t(`reports.table.${id}` as MessageKey),
    period,
    unit,
    corner: t('reports.corner.area'),
    cols: views[0]![key].labels.map((c) => label(colKind, c)),
    rows: views.map((v) => ({
      label: label('area', v.areaId),
      cells: v[key].cells,
      total: v[key].total,
    })),
    colTotals: null,
    total: null,
  }));
}

export interface Bar {
  label: string;
  cell: Cell;
}

/** What a table's chart draws: its rows' totals, or for a view of areas the first area's cells. */
export function chartBars(table: PresentedTable): Bar[] {
  if (table.colTotals) return table.rows.map((r) => ({ label: r.label, cell: r.total }));
  const first = table.rows[0];
  return first ? table.cols.map((c, i) => ({ label: c, cell: first.cells[i]! })) : [];
}
