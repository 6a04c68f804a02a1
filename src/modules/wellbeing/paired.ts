// Paired change: the same people before (at joining) and after (3, 6 or 12 months). For each
// measure only the people who answered it both times count. Aggregates only, with the wellbeing
// disclosure rules (disclosure-local.ts). docs/wellbeing.md.
import { Q } from '../socialvalue/rational.ts';
import { type Cell, meanAllowed, suppressCount, suppressDistribution } from './disclosure-local.ts';
import { BELONGING, bandOf, bandsOf, FAVOURS, LONELY_DIRECT, type ScaleId, SCALES } from './instrument.ts';

type Answers = Record<string, number | string | null>;
export type Pair = { before: Answers; after: Answers };

export interface NumericChange {
  measure: string;
  n: Cell;
  meanBefore: number | null;
  meanAfter: number | null;
  meanChange: number | null;
  /** Counts by ONS band, before and after (the ONS4 measures only). */
  bands: { band: string; before: Cell; after: Cell }[];
}

export interface CategoricalChange {
  measure: string;
  n: Cell;
  options: { option: string; before: Cell; after: Cell }[];
}

/** Exact sums behind a numeric measure (never published: the WELLBY engine's input). */
export interface Sums {
  n: number;
  sumChange: number;
}

const num = (v: unknown): number | null => (typeof v === 'number' ? v : null);
const mean = (sum: number, n: number) => Q.of(BigInt(sum), BigInt(n)).toFixed(2);

function loneliness(a: Answers): number | null {
  const items = [num(a.lack_companionship), num(a.left_out), num(a.isolated)];
  return items.every((x) => x !== null) ? (items as number[]).reduce((s, x) => s + x, 0) : null;
}

function valuesOf(pairs: readonly Pair[], pick: (a: Answers) => number | null) {
  return pairs.map((p) => [pick(p.before), pick(p.after)] as const).filter((x): x is readonly [number, number] => x[0] !== null && x[1] !== null);
}

export function numericSums(pairs: readonly Pair[], measure: ScaleId | 'loneliness_score'): Sums {
  const v = valuesOf(pairs, measure === 'loneliness_score' ? loneliness : (a) => num(a[measure]));
  return { n: v.length, sumChange: v.reduce((s, [b, a]) => s + (a - b), 0) };
}

function numeric(pairs: readonly Pair[], measure: ScaleId | 'loneliness_score'): NumericChange {
  const v = valuesOf(pairs, measure === 'loneliness_score' ? loneliness : (a) => num(a[measure]));
  const n = v.length;
  const ok = meanAllowed(n);
  const sumB = v.reduce((s, [b]) => s + b, 0);
  const sumA = v.reduce((s, [, a]) => s + a, 0);
  let bands: NumericChange['bands'] = [];
  if (measure !== 'loneliness_score') {
    const names = bandsOf(measure);
    const count = (i: 0 | 1) => names.map((band) => v.filter((x) => bandOf(measure, x[i]) === band).length);
    const before = suppressDistribution(count(0));
    const after = suppressDistribution(count(1));
    bands = names.map((band, i) => ({ band, before: before[i]!, after: after[i]! }));
  }
  return {
    measure,
    n: suppressCount(n),
    meanBefore: ok ? mean(sumB, n) : null,
    meanAfter: ok ? mean(sumA, n) : null,
    meanChange: ok ? mean(sumA - sumB, n) : null,
    bands,
  };
}

function categorical(pairs: readonly Pair[], measure: 'lonely_direct' | 'belonging' | 'favours', options: readonly string[]): CategoricalChange {
  const v = pairs.map((p) => [p.before[measure], p.after[measure]] as const).filter((x) => x[0] !== null && x[1] !== null);
  const count = (i: 0 | 1) => options.map((o) => v.filter((x) => x[i] === o).length);
  const before = suppressDistribution(count(0));
  const after = suppressDistribution(count(1));
  return { measure, n: suppressCount(v.length), options: options.map((option, i) => ({ option, before: before[i]!, after: after[i]! })) };
}

export function pairedChange(pairs: readonly Pair[]) {
  return {
    numeric: [...SCALES.map((s) => numeric(pairs, s)), numeric(pairs, 'loneliness_score')],
    categorical: [categorical(pairs, 'lonely_direct', LONELY_DIRECT), categorical(pairs, 'belonging', BELONGING), categorical(pairs, 'favours', FAVOURS)],
  };
}

/** Rows of queries.pairs as before/after answer sets. */
export function toPairs(rows: readonly Record<string, unknown>[]): Pair[] {
  return rows.map((r) => {
    const before: Answers = {};
    const after: Answers = {};
    for (const [k, v] of Object.entries(r)) {
      if (k.startsWith('before_')) before[k.slice(7)] = v as number | string | null;
      else if (k.startsWith('after_')) after[k.slice(6)] = v as number | string | null;
    }
    return { before, after };
  });
}
