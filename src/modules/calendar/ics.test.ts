import { describe, expect, it } from 'vitest';
import { renderCalendar } from './ics.ts';
import type { CalendarEvent } from './provider.ts';

const now = new Date('2026-05-01T08:00:00Z');
const event = (over: Partial<CalendarEvent> = {}): CalendarEvent => ({
  uid: 'activity-0190a0a0-0000-7000-8000-000000000001',
  start: new Date('2026-05-02T10:00:00+01:00'),
  end: new Date('2026-05-02T12:30:00+01:00'),
  summary: 'Baking for the gala',
  status: 'confirmed',
  updatedAt: new Date('2026-04-20T15:04:05.678Z'),
  ...over,
});
const render = (events: CalendarEvent[]) => renderCalendar({ name: 'Timebank – Mary', baseUrl: 'https://tb.example.org', events, now });
/** RFC 5545 3.1: a CRLF followed by one space or tab continues the line. */
const unfold = (text: string) => text.replace(/\r\n[ \t]/g, '');
const property = (text: string, name: string) =>
  unfold(text)
    .split('\r\n')
    .filter((l) => l.startsWith(`${name}:`) || l.startsWith(`${name};`));

describe('the iCalendar text (RFC 5545)', () => {
  it('is a VCALENDAR with CRLF line ends, a PRODID and VERSION 2.0', () => {
    const text = render([event()]);
    expect(text.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true);
    expect(text.trimEnd().endsWith('END:VCALENDAR')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    expect(property(text, 'VERSION')).toEqual(['VERSION:2.0']);
    expect(property(text, 'PRODID')[0]).toMatch(/timebank/);
    expect(property(text, 'METHOD')).toEqual(['METHOD:PUBLISH']);
  });

  it('writes times in UTC', () => {
    const text = render([event()]);
    expect(property(text, 'DTSTART')).toEqual(['DTSTART:20260502T090000Z']);
    expect(property(text, 'DTEND')).toEqual(['DTEND:20260502T113000Z']);
    expect(property(text, 'DTSTAMP')).toEqual(['DTSTAMP:20260501T080000Z']);
    expect(property(text, 'LAST-MODIFIED')).toEqual(['LAST-MODIFIED:20260420T150405Z']);
  });

  it('escapes commas, semicolons, backslashes and new lines in text', () => {
    const text = render([event({ summary: 'Scones, jam; cream \\ tea', description: 'Line one\nLine two', location: 'Hall, Main St; back door' })]);
    expect(property(text, 'SUMMARY')).toEqual(['SUMMARY:Scones\\, jam\\; cream \\\\ tea']);
    expect(property(text, 'DESCRIPTION')).toEqual(['DESCRIPTION:Line one\\nLine two']);
    expect(property(text, 'LOCATION')).toEqual(['LOCATION:Hall\\, Main St\\; back door']);
  });

  it('folds long lines at 75 octets, multi-byte letters included, and unfolds to the same text', () => {
    const long = 'Zażółć gęślą jaźń – pieczenie ciast na festyn w świetlicy wiejskiej, '.repeat(6);
    const text = render([event({ description: long })]);
    for (const line of text.split('\r\n')) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
    expect(text.split('\r\n').some((l) => l.startsWith(' '))).toBe(true);
    expect(property(text, 'DESCRIPTION')).toEqual([`DESCRIPTION:${long.replace(/,/g, '\\,')}`]);
  });

  it('keeps the UID of an event the same from one rendering to the next, with the host', () => {
    const a = render([event()]);
    const b = renderCalendar({ name: 'other', baseUrl: 'https://tb.example.org', events: [event({ summary: 'Renamed' })], now: new Date() });
    expect(property(a, 'UID')).toEqual(['UID:activity-0190a0a0-0000-7000-8000-000000000001@tb.example.org']);
    expect(property(b, 'UID')).toEqual(property(a, 'UID'));
  });

  it('marks a cancelled event CANCELLED and links to its page', () => {
    const text = render([event({ status: 'cancelled', path: '/activities/abc' })]);
    expect(property(text, 'STATUS')).toEqual(['STATUS:CANCELLED']);
    expect(property(text, 'URL').join()).toContain('https://tb.example.org/activities/abc');
  });
});
