// RFC 5545 text of a feed, through ical-generator (which escapes TEXT values and folds lines
// at 75 octets). Times are written in UTC ("...Z"): no time zone definitions to get wrong.
import ical, { ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import type { CalendarEvent } from './provider.ts';

const STATUS: Record<CalendarEvent['status'], ICalEventStatus> = {
  confirmed: ICalEventStatus.CONFIRMED,
  tentative: ICalEventStatus.TENTATIVE,
  cancelled: ICalEventStatus.CANCELLED,
};

export function renderCalendar(opts: { name: string; baseUrl: string; events: CalendarEvent[]; now: Date }): string {
  const host = new URL(opts.baseUrl).hostname || 'timebank';
  const cal = ical({
    name: opts.name,
    prodId: { company: 'timebank', product: 'timebank', language: 'EN' },
    method: ICalCalendarMethod.PUBLISH,
    ttl: 60 * 60,
  });
  for (const e of opts.events) {
    cal.createEvent({
      id: `${e.uid}@${host}`,
      start: e.start,
      end: e.end,
      stamp: opts.now,
      lastModified: e.updatedAt,
      summary: e.summary,
      description: e.description ?? null,
      location: e.location ?? null,
      url: e.path ? new URL(e.path, opts.baseUrl).toString() : null,
      status: STATUS[e.status],
    });
  }
  return cal.toString();
}
