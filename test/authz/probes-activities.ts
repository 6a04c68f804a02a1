// Probes of the activity and calendar routes (docs/activities.md, docs/calendar.md) for the
// authorization matrix: spread into PROBES (probes.ts). They aim at North's activities
// (subjects-activities.ts). Registering answers 409 once someone is registered and closing 409
// once paid: refusals after the policy said yes, so they still count as allowed.
import { newId } from '../../src/lib/ids.ts';
import type { Probe } from './probes.ts';

const HOUR = 3_600_000;
const inHours = (h: number) => new Date(Date.now() + h * HOUR).toISOString();
/** A valid activity of North paid from its community pot. */
const activityBody = () => ({
  title: `Matrix activity ${newId().slice(-6)}`,
  categorySlug: 'creative',
  startsAt: inHours(24 * 10),
  endsAt: inHours(24 * 10 + 2),
  payer: 'community_pot',
  minutesPerAttendee: 60,
});
/** The same as the page's form sends it (a date far ahead, London time). */
const activityForm = () => ({
  title: `Matrix activity ${newId().slice(-6)}`,
  categorySlug: 'creative',
  date: '2099-05-02',
  startTime: '10:00',
  endTime: '12:00',
  hours: '1',
  payer: 'community_pot',
  visibility: 'timebank',
});

export const ACTIVITY_PROBES: Record<string, Probe> = {
  // ---- the API
  'GET /api/v1/timebanks/:timebankId/activities': {},
  'POST /api/v1/timebanks/:timebankId/activities': { body: activityBody },
  'GET /api/v1/activities/:id': { path: (t) => `/api/v1/activities/${t.activityId}` },
  'PUT /api/v1/activities/:id': { path: (t) => `/api/v1/activities/${t.activityId}`, body: () => ({ ...activityBody(), title: 'Matrix drop-in' }) },
  'POST /api/v1/activities/:id/cancel': { path: (t) => `/api/v1/activities/${t.cancelActivityId}/cancel`, body: () => ({ reason: 'matrix' }) },
  'POST /api/v1/activities/:id/registrations': { path: (t) => `/api/v1/activities/${t.activityId}/registrations` },
  'POST /api/v1/activities/:id/registrations/:registrationId/cancel': {
    path: (t) => `/api/v1/activities/${t.activityId}/registrations/${t.activityRegistrationId}/cancel`,
  },
  'PUT /api/v1/activities/:id/attendance': {
    path: (t) => `/api/v1/activities/${t.activityId}/attendance`,
    body: (t) => ({ items: [{ registrationId: t.activityRegistrationId, attended: true }] }),
  },
  'GET /api/v1/activities/:id/payment': { path: (t) => `/api/v1/activities/${t.pastActivityId}/payment` },
  'POST /api/v1/activities/:id/close': { path: (t) => `/api/v1/activities/${t.pastActivityId}/close`, body: () => ({ id: newId() }) },
  'POST /api/v1/activities/:id/repeat': {
    path: (t) => `/api/v1/activities/${t.repeatActivityId}/repeat`,
    body: () => ({ repeat: { frequency: 'monthly', count: 2 } }),
  },
  'PUT /api/v1/activities/:id/series': { path: (t) => `/api/v1/activities/${t.seriesActivityId}/series`, body: () => ({ title: 'Matrix repair cafe' }) },
  'POST /api/v1/activities/:id/series/cancel': { path: (t) => `/api/v1/activities/${t.cancelSeriesActivityId}/series/cancel`, body: () => ({ reason: 'matrix' }) },
  'POST /api/v1/activities/:id/series/registrations': { path: (t) => `/api/v1/activities/${t.seriesActivityId}/series/registrations` },
  // Mary's registrations: hers to cancel, and the roster keepers'.
  'POST /api/v1/activities/:id/series/registrations/cancel': {
    path: (t) => `/api/v1/activities/${t.seriesActivityId}/series/registrations/cancel`,
    body: (t) => ({ memberId: t.maryMemberId }),
  },
  'GET /api/v1/calendar/feed': {},
  'POST /api/v1/calendar/feed': {},
  'DELETE /api/v1/calendar/feed': {},
  'GET /calendar/:token': { path: (t) => `/calendar/${t.calendarToken}` },
  // ---- the pages ("/activities" is the caller's current timebank's)
  'GET /activities': {},
  'GET /activities/new': {},
  'POST /activities/new': { form: activityForm },
  'GET /activities/:id': { path: (t) => `/activities/${t.activityId}` },
  'GET /activities/:id/edit': { path: (t) => `/activities/${t.activityId}/edit` },
  'POST /activities/:id/edit': { path: (t) => `/activities/${t.activityId}/edit`, form: () => ({ ...activityForm(), title: 'Matrix drop-in' }) },
  'POST /activities/:id/register': { path: (t) => `/activities/${t.activityId}/register`, form: () => ({}) },
  'POST /activities/:id/registrations/:registrationId/cancel': {
    path: (t) => `/activities/${t.activityId}/registrations/${t.activityRegistrationId}/cancel`,
    form: () => ({}),
  },
  'POST /activities/:id/attendance': { path: (t) => `/activities/${t.activityId}/attendance`, form: (t) => ({ [`attended-${t.activityRegistrationId}`]: 'yes' }) },
  'POST /activities/:id/star': { path: (t) => `/activities/${t.activityId}/star`, form: () => ({ modes: 'co_delivery' }) },
  'POST /activities/:id/cancel': { path: (t) => `/activities/${t.cancelActivityId}/cancel`, form: () => ({ reason: 'matrix' }) },
  'POST /activities/:id/series/register': { path: (t) => `/activities/${t.seriesActivityId}/series/register`, form: () => ({}) },
  'POST /activities/:id/series/registrations/cancel': { path: (t) => `/activities/${t.seriesActivityId}/series/registrations/cancel`, form: () => ({}) },
  'POST /activities/:id/series/cancel': { path: (t) => `/activities/${t.cancelSeriesActivityId}/series/cancel`, form: () => ({ seriesReason: 'matrix' }) },
  'GET /activities/:id/series/edit': { path: (t) => `/activities/${t.seriesActivityId}/series/edit` },
  'POST /activities/:id/series/edit': { path: (t) => `/activities/${t.seriesActivityId}/series/edit`, form: () => ({ title: 'Matrix repair cafe', capacity: '' }) },
  'GET /activities/:id/close': { path: (t) => `/activities/${t.pastActivityId}/close` },
  'POST /activities/:id/close': { path: (t) => `/activities/${t.pastActivityId}/close`, form: () => ({ id: newId() }) },
  'GET /calendar': {},
  'POST /calendar': { form: () => ({}) },
  'POST /calendar/off': { form: () => ({}) },
};
