// Probes of the arguments board and fishbowl debates (docs/arguments.md, docs/fishbowl.md) for the
// authorization matrix: spread into PROBES (probes.ts). Targets come from subjects-arguments.ts.
// The first moderator to call publishes the pending argument or dismisses the report; later
// calls are refused as conflicts (409), which the matrix counts as allowed: the policy let them in.
import { newId } from '../../src/lib/ids.ts';
import type { Probe } from './probes.ts';
import type { Targets } from './subjects.ts';

const unique = () => newId().slice(-8);
const argumentBody = (t: Targets) => ({
  stakeholderGroupId: t.stakeholderGroupId,
  claim: `Matrix argument ${unique()}`,
  evidence: [{ kind: 'figure', label: 'members', figure: '1,406' }],
  attribution: 'anonymous',
});
const argument = (t: Targets, rest = '') => `/api/v1/arguments/${t.argumentId}${rest}`;
const argumentPage = (t: Targets, rest = '') => `/arguments/${t.argumentId}${rest}`;
const debate = (t: Targets, rest = '') => `/api/v1/debates/${t.debateId}${rest}`;
const debatePage = (t: Targets, rest = '') => `/debates/${t.debateId}${rest}`;

export const ARGUMENT_PROBES: Record<string, Probe> = {
  // ---- stakeholder groups
  'GET /api/v1/stakeholder-groups': {},
  'POST /api/v1/stakeholder-groups': { body: () => ({ nameEn: `Matrix group ${unique()}`, namePl: 'Grupa' }) },
  'PATCH /api/v1/stakeholder-groups/:groupId': {
    path: (t) => `/api/v1/stakeholder-groups/${t.stakeholderGroupId}`,
    body: () => ({ nameEn: 'Heads of strategy and finance', namePl: 'Kierownicy ds. strategii i finansów' }),
  },
  'GET /stakeholder-groups': {},
  'POST /stakeholder-groups': { form: () => ({ nameEn: `Matrix group ${unique()}`, namePl: 'Grupa' }) },
  'POST /stakeholder-groups/:groupId': {
    path: (t) => `/stakeholder-groups/${t.stakeholderGroupId}`,
    form: () => ({ nameEn: 'Heads of strategy and finance', namePl: 'Kierownicy ds. strategii i finansów', position: '10' }),
  },
  // ---- arguments
  'GET /api/v1/arguments': {},
  'POST /api/v1/arguments': { body: argumentBody },
  'GET /api/v1/arguments/mine': {},
  'GET /api/v1/arguments/moderation': {},
  'GET /api/v1/arguments/:argumentId': { path: (t) => argument(t) },
  'POST /api/v1/arguments/:argumentId/moderation': { path: (t) => `/api/v1/arguments/${t.pendingArgumentId}/moderation`, body: () => ({ decision: 'publish' }) },
  'POST /api/v1/arguments/:argumentId/comments': { path: (t) => argument(t, '/comments'), body: () => ({ body: 'Matrix comment' }) },
  'PUT /api/v1/arguments/:argumentId/convinced': { path: (t) => argument(t, '/convinced'), body: (t) => ({ stakeholderGroupId: t.stakeholderGroupId }) },
  'DELETE /api/v1/arguments/:argumentId/convinced': { path: (t) => argument(t, '/convinced') },
  'POST /api/v1/arguments/:argumentId/reports': { path: (t) => argument(t, '/reports'), body: () => ({ reason: 'Matrix report' }) },
  'POST /api/v1/argument-reports/:reportId/resolution': { path: (t) => `/api/v1/argument-reports/${t.argumentReportId}/resolution`, body: () => ({ resolution: 'dismissed' }) },
  'GET /api/v1/networks/:network/arguments/:argumentId': { path: (t) => `/api/v1/networks/${t.networkSlug}/arguments/${t.argumentId}` },
  'GET /api/v1/networks/:network/resources/:group': { path: (t) => `/api/v1/networks/${t.networkSlug}/resources/${t.stakeholderGroupSlug}` },
  'GET /arguments': {},
  'GET /arguments/mine': {},
  'GET /arguments/new': {},
  'POST /arguments/new': {
    form: (t) => ({ stakeholderGroupId: t.stakeholderGroupId, claim: `Matrix argument ${unique()}`, attribution: 'private' }),
  },
  'GET /networks/:network/arguments/:argumentId': { path: (t) => `/networks/${t.networkSlug}/arguments/${t.argumentId}` },
  'POST /arguments/:argumentId/comments': { path: (t) => argumentPage(t, '/comments'), form: () => ({ body: 'Matrix comment' }) },
  'POST /arguments/:argumentId/convinced': { path: (t) => argumentPage(t, '/convinced'), form: (t) => ({ stakeholderGroupId: t.stakeholderGroupId }) },
  'POST /arguments/:argumentId/convinced/withdraw': { path: (t) => argumentPage(t, '/convinced/withdraw'), form: () => ({}) },
  'POST /arguments/:argumentId/report': { path: (t) => argumentPage(t, '/report'), form: () => ({ reason: 'Matrix report' }) },
  'GET /arguments/moderation': {},
  'POST /arguments/:argumentId/moderation': { path: (t) => `/arguments/${t.pendingArgumentId}/moderation`, form: () => ({ decision: 'publish' }) },
  'POST /arguments/reports/:reportId': { path: (t) => `/arguments/reports/${t.argumentReportId}`, form: () => ({ resolution: 'dismissed' }) },
  'GET /networks/:network/resources': { path: (t) => `/networks/${t.networkSlug}/resources` },
  'GET /networks/:network/resources/:group': { path: (t) => `/networks/${t.networkSlug}/resources/${t.stakeholderGroupSlug}` },
  // ---- fishbowl debates
  'GET /api/v1/debates': {},
  'POST /api/v1/debates': { body: () => ({ topic: `Matrix debate ${unique()}`, openingQuestions: ['Why?'], seatCount: 3, startsAt: '2026-12-01T18:00:00Z' }) },
  'GET /api/v1/debates/:debateId': { path: (t) => debate(t) },
  // A closed debate's stream sends what there is and ends, so the probe gets a whole answer.
  'GET /api/v1/debates/:debateId/events': { path: (t) => `/api/v1/debates/${t.closedDebateId}/events` },
  'POST /api/v1/debates/:debateId/open': { path: (t) => `/api/v1/debates/${t.scheduledDebateId}/open` },
  'POST /api/v1/debates/:debateId/close': { path: (t) => `/api/v1/debates/${t.closedDebateId}/close` },
  'PUT /api/v1/debates/:debateId/seat': { path: (t) => debate(t, '/seat') },
  'DELETE /api/v1/debates/:debateId/seat': { path: (t) => debate(t, '/seat') },
  'POST /api/v1/debates/:debateId/invitations': { path: (t) => debate(t, '/invitations'), body: (t) => ({ personId: t.mary.id }) },
  'PUT /api/v1/debates/:debateId/seats/:seatNo/muted': { path: (t) => debate(t, '/seats/1/muted'), body: () => ({ muted: false }) },
  'DELETE /api/v1/debates/:debateId/seats/:seatNo': { path: (t) => debate(t, '/seats/9') },
  'POST /api/v1/debates/:debateId/contributions': { path: (t) => debate(t, '/contributions'), body: () => ({ body: 'Matrix point' }) },
  'GET /debates': {},
  'GET /debates/new': {},
  'POST /debates/new': { form: () => ({ topic: `Matrix debate ${unique()}`, openingQuestions: 'Why?', seatCount: '3', startsAt: '2026-12-01T18:00' }) },
  'GET /debates/:debateId': { path: (t) => debatePage(t) },
  'POST /debates/:debateId/open': { path: (t) => `/debates/${t.scheduledDebateId}/open`, form: () => ({}) },
  'POST /debates/:debateId/close': { path: (t) => `/debates/${t.closedDebateId}/close`, form: () => ({}) },
  'POST /debates/:debateId/seat': { path: (t) => debatePage(t, '/seat'), form: () => ({}) },
  'POST /debates/:debateId/seat/leave': { path: (t) => debatePage(t, '/seat/leave'), form: () => ({}) },
  'POST /debates/:debateId/invite': { path: (t) => debatePage(t, '/invite'), form: (t) => ({ personId: t.mary.id }) },
  'POST /debates/:debateId/seats/:seatNo/mute': { path: (t) => debatePage(t, '/seats/9/mute'), form: () => ({}) },
  'POST /debates/:debateId/seats/:seatNo/unmute': { path: (t) => debatePage(t, '/seats/9/unmute'), form: () => ({}) },
  'POST /debates/:debateId/seats/:seatNo/remove': { path: (t) => debatePage(t, '/seats/9/remove'), form: () => ({}) },
  'POST /debates/:debateId/contribute': { path: (t) => debatePage(t, '/contribute'), form: () => ({ body: 'Matrix point' }) },
};
