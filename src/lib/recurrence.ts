// Repeat rules over wall-clock days ("YYYY-MM-DD"), with no time zone and no database: the
// days a weekly or monthly rule makes from a first day. Exchanges (weekly occurrences) and
// activities (weekly or monthly series) turn the days into instants in the timebank's zone
// (src/lib/zone.ts), so a 10:00 start stays 10:00 across the changes of summer time.

export type Weekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

/** Every week on these ISO weekdays (1 Monday .. 7 Sunday); or every month on the first day's
 * day of the month ("the 14th", months without it are left out), or on its weekday of the
 * month ("the 2nd Tuesday"; "the last Tuesday" when the first day is in the month's 5th week). */
export type RepeatRule =
  | { frequency: 'weekly'; weekdays: readonly number[]; until?: string | null | undefined; count?: number | null | undefined }
  | { frequency: 'monthly'; by: 'day_of_month' | 'weekday'; until?: string | null | undefined; count?: number | null | undefined };

const DAY_MS = 86_400_000;
const utc = (day: string) => new Date(`${day}T00:00:00Z`);
const dayOf = (d: Date) => d.toISOString().slice(0, 10);

/** The day n days after (or before, n < 0) a day. */
export function addDays(day: string, n: number): string {
  return dayOf(new Date(utc(day).getTime() + n * DAY_MS));
}

/** ISO weekday (1 Monday .. 7 Sunday) of a day. */
export function isoWeekday(day: string): number {
  return ((utc(day).getUTCDay() + 6) % 7) + 1;
}

/** Whole days from a to b (b - a). */
export function daysBetween(a: string, b: string): number {
  return Math.round((utc(b).getTime() - utc(a).getTime()) / DAY_MS);
}

const daysInMonth = (year: number, month0: number) => new Date(Date.UTC(year, month0 + 1, 0)).getUTCDate();

/** The n-th (1-4) or last (5) given ISO weekday of a month, as a day. */
function nthWeekday(year: number, month0: number, weekday: number, n: number): string {
  const firstWeekday = ((new Date(Date.UTC(year, month0, 1)).getUTCDay() + 6) % 7) + 1;
  let date = 1 + ((weekday - firstWeekday + 7) % 7);
  if (n < 5) date += (n - 1) * 7;
  else while (date + 7 <= daysInMonth(year, month0)) date += 7;
  return dayOf(new Date(Date.UTC(year, month0, date)));
}

/** The candidate days of a rule from the first day on, in order, up to the last day `limit`. */
function* candidates(first: string, rule: RepeatRule, limit: string): Generator<string> {
  if (rule.frequency === 'weekly') {
    for (let day = first; day <= limit; day = addDays(day, 1)) if (rule.weekdays.includes(isoWeekday(day))) yield day;
    return;
  }
  const start = utc(first);
  const [year, month0, date] = [start.getUTCFullYear(), start.getUTCMonth(), start.getUTCDate()];
  const weekday = isoWeekday(first);
  const n = Math.ceil(date / 7);
  for (let k = 0; ; k++) {
    const y = year + Math.floor((month0 + k) / 12);
    const m = (month0 + k) % 12;
    if (dayOf(new Date(Date.UTC(y, m, 1))) > limit) return;
    if (rule.by === 'weekday') yield nthWeekday(y, m, weekday, n);
    else if (date <= daysInMonth(y, m)) yield dayOf(new Date(Date.UTC(y, m, date)));
  }
}

/**
 * The days a rule makes from `first`, until its last day (inclusive) or until `count` days, and
 * never more than `max + 1`: a caller seeing more than `max` refuses the rule. With
 * `includeFirst` the first day is always the first of them, whatever its weekday. A rule with
 * neither an end day nor a count stops at `max + 1` too. `scanDays` bounds the search (a
 * weekly rule with no weekday, a day of the month no month has).
 */
export function repeatDays(first: string, rule: RepeatRule, o: { max: number; includeFirst?: boolean; scanDays?: number }): string[] {
  const limit = addDays(first, o.scanDays ?? 7 * (o.max + 2) + 366 * 2);
  const days: string[] = o.includeFirst ? [first] : [];
  for (const day of candidates(first, rule, limit)) {
    if (day > limit || days.length > o.max) break;
    if (rule.until !== null && rule.until !== undefined && day > rule.until) break;
    if (rule.count !== null && rule.count !== undefined && days.length >= rule.count) break;
    if (day !== days[0]) days.push(day);
  }
  return days;
}
