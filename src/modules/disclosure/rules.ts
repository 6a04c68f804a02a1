// Statistical disclosure control: the rules (thresholds) and the published cell.
// A pure library: no database, no HTTP. See docs/reports.md, "Suppression method".
import { DomainError, type FieldError } from '../../lib/errors.ts';

/** Why a cell is not published. */
export type SuppressionReason =
  /** fewer people than the threshold stand behind it */
  | 'primary'
  /** hidden so that a primary cell cannot be worked out from totals */
  | 'secondary'
  /** the whole table covers fewer people than the threshold: nothing in it is published */
  | 'population';

/** A published figure: the true value, or null when suppressed. */
export interface Cell {
  value: number | null;
  suppressed: boolean;
  reason: SuppressionReason | null;
}

/** The thresholds a report uses. */
export interface DisclosureRules {
  /** Counts of people or activity with 1..countMin-1 people behind them are suppressed (default 5). */
  countMin: number;
  /** The same for wellbeing data (answers to check-ins; default 10). */
  wellbeingMin: number;
  /** No mean (average) over fewer people than this (default 10, never lower). */
  meanMinPeople: number;
}

export const DEFAULT_RULES: Readonly<DisclosureRules> = Object.freeze({
  countMin: 5,
  wellbeingMin: 10,
  meanMinPeople: 10,
});

/** The allowed range of each threshold; below the floor a table would give people away. */
export const RULE_RANGES: Readonly<Record<keyof DisclosureRules, readonly [number, number]>> =
  Object.freeze({
    countMin: [3, 50],
    wellbeingMin: [5, 100],
    meanMinPeople: [10, 100],
  });

/** Checks rules a coordinator or network admin sets; throws validation_failed with a field
 * path under `pathPrefix` (e.g. `/body`) for each threshold out of range. */
export function validateRules(rules: DisclosureRules, pathPrefix = '/body'): DisclosureRules {
  const fields: FieldError[] = [];
  for (const key of Object.keys(RULE_RANGES) as (keyof DisclosureRules)[]) {
    const [lo, hi] = RULE_RANGES[key];
    const v = rules[key];
    if (!Number.isInteger(v) || v < lo || v > hi)
      fields.push({
        path: `${pathPrefix}/${key}`,
        message: `must be a whole number from ${lo} to ${hi}`,
      });
  }
  if (fields.length === 0 && rules.wellbeingMin < rules.countMin) {
    fields.push({ path: `${pathPrefix}/wellbeingMin`, message: 'must not be lower than countMin' });
  }
  if (fields.length > 0)
    throw new DomainError(
      'validation_failed',
      fields.map((f) => `${f.path}: ${f.message}`).join('; '),
      { fields },
    );
  return rules;
}

/** The stricter of two sets of rules: a network's rules are a floor for its timebanks. */
export function strictest(a: DisclosureRules, b: DisclosureRules): DisclosureRules {
  return {
    countMin: Math.max(a.countMin, b.countMin),
    wellbeingMin: Math.max(a.wellbeingMin, b.wellbeingMin),
    meanMinPeople: Math.max(a.meanMinPeople, b.meanMinPeople),
  };
}

export const published = (value: number): Cell => ({ value, suppressed: false, reason: null });
export const hidden = (reason: SuppressionReason): Cell => ({
  value: null,
  suppressed: true,
  reason,
});

/** Primary suppression of one count: 1..threshold-1 people is suppressed; 0 and threshold or
 * more are published. `people` is who stands behind the value (default: the value itself, for
 * counts of people); the value may be another quantity, such as minutes. */
export function primary(value: number, threshold: number, people = value): Cell {
  assertThreshold(threshold);
  return people > 0 && people < threshold ? hidden('primary') : published(value);
}

/** A mean, published only over at least `minPeople` people (default 10). */
export function mean(
  sum: number,
  people: number,
  minPeople: number = DEFAULT_RULES.meanMinPeople,
): Cell {
  if (minPeople < DEFAULT_RULES.meanMinPeople)
    throw new RangeError(`no mean over fewer than ${DEFAULT_RULES.meanMinPeople} people`);
  return people >= minPeople ? published(sum / people) : hidden('primary');
}

export function assertThreshold(threshold: number): void {
  if (!Number.isInteger(threshold) || threshold < 1)
    throw new RangeError(`threshold must be a positive integer, not ${threshold}`);
}
