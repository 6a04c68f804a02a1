// Probes of the broker matching routes (docs/matching.md) for the authorization matrix: spread
// into PROBES (probes.ts). They aim at Mary's open request in North (subjects-listings.ts) and
// at Nina; a refusal of the domain (Nina not a candidate, not on the call list, the request not
// an offer) comes after the policy said yes, so it counts as allowed.
import type { Probe } from './probes.ts';
import type { Targets } from './subjects.ts';

const api = (t: Targets, rest = '') => `/api/v1/timebanks/${t.north}/matching${rest}`;
const page = (t: Targets, rest = '') => `/timebanks/${t.north}/matching${rest}`;
const weights = () => ({ fit: 5, distance: 3, metBefore: 2, reliability: 2, fairness: 3 });
const weightsForm = () => ({ fit: '5', distance: '3', metBefore: '2', reliability: '2', fairness: '3' });

export const MATCHING_PROBES: Record<string, Probe> = {
  'GET /api/v1/timebanks/:timebankId/matching/requests/:listingId': { path: (t) => api(t, `/requests/${t.listingId}`) },
  'GET /api/v1/timebanks/:timebankId/matching/requests/:listingId/calls': { path: (t) => api(t, `/requests/${t.listingId}/calls`) },
  'POST /api/v1/timebanks/:timebankId/matching/requests/:listingId/calls': { path: (t) => api(t, `/requests/${t.listingId}/calls`), body: (t) => ({ memberIds: [t.ninaMemberId] }) },
  'POST /api/v1/timebanks/:timebankId/matching/requests/:listingId/calls/:memberId': {
    path: (t) => api(t, `/requests/${t.listingId}/calls/${t.ninaMemberId}`),
    body: () => ({ outcome: 'no_answer' }),
  },
  'GET /api/v1/timebanks/:timebankId/matching/offers/:listingId': { path: (t) => api(t, `/offers/${t.listingId}`) },
  'GET /api/v1/timebanks/:timebankId/matching/weights': { path: (t) => api(t, '/weights') },
  'PUT /api/v1/timebanks/:timebankId/matching/weights': { path: (t) => api(t, '/weights'), body: weights },
  'GET /api/v1/timebanks/:timebankId/matching/dashboard': { path: (t) => api(t, '/dashboard') },
  'GET /api/v1/timebanks/:timebankId/members/:memberId/do-not-send': {},
  'POST /api/v1/timebanks/:timebankId/members/:memberId/do-not-send': { body: (t) => ({ excludedMemberId: t.ninaMemberId }) },
  'DELETE /api/v1/timebanks/:timebankId/members/:memberId/do-not-send/:excludedMemberId': {
    path: (t) => `/api/v1/timebanks/${t.north}/members/${t.maryMemberId}/do-not-send/${t.ninaMemberId}`,
  },
  'GET /timebanks/:timebankId/matching/requests/:listingId': { path: (t) => page(t, `/requests/${t.listingId}`) },
  'POST /timebanks/:timebankId/matching/requests/:listingId/calls': { path: (t) => page(t, `/requests/${t.listingId}/calls`), form: (t) => ({ memberIds: t.ninaMemberId }) },
  'POST /timebanks/:timebankId/matching/requests/:listingId/calls/:memberId': {
    path: (t) => page(t, `/requests/${t.listingId}/calls/${t.ninaMemberId}`),
    form: () => ({ outcome: 'no_answer' }),
  },
  'POST /timebanks/:timebankId/matching/requests/:listingId/do-not-send': { path: (t) => page(t, `/requests/${t.listingId}/do-not-send`), form: (t) => ({ excludedMemberId: t.ninaMemberId }) },
  'POST /timebanks/:timebankId/matching/requests/:listingId/do-not-send/:excludedMemberId/remove': {
    path: (t) => page(t, `/requests/${t.listingId}/do-not-send/${t.ninaMemberId}/remove`),
    form: () => ({}),
  },
  'GET /timebanks/:timebankId/matching/offers/:listingId': { path: (t) => page(t, `/offers/${t.listingId}`) },
  'GET /timebanks/:timebankId/matching': { path: (t) => page(t) },
  'GET /timebanks/:timebankId/matching/weights': { path: (t) => page(t, '/weights') },
  'POST /timebanks/:timebankId/matching/weights': { path: (t) => page(t, '/weights'), form: weightsForm },
};
