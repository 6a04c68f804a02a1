// What the policy allows on the activity and calendar routes (docs/activities.md,
// docs/calendar.md): spread into EXPECTED (expectations.ts).
import { CELLS, type Cell, SIGNED_IN } from './subjects.ts';

/** Everyone who belongs to North (activity.read, timebank.view): its members and staff, and the
 * network-wide roles of its network. */
const NORTH: readonly Cell[] = ['self', 'member:own', 'broker:own', 'coordinator:own', 'networkAdmin:own', 'commissioner:own', 'commissioner:network'];
/** Organisers of North's activities paid from its pot (activity.manage): its coordinators. */
const ORGANISER: readonly Cell[] = ['coordinator:own'];
/** Those who keep the roster (activity.roster): organisers, and North's brokers and coordinators. */
const ROSTER: readonly Cell[] = ['broker:own', 'coordinator:own'];
/** Registering oneself (activity.join): active members of North (its staff are members too). */
const JOIN: readonly Cell[] = ['self', 'member:own', 'broker:own', 'coordinator:own'];
/** Cancelling Mary's registration: Mary, and those who keep the roster. */
const MARYS_REGISTRATION: readonly Cell[] = ['self', 'broker:own', 'coordinator:own'];
/** "Activities" of one's current timebank: anyone who belongs to a timebank. */
const ANY_TIMEBANK: readonly Cell[] = SIGNED_IN;
/** Creating an activity in one's current timebank: its coordinators (of any timebank). */
const COORDINATORS: readonly Cell[] = ['coordinator:own', 'coordinator:otherTimebank', 'coordinator:otherNetwork'];

export const ACTIVITY_EXPECTED: Record<string, readonly Cell[]> = {
  'GET /api/v1/timebanks/:timebankId/activities': NORTH,
  'POST /api/v1/timebanks/:timebankId/activities': ORGANISER,
  'GET /api/v1/activities/:id': NORTH,
  'PUT /api/v1/activities/:id': ORGANISER,
  'POST /api/v1/activities/:id/cancel': ORGANISER,
  'POST /api/v1/activities/:id/registrations': JOIN,
  'POST /api/v1/activities/:id/registrations/:registrationId/cancel': MARYS_REGISTRATION,
  'PUT /api/v1/activities/:id/attendance': ROSTER,
  'GET /api/v1/activities/:id/payment': ORGANISER,
  'POST /api/v1/activities/:id/close': ORGANISER,
  // series (repeating activities): all future dates
  'POST /api/v1/activities/:id/repeat': ORGANISER,
  'PUT /api/v1/activities/:id/series': ORGANISER,
  'POST /api/v1/activities/:id/series/cancel': ORGANISER,
  'POST /api/v1/activities/:id/series/registrations': JOIN,
  'POST /api/v1/activities/:id/series/registrations/cancel': MARYS_REGISTRATION,
  'GET /api/v1/calendar/feed': SIGNED_IN,
  'POST /api/v1/calendar/feed': SIGNED_IN,
  'DELETE /api/v1/calendar/feed': SIGNED_IN,
  'GET /calendar/:token': CELLS,
  'GET /activities': ANY_TIMEBANK,
  'GET /activities/new': COORDINATORS,
  'POST /activities/new': COORDINATORS,
  'GET /activities/:id': NORTH,
  'GET /activities/:id/edit': ORGANISER,
  'POST /activities/:id/edit': ORGANISER,
  'POST /activities/:id/register': JOIN,
  'POST /activities/:id/registrations/:registrationId/cancel': MARYS_REGISTRATION,
  'POST /activities/:id/attendance': ROSTER,
  'POST /activities/:id/cancel': ORGANISER,
  // its Co-Production Star modes (outcome.manage on the timebank)
  'POST /activities/:id/star': ORGANISER,
  // series: all future dates. Cancelling one's own registrations: whoever sees it may ask (with
  // none, the answer is "not registered").
  'POST /activities/:id/series/register': JOIN,
  'POST /activities/:id/series/registrations/cancel': NORTH,
  'POST /activities/:id/series/cancel': ORGANISER,
  'GET /activities/:id/series/edit': ORGANISER,
  'POST /activities/:id/series/edit': ORGANISER,
  'GET /activities/:id/close': ORGANISER,
  'POST /activities/:id/close': ORGANISER,
  'GET /calendar': SIGNED_IN,
  'POST /calendar': SIGNED_IN,
  'POST /calendar/off': SIGNED_IN,
};
