// An intruder's tools, to check protected tables: they try to work out hidden entries from
// what a table publishes and the fact that its rows and columns add up to their totals.
// Used by the property tests, and usable by any module that publishes a table.
import type { Cell } from './rules.ts';
import type { ProtectedList, ProtectedTable } from './tables.ts';

/** A published table seen as entries and additive relations (Σ coeff·entry = 0). */
export interface LinearView {
  entries: (number | null)[];
  relations: { entry: number; coeff: 1 | -1 }[][];
}

export function viewOfTable(t: ProtectedTable): LinearView {
  const R = t.rows.length;
  const C = t.cols.length;
  const grid: Cell[][] = [
    ...t.cells.map((row, i) => [...row, t.rowTotals[i]!]),
    [...t.colTotals, t.total],
  ];
  const id = (i: number, j: number) => i * (C + 1) + j;
  const relations: LinearView['relations'] = [];
  for (let i = 0; i <= R; i++)
    relations.push([
      ...Array.from({ length: C }, (_, j) => ({ entry: id(i, j), coeff: 1 as const })),
      { entry: id(i, C), coeff: -1 },
    ]);
  for (let j = 0; j <= C; j++)
    relations.push([
      ...Array.from({ length: R }, (_, i) => ({ entry: id(i, j), coeff: 1 as const })),
      { entry: id(R, j), coeff: -1 },
    ]);
  return { entries: grid.flat().map((c) => c.value), relations };
}

export function viewOfList(l: ProtectedList): LinearView {
  const n = l.cells.length;
  const relations: LinearView['relations'] = [
    [...l.cells.map((_, i) => ({ entry: i, coeff: 1 as const })), { entry: n, coeff: -1 }],
  ];
  return { entries: [...l.cells.map((c) => c.value), l.total.value], relations };
}

/** Subtraction along rows and columns, repeated while it finds anything: each relation with a
 * single hidden entry gives that entry. Returns what it recovered (entry index → value). */
export function subtractionAttack(view: LinearView): Map<number, number> {
  const known = view.entries.slice();
  const found = new Map<number, number>();
  let progress = true;
  while (progress) {
    progress = false;
    for (const rel of view.relations) {
      const unknown = rel.filter((t) => known[t.entry] === null);
      if (unknown.length !== 1) continue;
      const u = unknown[0]!;
      const rest = rel.reduce((s, t) => (t === u ? s : s + t.coeff * known[t.entry]!), 0);
      known[u.entry] = -rest / u.coeff;
      found.set(u.entry, known[u.entry]!);
      progress = true;
    }
  }
  return found;
}

/** Every hidden entry that any linear combination of the relations pins down exactly (exact
 * Gauss-Jordan elimination over the rationals, in BigInt). Stronger than subtraction. */
export function determinedEntries(view: LinearView): number[] {
  const unknowns = view.entries.flatMap((v, i) => (v === null ? [i] : []));
  const col = new Map(unknowns.map((e, k) => [e, k]));
  const rows: bigint[][] = view.relations
    .map((rel) => {
      const r = new Array<bigint>(unknowns.length).fill(0n);
      for (const t of rel) if (col.has(t.entry)) r[col.get(t.entry)!]! += BigInt(t.coeff);
      return r;
    })
    .filter((r) => r.some((x) => x !== 0n));
  const pivots = gaussJordan(rows, unknowns.length);
  const out: number[] = [];
  for (const [k, r] of pivots) {
    if (rows[r]!.every((x, c) => c === k || x === 0n)) out.push(unknowns[k]!);
  }
  return out;
}

/** Reduces `rows` in place; returns pivot column → row. */
function gaussJordan(rows: bigint[][], width: number): Map<number, number> {
  const pivots = new Map<number, number>();
  let next = 0;
  for (let c = 0; c < width && next < rows.length; c++) {
    const p = rows.findIndex((r, i) => i >= next && r[c] !== 0n);
    if (p < 0) continue;
    [rows[next], rows[p]] = [rows[p]!, rows[next]!];
    const pr = rows[next]!;
    for (let i = 0; i < rows.length; i++) {
      if (i === next || rows[i]![c] === 0n) continue;
      const a = rows[i]![c]!;
      rows[i] = normalise(rows[i]!.map((x, k) => x * pr[c]! - pr[k]! * a));
    }
    pivots.set(c, next);
    next++;
  }
  return pivots;
}

function normalise(r: bigint[]): bigint[] {
  let g = 0n;
  for (const x of r) g = gcd(g, x < 0n ? -x : x);
  return g > 1n ? r.map((x) => x / g) : r;
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}
