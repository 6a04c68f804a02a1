// What the policy allows on the exchange routes (docs/exchanges.md): spread into EXPECTED
// (expectations.ts). The exchange's people are Mary ("self", who receives) and Nina
// ("member:own", who gives); its brokers are the brokers and coordinators of North.
import type { Cell } from './subjects.ts';
import { CELLS } from './subjects.ts';

/** Everyone signed in (their own exchanges list, perhaps empty). */
const SIGNED_IN: readonly Cell[] = CELLS.filter((c) => c !== 'anonymous');
/** The receiver, the giver and the brokers of its timebank. */
const ALL: readonly Cell[] = ['self', 'member:own', 'broker:own', 'coordinator:own'];
/** Giving hours: the giver and brokers. */
const GIVER: readonly Cell[] = ['member:own', 'broker:own', 'coordinator:own'];
/** Confirming hours: the receiver and brokers. */
const RECEIVER: readonly Cell[] = ['self', 'broker:own', 'coordinator:own'];
/** Resolving a dispute: brokers only. */
const BROKER: readonly Cell[] = ['broker:own', 'coordinator:own'];
/** Thank-you notes are written by the receiver and the giver themselves. */
const PARTIES: readonly Cell[] = ['self', 'member:own'];
/** Notes on Mary's profile: North's directory readers (its members and staff). */
const DIRECTORY: readonly Cell[] = ['self', 'member:own', 'broker:own', 'coordinator:own'];

export const EXCHANGE_EXPECTED: Record<string, readonly Cell[]> = {
  'POST /api/v1/exchanges': ALL,
  'GET /api/v1/exchanges': SIGNED_IN,
  'GET /api/v1/exchanges/:id': ALL,
  'POST /api/v1/exchanges/:id/agree': ALL,
  'POST /api/v1/exchanges/:id/change': ALL,
  'POST /api/v1/exchanges/:id/cancel': ALL,
  'POST /api/v1/exchanges/:id/occurrences/:occurrenceId/done': ALL,
  'POST /api/v1/exchanges/:id/occurrences/:occurrenceId/no-show': ALL,
  'POST /api/v1/exchanges/:id/occurrences/:occurrenceId/hours': GIVER,
  'POST /api/v1/exchanges/:id/occurrences/:occurrenceId/confirm': RECEIVER,
  'POST /api/v1/exchanges/:id/occurrences/:occurrenceId/dispute': ALL,
  'POST /api/v1/exchanges/:id/occurrences/:occurrenceId/resolve': BROKER,
  'POST /api/v1/exchanges/:id/thanks': PARTIES,
  'PUT /api/v1/thank-yous/:id/hidden': ['self'],
  'GET /api/v1/timebanks/:timebankId/members/:memberId/thanks': DIRECTORY,
  'GET /exchanges': SIGNED_IN,
  'GET /exchanges/new': ALL,
  'POST /exchanges/new': ALL,
  'GET /exchanges/:id': ALL,
  'GET /exchanges/:id/sheet': ALL,
  'POST /exchanges/:id/agree': ALL,
  'POST /exchanges/:id/change': ALL,
  'POST /exchanges/:id/cancel': ALL,
  'POST /exchanges/:id/occurrences/:occurrenceId/done': ALL,
  'POST /exchanges/:id/occurrences/:occurrenceId/no-show': ALL,
  'POST /exchanges/:id/occurrences/:occurrenceId/hours': GIVER,
  'POST /exchanges/:id/occurrences/:occurrenceId/confirm': RECEIVER,
  'POST /exchanges/:id/occurrences/:occurrenceId/dispute': ALL,
  'POST /exchanges/:id/occurrences/:occurrenceId/resolve': BROKER,
  'POST /exchanges/:id/thanks': PARTIES,
  // its Co-Production Star modes (outcome.manage on the timebank)
  'POST /exchanges/:id/star': ['coordinator:own'],
  'POST /thank-yous/:id/hidden': ['self'],
};
