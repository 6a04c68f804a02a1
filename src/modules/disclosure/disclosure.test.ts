import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../lib/errors.ts';
import {
  type Cell,
  DEFAULT_RULES,
  determinedEntries,
  mean,
  methodStatement,
  type LinearView,
  primary,
  protectLinked,
  protectList,
  protectTable,
  SUPPRESSED_MARKER,
  subtractionAttack,
  validateRules,
  viewOfList,
  viewOfTable,
} from './index.ts';

const RUNS = { numRuns: 150, seed: 20261127 };
/** Values with many small numbers and zeros, as real small-area tables have. */
const value = fc.oneof(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 60 }));
const table = fc
  .record({
    r: fc.integer({ min: 1, max: 6 }),
    c: fc.integer({ min: 1, max: 6 }),
    threshold: fc.integer({ min: 3, max: 10 }),
  })
  .chain(({ r, c, threshold }) =>
    fc.record({
      threshold: fc.constant(threshold),
      values: fc.array(fc.array(value, { minLength: c, maxLength: c }), {
        minLength: r,
        maxLength: r,
      }),
    }),
  );

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const truthOf = (values: number[][]) => {
  const grid = values.map((r) => [...r, sum(r)]);
  const bottom = values[0]!.map((_, j) => sum(values.map((r) => r[j]!)));
  return [...grid, [...bottom, sum(bottom)]].flat();
};

describe('primary suppression and means', () => {
  it('hides counts from 1 to threshold-1 and publishes 0 and the threshold or more', () => {
    expect(primary(0, 5)).toEqual({ value: 0, suppressed: false, reason: null });
    expect(primary(1, 5)).toEqual({ value: null, suppressed: true, reason: 'primary' });
    expect(primary(4, 5).suppressed).toBe(true);
    expect(primary(5, 5)).toEqual({ value: 5, suppressed: false, reason: null });
    // minutes given by 3 people: hidden however many minutes
    expect(primary(900, 5, 3).suppressed).toBe(true);
  });

  it('publishes a mean only over 10 or more people and refuses a lower floor', () => {
    expect(mean(90, 9).suppressed).toBe(true);
    expect(mean(75, 10)).toEqual({ value: 7.5, suppressed: false, reason: null });
    expect(() => mean(10, 20, 5)).toThrow(RangeError);
  });

  it('refuses thresholds out of range with the path of each bad field', () => {
    expect(validateRules({ ...DEFAULT_RULES })).toEqual(DEFAULT_RULES);
    try {
      validateRules({ countMin: 2, wellbeingMin: 10, meanMinPeople: 9 }, '/body');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(DomainError);
      expect((e as DomainError).details.fields!.map((f) => f.path)).toEqual([
        '/body/countMin',
        '/body/meanMinPeople',
      ]);
    }
    expect(() => validateRules({ countMin: 8, wellbeingMin: 6, meanMinPeople: 10 })).toThrow(
      /wellbeingMin/,
    );
  });

  it('states the method in English and Polish with the thresholds used', () => {
    const en = methodStatement({ countMin: 7, wellbeingMin: 12, meanMinPeople: 15 }, 'en').join(
      ' ',
    );
    expect(en).toContain('fewer than 7 people');
    expect(en).toContain('12 for wellbeing');
    expect(en).toContain(SUPPRESSED_MARKER);
    const pl = methodStatement(DEFAULT_RULES, 'pl').join(' ');
    expect(pl).toContain('mniej niż 5 osobach');
    expect(pl).toContain('ukrycie wtórne');
  });
});

describe('secondary suppression', () => {
  it('the checker finds what primary suppression alone leaks (so it is not vacuous)', () => {
    // 3 is hidden, but 20 - 9 - 8 = 3 along the row.
    const naive = {
      rows: ['a'],
      cols: ['x', 'y', 'z'],
      cells: [[primary(9, 5), primary(3, 5), primary(8, 5)]],
      rowTotals: [primary(20, 5)],
      colTotals: [primary(9, 5), primary(3, 5), primary(8, 5)],
      total: primary(20, 5),
      threshold: 5,
    };
    const view = viewOfTable(naive);
    expect([...subtractionAttack(view).values()]).toContain(3);
    expect(determinedEntries(view).length).toBeGreaterThan(0);
  });

  it('hides a second cell in a list whose total is published, the smallest non-zero one', () => {
    const l = protectList({ labels: ['a', 'b', 'c', 'd'], values: [30, 2, 0, 11] }, 5);
    expect(l.cells.map((c) => c.reason)).toEqual([null, 'primary', null, 'secondary']);
    expect(l.total).toEqual({ value: 43, suppressed: false, reason: null });
    expect(subtractionAttack(viewOfList(l)).size).toBe(0);
  });

  it('hides everything, zeros too, when the whole table covers fewer people than the threshold', () => {
    const l = protectList({ labels: ['a', 'b', 'c'], values: [2, 0, 1] }, 5);
    expect([...l.cells, l.total].every((c) => c.suppressed && c.reason === 'population')).toBe(
      true,
    );
    const t = protectTable(
      {
        rows: ['r1', 'r2'],
        cols: ['c1', 'c2'],
        values: [
          [1, 0],
          [0, 2],
        ],
      },
      5,
    );
    expect(
      [...t.cells.flat(), ...t.rowTotals, ...t.colTotals, t.total].every(
        (c) => c.reason === 'population',
      ),
    ).toBe(true);
  });

  it('hides a small row total and protects it through the column of totals', () => {
    // Row b has 3 people in all: its total is itself small.
    const t = protectTable(
      {
        rows: ['a', 'b', 'c'],
        cols: ['x', 'y'],
        values: [
          [10, 12],
          [0, 3],
          [8, 9],
        ],
      },
      5,
    );
    expect(t.rowTotals[1]!.suppressed).toBe(true);
    expect(t.cells[1]![1]!.reason).toBe('primary');
    expect(determinedEntries(viewOfTable(t))).toEqual([]);
  });

  it('closes a hidden cell that subtraction along lines misses: one linking two hidden blocks', () => {
    // Two blocks of small cells, and (a, y) = 2 linking them: every line then has two or more
    // hidden cells, yet (a, y) = rows a+b - columns w+x, so it is pinned down exactly.
    const values = [
      [2, 3, 2, 60],
      [4, 1, 70, 80],
      [90, 95, 2, 4],
      [85, 99, 3, 1],
    ];
    const rows = ['a', 'b', 'c', 'd'];
    const cols = ['w', 'x', 'y', 'z'];
    const p = (v: number) => primary(v, 5);
    const sums = (m: number[][]) => m.map((r) => r.reduce((a, b) => a + b, 0));
    const colSums = sums(values[0]!.map((_, j) => values.map((r) => r[j]!)));
    const naive = {
      rows,
      cols,
      cells: values.map((r) => r.map(p)),
      rowTotals: sums(values).map(p),
      colTotals: colSums.map(p),
      total: p(sum(colSums)),
      threshold: 5,
    };
    expect(subtractionAttack(viewOfTable(naive)).size).toBe(0);
    expect(determinedEntries(viewOfTable(naive))).toEqual([2]);
    const t = protectTable({ rows, cols, values }, 5);
    expect(t.cells.flat().filter((c) => c.reason === 'secondary').length).toBeGreaterThan(0);
    expect(determinedEntries(viewOfTable(t))).toEqual([]);
  });

  it('for random tables, publishes only true values and no hidden entry can be worked out', () => {
    fc.assert(
      fc.property(table, ({ values, threshold }) => {
        const t = protectTable(
          { rows: values.map((_, i) => `r${i}`), cols: values[0]!.map((_, j) => `c${j}`), values },
          threshold,
        );
        const view = viewOfTable(t);
        const truth = truthOf(values);
        view.entries.forEach((v, k) => {
          if (v !== null) expect(v).toBe(truth[k]);
        });
        // every small count is hidden
        truth.forEach((v, k) => {
          if (v > 0 && v < threshold) expect(view.entries[k]).toBeNull();
        });
        expect(subtractionAttack(view).size).toBe(0);
        expect(determinedEntries(view)).toEqual([]);
      }),
      RUNS,
    );
  });

  it('protects two tables sharing a margin jointly: no hidden entry of either can be worked out from both', () => {
    // Records (month, area, category, value): "month x area" and "area x category" share the
    // totals per area and the grand total, as the dashboard's two hours tables do.
    const records = fc.record({
      months: fc.integer({ min: 1, max: 4 }),
      areas: fc.integer({ min: 1, max: 4 }),
      cats: fc.integer({ min: 1, max: 4 }),
      threshold: fc.integer({ min: 3, max: 10 }),
      items: fc.array(fc.tuple(fc.nat(3), fc.nat(3), fc.nat(3), value), { minLength: 1, maxLength: 30 }),
    });
    fc.assert(
      fc.property(records, ({ months, areas, cats, threshold, items }) => {
        const a = Array.from({ length: months }, () => new Array<number>(areas).fill(0));
        const b = Array.from({ length: areas }, () => new Array<number>(cats).fill(0));
        for (const [m, ar, c, v] of items) {
          a[m % months]![ar % areas]! += v;
          b[ar % areas]![c % cats]! += v;
        }
        const names = (n: number, p: string) => Array.from({ length: n }, (_, i) => `${p}${i}`);
        const [pa, pb] = protectLinked(
          { rows: names(months, 'm'), cols: names(areas, 'a'), values: a },
          { rows: names(areas, 'a'), cols: names(cats, 'c'), values: b },
          threshold,
        );
        // The shared totals are hidden in both or in neither.
        for (let k = 0; k < areas; k++) expect(pa.colTotals[k]!.suppressed).toBe(pb.rowTotals[k]!.suppressed);
        expect(pa.total.suppressed).toBe(pb.total.suppressed);
        // The two tables read together, with their shared totals equal: nothing hidden is pinned down.
        const va = viewOfTable(pa);
        const vb = viewOfTable(pb);
        const off = va.entries.length;
        const colTotalA = (j: number) => months * (areas + 1) + j;
        const rowTotalB = (i: number) => off + i * (cats + 1) + cats;
        const joint: LinearView = {
          entries: [...va.entries, ...vb.entries],
          relations: [
            ...va.relations,
            ...vb.relations.map((rel) => rel.map((t) => ({ entry: t.entry + off, coeff: t.coeff }))),
            ...Array.from({ length: areas }, (_, k) => [
              { entry: colTotalA(k), coeff: 1 as const },
              { entry: rowTotalB(k), coeff: -1 as const },
            ]),
            [
              { entry: months * (areas + 1) + areas, coeff: 1 as const },
              { entry: off + areas * (cats + 1) + cats, coeff: -1 as const },
            ],
          ],
        };
        expect(determinedEntries(joint)).toEqual([]);
      }),
      RUNS,
    );
  });

  it('for random lists, publishes only true values and no hidden entry can be worked out', () => {
    const list = fc.record({
      values: fc.array(value, { minLength: 1, maxLength: 12 }),
      threshold: fc.integer({ min: 3, max: 10 }),
    });
    fc.assert(
      fc.property(list, ({ values, threshold }) => {
        const l = protectList({ labels: values.map((_, i) => `l${i}`), values }, threshold);
        const entries: Cell[] = [...l.cells, l.total];
        const truth = [...values, sum(values)];
        entries.forEach((c, k) => {
          if (!c.suppressed) expect(c.value).toBe(truth[k]);
          if (truth[k]! > 0 && truth[k]! < threshold) expect(c.suppressed).toBe(true);
        });
        expect(subtractionAttack(viewOfList(l)).size).toBe(0);
        expect(determinedEntries(viewOfList(l))).toEqual([]);
      }),
      RUNS,
    );
  });

  it('decides on the people behind a cell, not its value, for minutes', () => {
    const t = protectTable(
      {
        rows: ['jan', 'feb'],
        cols: ['north', 'south'],
        values: [
          [600, 240],
          [900, 720],
        ],
        people: {
          cells: [
            [8, 2],
            [9, 7],
          ],
        },
      },
      5,
    );
    expect(t.cells[0]![1]!.reason).toBe('primary');
    expect(t.cells.flat().filter((c) => c.suppressed).length).toBeGreaterThanOrEqual(2);
    expect(determinedEntries(viewOfTable(t))).toEqual([]);
  });
});
