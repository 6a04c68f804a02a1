// Probes of the report and open-data routes (docs/reports.md) for the authorization matrix:
// spread into PROBES (probes.ts). Every report aims at North; the settings probes keep North's
// open data on, so the public feeds answer (subjects-reports.ts turns it on).
import type { Probe } from './probes.ts';
import type { Targets } from './subjects.ts';

const period = 'from=2026-01-01&to=2026-03-31';
const open = (t: Targets, rest: string) => `/api/v1/open/${t.networkSlug}/${t.northSlug}/${rest}`;

export const REPORT_PROBES: Record<string, Probe> = {
  'GET /api/v1/reports/dashboard': {
    path: (t) => `/api/v1/reports/dashboard?timebankId=${t.north}&${period}`,
  },
  'GET /api/v1/reports/dashboard.csv': {
    path: (t) =>
      `/api/v1/reports/dashboard.csv?timebankId=${t.north}&${period}&table=hours-by-month-area`,
  },
  'GET /api/v1/reports/dashboard.pdf': {
    path: (t) => `/api/v1/reports/dashboard.pdf?timebankId=${t.north}&${period}`,
  },
  'GET /api/v1/timebanks/:id/report-settings': {
    path: (t) => `/api/v1/timebanks/${t.north}/report-settings`,
  },
  'PUT /api/v1/timebanks/:id/report-settings': {
    path: (t) => `/api/v1/timebanks/${t.north}/report-settings`,
    body: () => ({
      countMin: 5,
      wellbeingMin: 10,
      meanMinPeople: 10,
      openData: true,
      openDataLicence: 'OGL-UK-3.0',
      publishActivities: false,
    }),
  },
  'GET /api/v1/network/report-settings': {},
  'PUT /api/v1/network/report-settings': {
    body: () => ({ countMin: 5, wellbeingMin: 10, meanMinPeople: 10 }),
  },
  'GET /api/v1/open/:network/:timebank/aggregates.json': {
    path: (t) => open(t, 'aggregates.json'),
  },
  'GET /api/v1/open/:network/:timebank/aggregates.csv': { path: (t) => open(t, 'aggregates.csv') },
  'GET /api/v1/open/:network/:timebank/dictionary.csv': { path: (t) => open(t, 'dictionary.csv') },
  'GET /api/v1/open/:network/:timebank/hsds/services': { path: (t) => open(t, 'hsds/services') },
  // ---- the pages
  'GET /reports': { path: () => `/reports?${period}` },
  'GET /timebanks/:timebankId/report-settings': {},
  'POST /timebanks/:timebankId/report-settings': {
    form: () => ({
      countMin: '5',
      wellbeingMin: '10',
      meanMinPeople: '10',
      openData: 'yes',
      openDataLicence: 'OGL-UK-3.0',
      publishActivities: 'no',
    }),
  },
};
