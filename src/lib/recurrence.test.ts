import { describe, expect, it } from 'vitest';
import { addDays, daysBetween, isoWeekday, repeatDays } from './recurrence.ts';

describe('repeat rules over days', () => {
  it('steps days and weekdays across months and years', () => {
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(isoWeekday('2026-05-05')).toBe(2);
    expect(isoWeekday('2026-05-10')).toBe(7);
    expect(daysBetween('2026-01-01', '2027-01-01')).toBe(365);
  });

  it('makes weekly days on the chosen weekdays, until a day or a number of them', () => {
    expect(repeatDays('2026-02-01', { frequency: 'weekly', weekdays: [2], until: '2026-02-28' }, { max: 52 })).toEqual([
      '2026-02-03',
      '2026-02-10',
      '2026-02-17',
      '2026-02-24',
    ]);
    expect(repeatDays('2026-02-02', { frequency: 'weekly', weekdays: [1, 3], count: 3 }, { max: 52 })).toEqual(['2026-02-02', '2026-02-04', '2026-02-09']);
    // The first day comes first when asked for, whatever its weekday; it counts.
    expect(repeatDays('2026-02-01', { frequency: 'weekly', weekdays: [2], count: 2 }, { max: 52, includeFirst: true })).toEqual(['2026-02-01', '2026-02-03']);
    expect(repeatDays('2026-02-03', { frequency: 'weekly', weekdays: [2], count: 2 }, { max: 52, includeFirst: true })).toEqual(['2026-02-03', '2026-02-10']);
  });

  it('stops one past the cap, so that the caller can refuse the rule, and ends with no weekday', () => {
    expect(repeatDays('2026-01-01', { frequency: 'weekly', weekdays: [1, 2, 3, 4, 5, 6, 7], until: '2026-12-31' }, { max: 52 })).toHaveLength(53);
    expect(repeatDays('2026-01-01', { frequency: 'weekly', weekdays: [] }, { max: 52 })).toEqual([]);
  });

  it('makes monthly days on the same day of the month, leaving out months without it', () => {
    expect(repeatDays('2026-01-31', { frequency: 'monthly', by: 'day_of_month', count: 4 }, { max: 52 })).toEqual(['2026-01-31', '2026-03-31', '2026-05-31', '2026-07-31']);
    expect(repeatDays('2026-11-14', { frequency: 'monthly', by: 'day_of_month', until: '2027-02-13' }, { max: 52 })).toEqual(['2026-11-14', '2026-12-14', '2027-01-14']);
  });

  it('makes monthly days on the same weekday of the month: the 2nd Tuesday, or the last one', () => {
    // 2026-05-12 is the 2nd Tuesday of May.
    expect(repeatDays('2026-05-12', { frequency: 'monthly', by: 'weekday', count: 3 }, { max: 52 })).toEqual(['2026-05-12', '2026-06-09', '2026-07-14']);
    // 2026-03-31 is the 5th (last) Tuesday of March: then the last Tuesday of each month.
    expect(repeatDays('2026-03-31', { frequency: 'monthly', by: 'weekday', count: 3 }, { max: 52 })).toEqual(['2026-03-31', '2026-04-28', '2026-05-26']);
  });
});
