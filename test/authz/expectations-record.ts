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
};
