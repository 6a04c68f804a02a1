// What the policy allows on the outcome routes (docs/outcomes.md): spread into EXPECTED
// (expectations.ts). North's framework is managed by North's coordinators and read by them, the
// network admins and the commissioners of North and of the whole network.
import { type Cell, SIGNED_IN } from './subjects.ts';

const MANAGE: readonly Cell[] = ['coordinator:own'];
const READ: readonly Cell[] = ['coordinator:own', 'networkAdmin:own', 'commissioner:own', 'commissioner:network'];
export const OUTCOME_EXPECTED: Record<string, readonly Cell[]> = {
  'GET /api/v1/outcomes/queries': SIGNED_IN,
  'GET /api/v1/outcomes/frameworks': SIGNED_IN,
  'POST /api/v1/outcomes/frameworks': MANAGE,
  'GET /api/v1/outcomes/frameworks/:frameworkId': READ,
  'GET /api/v1/outcomes/frameworks/:frameworkId/report': READ,
  'GET /api/v1/outcomes/frameworks/:frameworkId/star': READ,
  'POST /api/v1/outcomes/frameworks/:frameworkId/periods': MANAGE,
  'POST /api/v1/outcomes/frameworks/:frameworkId/goals': MANAGE,
  'POST /api/v1/outcomes/frameworks/:frameworkId/indicators': MANAGE,
  'POST /api/v1/outcomes/frameworks/:frameworkId/projects': MANAGE,
  'POST /api/v1/outcomes/frameworks/:frameworkId/reviews': MANAGE,
  'PUT /api/v1/outcomes/indicators/:indicatorId/target': MANAGE,
  'POST /api/v1/outcomes/indicators/:indicatorId/measurements': MANAGE,
  'POST /api/v1/outcomes/indicators/:indicatorId/compute': MANAGE,
  'GET /api/v1/outcomes/projects/:projectId': READ,
  'POST /api/v1/outcomes/projects/:projectId/milestones': MANAGE,
  'PUT /api/v1/outcomes/projects/:projectId/milestones/:milestoneId': MANAGE,
  'PUT /api/v1/outcomes/projects/:projectId/rag': MANAGE,
  'PUT /api/v1/outcomes/tags/:subjectKind/:subjectId': MANAGE,
  'GET /outcomes': SIGNED_IN,
  'POST /outcomes': MANAGE,
  'GET /outcomes/frameworks/:frameworkId': READ,
  'GET /outcomes/frameworks/:frameworkId/report': READ,
  'POST /outcomes/frameworks/:frameworkId/:form': MANAGE,
  'GET /outcomes/projects/:projectId': READ,
  'POST /outcomes/projects/:projectId/:form': MANAGE,
};
