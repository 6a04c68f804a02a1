// The reports dashboard as protected tables: hours by month and area, hours by area and
// category, active members by area and age band, flows between timebanks. Built from
// aggregate rows (queries.ts) and passed whole through the disclosure library, so every
// figure a commissioner sees is published, suppressed or hidden as one table. An area filter
// is a view of the protected tables (a row or column and its total), never a table of its own,
// so comparing views cannot undo the suppression; a view covering fewer people than the
// threshold publishes nothing.
import {
  type Cell,
  hidden,
  type ProtectedList,
  type ProtectedTable,
  protectLinked,
  protectTable,
  type TableInput,
} from '../disclosure/index.ts';
import type { ActivityRow, FlowRow, StarRow } from './queries.ts';

export const AGE_BANDS = [
  'under_18',
  '18_24',
  '25_49',
  '50_64',
  '65_74',
  '75_plus',
  'unknown',
] as const;
export type AgeBand = (typeof AGE_BANDS)[number];
/** The column of members with no area. */
export const NO_AREA = 'none';

export function ageBand(birthYear: number | null, year: number): AgeBand {
  if (birthYear === null) return 'unknown';
  const age = year - birthYear;
  if (age < 18) return 'under_18';
  if (age < 25) return '18_24';
  if (age < 50) return '25_49';
  if (age < 65) return '50_64';
  if (age < 75) return '65_74';
  return '75_plus';
}

export interface DashboardTables {
  /** Minutes given, months x areas; people = distinct members who gave. */
  hoursByMonthArea: ProtectedTable;
  /** Minutes given, areas x categories. */
  hoursByAreaCategory: ProtectedTable;
  /** Members who gave or received, areas x age bands. */
  activeByAreaAge: ProtectedTable;
  /** Minutes earned across timebanks, paying timebank x earning timebank (network reports only). */
  flows: ProtectedTable | null;
  /** Minutes given in tagged exchanges and activities, Co-Production Star modes x areas (an hour
   * with two modes counts in both); people = distinct givers. */
  hoursByStarArea: ProtectedTable;
}

/** The four ways of co-producing, in the Star's order. */
export const STAR_MODES = ['co_commissioning', 'co_design', 'co_delivery', 'co_assessment'] as const;

export interface AreaView {
  areaId: string;
  hoursByMonth: ProtectedList;
  hoursByCategory: ProtectedList;
  activeByAge: ProtectedList;
}

/** Keys of a 2-D aggregation, with the sum of values and the distinct people per cell and margin. */
export class Tally {
  private readonly value = new Map<string, number>();
  private readonly people = new Map<string, Set<string>>();
  add(r: string, c: string, v: number, who: string): void {
    for (const k of [`${r}\u0000${c}`, `${r}\u0000*`, `*\u0000${c}`, '*\u0000*']) {
      this.value.set(k, (this.value.get(k) ?? 0) + v);
      const s = this.people.get(k) ?? new Set<string>();
      s.add(who);
      this.people.set(k, s);
    }
  }
  v = (r: string, c: string) => this.value.get(`${r}\u0000${c}`) ?? 0;
  n = (r: string, c: string) => this.people.get(`${r}\u0000${c}`)?.size ?? 0;
}

/** Protects a tally as a table; a table with no rows or columns publishes a zero total. */
export function protect(
  t: Tally,
  rows: string[],
  cols: string[],
  threshold: number,
): ProtectedTable {
  if (rows.length === 0 || cols.length === 0) {
    return {
      rows,
      cols,
      cells: rows.map(() => []),
      rowTotals: rows.map(() => zero()),
      colTotals: cols.map(() => zero()),
      total: zero(),
      threshold,
    };
  }
  return protectTable(inputOf(t, rows, cols), threshold);
}

/** A tally as the disclosure library's table: values, and the people behind each cell and margin. */
function inputOf(t: Tally, rows: string[], cols: string[]): TableInput {
  return {
    rows,
    cols,
    values: rows.map((r) => cols.map((c) => t.v(r, c))),
    people: {
      cells: rows.map((r) => cols.map((c) => t.n(r, c))),
      rowTotals: rows.map((r) => t.n(r, '*')),
      colTotals: cols.map((c) => t.n('*', c)),
      total: t.n('*', '*'),
    },
  };
}

const zero = (): Cell => ({ value: 0, suppressed: false, reason: null });

export interface BuildInput {
  rows: ActivityRow[];
  flows: FlowRow[] | null;
  star: StarRow[];
  months: string[];
  areaIds: string[];
  timebankIds: string[];
  year: number;
  threshold: number;
}

export function buildTables(input: BuildInput): DashboardTables {
  const { rows, months, threshold } = input;
  const areas = [...input.areaIds, NO_AREA];
  const monthArea = new Tally();
  const areaCategory = new Tally();
  const areaAge = new Tally();
  const categories = new Set<string>();
  const counted = new Set<string>();
  for (const r of rows) {
    const area = r.area_id ?? NO_AREA;
    // a member counts once, in their area and age band, however many rows they have
    if (!counted.has(r.member_id))
      areaAge.add(area, ageBand(r.birth_year, input.year), 1, r.member_id);
    counted.add(r.member_id);
    if (r.side !== 'gave') continue;
    monthArea.add(r.month, area, r.minutes, r.member_id);
    areaCategory.add(area, r.category, r.minutes, r.member_id);
    categories.add(r.category);
  }
  // The two hours tables share the hours per area and in all: protected jointly.
  const cats = [...categories].sort();
  const [hoursByMonthArea, hoursByAreaCategory] =
    months.length > 0 && cats.length > 0
      ? protectLinked(inputOf(monthArea, months, areas), inputOf(areaCategory, areas, cats), threshold)
      : [protect(monthArea, months, areas, threshold), protect(areaCategory, areas, cats, threshold)];
  return {
    hoursByMonthArea,
    hoursByAreaCategory,
    activeByAreaAge: protect(areaAge, areas, [...AGE_BANDS], threshold),
    flows: input.flows ? protectFlows(input.flows, input.timebankIds, threshold) : null,
    hoursByStarArea: protectStar(input.star, areas, threshold),
  };
}

function protectStar(rows: StarRow[], areas: string[], threshold: number): ProtectedTable {
  const t = new Tally();
  for (const r of rows) t.add(r.mode, r.area_id ?? NO_AREA, r.minutes, r.member_id);
  return protect(t, [...STAR_MODES], areas, threshold);
}

function protectFlows(flows: FlowRow[], timebankIds: string[], threshold: number): ProtectedTable {
  const t = new Tally();
  for (const f of flows) t.add(f.from_timebank_id, f.to_timebank_id, f.minutes, f.person_id);
  return protect(t, timebankIds, timebankIds, threshold);
}

/** The months 'YYYY-MM' from the month of `from` to the month of the last day before `to`. */
export function monthsBetween(from: Date, to: Date): string[] {
  const out: string[] = [];
  const last = new Date(to.getTime() - 1);
  const end = last.getUTCFullYear() * 12 + last.getUTCMonth();
  for (let m = from.getUTCFullYear() * 12 + from.getUTCMonth(); m <= end; m++) {
    out.push(`${Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}`);
  }
  return out;
}

/** Row or column `key` of a protected table as a list with its total. A view whose people
 * are fewer than the threshold publishes nothing, zeros included. */
function sliceOf(
  t: ProtectedTable,
  key: string,
  along: 'row' | 'col',
  people: number,
): ProtectedList {
  const i = (along === 'row' ? t.rows : t.cols).indexOf(key);
  if (i < 0) throw new RangeError(`no ${along} ${key}`);
  const labels = along === 'row' ? t.cols : t.rows;
  const cells = along === 'row' ? t.cells[i]! : t.cells.map((r) => r[i]!);
  const total = along === 'row' ? t.rowTotals[i]! : t.colTotals[i]!;
  if (people > 0 && people < t.threshold) {
    return {
      labels: [...labels],
      cells: cells.map(() => hidden('population')),
      total: hidden('population'),
      threshold: t.threshold,
    };
  }
  return { labels: [...labels], cells: [...cells], total, threshold: t.threshold };
}

/** The dashboard seen through one area: views of the protected tables. */
export function areaView(tables: DashboardTables, rows: ActivityRow[], areaId: string): AreaView {
  const inArea = rows.filter((r) => (r.area_id ?? NO_AREA) === areaId);
  const givers = new Set(inArea.filter((r) => r.side === 'gave').map((r) => r.member_id)).size;
  const active = new Set(inArea.map((r) => r.member_id)).size;
  return {
    areaId,
    hoursByMonth: sliceOf(tables.hoursByMonthArea, areaId, 'col', givers),
    hoursByCategory: sliceOf(tables.hoursByAreaCategory, areaId, 'row', givers),
    activeByAge: sliceOf(tables.activeByAreaAge, areaId, 'row', active),
  };
}
