// What the policy allows on the wellbeing and social value routes (docs/wellbeing.md,
// docs/social-value.md): spread into EXPECTED (expectations.ts).
import { type Cell, WITH_MEMBERSHIP } from './subjects.ts';

/** Mary's answers (wellbeing.answer, wellbeing.read): Mary, and the brokers and coordinators of North. */
const MARY: readonly Cell[] = ['self', 'broker:own', 'coordinator:own'];
/** Who is due, signposting, recording from a call: brokers and coordinators of North. */
const STAFF: readonly Cell[] = ['broker:own', 'coordinator:own'];
/** North's reports (report.read): its coordinators and commissioners, the network's admins and commissioners. */
const REPORTS: readonly Cell[] = ['coordinator:own', 'networkAdmin:own', 'commissioner:own', 'commissioner:network'];
/** The whole network's reports (report.read on the network): the admins and commissioners of a
 * whole network, each shown their own network (there is no network in the address). */
const NETWORK_REPORTS: readonly Cell[] = ['networkAdmin:own', 'networkAdmin:otherNetwork', 'commissioner:network', 'commissioner:otherNetwork'];
/** North's proxies (socialvalue.manage): its coordinators and the network's admins. */
const MANAGE: readonly Cell[] = ['coordinator:own', 'networkAdmin:own'];
/** "/wellbeing/check-in": everyone with a membership in their current timebank (their own). */
const MEMBERS = WITH_MEMBERSHIP;

export const WELLBEING_EXPECTED: Record<string, readonly Cell[]> = {
  'POST /api/v1/timebanks/:timebankId/members/:memberId/wellbeing': MARY,
  'GET /api/v1/timebanks/:timebankId/members/:memberId/wellbeing': MARY,
  'GET /api/v1/timebanks/:timebankId/wellbeing/due': STAFF,
  'POST /api/v1/timebanks/:timebankId/wellbeing/checkins/:checkinId/signposting': STAFF,
  'GET /api/v1/reports/wellbeing/paired-change': REPORTS,
  'GET /api/v1/timebanks/:timebankId/social-value/proxies': REPORTS,
  'POST /api/v1/timebanks/:timebankId/social-value/proxies': MANAGE,
  'POST /api/v1/timebanks/:timebankId/social-value/sroi': REPORTS,
  'GET /wellbeing/check-in': MEMBERS,
  'POST /wellbeing/check-in': MEMBERS,
  'GET /timebanks/:timebankId/wellbeing/call': STAFF,
  'POST /timebanks/:timebankId/wellbeing/call': STAFF,
  'GET /timebanks/:timebankId/wellbeing/due': STAFF,
  'POST /timebanks/:timebankId/wellbeing/checkins/:checkinId/signposting': STAFF,
  'GET /timebanks/:timebankId/wellbeing/report': REPORTS,
  'GET /wellbeing/report': NETWORK_REPORTS,
  'GET /timebanks/:timebankId/social-value': REPORTS,
  'POST /timebanks/:timebankId/social-value': REPORTS,
  'POST /timebanks/:timebankId/social-value/proxies': MANAGE,
};
