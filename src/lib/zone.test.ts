import { describe, expect, it } from 'vitest';
import { instantOf, isTimeZone, wallOf } from './zone.ts';

describe("a timebank's wall-clock times", () => {
  it('reads a London date and time in winter and in summer time', () => {
    expect(instantOf('Europe/London', '2026-01-15', '14:30')?.toISOString()).toBe('2026-01-15T14:30:00.000Z');
    expect(instantOf('Europe/London', '2026-07-15', '14:30')?.toISOString()).toBe('2026-07-15T13:30:00.000Z');
    expect(instantOf('Europe/Warsaw', '2026-07-15', '14:30')?.toISOString()).toBe('2026-07-15T12:30:00.000Z');
  });

  it('round-trips an instant through its wall-clock date and time', () => {
    const at = new Date('2026-10-25T00:30:00Z');
    const w = wallOf('Europe/London', at);
    expect(w).toEqual({ date: '2026-10-25', time: '01:30' });
    expect(wallOf('Europe/Warsaw', new Date('2026-03-01T23:15:00Z'))).toEqual({ date: '2026-03-02', time: '00:15' });
  });

  it('refuses malformed or impossible dates and times', () => {
    for (const [d, t] of [['2026-02-30', '10:00'], ['2026-13-01', '10:00'], ['tomorrow', '10:00'], ['2026-05-02', '24:00'], ['2026-05-02', '9.30'], ['2026-05-02', '']]) {
      expect(instantOf('Europe/London', d!, t!), `${d} ${t}`).toBeNull();
    }
  });

  it('knows IANA zone names and refuses others', () => {
    expect(isTimeZone('Europe/Warsaw')).toBe(true);
    expect(isTimeZone('UTC')).toBe(true);
    expect(isTimeZone('Europe/Atlantis')).toBe(false);
    expect(isTimeZone('GMT+1 ')).toBe(false);
  });
});
