// What the policy allows on the routes of my record, broker notes, data rights and
// organisation roles (docs/my-record.md): spread into EXPECTED (expectations.ts).
import type { Cell } from './subjects.ts';

/** Mary's data (person.read, record.remark, note.read): Mary, and the brokers and coordinators of North. */
const MARY: readonly Cell[] = ['self', 'broker:own', 'coordinator:own'];
/** Brokers and coordinators of North (note.write). */
const STAFF: readonly Cell[] = ['broker:own', 'coordinator:own'];

export const RECORD_EXPECTED: Record<string, readonly Cell[]> = {
  'GET /api/v1/people/:id/record': ['self'],
  'POST /api/v1/people/:id/remarks': MARY,
  'POST /people/:id/remarks': MARY,
  'GET /api/v1/timebanks/:timebankId/members/:memberId/notes': MARY,
  'POST /api/v1/timebanks/:timebankId/members/:memberId/notes': STAFF,
  'GET /api/v1/timebanks/:timebankId/members/:memberId/notes/:noteId': MARY,
  'POST /api/v1/timebanks/:timebankId/members/:memberId/notes/:noteId/restrict': STAFF,
  'POST /timebanks/:timebankId/members/:memberId/notes': STAFF,
  'POST /timebanks/:timebankId/members/:memberId/notes/:noteId/restrict': STAFF,
  // Data rights: the archive for Mary and North's coordinators; erasing for North's coordinators.
  'GET /api/v1/people/:id/export': ['self', 'coordinator:own'],
  'POST /api/v1/people/:id/erase': ['coordinator:own'],
  'GET /people/:id/erase': ['coordinator:own'],
  'POST /people/:id/erase': ['coordinator:own'],
  // Organisations: who acts for one is seen by North's staff (and its own people, none of the
  // cells), changed by North's coordinators (and its admins, none of the cells); the list of
  // organisations by everyone who belongs to North.
  'GET /api/v1/organisations/:id/people': STAFF,
  'PUT /api/v1/organisations/:id/people/:personId': ['coordinator:own'],
  'DELETE /api/v1/organisations/:id/people/:personId': ['coordinator:own'],
  'GET /timebanks/:timebankId/organisations': ['self', 'member:own', 'broker:own', 'coordinator:own', 'networkAdmin:own', 'commissioner:own', 'commissioner:network'],
  'GET /organisations/:id': STAFF,
  'POST /organisations/:id/people': ['coordinator:own'],
  'POST /organisations/:id/people/:personId': ['coordinator:own'],
  'POST /organisations/:id/people/:personId/remove': ['coordinator:own'],
  // Editing a check on its page: brokers and coordinators of the member's timebank (safeguarding.write).
  'GET /timebanks/:timebankId/members/:memberId/safeguarding/checks/:checkId/edit': STAFF,
  'POST /timebanks/:timebankId/members/:memberId/safeguarding/checks/:checkId/edit': STAFF,
};
