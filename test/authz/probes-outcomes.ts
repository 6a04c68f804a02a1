// Probes of the outcome routes (docs/outcomes.md) for the authorization matrix: spread into
// PROBES (probes.ts). Everything aims at North's framework (subjects-outcomes.ts).
import { newId } from '../../src/lib/ids.ts';
import type { Probe } from './probes.ts';
import type { Targets } from './subjects.ts';

const fw = (t: Targets, rest = '') => `/api/v1/outcomes/frameworks/${t.frameworkId}${rest}`;
const project = (t: Targets, rest = '') => `/api/v1/outcomes/projects/${t.projectId}${rest}`;

export const OUTCOME_PROBES: Record<string, Probe> = {
  // ---- the API
  'GET /api/v1/outcomes/queries': {},
  'GET /api/v1/outcomes/frameworks': {},
  'POST /api/v1/outcomes/frameworks': { body: (t) => ({ timebankId: t.north, name: 'Matrix framework' }) },
  'GET /api/v1/outcomes/frameworks/:frameworkId': { path: (t) => fw(t) },
  'GET /api/v1/outcomes/frameworks/:frameworkId/report': { path: (t) => fw(t, '/report') },
  'GET /api/v1/outcomes/frameworks/:frameworkId/star': { path: (t) => fw(t, `/star?periodId=${t.periodId}`) },
  'POST /api/v1/outcomes/frameworks/:frameworkId/periods': { path: (t) => fw(t, '/periods'), body: () => ({ label: `M-${newId().slice(-8)}`, startsOn: '2026-04-01', endsOn: '2026-06-30' }) },
  'POST /api/v1/outcomes/frameworks/:frameworkId/goals': { path: (t) => fw(t, '/goals'), body: () => ({ title: 'Matrix goal' }) },
  'POST /api/v1/outcomes/frameworks/:frameworkId/indicators': {
    path: (t) => fw(t, '/indicators'),
    body: (t) => ({ goalId: t.goalId, name: 'Matrix hours', definition: 'Matrix', direction: 'up', rbaClass: 'how_much', sourceKind: 'computed', queryName: 'hours_exchanged', queryParams: { timebankId: t.north } }),
  },
  'POST /api/v1/outcomes/frameworks/:frameworkId/projects': {
    path: (t) => fw(t, '/projects'),
    body: (t) => ({ name: 'Matrix project', owner: 'Matrix', budgetPence: 0, rag: 'green', ragReason: 'Fine', goalIds: [t.goalId] }),
  },
  'POST /api/v1/outcomes/frameworks/:frameworkId/reviews': { path: (t) => fw(t, '/reviews'), body: () => ({ heldOn: '2026-03-10', attendees: 'Matrix', decisions: 'None' }) },
  'PUT /api/v1/outcomes/indicators/:indicatorId/target': { path: (t) => `/api/v1/outcomes/indicators/${t.computedIndicatorId}/target`, body: (t) => ({ periodId: t.periodId, value: 10 }) },
  'POST /api/v1/outcomes/indicators/:indicatorId/measurements': {
    path: (t) => `/api/v1/outcomes/indicators/${t.enteredIndicatorId}/measurements`,
    body: (t) => ({ periodId: t.periodId, value: 12, status: 'final' }),
  },
  'POST /api/v1/outcomes/indicators/:indicatorId/compute': { path: (t) => `/api/v1/outcomes/indicators/${t.computedIndicatorId}/compute`, body: (t) => ({ periodId: t.periodId, status: 'provisional' }) },
  'GET /api/v1/outcomes/projects/:projectId': { path: (t) => project(t) },
  'POST /api/v1/outcomes/projects/:projectId/milestones': { path: (t) => project(t, '/milestones'), body: () => ({ title: 'Matrix milestone', dueOn: '2026-05-01' }) },
  'PUT /api/v1/outcomes/projects/:projectId/milestones/:milestoneId': { path: (t) => project(t, `/milestones/${t.milestoneId}`), body: () => ({ done: true, doneOn: '2026-02-01' }) },
  'PUT /api/v1/outcomes/projects/:projectId/rag': { path: (t) => project(t, '/rag'), body: () => ({ rag: 'amber', reason: 'Matrix' }) },
  'PUT /api/v1/outcomes/tags/:subjectKind/:subjectId': { path: (t) => `/api/v1/outcomes/tags/project/${t.projectId}`, body: () => ({ modes: ['co_design'] }) },
  // ---- the pages
  'GET /outcomes': {},
  'POST /outcomes': { form: (t) => ({ scope: t.north, name: 'Matrix framework', description: '' }) },
  'GET /outcomes/frameworks/:frameworkId': { path: (t) => `/outcomes/frameworks/${t.frameworkId}` },
  'GET /outcomes/frameworks/:frameworkId/report': { path: (t) => `/outcomes/frameworks/${t.frameworkId}/report` },
  'POST /outcomes/frameworks/:frameworkId/:form': { path: (t) => `/outcomes/frameworks/${t.frameworkId}/goals`, form: () => ({ title: 'Matrix goal', description: '' }) },
  'GET /outcomes/projects/:projectId': { path: (t) => `/outcomes/projects/${t.projectId}` },
  'POST /outcomes/projects/:projectId/:form': { path: (t) => `/outcomes/projects/${t.projectId}/milestones`, form: () => ({ title: 'Matrix milestone', dueOn: '2026-05-01' }) },
};
