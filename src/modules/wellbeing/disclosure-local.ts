// disclosure: a local stand-in for the disclosure-control library (issue 8), used until that
// library lands; at merge its functions replace these. Wellbeing data: counts of 1 to 9 people
// are suppressed, a second cell is suppressed where one alone could be worked out from the
// total, and no mean is published over fewer than 10 people.

/** disclosure: the wellbeing threshold (people). */
export const WELLBEING_THRESHOLD = 10;

export interface Cell {
  value: number | null;
  suppressed: boolean;
}

/** disclosure: a published count (1..threshold-1 suppressed; 0 is shown). */
export function suppressCount(n: number, threshold = WELLBEING_THRESHOLD): Cell {
  return n > 0 && n < threshold ? { value: null, suppressed: true } : { value: n, suppressed: false };
}

/**
 * disclosure: the cells of one distribution whose total is published. Primary suppression as
 * suppressCount; when exactly one cell is suppressed it could be recovered by subtraction from
 * the total, so the smallest other non-zero cell is suppressed too.
 */
export function suppressDistribution(counts: readonly number[], threshold = WELLBEING_THRESHOLD): Cell[] {
  const cells = counts.map((n) => suppressCount(n, threshold));
  if (cells.filter((c) => c.suppressed).length === 1) {
    let pick = -1;
    counts.forEach((n, i) => {
      if (!cells[i]!.suppressed && n > 0 && (pick < 0 || n < counts[pick]!)) pick = i;
    });
    if (pick >= 0) cells[pick] = { value: null, suppressed: true };
  }
  return cells;
}

/** disclosure: a mean only over at least `threshold` people. */
export const meanAllowed = (n: number, threshold = WELLBEING_THRESHOLD) => n >= threshold;

export const DISCLOSURE_METHOD =
  'Counts of 1 to 9 people are suppressed; where one suppressed cell could be worked out from the total, a second cell is suppressed; no mean is shown over fewer than 10 people.';
