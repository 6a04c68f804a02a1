// The rules of an exchange that need no database: the state machine (which step is allowed
// from which state, to which role), the occurrences a recurrence rule makes, wall-clock times
// in the timebank's zone, and travel expenses as money.
import { DomainError, type FieldError } from '../../lib/errors.ts';
import { repeatDays } from '../../lib/recurrence.ts';
import { instantOf } from '../../lib/zone.ts';
import type { ExchangeState, OccurrenceState } from './tables.ts';

/** The roles a person can hold towards one exchange. */
export type ExchangeRole = 'receiver' | 'giver' | 'broker';

export type Step = 'agree' | 'change' | 'cancel' | 'done' | 'noShow' | 'recordHours' | 'confirm' | 'dispute' | 'resolve' | 'thank';

const ALL: readonly ExchangeRole[] = ['receiver', 'giver', 'broker'];

/** Who may take each step (a broker of the timebank may take every one, for a member). */
export const STEP_ROLES: Record<Step, readonly ExchangeRole[]> = {
  agree: ALL,
  change: ALL,
  cancel: ALL,
  done: ALL,
  noShow: ALL,
  recordHours: ['giver', 'broker'],
  confirm: ['receiver', 'broker'],
  dispute: ALL,
  resolve: ['broker'],
  thank: ['receiver', 'giver'],
};

/** Steps on the exchange as a whole: the states it may be in. */
export const EXCHANGE_FROM: Partial<Record<Step, readonly ExchangeState[]>> = {
  agree: ['proposed'],
  change: ['agreed'],
  cancel: ['proposed', 'agreed'],
};

/** Steps on one occurrence: from which state, to which. */
export const OCCURRENCE_STEPS: Partial<Record<Step, { from: readonly OccurrenceState[]; to: OccurrenceState }>> = {
  done: { from: ['agreed'], to: 'done' },
  noShow: { from: ['agreed'], to: 'no_show' },
  cancel: { from: ['agreed'], to: 'cancelled' },
  recordHours: { from: ['done'], to: 'hours_recorded' },
  confirm: { from: ['hours_recorded'], to: 'confirmed' },
  dispute: { from: ['hours_recorded'], to: 'disputed' },
  resolve: { from: ['disputed'], to: 'resolved' },
};

/** Occurrence states after which the help has happened (a thank-you may be written). */
export const HAPPENED: readonly OccurrenceState[] = ['done', 'hours_recorded', 'confirmed', 'disputed', 'resolved'];

export function mayTake(step: Step, roles: readonly ExchangeRole[]): boolean {
  return roles.some((r) => STEP_ROLES[step].includes(r));
}

export function assertRole(step: Step, roles: readonly ExchangeRole[]): void {
  if (mayTake(step, roles)) return;
  const who = STEP_ROLES[step].join(' or ');
  throw new DomainError('forbidden', `only the ${who} may take this step (${step})`);
}

export function assertExchangeState(step: Step, state: ExchangeState): void {
  const from = EXCHANGE_FROM[step];
  if (from && !from.includes(state)) {
    throw new DomainError('invalid_transition', `the exchange is ${state}: it cannot be ${stepPast(step)} now`, {
      fields: [{ path: '/params/id', message: `the exchange is ${state}` }],
    });
  }
}

export function assertOccurrenceState(step: Step, state: OccurrenceState): OccurrenceState {
  const s = OCCURRENCE_STEPS[step];
  if (!s) throw new RangeError(`${step} is not a step on an occurrence`);
  if (!s.from.includes(state)) {
    if (step === 'recordHours' && ['hours_recorded', 'confirmed', 'disputed', 'resolved'].includes(state)) {
      throw new DomainError('hours_already_recorded', 'hours were already recorded for this occurrence', {
        fields: [{ path: '/params/occurrenceId', message: 'hours already recorded' }],
      });
    }
    throw new DomainError('invalid_transition', `the occurrence is ${state}: it cannot be ${stepPast(step)} now`, {
      fields: [{ path: '/params/occurrenceId', message: `the occurrence is ${state}` }],
    });
  }
  return s.to;
}

function stepPast(step: Step): string {
  const words: Record<Step, string> = {
    agree: 'agreed',
    change: 'changed',
    cancel: 'cancelled',
    done: 'marked done',
    noShow: 'recorded as a no-show',
    recordHours: 'given hours',
    confirm: 'confirmed',
    dispute: 'disputed',
    resolve: 'resolved',
    thank: 'thanked for',
  };
  return words[step];
}

// ---- time: wall-clock times in the timebank's zone (src/lib/zone.ts)

/** The instant of a wall-clock day and time (HH:MM, already validated) in the zone. */
export function zonedInstant(day: string, time: string, zone: string): Date {
  const at = instantOf(zone, day, time);
  if (!at) throw new DomainError('validation_failed', `not a date and time: ${day} ${time}`, { fields: [{ path: '/body/date', message: 'not a date and time' }] });
  return at;
}


export interface Repeat {
  weekdays: number[];
  until?: string | null | undefined;
  count?: number | null | undefined;
}

export const MAX_OCCURRENCES = 104;

/**
 * The occurrences of an agreement: the first day alone, or (with a rule) every day from the
 * first on one of the weekdays, until the last day or until `count` have been made.
 */
export function makeOccurrences(
  first: { day: string; time: string; durationMinutes: number },
  repeat: Repeat | null,
  zone: string,
): { startsAt: Date; endsAt: Date }[] {
  const at = (day: string) => {
    const startsAt = zonedInstant(day, first.time, zone);
    return { startsAt, endsAt: new Date(startsAt.getTime() + first.durationMinutes * 60_000) };
  };
  if (!repeat) return [at(first.day)];
  const hasUntil = repeat.until !== null && repeat.until !== undefined;
  const hasCount = repeat.count !== null && repeat.count !== undefined;
  if (hasUntil === hasCount) {
    throw new DomainError('validation_failed', 'a recurring exchange repeats until a day or a number of times (one of the two)', {
      fields: [{ path: '/body/repeat', message: 'give either until or count' }],
    });
  }
  if (hasUntil && repeat.until! < first.day) {
    throw new DomainError('validation_failed', 'the last day is before the first', { fields: [{ path: '/body/repeat/until', message: 'before the first day' }] });
  }
  const rule = { frequency: 'weekly' as const, weekdays: repeat.weekdays, until: repeat.until, count: repeat.count };
  const days = repeatDays(first.day, rule, { max: MAX_OCCURRENCES, scanDays: 7 * (MAX_OCCURRENCES + 1) - 1 });
  if (days.length > MAX_OCCURRENCES) {
    throw new DomainError('too_many_occurrences', `a recurring exchange makes at most ${MAX_OCCURRENCES} occurrences; agree a nearer last day`, {
      fields: [{ path: '/body/repeat/until', message: `more than ${MAX_OCCURRENCES} occurrences` }],
    });
  }
  if (days.length === 0) {
    throw new DomainError('validation_failed', 'the rule makes no occurrence: no chosen weekday falls in the period', {
      fields: [{ path: '/body/repeat/weekdays', message: 'no occurrence in the period' }],
    });
  }
  return days.map(at);
}

// ---- travel expenses: money, never hours

export interface ExpensesInput {
  amountMinor: number;
  currency: string;
  what: string;
  payer: 'receiver' | 'timebank' | 'organisation';
}

const HOUR_UNITS = /^(h|hr|hrs|hour|hours|min|mins|minute|minutes|godz|godzina|godziny|godzin|time|credit|credits)$/i;
const CURRENCIES = new Set(Intl.supportedValuesOf('currency'));

/** Field errors of travel expenses: a whole, non-negative amount in minor units of a real
 * currency. Hours are refused with a message that says so. */
export function expensesErrors(e: ExpensesInput, base = '/body/expenses'): FieldError[] {
  const out: FieldError[] = [];
  const currency = e.currency.trim();
  if (HOUR_UNITS.test(currency)) {
    out.push({ path: `${base}/currency`, message: 'expenses are money, never hours: give a currency such as GBP or PLN' });
  } else if (!CURRENCIES.has(currency.toUpperCase())) {
    out.push({ path: `${base}/currency`, message: 'not an ISO 4217 currency code (such as GBP or PLN)' });
  }
  if (!Number.isSafeInteger(e.amountMinor) || e.amountMinor < 0) {
    out.push({ path: `${base}/amountMinor`, message: 'the amount is money in whole minor units (pence, grosze), never hours or a fraction' });
  }
  return out;
}

export function assertExpenses(e: ExpensesInput | null | undefined, base = '/body/expenses'): void {
  if (!e) return;
  const fields = expensesErrors(e, base);
  if (fields.length) throw new DomainError('expenses_not_money', fields[0]!.message, { fields });
}

/** What an exchange is at, in one word: its own state until agreed or after cancellation;
 * then its one occurrence's state, or "agreed" while a recurring one runs. */
export function statusOf(state: ExchangeState, occurrences: readonly { state: OccurrenceState }[]): ExchangeState | OccurrenceState {
  if (state !== 'agreed') return state;
  if (occurrences.length === 1) return occurrences[0]!.state;
  return 'agreed';
}
