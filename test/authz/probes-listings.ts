// Probes of the listing routes (docs/listings.md) for the authorization matrix: spread into
// PROBES (probes.ts). Posting adds a listing of the caller's own (or, by phone, Mary's); the
// closing probes each close a listing of their own (subjects-listings.ts).
import type { Probe } from './probes.ts';
import type { Targets } from './subjects.ts';

/** A request as the API takes it: a shipped category, valid in every timebank. */
const listingBody = () => ({ kind: 'request', title: 'Matrix: lift to town', categorySlug: 'transport-errands.lifts', mode: 'outside' });

/** The same as the page's form sends it. */
const listingForm = () => ({
  kind: 'request',
  title: 'Matrix: lift to town',
  description: '',
  categorySlug: 'transport-errands.lifts',
  mode: 'outside',
  whenKind: 'flexible',
  language: 'en',
  languages: '',
  visibility: 'timebank',
  expiresOn: '',
});

const listing = (t: Targets, rest = '') => `/api/v1/timebanks/${t.north}/listings/${t.listingId}${rest}`;
const page = (t: Targets, id: string, rest = '') => `/timebanks/${t.north}/listings/${id}${rest}`;

export const LISTING_PROBES: Record<string, Probe> = {
  // ---- the API
  'POST /api/v1/timebanks/:timebankId/listings': { body: listingBody },
  'GET /api/v1/timebanks/:timebankId/listings': { path: (t) => `/api/v1/timebanks/${t.north}/listings?q=hedge` },
  'GET /api/v1/timebanks/:timebankId/listings/:listingId': { path: (t) => listing(t) },
  'PATCH /api/v1/timebanks/:timebankId/listings/:listingId': { path: (t) => listing(t), body: () => ({ title: 'Help with the hedge' }) },
  'POST /api/v1/timebanks/:timebankId/listings/:listingId/close': { path: (t) => `/api/v1/timebanks/${t.north}/listings/${t.closeListingId}/close` },
  'POST /api/v1/timebanks/:timebankId/listings/:listingId/renew': { path: (t) => listing(t, '/renew'), body: () => ({}) },
  'GET /api/v1/timebanks/:timebankId/members/:memberId/listings': {},
  'GET /api/v1/timebanks/:timebankId/members/:memberId/subscriptions': {},
  'PUT /api/v1/timebanks/:timebankId/members/:memberId/subscriptions': { body: () => ({ categories: ['home-garden'] }) },
  // ---- the pages ("/listings..." are the caller's own, in their current timebank)
  'GET /listings': {},
  'GET /listings/new': {},
  'POST /listings/new': { form: listingForm },
  'GET /listings/mine': {},
  'GET /listings/following': {},
  'POST /listings/following': { form: () => ({ categories: 'home-garden' }) },
  'GET /timebanks/:timebankId/listings/phone': { path: (t) => `/timebanks/${t.north}/listings/phone?memberId=${t.maryMemberId}` },
  'POST /timebanks/:timebankId/listings/phone': { form: (t) => ({ ...listingForm(), memberId: t.maryMemberId, checkNeeded: '' }) },
  'GET /timebanks/:timebankId/listings/:listingId': { path: (t) => page(t, t.listingId) },
  'GET /timebanks/:timebankId/listings/:listingId/edit': { path: (t) => page(t, t.listingId, '/edit') },
  'POST /timebanks/:timebankId/listings/:listingId/edit': { path: (t) => page(t, t.listingId, '/edit'), form: () => ({ ...listingForm(), title: 'Help with the hedge', categorySlug: 'home-garden.gardening' }) },
  'POST /timebanks/:timebankId/listings/:listingId/close': { path: (t) => page(t, t.pageCloseListingId, '/close'), form: () => ({}) },
  'POST /timebanks/:timebankId/listings/:listingId/renew': { path: (t) => page(t, t.listingId, '/renew'), form: () => ({ expiresOn: '' }) },
};
