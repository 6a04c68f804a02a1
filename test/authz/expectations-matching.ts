// What the policy allows on the broker matching routes (docs/matching.md): spread into EXPECTED
// (expectations.ts).
import type { Cell } from './subjects.ts';

/** Ranking, call lists, "do not send", the dashboard: North's brokers and coordinators. */
const STAFF: readonly Cell[] = ['broker:own', 'coordinator:own'];
/** The ranking's weights: North's coordinators. */
const COORDINATOR: readonly Cell[] = ['coordinator:own'];

export const MATCHING_EXPECTED: Record<string, readonly Cell[]> = {
  'GET /api/v1/timebanks/:timebankId/matching/requests/:listingId': STAFF,
  'GET /api/v1/timebanks/:timebankId/matching/requests/:listingId/calls': STAFF,
  'POST /api/v1/timebanks/:timebankId/matching/requests/:listingId/calls': STAFF,
  'POST /api/v1/timebanks/:timebankId/matching/requests/:listingId/calls/:memberId': STAFF,
  'GET /api/v1/timebanks/:timebankId/matching/offers/:listingId': STAFF,
  'GET /api/v1/timebanks/:timebankId/matching/weights': STAFF,
  'PUT /api/v1/timebanks/:timebankId/matching/weights': COORDINATOR,
  'GET /api/v1/timebanks/:timebankId/matching/dashboard': STAFF,
  'GET /api/v1/timebanks/:timebankId/members/:memberId/do-not-send': STAFF,
  'POST /api/v1/timebanks/:timebankId/members/:memberId/do-not-send': STAFF,
  'DELETE /api/v1/timebanks/:timebankId/members/:memberId/do-not-send/:excludedMemberId': STAFF,
  'GET /timebanks/:timebankId/matching/requests/:listingId': STAFF,
  'POST /timebanks/:timebankId/matching/requests/:listingId/calls': STAFF,
  'POST /timebanks/:timebankId/matching/requests/:listingId/calls/:memberId': STAFF,
  'POST /timebanks/:timebankId/matching/requests/:listingId/do-not-send': STAFF,
  'POST /timebanks/:timebankId/matching/requests/:listingId/do-not-send/:excludedMemberId/remove': STAFF,
  'GET /timebanks/:timebankId/matching/offers/:listingId': STAFF,
  'GET /timebanks/:timebankId/matching': STAFF,
  'GET /timebanks/:timebankId/matching/weights': STAFF,
  'POST /timebanks/:timebankId/matching/weights': COORDINATOR,
};
