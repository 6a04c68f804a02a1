// Probes of the exchange routes (docs/exchanges.md) for the authorization matrix: spread into
// PROBES (probes.ts). They aim at the exchange Mary receives and Nina gives (subjects-exchanges.ts).
// Every body passes validation; a step the exchange's state no longer allows answers 409 or 422
// after the policy said yes (the first allowed cancel ends the exchange; the steps after it
// still reach the policy first).
import { newId } from '../../src/lib/ids.ts';
import type { Probe } from './probes.ts';
import type { Targets } from './subjects.ts';

const ex = (t: Targets) => `/api/v1/exchanges/${t.exchangeId}`;
const occ = (t: Targets) => `${ex(t)}/occurrences/${t.occurrenceId}`;
const page = (t: Targets) => `/exchanges/${t.exchangeId}`;
const pageOcc = (t: Targets) => `${page(t)}/occurrences/${t.occurrenceId}`;
const inAMonth = () => new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);

export const EXCHANGE_PROBES: Record<string, Probe> = {
  // ---- the API
  'POST /api/v1/exchanges': {
    body: (t) => ({ listingId: t.exchangeListingId, receiverMemberId: t.maryMemberId, giverMemberIds: [t.ninaMemberId] }),
  },
  'GET /api/v1/exchanges': {},
  'GET /api/v1/exchanges/:id': { path: ex },
  'POST /api/v1/exchanges/:id/agree': {
    path: (t) => `${ex(t)}/agree`,
    body: () => ({ date: inAMonth(), time: '10:00', durationMinutes: 60, place: 'On the phone' }),
  },
  'POST /api/v1/exchanges/:id/change': { path: (t) => `${ex(t)}/change`, body: () => ({ place: `Call ${newId().slice(-6)}` }) },
  'POST /api/v1/exchanges/:id/cancel': { path: (t) => `${ex(t)}/cancel`, body: () => ({ reason: 'matrix' }) },
  'POST /api/v1/exchanges/:id/occurrences/:occurrenceId/done': { path: (t) => `${occ(t)}/done` },
  'POST /api/v1/exchanges/:id/occurrences/:occurrenceId/no-show': {
    path: (t) => `${occ(t)}/no-show`,
    body: (t) => ({ memberId: t.ninaMemberId, reason: 'matrix' }),
  },
  'POST /api/v1/exchanges/:id/occurrences/:occurrenceId/hours': { path: (t) => `${occ(t)}/hours`, body: () => ({ id: newId(), minutes: 60 }) },
  'POST /api/v1/exchanges/:id/occurrences/:occurrenceId/confirm': { path: (t) => `${occ(t)}/confirm` },
  'POST /api/v1/exchanges/:id/occurrences/:occurrenceId/dispute': { path: (t) => `${occ(t)}/dispute`, body: () => ({ reason: 'matrix' }) },
  'POST /api/v1/exchanges/:id/occurrences/:occurrenceId/resolve': {
    path: (t) => `${occ(t)}/resolve`,
    body: () => ({ outcome: 'post', reason: 'matrix' }),
  },
  'POST /api/v1/exchanges/:id/thanks': {
    path: (t) => `${ex(t)}/thanks`,
    body: (t) => ({ toMemberId: t.ninaMemberId, text: 'Thank you', showOnProfile: true }),
  },
  'PUT /api/v1/thank-yous/:id/hidden': { path: (t) => `/api/v1/thank-yous/${t.thankYouId}/hidden`, body: () => ({ hidden: false }) },
  'GET /api/v1/timebanks/:timebankId/members/:memberId/thanks': {},
  // ---- pages
  'GET /exchanges': {},
  'GET /exchanges/new': { path: (t) => `/exchanges/new?listingId=${t.exchangeListingId}` },
  'POST /exchanges/new': { form: (t) => ({ listingId: t.exchangeListingId, giver1: t.ninaMemberId, receiver: t.maryMemberId }) },
  'GET /exchanges/:id': { path: page },
  'GET /exchanges/:id/sheet': { path: (t) => `${page(t)}/sheet` },
  'POST /exchanges/:id/agree': {
    path: (t) => `${page(t)}/agree`,
    form: () => ({ date: inAMonth(), time: '10:00', hours: '1', minutes: '0', place: 'On the phone' }),
  },
  'POST /exchanges/:id/change': { path: (t) => `${page(t)}/change`, form: () => ({ changePlace: `Call ${newId().slice(-6)}` }) },
  'POST /exchanges/:id/cancel': { path: (t) => `${page(t)}/cancel`, form: () => ({ reason: 'matrix' }) },
  'POST /exchanges/:id/occurrences/:occurrenceId/done': { path: (t) => `${pageOcc(t)}/done`, form: () => ({}) },
  'POST /exchanges/:id/occurrences/:occurrenceId/no-show': {
    path: (t) => `${pageOcc(t)}/no-show`,
    form: (t) => ({ memberId: t.ninaMemberId, reason: 'matrix' }),
  },
  'POST /exchanges/:id/occurrences/:occurrenceId/hours': { path: (t) => `${pageOcc(t)}/hours`, form: () => ({ id: newId(), hours: '1', minutes: '0' }) },
  'POST /exchanges/:id/occurrences/:occurrenceId/confirm': { path: (t) => `${pageOcc(t)}/confirm`, form: () => ({}) },
  'POST /exchanges/:id/occurrences/:occurrenceId/dispute': { path: (t) => `${pageOcc(t)}/dispute`, form: () => ({ reason: 'matrix' }) },
  'POST /exchanges/:id/occurrences/:occurrenceId/resolve': { path: (t) => `${pageOcc(t)}/resolve`, form: () => ({ outcome: 'post', reason: 'matrix' }) },
  'POST /exchanges/:id/star': { path: (t) => `${page(t)}/star`, form: () => ({ modes: 'co_delivery' }) },
  'POST /exchanges/:id/thanks': { path: (t) => `${page(t)}/thanks`, form: (t) => ({ toMemberId: t.ninaMemberId, text: 'Thank you', showOnProfile: 'yes' }) },
  'POST /thank-yous/:id/hidden': { path: (t) => `/thank-yous/${t.thankYouId}/hidden`, form: () => ({ hidden: 'no' }) },
};
