// The exchanges' part of a person's calendar feed: each occurrence of an agreed exchange they
// receive or give in, and of those of the organisations they act for (admins and members of it,
// who take its steps; the summary names the organisation). Occurrences and exchanges that were
// cancelled stay in the feed as CANCELLED, so calendar apps take them out; proposed exchanges
// have no time yet.
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { CalendarEvent, CalendarProvider } from '../calendar/provider.ts';

export function exchangeCalendar(db: Kysely<DB>): CalendarProvider {
  return {
    source: 'exchanges',
    async eventsFor(networkId, personId, window) {
      const mine = db
        .selectFrom('member')
        .select('id')
        .where('network_id', '=', networkId)
        .where('person_id', '=', personId);
      const organisations = db
        .selectFrom('organisation_person')
        .select('organisation_id')
        .where('network_id', '=', networkId)
        .where('person_id', '=', personId)
        .where('role', 'in', ['admin', 'member']);
      const rows = await db
        .selectFrom('exchange_occurrence as o')
        .innerJoin('exchange as e', (j) => j.onRef('e.network_id', '=', 'o.network_id').onRef('e.id', '=', 'o.exchange_id'))
        .leftJoin('organisation as org', (j) =>
          j.onRef('org.network_id', '=', 'e.network_id').on((eb) => eb('org.id', '=', eb.fn.coalesce('e.receiver_organisation_id', 'e.giver_organisation_id'))),
        )
        .where('o.network_id', '=', networkId)
        .where('e.state', 'in', ['agreed', 'cancelled'])
        .where('o.starts_at', '<', window.to)
        .where('o.ends_at', '>', window.from)
        .where((eb) =>
          eb.or([
            eb('e.receiver_member_id', 'in', mine),
            eb('e.receiver_organisation_id', 'in', organisations),
            eb('e.giver_organisation_id', 'in', organisations),
            eb.exists(
              eb
                .selectFrom('exchange_giver as g')
                .select('g.member_id')
                .whereRef('g.network_id', '=', 'e.network_id')
                .whereRef('g.exchange_id', '=', 'e.id')
                .where('g.member_id', 'in', mine),
            ),
          ]),
        )
        .select(['e.id as exchange_id', 'e.what', 'e.note', 'e.place', 'e.state as exchange_state', 'e.updated_at as exchange_updated_at', 'o.id', 'o.starts_at', 'o.ends_at', 'o.state', 'o.updated_at', 'org.name as organisation_name'])
        .orderBy('o.starts_at')
        .execute();
      return rows.map(
        (r): CalendarEvent => ({
          uid: `exchange-${r.exchange_id}-${r.id}`,
          start: r.starts_at,
          end: r.ends_at,
          summary: r.organisation_name ? `${r.what} (${r.organisation_name})` : r.what,
          description: r.note,
          location: r.place,
          path: `/exchanges/${r.exchange_id}`,
          status: r.exchange_state === 'cancelled' || r.state === 'cancelled' ? 'cancelled' : 'confirmed',
          updatedAt: new Date(Math.max(r.updated_at.getTime(), r.exchange_updated_at.getTime())),
        }),
      );
    },
  };
}
