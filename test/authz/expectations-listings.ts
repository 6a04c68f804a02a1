// What the policy allows on the listing routes (docs/listings.md): spread into EXPECTED
// (expectations.ts).
import { type Cell, WITH_MEMBERSHIP } from './subjects.ts';

/** North's listings (listing.browse): its active or paused members and its brokers and coordinators. */
const BROWSE: readonly Cell[] = ['self', 'member:own', 'broker:own', 'coordinator:own'];
/** Mary's listings and follows (listing.manage, person.read, preference.write): Mary, and the brokers and coordinators of North. */
const MARY: readonly Cell[] = ['self', 'broker:own', 'coordinator:own'];
/** A request taken by phone in North: its brokers and coordinators. */
const STAFF: readonly Cell[] = ['broker:own', 'coordinator:own'];
/** "/listings...": everyone with a membership in their current timebank (their own, not North's);
 * not the network admins or commissioners, who hold none. */
const MEMBERS = WITH_MEMBERSHIP;

export const LISTING_EXPECTED: Record<string, readonly Cell[]> = {
  'POST /api/v1/timebanks/:timebankId/listings': BROWSE,
  'GET /api/v1/timebanks/:timebankId/listings': BROWSE,
  'GET /api/v1/timebanks/:timebankId/listings/:listingId': BROWSE,
  'PATCH /api/v1/timebanks/:timebankId/listings/:listingId': MARY,
  'POST /api/v1/timebanks/:timebankId/listings/:listingId/close': MARY,
  'POST /api/v1/timebanks/:timebankId/listings/:listingId/renew': MARY,
  'GET /api/v1/timebanks/:timebankId/members/:memberId/listings': MARY,
  'GET /api/v1/timebanks/:timebankId/members/:memberId/subscriptions': MARY,
  'PUT /api/v1/timebanks/:timebankId/members/:memberId/subscriptions': MARY,
  'GET /listings': MEMBERS,
  'GET /listings/new': MEMBERS,
  'POST /listings/new': MEMBERS,
  'GET /listings/mine': MEMBERS,
  'GET /listings/following': MEMBERS,
  'POST /listings/following': MEMBERS,
  'GET /timebanks/:timebankId/listings/phone': STAFF,
  'POST /timebanks/:timebankId/listings/phone': STAFF,
  'GET /timebanks/:timebankId/listings/:listingId': BROWSE,
  'GET /timebanks/:timebankId/listings/:listingId/edit': MARY,
  'POST /timebanks/:timebankId/listings/:listingId/edit': MARY,
  'POST /timebanks/:timebankId/listings/:listingId/close': MARY,
  'POST /timebanks/:timebankId/listings/:listingId/renew': MARY,
};
