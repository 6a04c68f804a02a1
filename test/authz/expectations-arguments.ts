// What the policy allows on the routes of the arguments board and fishbowl debates
// (docs/arguments.md, docs/fishbowl.md): spread into EXPECTED (expectations.ts).
import { CELLS, type Cell } from './subjects.ts';

/** Everyone, signed in or not: published arguments and the resources are public. */
const PUBLIC: readonly Cell[] = CELLS;
/** Everyone signed in: each acts in their own network (its board, its debates, their own arguments). */
const SIGNED_IN: readonly Cell[] = CELLS.filter((c) => c !== 'anonymous');
/** People of network A (argument.write, fishbowl.takePart): every signed-in cell of that network. */
const NETWORK_A: readonly Cell[] = SIGNED_IN.filter((c) => !c.endsWith(':otherNetwork'));
/** Moderators of their own network (argument.moderate, stakeholder.manage, fishbowl.schedule):
 * coordinators of any timebank and network admins, of either network. */
const MODERATORS: readonly Cell[] = ['coordinator:own', 'coordinator:otherTimebank', 'coordinator:otherNetwork', 'networkAdmin:own', 'networkAdmin:otherNetwork'];
/** Moderators of network A: for its arguments, reports and groups. */
const MODERATORS_A: readonly Cell[] = MODERATORS.filter((c) => !c.endsWith(':otherNetwork'));
/** The debate's moderator (North's coordinator, who scheduled it) and network A's admin (fishbowl.moderate). */
const DEBATE_MODERATOR: readonly Cell[] = ['coordinator:own', 'networkAdmin:own'];

export const ARGUMENT_EXPECTED: Record<string, readonly Cell[]> = {
  'GET /api/v1/stakeholder-groups': SIGNED_IN,
  'POST /api/v1/stakeholder-groups': MODERATORS,
  'PATCH /api/v1/stakeholder-groups/:groupId': MODERATORS_A,
  'GET /stakeholder-groups': MODERATORS,
  'POST /stakeholder-groups': MODERATORS,
  'POST /stakeholder-groups/:groupId': MODERATORS_A,
  'GET /api/v1/arguments': SIGNED_IN,
  'POST /api/v1/arguments': NETWORK_A,
  'GET /api/v1/arguments/mine': SIGNED_IN,
  'GET /api/v1/arguments/moderation': MODERATORS,
  'GET /api/v1/arguments/:argumentId': NETWORK_A,
  'POST /api/v1/arguments/:argumentId/moderation': MODERATORS_A,
  'POST /api/v1/arguments/:argumentId/comments': NETWORK_A,
  'PUT /api/v1/arguments/:argumentId/convinced': NETWORK_A,
  'DELETE /api/v1/arguments/:argumentId/convinced': NETWORK_A,
  'POST /api/v1/arguments/:argumentId/reports': NETWORK_A,
  'POST /api/v1/argument-reports/:reportId/resolution': MODERATORS_A,
  'GET /api/v1/networks/:network/arguments/:argumentId': PUBLIC,
  'GET /api/v1/networks/:network/resources/:group': PUBLIC,
  'GET /arguments': SIGNED_IN,
  'GET /arguments/mine': SIGNED_IN,
  'GET /arguments/new': SIGNED_IN,
  'POST /arguments/new': NETWORK_A,
  'GET /networks/:network/arguments/:argumentId': PUBLIC,
  'POST /arguments/:argumentId/comments': NETWORK_A,
  'POST /arguments/:argumentId/convinced': NETWORK_A,
  'POST /arguments/:argumentId/convinced/withdraw': NETWORK_A,
  'POST /arguments/:argumentId/report': NETWORK_A,
  'GET /arguments/moderation': MODERATORS,
  'POST /arguments/:argumentId/moderation': MODERATORS_A,
  'POST /arguments/reports/:reportId': MODERATORS_A,
  'GET /networks/:network/resources': PUBLIC,
  'GET /networks/:network/resources/:group': PUBLIC,
  'GET /api/v1/debates': SIGNED_IN,
  'POST /api/v1/debates': MODERATORS,
  'GET /api/v1/debates/:debateId': NETWORK_A,
  'GET /api/v1/debates/:debateId/events': NETWORK_A,
  'POST /api/v1/debates/:debateId/open': DEBATE_MODERATOR,
  'POST /api/v1/debates/:debateId/close': DEBATE_MODERATOR,
  'PUT /api/v1/debates/:debateId/seat': NETWORK_A,
  'DELETE /api/v1/debates/:debateId/seat': NETWORK_A,
  'POST /api/v1/debates/:debateId/invitations': DEBATE_MODERATOR,
  'PUT /api/v1/debates/:debateId/seats/:seatNo/muted': DEBATE_MODERATOR,
  'DELETE /api/v1/debates/:debateId/seats/:seatNo': DEBATE_MODERATOR,
  'POST /api/v1/debates/:debateId/contributions': NETWORK_A,
  'GET /debates': SIGNED_IN,
  'GET /debates/new': MODERATORS,
  'POST /debates/new': MODERATORS,
  'GET /debates/:debateId': NETWORK_A,
  'POST /debates/:debateId/open': DEBATE_MODERATOR,
  'POST /debates/:debateId/close': DEBATE_MODERATOR,
  'POST /debates/:debateId/seat': NETWORK_A,
  'POST /debates/:debateId/seat/leave': NETWORK_A,
  'POST /debates/:debateId/invite': DEBATE_MODERATOR,
  'POST /debates/:debateId/seats/:seatNo/mute': DEBATE_MODERATOR,
  'POST /debates/:debateId/seats/:seatNo/unmute': DEBATE_MODERATOR,
  'POST /debates/:debateId/seats/:seatNo/remove': DEBATE_MODERATOR,
  'POST /debates/:debateId/contribute': NETWORK_A,
};
