// What the policy allows on the asset map routes (docs/asset-map.md): spread into EXPECTED
// (expectations.ts).
import { type Cell, WITH_MEMBERSHIP } from './subjects.ts';

/** Mary's conversations and survey answers (conversation.hold, survey.answer): Mary, and North's brokers and coordinators. */
const MARY: readonly Cell[] = ['self', 'broker:own', 'coordinator:own'];
/** North's brokers and coordinators (the map with names, the assets register kept). */
const STAFF: readonly Cell[] = ['broker:own', 'coordinator:own'];
/** North's coordinators (boundaries, refreshing, creating the activity of an invitation). */
const COORDINATOR: readonly Cell[] = ['coordinator:own'];
/** The map's figures: staff (in full) and whoever may read North's reports (suppressed). */
const FIGURES: readonly Cell[] = ['broker:own', 'coordinator:own', 'networkAdmin:own', 'commissioner:own', 'commissioner:network'];
/** The assets register: the people of North (asset.read). */
const PEOPLE: readonly Cell[] = ['self', 'member:own', 'broker:own', 'coordinator:own', 'networkAdmin:own', 'commissioner:own', 'commissioner:network'];
/** Pages of the caller's current timebank: everyone with a membership (their own timebank, not North's). */
const MEMBERS = WITH_MEMBERSHIP;
/** Pages for the staff of the caller's current timebank. */
const ANY_STAFF: readonly Cell[] = ['broker:own', 'broker:otherTimebank', 'broker:otherNetwork', 'coordinator:own', 'coordinator:otherTimebank', 'coordinator:otherNetwork'];
const ANY_COORDINATOR: readonly Cell[] = ['coordinator:own', 'coordinator:otherTimebank', 'coordinator:otherNetwork'];
/** The readers of reports of their current timebank (network admins, commissioners): the map's public figures. */
const READERS: readonly Cell[] = ['networkAdmin:own', 'networkAdmin:otherNetwork', 'commissioner:own', 'commissioner:otherTimebank', 'commissioner:network', 'commissioner:otherNetwork'];

export const ASSETMAP_EXPECTED: Record<string, readonly Cell[]> = {
  'POST /api/v1/timebanks/:timebankId/conversations': MARY,
  'GET /api/v1/timebanks/:timebankId/conversations/:conversationId': MARY,
  'PATCH /api/v1/timebanks/:timebankId/conversations/:conversationId': MARY,
  'POST /api/v1/timebanks/:timebankId/conversations/:conversationId/complete': MARY,
  'GET /api/v1/timebanks/:timebankId/members/:memberId/conversations': MARY,
  'GET /api/v1/timebanks/:timebankId/members/:memberId/survey': MARY,
  'PUT /api/v1/timebanks/:timebankId/members/:memberId/survey': MARY,
  'GET /api/v1/timebanks/:timebankId/assets': PEOPLE,
  'POST /api/v1/timebanks/:timebankId/assets': STAFF,
  'PATCH /api/v1/timebanks/:timebankId/assets/:assetId': STAFF,
  'GET /api/v1/timebanks/:timebankId/asset-map': FIGURES,
  'GET /api/v1/timebanks/:timebankId/asset-map/export': FIGURES,
  'POST /api/v1/timebanks/:timebankId/asset-map/refresh': COORDINATOR,
  'GET /api/v1/timebanks/:timebankId/asset-map/cells/:areaId/:category': STAFF,
  'POST /api/v1/timebanks/:timebankId/asset-map/invitations': COORDINATOR,
  'GET /api/v1/timebanks/:timebankId/asset-map/pillars': STAFF,
  'GET /api/v1/timebanks/:timebankId/area-boundaries': FIGURES,
  'PUT /api/v1/timebanks/:timebankId/area-boundaries': COORDINATOR,
  'GET /conversation': MEMBERS,
  'POST /conversation': MEMBERS,
  'GET /timebanks/:timebankId/conversations/:conversationId/steps/:step': MARY,
  'POST /timebanks/:timebankId/conversations/:conversationId/steps/:step': MARY,
  'GET /survey': MEMBERS,
  'POST /survey': MEMBERS,
  'GET /assets': [...MEMBERS, ...READERS],
  'POST /assets': ANY_STAFF,
  'GET /asset-map': [...ANY_STAFF, ...READERS],
  'POST /asset-map/refresh': ANY_COORDINATOR,
  'GET /asset-map/cell': ANY_STAFF,
  'POST /asset-map/invite': ANY_COORDINATOR,
  'GET /asset-map/geo': [...ANY_STAFF, ...READERS],
  'GET /asset-map/areas': ANY_COORDINATOR,
  'POST /asset-map/areas': ANY_COORDINATOR,
  'GET /asset-map/pillars': ANY_STAFF,
};
