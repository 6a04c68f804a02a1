// The rules that need no database: the state machine's table, occurrences of a rule in the
// timebank's zone, and expenses as money.
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../lib/errors.ts';
import { moneyToMinor } from '../../web/exchanges/forms.ts';
import { assertOccurrenceState, expensesErrors, makeOccurrences, mayTake, OCCURRENCE_STEPS, STEP_ROLES, statusOf, zonedInstant } from './rules.ts';
import { wallOf } from '../../lib/zone.ts';

const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    return err instanceof DomainError ? err.code : String(err);
  }
  return null;
};

describe('the state machine', () => {
  it('allows each occurrence step only from its state, and tells hours twice apart', () => {
    expect(assertOccurrenceState('done', 'agreed')).toBe('done');
    expect(assertOccurrenceState('recordHours', 'done')).toBe('hours_recorded');
    expect(assertOccurrenceState('confirm', 'hours_recorded')).toBe('confirmed');
    expect(assertOccurrenceState('dispute', 'hours_recorded')).toBe('disputed');
    expect(assertOccurrenceState('resolve', 'disputed')).toBe('resolved');
    expect(assertOccurrenceState('noShow', 'agreed')).toBe('no_show');
    expect(codeOf(() => assertOccurrenceState('recordHours', 'agreed'))).toBe('invalid_transition');
    expect(codeOf(() => assertOccurrenceState('recordHours', 'confirmed'))).toBe('hours_already_recorded');
    expect(codeOf(() => assertOccurrenceState('confirm', 'disputed'))).toBe('invalid_transition');
    expect(codeOf(() => assertOccurrenceState('done', 'cancelled'))).toBe('invalid_transition');
    // Every state but the ends has a way on.
    const from = new Set(Object.values(OCCURRENCE_STEPS).flatMap((s) => s!.from));
    expect([...from].sort()).toEqual(['agreed', 'disputed', 'done', 'hours_recorded']);
  });

  it('gives each role its steps: only brokers resolve, the receiver confirms, the giver records hours', () => {
    expect(mayTake('resolve', ['receiver', 'giver'])).toBe(false);
    expect(mayTake('resolve', ['broker'])).toBe(true);
    expect(mayTake('confirm', ['giver'])).toBe(false);
    expect(mayTake('recordHours', ['receiver'])).toBe(false);
    expect(mayTake('thank', ['broker'])).toBe(false);
    for (const step of Object.keys(STEP_ROLES) as (keyof typeof STEP_ROLES)[]) {
      if (step !== 'thank') expect(mayTake(step, ['broker']), step).toBe(true);
    }
  });

  it('says what an exchange is at: its one occurrence, or "agreed" while a series runs', () => {
    expect(statusOf('proposed', [])).toBe('proposed');
    expect(statusOf('agreed', [{ state: 'hours_recorded' }])).toBe('hours_recorded');
    expect(statusOf('agreed', [{ state: 'confirmed' }, { state: 'agreed' }])).toBe('agreed');
    expect(statusOf('cancelled', [{ state: 'cancelled' }])).toBe('cancelled');
  });
});

describe('times and occurrences', () => {
  it('keeps the wall-clock time in London across the change to summer time', () => {
    expect(zonedInstant('2026-03-28', '09:00', 'Europe/London').toISOString()).toBe('2026-03-28T09:00:00.000Z');
    expect(zonedInstant('2026-03-30', '09:00', 'Europe/London').toISOString()).toBe('2026-03-30T08:00:00.000Z');
    expect(wallOf('Europe/London', new Date('2026-07-01T13:30:00Z'))).toEqual({ date: '2026-07-01', time: '14:30' });
  });

  it("reads the agreed times in the timebank's own zone", () => {
    const [warsaw] = makeOccurrences({ day: '2026-02-03', time: '10:00', durationMinutes: 60 }, null, 'Europe/Warsaw');
    expect(warsaw!.startsAt.toISOString()).toBe('2026-02-03T09:00:00.000Z');
    expect(wallOf('Europe/Warsaw', warsaw!.startsAt)).toEqual({ date: '2026-02-03', time: '10:00' });
    // 23:30 UTC is already the next day in Warsaw
    expect(wallOf('Europe/Warsaw', new Date('2026-02-03T23:30:00Z')).date).toBe('2026-02-04');
  });

  it('makes one occurrence, or one per chosen weekday until a day or a number of times', () => {
    expect(makeOccurrences({ day: '2026-02-03', time: '10:00', durationMinutes: 45 }, null, 'Europe/London')).toEqual([
      { startsAt: new Date('2026-02-03T10:00:00Z'), endsAt: new Date('2026-02-03T10:45:00Z') },
    ]);
    const tuesdays = makeOccurrences({ day: '2026-02-01', time: '10:00', durationMinutes: 60 }, { weekdays: [2], until: '2026-02-28' }, 'Europe/London');
    expect(tuesdays.map((o) => o.startsAt.toISOString().slice(0, 10))).toEqual(['2026-02-03', '2026-02-10', '2026-02-17', '2026-02-24']);
    const three = makeOccurrences({ day: '2026-02-02', time: '10:00', durationMinutes: 60 }, { weekdays: [1, 3, 5], count: 3 }, 'Europe/London');
    expect(three.map((o) => o.startsAt.toISOString().slice(0, 10))).toEqual(['2026-02-02', '2026-02-04', '2026-02-06']);
  });

  it('refuses a rule with both or neither end, an end before the start, no day in it, or more than 104 occurrences', () => {
    const first = { day: '2026-02-02', time: '10:00', durationMinutes: 60 };
    expect(codeOf(() => makeOccurrences(first, { weekdays: [1] }, 'Europe/London'))).toBe('validation_failed');
    expect(codeOf(() => makeOccurrences(first, { weekdays: [1], until: '2026-03-01', count: 2 }, 'Europe/London'))).toBe('validation_failed');
    expect(codeOf(() => makeOccurrences(first, { weekdays: [1], until: '2026-01-01' }, 'Europe/London'))).toBe('validation_failed');
    expect(codeOf(() => makeOccurrences(first, { weekdays: [7], until: '2026-02-03' }, 'Europe/London'))).toBe('validation_failed');
    expect(codeOf(() => makeOccurrences(first, { weekdays: [1, 2, 3, 4, 5, 6, 7], until: '2026-06-30' }, 'Europe/London'))).toBe('too_many_occurrences');
    expect(makeOccurrences(first, { weekdays: [1], count: 104 }, 'Europe/London')).toHaveLength(104);
  });
});

describe('expenses are money, never hours', () => {
  const base = { what: 'bus', payer: 'receiver' as const };
  it('accepts whole minor units of a real currency', () => {
    expect(expensesErrors({ ...base, amountMinor: 450, currency: 'GBP' })).toEqual([]);
    expect(expensesErrors({ ...base, amountMinor: 0, currency: 'pln' })).toEqual([]);
  });
  it('refuses hours as a unit, fractions, negative amounts and unknown currencies, by their fields', () => {
    expect(expensesErrors({ ...base, amountMinor: 2, currency: 'hours' })[0]!.path).toBe('/body/expenses/currency');
    expect(expensesErrors({ ...base, amountMinor: 2, currency: 'godz' })[0]!.message).toContain('never hours');
    expect(expensesErrors({ ...base, amountMinor: 1.5, currency: 'GBP' })[0]!.path).toBe('/body/expenses/amountMinor');
    expect(expensesErrors({ ...base, amountMinor: -1, currency: 'GBP' })[0]!.path).toBe('/body/expenses/amountMinor');
    expect(expensesErrors({ ...base, amountMinor: 1, currency: 'ABC' })[0]!.path).toBe('/body/expenses/currency');
  });
  it('reads money typed on a form into minor units, and refuses hours typed there', () => {
    expect(moneyToMinor('4.50', 'GBP')).toBe(450);
    expect(moneyToMinor('4,5', 'PLN')).toBe(450);
    expect(moneyToMinor('£12', 'GBP')).toBe(1200);
    expect(moneyToMinor('300', 'JPY')).toBe(300);
    expect(moneyToMinor('1:30', 'GBP')).toBeNull();
    expect(moneyToMinor('2h', 'GBP')).toBeNull();
    expect(moneyToMinor('1.505', 'GBP')).toBeNull();
  });
});
