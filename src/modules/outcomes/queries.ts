// SQL of outcome frameworks, projects, reviews and Co-Production Star tags. No rules here: the
// service decides. Every statement names the network first.
import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Rag, StarMode, TagSubject } from './tables.ts';

type Q = Kysely<DB> | Transaction<DB>;

export function findFramework(db: Q, networkId: string, id: string) {
  return db.selectFrom('outcome_framework').where('network_id', '=', networkId).where('id', '=', id).selectAll().executeTakeFirst();
}
export type FrameworkRow = NonNullable<Awaited<ReturnType<typeof findFramework>>>;

export function listFrameworks(db: Q, networkId: string) {
  return db
    .selectFrom('outcome_framework as f')
    .leftJoin('timebank as t', (j) => j.onRef('t.network_id', '=', 'f.network_id').onRef('t.id', '=', 'f.timebank_id'))
    .where('f.network_id', '=', networkId)
    .select(['f.id', 'f.timebank_id', 'f.name', 'f.description', 't.name as timebank_name'])
    .orderBy('f.created_at')
    .execute();
}

export function periodsOf(db: Q, networkId: string, frameworkId: string) {
  return db
    .selectFrom('outcome_period')
    .where('network_id', '=', networkId)
    .where('framework_id', '=', frameworkId)
    .select(['id', 'label', 'starts_on', 'ends_on'])
    .orderBy('starts_on')
    .orderBy('ends_on')
    .execute();
}
export type PeriodRow = Awaited<ReturnType<typeof periodsOf>>[number];

export function goalsOf(db: Q, networkId: string, frameworkId: string) {
  return db.selectFrom('outcome_goal').where('network_id', '=', networkId).where('framework_id', '=', frameworkId).selectAll().orderBy('position').orderBy('created_at').execute();
}

export function indicatorsOf(db: Q, networkId: string, frameworkId: string) {
  return db.selectFrom('outcome_indicator').where('network_id', '=', networkId).where('framework_id', '=', frameworkId).selectAll().orderBy('created_at').execute();
}
export type IndicatorRow = Awaited<ReturnType<typeof indicatorsOf>>[number];

export function findIndicator(db: Q, networkId: string, id: string) {
  return db.selectFrom('outcome_indicator').where('network_id', '=', networkId).where('id', '=', id).selectAll().executeTakeFirst();
}

export function targetsOf(db: Q, networkId: string, frameworkId: string) {
  return db.selectFrom('outcome_target').where('network_id', '=', networkId).where('framework_id', '=', frameworkId).select(['indicator_id', 'period_id', 'value']).execute();
}

/** The measurement reported for each indicator and period: the latest final one, else the latest provisional one. */
export async function reportedMeasurements(db: Q, networkId: string, frameworkId: string) {
  const r = await sql<{ indicator_id: string; period_id: string; value: string; sample_size: number | null; status: 'provisional' | 'final'; computed: boolean; entered_at: Date }>`
    select distinct on (indicator_id, period_id) indicator_id, period_id, value, sample_size, status, computed, entered_at
    from outcome_measurement
    where network_id = ${networkId} and framework_id = ${frameworkId}
    order by indicator_id, period_id, (status = 'final') desc, entered_at desc, id desc`.execute(db);
  return r.rows;
}

export function upsertTarget(tx: Q, v: { network_id: string; framework_id: string; indicator_id: string; period_id: string; value: number; set_by_person_id: string }) {
  return tx
    .insertInto('outcome_target')
    .values(v)
    .onConflict((oc) => oc.columns(['network_id', 'indicator_id', 'period_id']).doUpdateSet({ value: v.value, set_by_person_id: v.set_by_person_id, set_at: sql`now()` }))
    .execute();
}

export function projectsOf(db: Q, networkId: string, frameworkId: string) {
  return db.selectFrom('outcome_project').where('network_id', '=', networkId).where('framework_id', '=', frameworkId).selectAll().orderBy('created_at').execute();
}

export function findProject(db: Q, networkId: string, id: string) {
  return db.selectFrom('outcome_project').where('network_id', '=', networkId).where('id', '=', id).selectAll().executeTakeFirst();
}

export function projectGoals(db: Q, networkId: string, frameworkId: string) {
  return db.selectFrom('outcome_project_goal').where('network_id', '=', networkId).where('framework_id', '=', frameworkId).select(['project_id', 'goal_id']).execute();
}

export function milestonesOf(db: Q, networkId: string, projectId: string) {
  return db.selectFrom('outcome_milestone').where('network_id', '=', networkId).where('project_id', '=', projectId).selectAll().orderBy('due_on').orderBy('created_at').execute();
}

export function setRag(tx: Q, networkId: string, projectId: string, rag: Rag, reason: string) {
  return tx
    .updateTable('outcome_project')
    .set({ rag, rag_reason: reason, rag_set_at: sql`now()` })
    .where('network_id', '=', networkId)
    .where('id', '=', projectId)
    .execute();
}

export function reviewsOf(db: Q, networkId: string, frameworkId: string) {
  return db.selectFrom('outcome_review').where('network_id', '=', networkId).where('framework_id', '=', frameworkId).selectAll().orderBy('held_on', 'desc').execute();
}

export function reviewRagsOf(db: Q, networkId: string, frameworkId: string) {
  return db
    .selectFrom('outcome_review_rag')
    .where('network_id', '=', networkId)
    .where('framework_id', '=', frameworkId)
    .select(['review_id', 'project_id', 'rag_from', 'rag_to', 'reason'])
    .execute();
}

/** The timebank an activity or exchange belongs to, or null when it is not in the network. */
export async function subjectTimebank(db: Q, networkId: string, kind: 'activity' | 'exchange', id: string): Promise<string | null> {
  const row = await db.selectFrom(kind).where('network_id', '=', networkId).where('id', '=', id).select('timebank_id').executeTakeFirst();
  return row?.timebank_id ?? null;
}

export function tagsOf(db: Q, networkId: string, kind: TagSubject, id: string) {
  return db.selectFrom('coproduction_tag').where('network_id', '=', networkId).where('subject_kind', '=', kind).where('subject_id', '=', id).select('mode').execute();
}

export async function replaceTags(tx: Transaction<DB>, networkId: string, kind: TagSubject, id: string, modes: StarMode[], personId: string) {
  await tx.deleteFrom('coproduction_tag').where('network_id', '=', networkId).where('subject_kind', '=', kind).where('subject_id', '=', id).execute();
  if (modes.length === 0) return;
  await tx
    .insertInto('coproduction_tag')
    .values(modes.map((mode) => ({ network_id: networkId, subject_kind: kind, subject_id: id, mode, tagged_by_person_id: personId })))
    .execute();
}

/** Projects of the framework per Co-Production Star mode. */
export async function taggedProjects(db: Q, networkId: string, frameworkId: string) {
  const r = await sql<{ mode: string; n: number }>`
    select tg.mode, count(*)::int as n from coproduction_tag tg
    join outcome_project p on p.network_id = tg.network_id and p.id = tg.subject_id
    where tg.network_id = ${networkId} and tg.subject_kind = 'project' and p.framework_id = ${frameworkId}
    group by tg.mode`.execute(db);
  return r.rows;
}

export async function areaOf(db: Q, networkId: string, areaId: string) {
  return db.selectFrom('area').where('network_id', '=', networkId).where('id', '=', areaId).select(['id', 'timebank_id']).executeTakeFirst();
}
