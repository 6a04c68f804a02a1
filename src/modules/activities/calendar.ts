// The activities' part of a person's calendar feed: those they are registered for, and those
// they organise (created, or run by an organisation they act for). Cancelled ones stay in the
// feed as CANCELLED, so calendar apps take them out.
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { CalendarEvent, CalendarProvider } from '../calendar/provider.ts';
import { activitiesOfPerson } from './queries.ts';

export function activityCalendar(db: Kysely<DB>): CalendarProvider {
  return {
    source: 'activities',
    async eventsFor(networkId, personId, window) {
      const rows = await activitiesOfPerson(db, networkId, personId, window.from, window.to);
      return rows.map(
        (a): CalendarEvent => ({
          uid: `activity-${a.id}`,
          start: a.starts_at,
          end: a.ends_at,
          summary: a.title,
          description: a.description || null,
          location: [a.place, a.area_name].filter(Boolean).join(', ') || null,
          path: `/activities/${a.id}`,
          status: a.status === 'cancelled' ? 'cancelled' : 'confirmed',
          updatedAt: a.updated_at,
        }),
      );
    },
  };
}
