// How to call each route of the app for the authorization matrix: the path (ids of North's
// resources, see subjects.ts) and a body that passes the route's validation, so what answers
// is the authorization, not the schema. Keyed "METHOD /url" exactly as the route table has it.
import { newId } from '../../src/lib/ids.ts';
import { PASSWORD } from '../support/fixtures.ts';
import { ACTIVITY_PROBES } from './probes-activities.ts';
import { LISTING_PROBES } from './probes-listings.ts';
// feat/outcomes
import { OUTCOME_PROBES } from './probes-outcomes.ts';
// broker matching (feat/matching)
import { MATCHING_PROBES } from './probes-matching.ts';
// feat/assetmap
import { ASSETMAP_PROBES } from './probes-assetmap.ts';
import { PROFILE_PROBES } from './probes-profiles.ts';
import { ARGUMENT_PROBES } from './probes-arguments.ts';
import { EXCHANGE_PROBES } from './probes-exchanges.ts';
import { RECORD_PROBES } from './probes-record.ts';
// feat/wellbeing
import { WELLBEING_PROBES } from './probes-wellbeing.ts';
// feat/reports
import { REPORT_PROBES } from './probes-reports.ts';
import type { Targets } from './subjects.ts';

/** A script the matrix puts among the built island scripts, so the route has a file to serve. */
export const MATRIX_SCRIPT = 'authz-matrix-probe.js';

export interface Probe {
  path?: (t: Targets) => string;
  /** JSON body (API routes). */
  body?: (t: Targets) => unknown;
  /** Form fields (pages). */
  form?: (t: Targets) => Record<string, string>;
}

const gift = (t: Targets) => ({
  id: newId(),
  debitAccountId: t.maryAccountId,
  creditAccountId: t.ninaAccountId,
  minutes: 1,
  kind: 'gift',
  category: 'other',
});

const rating = { rating: 'good', comment: null };
const answers = () => ({ honesty: rating, teamwork: rating, punctuality: rating, gettingOn: rating, freeText: 'matrix' });
const answersForm = () => ({
  'honesty-rating': 'good',
  'teamwork-rating': 'good',
  'punctuality-rating': 'good',
  'gettingOn-rating': 'good',
  freeText: 'matrix',
});
/** A one-time link of its own for each call where the referee answers (a used link answers 404). */
const freshLink = (t: Targets) => t.referenceTokens.shift() ?? 'no-link-left';
const unique = () => newId().slice(-8);
/** A paper signature is dated no earlier than the version it signs (published as the matrix starts). */
const today = () => new Date().toISOString().slice(0, 10);
const check = () => ({ scheme: 'dbs', level: 'enhanced', workforce: 'adults', roleTitle: 'Driver', regulatedWork: false, issuedOn: '2025-02-01' });
const applicant = (t: Targets) => `/timebanks/${t.north}/members/${t.applicantMemberId}/joining`;

export const PROBES: Record<string, Probe> = {
  // ---- sign-in and the session
  'POST /api/v1/auth/sign-in': { body: (t) => ({ email: t.signy.email, password: PASSWORD }) },
  'POST /api/v1/auth/totp': { body: () => ({ code: '000000' }) },
  'POST /api/v1/auth/totp/enrolment': { body: () => ({}) },
  'POST /api/v1/auth/totp/enrolment/confirm': { body: () => ({ code: '000000' }) },
  'POST /api/v1/auth/sign-out': {},
  'PUT /api/v1/session/acting-for': { body: (t) => ({ personId: t.mary.id }) },
  'PUT /api/v1/session/timebank': { body: (t) => ({ timebankId: t.north }) },
  'GET /api/v1/timebanks/:timebankId': {},
  'PATCH /api/v1/timebanks/:timebankId': { body: () => ({ defaultLocale: 'en' }) },
  'POST /api/v1/timebanks': { body: () => ({ slug: `tb-${newId().slice(-8)}`, name: 'New timebank' }) },
  'POST /api/v1/timebanks/:timebankId/areas': { body: () => ({ name: `Area ${newId().slice(-6)}`, kind: 'village' }) },
  'POST /api/v1/role-grants': { body: (t) => ({ personId: t.patPersonId, role: 'broker', timebankId: t.north }) },
  // ---- people
  'POST /api/v1/timebanks/:timebankId/members': { body: () => ({ displayName: 'Phoned In', status: 'applied' }) },
  'POST /api/v1/timebanks/:timebankId/members/:memberId/status': {
    path: (t) => `/api/v1/timebanks/${t.north}/members/${t.patMemberId}/status`,
    body: () => ({ status: 'paused', pausedUntil: '2099-01-01' }),
  },
  'GET /api/v1/people/:id': { path: (t) => `/api/v1/people/${t.mary.id}` },
  'POST /api/v1/timebanks/:timebankId/organisations': { body: () => ({ name: `Club ${newId().slice(-6)}`, kind: 'voluntary' }) },
  'POST /api/v1/organisations/:id/people': {
    path: (t) => `/api/v1/organisations/${t.organisationId}/people`,
    body: (t) => ({ personId: t.patPersonId }),
  },
  'GET /api/v1/reports/membership': { path: (t) => `/api/v1/reports/membership?timebankId=${t.north}` },
  // ---- the ledger
  'GET /api/v1/timebanks/:timebankId/members/:memberId/account': {},
  'GET /api/v1/accounts/:id': { path: (t) => `/api/v1/accounts/${t.maryAccountId}` },
  'GET /api/v1/accounts/:id/statement': { path: (t) => `/api/v1/accounts/${t.maryAccountId}/statement` },
  'GET /api/v1/accounts/:id/statement.csv': { path: (t) => `/api/v1/accounts/${t.maryAccountId}/statement.csv` },
  'GET /api/v1/accounts/:id/pending': { path: (t) => `/api/v1/accounts/${t.maryAccountId}/pending` },
  'PUT /api/v1/accounts/:id/limits': {
    path: (t) => `/api/v1/accounts/${t.maryAccountId}/limits`,
    body: () => ({ balanceMinutesMin: -100_000, balanceMinutesMax: null, reason: 'matrix' }),
  },
  'POST /api/v1/accounts/:id/limits/reset': {
    path: (t) => `/api/v1/accounts/${t.maryAccountId}/limits/reset`,
    body: () => ({ reason: 'matrix' }),
  },
  'POST /api/v1/transfers': { body: gift },
  'POST /api/v1/transfers/batch': { body: (t) => ({ transfers: [{ ...gift(t), kind: 'exchange' }] }) },
  'GET /api/v1/transfers/:id': { path: (t) => `/api/v1/transfers/${t.postedTransferId}` },
  'POST /api/v1/transfers/:id/confirm': {
    path: (t) => `/api/v1/transfers/${t.pendingTransferId}/confirm`,
    body: () => ({ id: newId() }),
  },
  'POST /api/v1/transfers/:id/decline': {
    path: (t) => `/api/v1/transfers/${t.pendingTransferId}/decline`,
    body: () => ({ id: newId(), reason: 'matrix' }),
  },
  'POST /api/v1/transfers/:id/reverse': {
    path: (t) => `/api/v1/transfers/${t.postedTransferId}/reverse`,
    body: () => ({ id: newId(), reason: 'matrix' }),
  },
  'PATCH /api/v1/timebanks/:timebankId/ledger-settings': { body: () => ({ confirmationRequired: true }) },
  'POST /api/v1/network/links': { body: (t) => ({ timebankIds: [t.north, t.south], clearingLimitMinutes: 600 }) },
  'PUT /api/v1/network/links/clearing-limit': {
    body: (t) => ({ timebankIds: [t.north, t.south], clearingLimitMinutes: 600, reason: 'matrix' }),
  },
  // ---- static files
  'GET /assets/*': { path: () => '/assets/app.css' },
  'GET /assets/js/*': { path: () => `/assets/js/${MATRIX_SCRIPT}` },
  'GET /api/docs/static/*': { path: () => '/api/docs/static/swagger-ui.css' },
  // ---- pages
  'POST /sign-in': { form: (t) => ({ email: t.signy.email!, password: PASSWORD }) },
  'POST /sign-in/code': { form: () => ({ code: '000000' }) },
  'POST /account/security/confirm': { form: () => ({ code: '000000' }) },
  'POST /session/timebank': { form: (t) => ({ timebankId: t.north }) },
  'POST /acting-for': { form: (t) => ({ personId: t.mary.id }) },
  'GET /people/:id': { path: (t) => `/people/${t.mary.id}` },
  'POST /timebanks/:timebankId/members/new': { form: () => ({ displayName: 'Phoned In', status: 'applied' }) },
  'POST /timebanks/:timebankId/members/:memberId/status': {
    path: (t) => `/timebanks/${t.north}/members/${t.patMemberId}/status`,
    form: () => ({ status: 'paused', pausedUntil: '2099-01-01' }),
  },
  'POST /hours/pending/:id/confirm': {
    path: (t) => `/hours/pending/${t.pendingTransferId}/confirm`,
    form: () => ({ resolveId: newId() }),
  },
  'POST /hours/pending/:id/decline': {
    path: (t) => `/hours/pending/${t.pendingTransferId}/decline`,
    form: () => ({ resolveId: newId() }),
  },
  'POST /hours/record': {
    form: (t) => ({ id: newId(), counterparty: `a:${t.ninaAccountId}`, hours: '1', minutes: '0', category: 'gardening' }),
  },
  'POST /hours/give': {
    form: (t) => ({ id: newId(), counterparty: `a:${t.ninaAccountId}`, hours: '0', minutes: '5', category: 'other' }),
  },
  'POST /timebanks/:timebankId/sheet': {
    form: (t) => ({
      batchId: newId(),
      'giver-1': t.ninaMemberId,
      'receiver-1': t.maryMemberId,
      'hours-1': '1',
      'minutes-1': '0',
      'category-1': 'gardening',
    }),
  },
  'GET /transfers/:id': { path: (t) => `/transfers/${t.postedTransferId}` },
  'POST /transfers/:id/reverse': {
    path: (t) => `/transfers/${t.postedTransferId}/reverse`,
    form: () => ({ id: newId(), reason: 'matrix' }),
  },
  'POST /timebanks/:timebankId/ledger-settings': {
    form: () => ({ floor: '1000', ceiling: '', confirmation: 'yes', timeoutDays: '14', timeoutAction: 'post', starter: '0' }),
  },
  'GET /accounts/:id/limits': { path: (t) => `/accounts/${t.maryAccountId}/limits` },
  'POST /accounts/:id/limits': {
    path: (t) => `/accounts/${t.maryAccountId}/limits`,
    form: () => ({ floor: '1000', ceiling: '', reason: 'matrix' }),
  },
  'POST /accounts/:id/limits/reset': {
    path: (t) => `/accounts/${t.maryAccountId}/limits/reset`,
    form: () => ({ resetReason: 'matrix' }),
  },
  'POST /network/links/clearing-limit': {
    form: (t) => ({ link: [t.north, t.south].sort().join(':'), limit: '10', reason: 'matrix' }),
  },
  'POST /network/links': { form: (t) => ({ first: t.north, second: t.south, newLimit: '10' }) },
  // ---- joining: applications, guardians (of Tim Teen, the applicant), references, agreement
  // Several of these act once: the first allowed cell succeeds and the next answer a domain
  // refusal that comes after the policy (approve: guardian_consent_required, as Tim is 12 and
  // the consent route runs later; decline, verdict: already_decided; answers on a call:
  // already_answered; the stopped-work notice, a resend, a call marked done: 409). That still
  // tells allowed from denied, which is all the matrix asks; the success paths are the
  // modules' own tests.
  'POST /api/v1/networks/:networkSlug/timebanks/:timebankSlug/applications': {
    body: () => ({ displayName: `Online ${unique()}`, email: `apply-${unique()}@example.test`, password: PASSWORD, birthDate: '1980-01-01', dataConsent: true }),
  },
  'POST /api/v1/timebanks/:timebankId/applications': {
    body: () => ({ displayName: `Phoned ${unique()}`, birthDate: '1980-01-01', dataConsent: true, source: 'phone' }),
  },
  'GET /api/v1/timebanks/:timebankId/applications/duplicates': {
    path: (t) => `/api/v1/timebanks/${t.north}/applications/duplicates?displayName=Tim%20Teen&birthDate=2014-05-01`,
  },
  'POST /api/v1/timebanks/:timebankId/applications/:applicationId/decline': { body: () => ({ reason: 'matrix' }) },
  'POST /api/v1/timebanks/:timebankId/members/:memberId/guardians': {
    path: (t) => `/api/v1/timebanks/${t.north}/members/${t.applicantMemberId}/guardians`,
    body: () => ({ displayName: `Gus ${unique()}`, relationship: 'father' }),
  },
  'POST /api/v1/timebanks/:timebankId/members/:memberId/guardians/:guardianId/consent': {
    path: (t) => `/api/v1/timebanks/${t.north}/members/${t.applicantMemberId}/guardians/${t.guardianId}/consent`,
    body: () => ({ signedOn: '2026-01-05' }),
  },
  'GET /api/v1/timebanks/:timebankId/members/:memberId/joining': {
    path: (t) => `/api/v1/timebanks/${t.north}/members/${t.applicantMemberId}/joining`,
  },
  'POST /api/v1/timebanks/:timebankId/members/:memberId/references': {
    body: () => ({ refereeName: 'Rev. Ross', relationship: 'minister', phone: '0131 496 0000' }),
  },
  'POST /api/v1/timebanks/:timebankId/references/:referenceId/answers': { body: answers },
  'POST /api/v1/timebanks/:timebankId/references/:referenceId/verdict': { body: () => ({ verdict: 'satisfactory', reason: 'matrix' }) },
  'GET /api/v1/people/:id/references': { path: (t) => `/api/v1/people/${t.mary.id}/references` },
  'POST /api/v1/references/answer/:token': { path: (t) => `/api/v1/references/answer/${freshLink(t)}`, body: answers },
  'POST /api/v1/timebanks/:timebankId/agreement/versions': { body: () => ({ bodyEn: 'Be kind, always.' }) },
  'POST /api/v1/timebanks/:timebankId/agreement/signatures': { body: (t) => ({ versionId: t.agreementVersionId }) },
  'POST /api/v1/timebanks/:timebankId/members/:memberId/agreement/paper-signature': {
    body: (t) => ({ versionId: t.agreementVersionId, signedOn: today() }),
  },
  // ---- safeguarding, restrictions, preferences, availability (of Mary)
  'POST /api/v1/timebanks/:timebankId/members/:memberId/safeguarding/checks': { body: check },
  'PUT /api/v1/timebanks/:timebankId/members/:memberId/safeguarding/checks/:checkId': {
    body: () => ({ scheme: 'pvg', level: 'pvg_level_2', workforce: 'adults', roleTitle: 'Befriender', regulatedWork: true, issuedOn: '2025-01-10' }),
  },
  'POST /api/v1/timebanks/:timebankId/members/:memberId/safeguarding/checks/:checkId/stopped-notice': { body: () => ({ sentOn: '2026-01-05' }) },
  'GET /api/v1/people/:id/safeguarding-summary': { path: (t) => `/api/v1/people/${t.mary.id}/safeguarding-summary` },
  'GET /api/v1/people/:id/safeguarding-views': { path: (t) => `/api/v1/people/${t.mary.id}/safeguarding-views` },
  'PUT /api/v1/timebanks/:timebankId/members/:memberId/restrictions': { body: () => ({ kinds: ['two_person_visits'], note: 'matrix' }) },
  'PUT /api/v1/timebanks/:timebankId/members/:memberId/preferences': {
    body: () => ({ weekendOnly: false, timesOfDay: ['morning'], areaIds: [], languages: ['en'] }),
  },
  'PUT /api/v1/timebanks/:timebankId/members/:memberId/availability': { body: () => ({ windows: [{ weekday: 1, part: 'morning' }] }) },
  'POST /api/v1/timebanks/:timebankId/members/:memberId/availability/pause': { body: () => ({ pausedUntil: '2099-01-01' }) },
  // ---- notifications (the caller's own), unsubscribe (Pat's link), the outbox and phone list
  'POST /api/v1/notifications/read': { body: (t) => ({ ids: [t.notificationId] }) },
  'PUT /api/v1/notifications/preferences': { body: () => ({ choices: { exchange_changed: 'mail' } }) },
  'POST /api/v1/unsubscribe': { body: (t) => ({ token: t.unsubscribeToken }) },
  'POST /api/v1/timebanks/:timebankId/phone-calls/:callId/done': { body: () => ({ note: 'matrix' }) },
  // ---- pages: joining
  'POST /join/:network/:timebank': {
    form: () => ({ displayName: `Online ${unique()}`, email: `apply-${unique()}@example.test`, password: PASSWORD, birthDate: '1980-01-01', dataConsent: 'yes' }),
  },
  'POST /timebanks/:timebankId/applications/new': {
    form: () => ({ displayName: `Paper ${unique()}`, birthDate: '1980-01-01', dataConsent: 'yes', source: 'paper' }),
  },
  'GET /timebanks/:timebankId/members/:memberId/joining': { path: applicant },
  'POST /timebanks/:timebankId/members/:memberId/joining/approve/:applicationId': { path: (t) => `${applicant(t)}/approve/${t.applicationId}`, form: () => ({}) },
  'POST /timebanks/:timebankId/members/:memberId/joining/decline/:applicationId': {
    path: (t) => `${applicant(t)}/decline/${t.applicationId}`,
    form: () => ({ 'decline-reason': 'matrix' }),
  },
  'POST /timebanks/:timebankId/members/:memberId/joining/guardians': {
    path: (t) => `${applicant(t)}/guardians`,
    form: () => ({ 'g-displayName': `Gus ${unique()}`, 'g-relationship': 'father' }),
  },
  'POST /timebanks/:timebankId/members/:memberId/joining/guardians/:guardianId/consent': {
    path: (t) => `${applicant(t)}/guardians/${t.guardianId}/consent`,
    form: (t) => ({ [`consent-${t.guardianId}-signedOn`]: '2026-01-05' }),
  },
  'POST /timebanks/:timebankId/members/:memberId/joining/references': {
    form: () => ({ 'ref-refereeName': 'Rev. Ross', 'ref-relationship': 'minister', 'ref-phone': '0131 496 0000' }),
  },
  'POST /timebanks/:timebankId/members/:memberId/joining/references/:referenceId/verdict': {
    form: (t) => ({ [`verdict-${t.referenceId}-verdict`]: 'satisfactory', [`verdict-${t.referenceId}-reason`]: 'matrix' }),
  },
  'POST /timebanks/:timebankId/members/:memberId/joining/agreement': {
    form: (t) => ({ 'paper-versionId': t.agreementVersionId, 'paper-signedOn': today() }),
  },
  'POST /references/answer/:token': { path: (t) => `/references/answer/${freshLink(t)}`, form: answersForm },
  'POST /timebanks/:timebankId/references/:referenceId/answers': { form: answersForm },
  'POST /timebanks/:timebankId/agreement': { form: () => ({ bodyEn: 'Be kind, always.' }) },
  'POST /me/membership/sign': { form: (t) => ({ timebankId: t.north, versionId: t.agreementVersionId }) },
  // ---- pages: safeguarding and availability
  'POST /timebanks/:timebankId/members/:memberId/safeguarding/checks/:checkId/reveal': { form: () => ({}) },
  'POST /timebanks/:timebankId/members/:memberId/safeguarding/checks': {
    form: () => ({ scheme: 'dbs', level: 'enhanced', workforce: 'adults', roleTitle: 'Driver', issuedOn: '2025-02-01' }),
  },
  'POST /timebanks/:timebankId/members/:memberId/safeguarding/checks/:checkId/stopped-notice': { form: () => ({ sentOn: '2026-01-05' }) },
  'POST /timebanks/:timebankId/members/:memberId/restrictions': { form: () => ({ kinds: 'two_person_visits', note: 'matrix' }) },
  'POST /timebanks/:timebankId/members/:memberId/preferences': { form: () => ({ timesOfDay: 'morning', languages: 'en' }) },
  'POST /timebanks/:timebankId/members/:memberId/availability': { form: () => ({ w: '1:morning' }) },
  'POST /timebanks/:timebankId/members/:memberId/availability/pause': { form: () => ({ pausedUntil: '2099-01-01' }) },
  'POST /timebanks/:timebankId/members/:memberId/availability/resume': { form: () => ({}) },
  'POST /availability': { form: () => ({ w: '1:morning' }) },
  'POST /availability/pause': { form: () => ({ pausedUntil: '2099-01-01' }) },
  'POST /availability/resume': { form: () => ({}) },
  'POST /preferences': { form: () => ({ timesOfDay: 'morning', languages: 'en' }) },
  // ---- pages: notifications
  'POST /notifications/read': { form: (t) => ({ id: t.notificationId }) },
  'POST /notifications/settings': { form: () => ({ exchange_changed: 'mail' }) },
  'GET /unsubscribe': { path: (t) => `/unsubscribe?token=${encodeURIComponent(t.unsubscribeToken)}` },
  'POST /unsubscribe': { path: (t) => `/unsubscribe?token=${encodeURIComponent(t.unsubscribeToken)}`, form: () => ({ 'List-Unsubscribe': 'One-Click' }) },
  'POST /timebanks/:timebankId/outbox/:deliveryId/resend': { form: () => ({}) },
  'POST /timebanks/:timebankId/to-phone/:callId/done': { form: () => ({ note: 'matrix' }) },
  ...PROFILE_PROBES,
  ...ARGUMENT_PROBES,
  ...ACTIVITY_PROBES,
  ...EXCHANGE_PROBES,
  ...RECORD_PROBES,
  ...LISTING_PROBES,
  // feat/outcomes
  ...OUTCOME_PROBES,
  // broker matching (feat/matching)
  ...MATCHING_PROBES,
  // feat/wellbeing
  ...WELLBEING_PROBES,
  // feat/reports
  ...REPORT_PROBES,
  // feat/assetmap
  ...ASSETMAP_PROBES,
};

/** The path of a route for a probe: the probe's own, or the url with North's ids. */
export function pathOf(url: string, probe: Probe | undefined, t: Targets): string {
  if (probe?.path) return probe.path(t);
  const ids: Record<string, string> = {
    timebankId: t.north,
    memberId: t.maryMemberId,
    applicationId: t.applicationId,
    guardianId: t.guardianId,
    referenceId: t.referenceId,
    checkId: t.checkId,
    deliveryId: t.deliveryId,
    callId: t.callId,
    token: t.referenceToken,
    network: t.networkSlug,
    networkSlug: t.networkSlug,
    timebank: t.northSlug,
    timebankSlug: t.northSlug,
  };
  return url.replace(/:([A-Za-z]+)/g, (all, name: string) => ids[name] ?? all);
}
