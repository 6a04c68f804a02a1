// How to call each route of the app for the authorization matrix: the path (ids of North's
// resources, see subjects.ts) and a body that passes the route's validation, so what answers
// is the authorization, not the schema. Keyed "METHOD /url" exactly as the route table has it.
import { newId } from '../../src/lib/ids.ts';
import { PASSWORD } from '../support/fixtures.ts';
import { PROFILE_PROBES } from './probes-profiles.ts';
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
  ...PROFILE_PROBES,
};

/** The path of a route for a probe: the probe's own, or the url with North's ids. */
export function pathOf(url: string, probe: Probe | undefined, t: Targets): string {
  if (probe?.path) return probe.path(t);
  return url.replace(':timebankId', t.north).replace(':memberId', t.maryMemberId);
}
