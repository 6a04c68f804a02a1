// Probes of the asset map routes (docs/asset-map.md) for the authorization matrix: spread into
// PROBES (probes.ts). The cell probed is North's "no area" x "home-garden", where Mary has an
// open request (subjects-listings.ts), so inviting her passes the checks after the policy.
import { NO_AREA } from '../../src/modules/assetmap/queries.ts';
import type { Probe } from './probes.ts';
import type { Targets } from './subjects.ts';

const conversation = (t: Targets, rest = '') => `/api/v1/timebanks/${t.north}/conversations/${t.conversationId}${rest}`;
const invite = (t: Targets) => ({
  areaId: NO_AREA,
  category: 'home-garden',
  memberIds: [t.maryMemberId],
  title: 'Matrix: garden helpers meet',
  startsAt: '2030-02-02T18:00:00Z',
  endsAt: '2030-02-02T19:00:00Z',
  minutesPerAttendee: 60,
});
const square = { type: 'Polygon', coordinates: [[[0, 0], [0.01, 0], [0.01, 0.01], [0, 0.01], [0, 0]]] };

export const ASSETMAP_PROBES: Record<string, Probe> = {
  // ---- the API: conversations and the survey
  'POST /api/v1/timebanks/:timebankId/conversations': { body: (t) => ({ memberId: t.maryMemberId }) },
  'GET /api/v1/timebanks/:timebankId/conversations/:conversationId': { path: (t) => conversation(t) },
  'PATCH /api/v1/timebanks/:timebankId/conversations/:conversationId': { path: (t) => conversation(t), body: () => ({ step: 'heart', heartText: 'The harbour' }) },
  'POST /api/v1/timebanks/:timebankId/conversations/:conversationId/complete': { path: (t) => conversation(t, '/complete') },
  'GET /api/v1/timebanks/:timebankId/members/:memberId/conversations': {},
  'GET /api/v1/timebanks/:timebankId/members/:memberId/survey': {},
  'PUT /api/v1/timebanks/:timebankId/members/:memberId/survey': { body: () => ({ coProducesNow: true, wouldDoMore: false, ways: [], extraHoursPerMonth: 0 }) },
  // ---- the assets register
  'GET /api/v1/timebanks/:timebankId/assets': {},
  'POST /api/v1/timebanks/:timebankId/assets': { body: () => ({ kind: 'equipment', name: 'Matrix: a ladder', membersMayUse: true }) },
  'PATCH /api/v1/timebanks/:timebankId/assets/:assetId': { path: (t) => `/api/v1/timebanks/${t.north}/assets/${t.assetId}`, body: () => ({ contact: 'Ask at the shop' }) },
  // ---- the map
  'GET /api/v1/timebanks/:timebankId/asset-map': {},
  'GET /api/v1/timebanks/:timebankId/asset-map/export': { path: (t) => `/api/v1/timebanks/${t.north}/asset-map/export?table=cells` },
  'POST /api/v1/timebanks/:timebankId/asset-map/refresh': {},
  'GET /api/v1/timebanks/:timebankId/asset-map/cells/:areaId/:category': { path: (t) => `/api/v1/timebanks/${t.north}/asset-map/cells/${NO_AREA}/home-garden` },
  'POST /api/v1/timebanks/:timebankId/asset-map/invitations': { body: invite },
  'GET /api/v1/timebanks/:timebankId/asset-map/pillars': {},
  'GET /api/v1/timebanks/:timebankId/area-boundaries': {},
  'PUT /api/v1/timebanks/:timebankId/area-boundaries': { body: () => ({ geojson: { type: 'FeatureCollection', features: [{ type: 'Feature', properties: { name: 'Nowhere' }, geometry: square }] } }) },
  // ---- the pages ("/conversation", "/survey", "/assets", "/asset-map..." are the caller's current timebank's)
  'GET /conversation': {},
  'POST /conversation': { form: () => ({}) },
  'GET /timebanks/:timebankId/conversations/:conversationId/steps/:step': { path: (t) => `/timebanks/${t.north}/conversations/${t.conversationId}/steps/heart` },
  'POST /timebanks/:timebankId/conversations/:conversationId/steps/:step': {
    path: (t) => `/timebanks/${t.north}/conversations/${t.conversationId}/steps/heart`,
    form: () => ({ text: 'The harbour', action: 'stop' }),
  },
  'GET /survey': {},
  'POST /survey': { form: () => ({ coProducesNow: 'yes', wouldDoMore: 'no', extraHoursPerMonth: '0' }) },
  'GET /assets': {},
  'POST /assets': { form: () => ({ kind: 'equipment', name: 'Matrix: a wheelbarrow', membersMayUse: 'yes' }) },
  'GET /asset-map': {},
  'POST /asset-map/refresh': { form: () => ({}) },
  'GET /asset-map/cell': { path: () => `/asset-map/cell?areaId=${NO_AREA}&category=home-garden` },
  'POST /asset-map/invite': {
    form: (t) => ({ areaId: NO_AREA, category: 'home-garden', memberIds: t.maryMemberId, title: 'Matrix: garden helpers meet', startsAt: '2030-02-02T18:00', endsAt: '2030-02-02T19:00', minutesPerAttendee: '60' }),
  },
  'GET /asset-map/geo': {},
  'GET /asset-map/areas': {},
  'POST /asset-map/areas': { form: () => ({ geojson: '{}' }) },
  'GET /asset-map/pillars': {},
};
