// Primary and secondary suppression of a list with a total (1-D) and of a table with row and
// column totals (2-D). Guarantee (tested by property in disclosure.test.ts): no suppressed
// entry, totals included, can be worked out exactly from the published entries by any
// combination of the table's additive relations, and every published value is the true one.
//
// 2-D method: see the table with its margins as an (R+1)x(C+1) grid in which every row and
// every column adds up (interior cells to their total, the totals to the grand total). The
// hidden entries form a bipartite graph (row lines, column lines). A hidden entry can be
// solved for exactly if and only if it is a bridge of that graph (it lies on no cycle). So
// after primary suppression, every bridge is closed into a cycle by also hiding the cheapest
// path of published entries between its two ends (the smallest values, avoiding zeros).
import { assertThreshold, type Cell, hidden, published, type SuppressionReason } from './rules.ts';

export interface ListInput {
  labels: readonly string[];
  /** Non-negative values (counts, or minutes). */
  values: readonly number[];
  /** People behind each value (default: the values, for counts of people). */
  people?: readonly number[];
  /** People behind the total (default: the sum of `people`; give it when one person can be in several cells). */
  totalPeople?: number;
}

export interface ProtectedList {
  labels: string[];
  cells: Cell[];
  total: Cell;
  threshold: number;
}

export interface TableInput {
  rows: readonly string[];
  cols: readonly string[];
  /** values[row][col], non-negative. */
  values: readonly (readonly number[])[];
  /** People behind each cell and total (defaults: the values, and sums of them). */
  people?: {
    cells: readonly (readonly number[])[];
    rowTotals?: readonly number[];
    colTotals?: readonly number[];
    total?: number;
  };
}

export interface ProtectedTable {
  rows: string[];
  cols: string[];
  cells: Cell[][];
  rowTotals: Cell[];
  colTotals: Cell[];
  total: Cell;
  threshold: number;
}

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);
const isSensitive = (people: number, threshold: number) => people > 0 && people < threshold;

function assertValues(values: readonly number[], what: string): void {
  for (const v of values)
    if (!Number.isFinite(v) || v < 0)
      throw new RangeError(`${what}: values must be finite and non-negative, not ${v}`);
}

/** Suppresses a list with its total (e.g. hours by category): primary, then one complement
 * when exactly one entry of the list-and-total would be hidden. */
export function protectList(input: ListInput, threshold: number): ProtectedList {
  assertThreshold(threshold);
  const { labels, values } = input;
  if (labels.length !== values.length)
    throw new RangeError('protectList: labels and values differ in length');
  assertValues(values, 'protectList');
  const people = input.people ?? values;
  if (people.length !== values.length)
    throw new RangeError('protectList: people and values differ in length');
  const totalPeople = input.totalPeople ?? sum(people);
  const out: ProtectedList = {
    labels: [...labels],
    cells: [],
    total: published(sum(values)),
    threshold,
  };
  if (isSensitive(totalPeople, threshold)) {
    return { ...out, cells: values.map(() => hidden('population')), total: hidden('population') };
  }
  const reasons: (SuppressionReason | null)[] = people.map((p) =>
    isSensitive(p, threshold) ? 'primary' : null,
  );
  let totalReason: SuppressionReason | null = null;
  if (reasons.filter(Boolean).length === 1) {
    const i = cheapestPublished(values, reasons);
    if (i === null) totalReason = 'secondary';
    else reasons[i] = 'secondary';
  }
  out.cells = values.map((v, i) => {
    const r = reasons[i];
    return r ? hidden(r) : published(v);
  });
  if (totalReason) out.total = hidden(totalReason);
  return out;
}

/** The published entry to hide beside a lone hidden one: the smallest non-zero, else a zero. */
function cheapestPublished(
  values: readonly number[],
  reasons: readonly (SuppressionReason | null)[],
): number | null {
  let best: number | null = null;
  for (let i = 0; i < values.length; i++) {
    if (reasons[i]) continue;
    if (best === null || cost(values[i]!) < cost(values[best]!)) best = i;
  }
  return best;
}

/** The cost of hiding a published value: its size, and zeros last (a hidden zero is weak cover,
 * since a reader may know the cell is structurally empty). */
const cost = (v: number) => (v > 0 ? v + 1 : 1e12);

/** Suppresses a 2-D table with row totals, column totals and a grand total. */
/** Margins a table must hide whatever its own cells need: the totals it shares with another
 * table of the same report that the other one hid (see protectLinked). */
export interface ForcedMargins {
  rowTotals?: readonly boolean[];
  colTotals?: readonly boolean[];
  total?: boolean;
}

export function protectTable(input: TableInput, threshold: number, forced: ForcedMargins = {}): ProtectedTable {
  assertThreshold(threshold);
  const grid = fullGrid(input);
  const R = input.rows.length;
  const C = input.cols.length;
  const reasons: (SuppressionReason | null)[][] = grid.people.map((row) =>
    row.map((p) => (isSensitive(p, threshold) ? 'primary' : null)),
  );
  for (let i = 0; i < R; i++) if (forced.rowTotals?.[i]) reasons[i]![C] ??= 'secondary';
  for (let j = 0; j < C; j++) if (forced.colTotals?.[j]) reasons[R]![j] ??= 'secondary';
  if (forced.total) reasons[R]![C] ??= 'secondary';
  if (isSensitive(grid.people[R]![C]!, threshold)) {
    for (const row of reasons) row.fill('population');
  } else {
    closeBridges(grid.values, reasons);
  }
  const cell = (i: number, j: number): Cell => {
    const r = reasons[i]![j];
    return r ? hidden(r) : published(grid.values[i]![j]!);
  };
  return {
    rows: [...input.rows],
    cols: [...input.cols],
    cells: input.rows.map((_, i) => input.cols.map((_, j) => cell(i, j))),
    rowTotals: input.rows.map((_, i) => cell(i, C)),
    colTotals: input.cols.map((_, j) => cell(R, j)),
    total: cell(R, C),
    threshold,
  };
}

/**
 * Two tables of one report that share a margin: the column totals of `a` are the row totals of
 * `b` (the same figures in the same order, such as the hours per area of "hours by month x area"
 * and "hours by area x category"), and so are their grand totals. Protected one by one, a total
 * one of them hid could be published by the other and, read beside it, give its hidden cells
 * away. So both are protected, every shared total either hid is then hidden in both and both
 * are protected again, until they agree (the hidden shared totals only grow, so this ends).
 * Their interior cells are otherwise unrelated, so no hidden entry of either can then be worked
 * out from the two together.
 */
export function protectLinked(a: TableInput, b: TableInput, threshold: number): [ProtectedTable, ProtectedTable] {
  if (a.cols.length !== b.rows.length || a.cols.some((k, i) => k !== b.rows[i]))
    throw new RangeError('protectLinked: the columns of the first table must be the rows of the second');
  let shared = a.cols.map(() => false);
  let total = false;
  for (;;) {
    const pa = protectTable(a, threshold, { colTotals: shared, total });
    const pb = protectTable(b, threshold, { rowTotals: shared, total });
    const nextShared = shared.map((_, k) => pa.colTotals[k]!.suppressed || pb.rowTotals[k]!.suppressed);
    const nextTotal = pa.total.suppressed || pb.total.suppressed;
    if (nextTotal === total && nextShared.every((h, k) => h === shared[k])) return [pa, pb];
    shared = nextShared;
    total = nextTotal;
  }
}

/** The table with its margins: row R holds the column totals, column C the row totals. */
function fullGrid(input: TableInput): { values: number[][]; people: number[][] } {
  const R = input.rows.length;
  const C = input.cols.length;
  if (R === 0 || C === 0)
    throw new RangeError('protectTable: a table needs at least one row and one column');
  if (input.values.length !== R || input.values.some((r) => r.length !== C))
    throw new RangeError('protectTable: values do not match rows x cols');
  for (const r of input.values) assertValues(r, 'protectTable');
  const withMargins = (
    m: readonly (readonly number[])[],
    rowT?: readonly number[],
    colT?: readonly number[],
    total?: number,
  ) => {
    const g = m.map((r, i) => [...r, rowT?.[i] ?? sum(r)]);
    const bottom = Array.from({ length: C }, (_, j) => colT?.[j] ?? sum(m.map((r) => r[j]!)));
    g.push([...bottom, total ?? sum(bottom)]);
    return g;
  };
  const values = withMargins(input.values);
  const p = input.people;
  if (p && (p.cells.length !== R || p.cells.some((r) => r.length !== C)))
    throw new RangeError('protectTable: people do not match rows x cols');
  const people = p ? withMargins(p.cells, p.rowTotals, p.colTotals, p.total) : values;
  return { values, people };
}

/** Hides more entries until no hidden entry is a bridge of the hidden-entry graph. Adding
 * edges never makes a bridge, so each round removes at least one and the loop ends. */
function closeBridges(values: number[][], reasons: (SuppressionReason | null)[][]): void {
  for (;;) {
    const bridge = findBridge(reasons);
    if (!bridge) return;
    for (const [i, j] of cheapestPath(values, reasons, bridge)) reasons[i]![j] ??= 'secondary';
  }
}

/** A hidden entry whose row line and column line are not otherwise connected by hidden entries. */
function findBridge(reasons: (SuppressionReason | null)[][]): [number, number] | null {
  const rows = reasons.length;
  const cols = reasons[0]!.length;
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      if (reasons[i]![j] && !connectedWithout(reasons, i, j)) return [i, j];
    }
  }
  return null;
}

/** Is row line i connected to column line j through hidden entries other than (i, j)? */
function connectedWithout(
  reasons: (SuppressionReason | null)[][],
  i0: number,
  j0: number,
): boolean {
  const rows = reasons.length;
  const cols = reasons[0]!.length;
  const seenRow = new Array<boolean>(rows).fill(false);
  const seenCol = new Array<boolean>(cols).fill(false);
  const queue: number[] = [i0];
  seenRow[i0] = true;
  while (queue.length > 0) {
    const i = queue.pop()!;
    for (let j = 0; j < cols; j++) {
      if (seenCol[j] || !reasons[i]![j] || (i === i0 && j === j0)) continue;
      if (j === j0) return true;
      seenCol[j] = true;
      for (let k = 0; k < rows; k++) {
        if (!seenRow[k] && reasons[k]![j] && !(k === i0 && j === j0)) {
          seenRow[k] = true;
          queue.push(k);
        }
      }
    }
  }
  return false;
}

/** The cheapest path from column line j0 to row line i0 that avoids the entry (i0, j0):
 * hidden entries cost nothing, published ones their `cost`. Dijkstra on at most R+C+2 nodes. */
function cheapestPath(
  values: number[][],
  reasons: (SuppressionReason | null)[][],
  [i0, j0]: [number, number],
): [number, number][] {
  const rows = values.length;
  const cols = values[0]!.length;
  const n = rows + cols; // nodes: rows 0..rows-1, then columns
  const dist = new Array<number>(n).fill(Number.POSITIVE_INFINITY);
  const prev = new Array<number>(n).fill(-1);
  const done = new Array<boolean>(n).fill(false);
  dist[rows + j0] = 0;
  const weight = (i: number, j: number) =>
    i === i0 && j === j0 ? Number.POSITIVE_INFINITY : reasons[i]![j] ? 0 : cost(values[i]![j]!);
  for (;;) {
    let u = -1;
    for (let v = 0; v < n; v++)
      if (!done[v] && dist[v]! < Number.POSITIVE_INFINITY && (u < 0 || dist[v]! < dist[u]!)) u = v;
    if (u < 0 || u === i0) break;
    done[u] = true;
    const isRow = u < rows;
    for (let v = isRow ? rows : 0; v < (isRow ? n : rows); v++) {
      const w = isRow ? weight(u, v - rows) : weight(v, u - rows);
      if (dist[u]! + w < dist[v]!) {
        dist[v] = dist[u]! + w;
        prev[v] = u;
      }
    }
  }
  if (!done[i0] && dist[i0] === Number.POSITIVE_INFINITY)
    throw new Error(
      'protectTable: no path closes a bridge (a 1-row or 1-column table? use protectList)',
    );
  const path: [number, number][] = [];
  for (let v = i0; prev[v]! >= 0; v = prev[v]!) {
    const u = prev[v]!;
    path.push(v < rows ? [v, u - rows] : [u, v - rows]);
  }
  return path;
}
