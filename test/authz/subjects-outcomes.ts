// Targets of the outcome routes (docs/outcomes.md) for the authorization matrix: North's
// outcome framework with a period, a goal, an indicator computed by the registry and one
// entered by hand, and a project with a milestone, written straight into the tables.
import type { Kysely } from 'kysely';
import type { DB } from '../../src/db/schema.ts';
import { newId } from '../../src/lib/ids.ts';

export interface OutcomeTargets {
  frameworkId: string;
  periodId: string;
  goalId: string;
  computedIndicatorId: string;
  enteredIndicatorId: string;
  projectId: string;
  milestoneId: string;
}

export async function createOutcomeTargets(db: Kysely<DB>, t: { networkA: string; north: string; coordinatorPersonId: string }): Promise<OutcomeTargets> {
  const base = { network_id: t.networkA, created_by_person_id: t.coordinatorPersonId };
  const ids = { frameworkId: newId(), periodId: newId(), goalId: newId(), computedIndicatorId: newId(), enteredIndicatorId: newId(), projectId: newId(), milestoneId: newId() };
  await db.insertInto('outcome_framework').values({ ...base, id: ids.frameworkId, timebank_id: t.north, name: 'North outcomes' }).execute();
  await db.insertInto('outcome_period').values({ ...base, id: ids.periodId, framework_id: ids.frameworkId, label: '2026-Q1', starts_on: '2026-01-01', ends_on: '2026-03-31' }).execute();
  await db.insertInto('outcome_goal').values({ ...base, id: ids.goalId, framework_id: ids.frameworkId, title: 'People help each other' }).execute();
  const indicator = { ...base, framework_id: ids.frameworkId, goal_id: ids.goalId, definition: 'Matrix', direction: 'up' as const, rba_class: 'how_much' as const };
  await db
    .insertInto('outcome_indicator')
    .values({ ...indicator, id: ids.computedIndicatorId, name: 'Active members', unit: 'people', source_kind: 'computed', query_name: 'active_members', query_params: JSON.stringify({ timebankId: t.north }) })
    .execute();
  await db.insertInto('outcome_indicator').values({ ...indicator, id: ids.enteredIndicatorId, name: 'Associations', unit: 'associations', source_kind: 'entered', query_params: null, source: 'Council register' }).execute();
  await db.insertInto('outcome_project').values({ ...base, id: ids.projectId, framework_id: ids.frameworkId, name: 'Lunch club', owner: 'Harbour Trust', budget_pence: 100_000, rag: 'green', rag_reason: 'On plan' }).execute();
  await db.insertInto('outcome_milestone').values({ ...base, id: ids.milestoneId, project_id: ids.projectId, title: 'Venue booked', due_on: '2026-03-01' }).execute();
  return ids;
}
