// The dates of a repeating activity (docs/activities.md, "Repeating activities"): a rule
// checked field by field, the days it makes (src/lib/recurrence.ts), each at the first date's
// wall-clock time in the timebank's zone. No database here.
import { DomainError, type FieldError } from '../../lib/errors.ts';
import { addDays, daysBetween, type RepeatRule, repeatDays } from '../../lib/recurrence.ts';
import { instantOf, wallOf } from '../../lib/zone.ts';
import type { SeriesValues } from './queries.ts';
import type { SeriesFrequency, SeriesMonthlyBy } from './tables.ts';

/** A series makes at most this many dates (the first included). */
export const SERIES_MAX = 52;
/** Its last day is at most this many days after the first date. */
export const SERIES_SPAN_DAYS_MAX = 366;
export const FREQUENCIES = ['weekly', 'monthly'] as const satisfies readonly SeriesFrequency[];
export const MONTHLY_BY = ['day_of_month', 'weekday'] as const satisfies readonly SeriesMonthlyBy[];

export interface RepeatInput {
  frequency: SeriesFrequency;
  /** Weekly: ISO weekdays, 1 Monday .. 7 Sunday. */
  weekdays?: number[] | null | undefined;
  /** Monthly: the first date's day of the month (default), or its weekday of the month. */
  monthlyBy?: SeriesMonthlyBy | null | undefined;
  /** The last day (YYYY-MM-DD, in the timebank's zone), or ... */
  until?: string | null | undefined;
  /** ... the number of dates, the first included. */
  count?: number | null | undefined;
}

const given = <T>(v: T | null | undefined): v is T => v !== null && v !== undefined;

/** The rule's field errors, under `base` (/body/repeat). */
function ruleErrors(r: RepeatInput, firstDay: string, base: string): FieldError[] {
  const errors: FieldError[] = [];
  if (!FREQUENCIES.includes(r.frequency)) errors.push({ path: `${base}/frequency`, message: 'weekly or monthly' });
  if (r.frequency === 'weekly') {
    const w = r.weekdays ?? [];
    if (w.length === 0) errors.push({ path: `${base}/weekdays`, message: 'choose at least one weekday' });
    else if (w.some((d) => !Number.isInteger(d) || d < 1 || d > 7)) errors.push({ path: `${base}/weekdays`, message: 'weekdays are 1 (Monday) to 7 (Sunday)' });
  } else if (r.frequency === 'monthly' && given(r.monthlyBy) && !MONTHLY_BY.includes(r.monthlyBy)) {
    errors.push({ path: `${base}/monthlyBy`, message: 'day_of_month or weekday' });
  }
  if (given(r.until) === given(r.count)) errors.push({ path: base, message: 'give either a last day (until) or a number of dates (count), one of the two' });
  if (given(r.count) && (!Number.isInteger(r.count) || r.count < 2 || r.count > SERIES_MAX)) {
    errors.push({ path: `${base}/count`, message: `a whole number of dates from 2 to ${SERIES_MAX}` });
  }
  if (given(r.until)) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(r.until) || Number.isNaN(Date.parse(`${r.until}T00:00:00Z`))) errors.push({ path: `${base}/until`, message: 'a date (YYYY-MM-DD)' });
    else if (r.until <= firstDay) errors.push({ path: `${base}/until`, message: 'after the first date' });
    else if (daysBetween(firstDay, r.until) > SERIES_SPAN_DAYS_MAX) {
      errors.push({ path: `${base}/until`, message: `at most a year after the first date (${addDays(firstDay, SERIES_SPAN_DAYS_MAX)})` });
    }
  }
  return errors;
}

/** The rule as stored (0022's activity_series columns). */
export function seriesValues(r: RepeatInput): SeriesValues {
  const weekly = r.frequency === 'weekly';
  return {
    frequency: r.frequency,
    weekdays: weekly ? [...new Set(r.weekdays ?? [])].sort() : null,
    monthlyBy: weekly ? null : (r.monthlyBy ?? 'day_of_month'),
    until: r.until ?? null,
    count: r.count ?? null,
  };
}

/**
 * Every date of a series: the first activity's own first, then the rule's days, each starting
 * at the first's wall-clock time in the zone and lasting as long (so 10:00 stays 10:00 across
 * the changes of summer time). Refuses a malformed rule (400 validation_failed, field paths
 * under `base`) and one that would make more than SERIES_MAX dates (422 too_many_occurrences).
 */
export function seriesDates(first: { startsAt: Date; endsAt: Date }, r: RepeatInput, zone: string, base = '/body/repeat'): { startsAt: Date; endsAt: Date }[] {
  const wall = wallOf(zone, first.startsAt);
  const errors = ruleErrors(r, wall.date, base);
  if (errors.length) throw new DomainError('validation_failed', errors[0]!.message, { fields: errors });
  const v = seriesValues(r);
  const rule: RepeatRule =
    v.frequency === 'weekly'
      ? { frequency: 'weekly', weekdays: v.weekdays!, until: v.until, count: v.count }
      : { frequency: 'monthly', by: v.monthlyBy!, until: v.until, count: v.count };
  const days = repeatDays(wall.date, rule, { max: SERIES_MAX, includeFirst: true });
  if (days.length > SERIES_MAX) {
    throw new DomainError('too_many_occurrences', `a repeating activity has at most ${SERIES_MAX} dates: choose a nearer last day`, {
      fields: [{ path: `${base}/until`, message: `more than ${SERIES_MAX} dates` }],
    });
  }
  if (days.length < 2) {
    throw new DomainError('validation_failed', 'the rule makes no date after the first', {
      fields: [{ path: `${base}/${v.frequency === 'weekly' ? 'weekdays' : 'until'}`, message: 'no date after the first before the last day' }],
    });
  }
  const duration = first.endsAt.getTime() - first.startsAt.getTime();
  return days.map((day, i) => {
    const startsAt = i === 0 ? first.startsAt : instantOf(zone, day, wall.time)!;
    return { startsAt, endsAt: new Date(startsAt.getTime() + duration) };
  });
}
