// Probes of my record, broker notes, data rights and organisation roles (docs/my-record.md)
// for the authorization matrix: spread into PROBES (probes.ts). Notes are added, a note is
// restricted once (then 409), remarks are added beside Mary's record.
import type { Probe } from './probes.ts';
import { recordTargets as rt } from './subjects-record.ts';

const notes = (t: Parameters<typeof rt>[0]) => `/timebanks/${t.north}/members/${t.maryMemberId}/notes`;

export const RECORD_PROBES: Record<string, Probe> = {
  // ---- my record and remarks (Mary's)
  'GET /api/v1/people/:id/record': { path: (t) => `/api/v1/people/${t.mary.id}/record` },
  'POST /api/v1/people/:id/remarks': {
    path: (t) => `/api/v1/people/${t.mary.id}/remarks`,
    body: () => ({ itemType: 'other', kind: 'note', body: 'matrix remark' }),
  },
  'POST /people/:id/remarks': {
    path: (t) => `/people/${t.mary.id}/remarks`,
    form: () => ({ itemType: 'other', kind: 'note', body: 'matrix remark' }),
  },
  // ---- broker notes about Mary
  'GET /api/v1/timebanks/:timebankId/members/:memberId/notes': {},
  'POST /api/v1/timebanks/:timebankId/members/:memberId/notes': { body: () => ({ body: 'matrix note' }) },
  'GET /api/v1/timebanks/:timebankId/members/:memberId/notes/:noteId': {
    path: (t) => `/api/v1${notes(t)}/${rt(t).sharedNoteId}`,
  },
  'POST /api/v1/timebanks/:timebankId/members/:memberId/notes/:noteId/restrict': {
    path: (t) => `/api/v1${notes(t)}/${rt(t).restrictNoteId}/restrict`,
    body: () => ({ reason: 'matrix' }),
  },
  'POST /timebanks/:timebankId/members/:memberId/notes': { form: () => ({ body: 'matrix note', restricted: 'no' }) },
  'POST /timebanks/:timebankId/members/:memberId/notes/:noteId/restrict': {
    path: (t) => `${notes(t)}/${rt(t).restrictNoteId}/restrict`,
    form: () => ({ reason: 'matrix' }),
  },
  // ---- data rights: Mary's archive; Erin is erased by the first allowed call (then 409)
  'GET /api/v1/people/:id/export': { path: (t) => `/api/v1/people/${t.mary.id}/export` },
  'POST /api/v1/people/:id/erase': {
    path: (t) => `/api/v1/people/${rt(t).erinPersonId}/erase`,
    body: () => ({ reason: 'matrix', confirmName: 'Erin Erasable' }),
  },
  'GET /people/:id/erase': { path: (t) => `/people/${rt(t).erinPersonId}/erase` },
  'POST /people/:id/erase': {
    path: (t) => `/people/${rt(t).erinPersonId}/erase`,
    form: () => ({ reason: 'matrix', confirmName: 'Erin Erasable' }),
  },
  // ---- organisations: who acts for North Lunch Club, in which role
  'GET /api/v1/organisations/:id/people': { path: (t) => `/api/v1/organisations/${t.organisationId}/people` },
  'PUT /api/v1/organisations/:id/people/:personId': {
    path: (t) => `/api/v1/organisations/${t.organisationId}/people/${rt(t).orgApiPersonId}`,
    body: () => ({ role: 'contact' }),
  },
  'DELETE /api/v1/organisations/:id/people/:personId': { path: (t) => `/api/v1/organisations/${t.organisationId}/people/${rt(t).orgApiPersonId}` },
  'GET /timebanks/:timebankId/organisations': {},
  'GET /organisations/:id': { path: (t) => `/organisations/${t.organisationId}` },
  'POST /organisations/:id/people': { path: (t) => `/organisations/${t.organisationId}/people`, form: (t) => ({ personId: t.patPersonId, role: 'member' }) },
  'POST /organisations/:id/people/:personId': {
    path: (t) => `/organisations/${t.organisationId}/people/${rt(t).orgPagePersonId}`,
    form: () => ({ role: 'contact' }),
  },
  'POST /organisations/:id/people/:personId/remove': {
    path: (t) => `/organisations/${t.organisationId}/people/${rt(t).orgPagePersonId}/remove`,
    form: () => ({}),
  },
  // ---- editing Mary's check on its page (kept a PVG check for regulated work, number kept)
  'GET /timebanks/:timebankId/members/:memberId/safeguarding/checks/:checkId/edit': {},
  'POST /timebanks/:timebankId/members/:memberId/safeguarding/checks/:checkId/edit': {
    form: () => ({ scheme: 'pvg', level: 'pvg_level_2', workforce: 'adults', roleTitle: 'Befriender', regulatedWork: 'yes', issuedOn: '2025-01-10' }),
  },
};
