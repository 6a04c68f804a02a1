// What the policy allows on the report and open-data routes (docs/reports.md): spread into
// EXPECTED (expectations.ts).
import { CELLS, type Cell } from './subjects.ts';

/** North's reports (report.read on the timebank): its coordinators and commissioners, the network's commissioners and admins. */
const READ: readonly Cell[] = [
  'coordinator:own',
  'networkAdmin:own',
  'commissioner:own',
  'commissioner:network',
];
/** North's thresholds and open data (report.configure on the timebank): its coordinators. */
const CONFIGURE: readonly Cell[] = ['coordinator:own'];
/** The floor of the caller's own network (report.configure on the network): network admins, each of their own. */
const NETWORK: readonly Cell[] = ['networkAdmin:own', 'networkAdmin:otherNetwork'];
/** Open data North turned on: everyone, signed in or not. */
const PUBLIC: readonly Cell[] = CELLS;

export const REPORT_EXPECTED: Record<string, readonly Cell[]> = {
  'GET /api/v1/reports/dashboard': READ,
  'GET /api/v1/reports/dashboard.csv': READ,
  'GET /api/v1/reports/dashboard.pdf': READ,
  'GET /api/v1/timebanks/:id/report-settings': CONFIGURE,
  'PUT /api/v1/timebanks/:id/report-settings': CONFIGURE,
  'GET /api/v1/network/report-settings': NETWORK,
  'PUT /api/v1/network/report-settings': NETWORK,
  'GET /api/v1/open/:network/:timebank/aggregates.json': PUBLIC,
  'GET /api/v1/open/:network/:timebank/aggregates.csv': PUBLIC,
  'GET /api/v1/open/:network/:timebank/dictionary.csv': PUBLIC,
  'GET /api/v1/open/:network/:timebank/hsds/services': PUBLIC,
  // ---- the pages: "/reports" shows each reader their own network or timebank
  'GET /reports': [
    'coordinator:own',
    'coordinator:otherTimebank',
    'coordinator:otherNetwork',
    'networkAdmin:own',
    'networkAdmin:otherNetwork',
    'commissioner:own',
    'commissioner:otherTimebank',
    'commissioner:network',
    'commissioner:otherNetwork',
  ],
  'GET /timebanks/:timebankId/report-settings': CONFIGURE,
  'POST /timebanks/:timebankId/report-settings': CONFIGURE,
};
