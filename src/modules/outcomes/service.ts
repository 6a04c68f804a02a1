// Outcome frameworks: goals -> indicators -> targets per period and measurements. Indicators
// are computed by a named query of the registry (always inside the caller's network) or
// entered by hand with their source. Every write is audited in its transaction.
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Clock } from '../../lib/clock.ts';
import { DomainError, notFound } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import { type Actor, recordAudit } from '../audit/record.ts';
import type { Principal } from '../auth/principal.ts';
import { authorize } from '../policy/policy.ts';
import { findTimebank } from '../tenancy/queries.ts';
import { field, frameworkFor, frameworkResource, invalid } from './access.ts';
import * as q from './queries.ts';
import { type QueryParams, registered } from './registry.ts';
import type { Direction, MeasurementStatus, RbaClass } from './tables.ts';

export interface NewFramework {
  timebankId: string | null;
  name: string;
  description?: string | undefined;
}
export interface NewPeriod {
  label: string;
  startsOn: string;
  endsOn: string;
}
export interface NewGoal {
  title: string;
  description?: string | undefined;
  coDefinedBy?: string | null | undefined;
  coDefinitionEvidence?: string | null | undefined;
}
export interface NewIndicator {
  goalId: string;
  name: string;
  definition: string;
  unit?: string | undefined;
  direction: Direction;
  rbaClass: RbaClass;
  sourceKind: 'computed' | 'entered';
  queryName?: string | undefined;
  queryParams?: Record<string, unknown> | undefined;
  source?: string | undefined;
  breakdowns?: string[] | undefined;
  suppressBelow?: number | undefined;
  sampleSizeRequired?: boolean | undefined;
  baselinePeriodId?: string | null | undefined;
}
export interface NewMeasurement {
  periodId: string;
  value: number;
  sampleSize?: number | null | undefined;
  status: MeasurementStatus;
  note?: string | undefined;
}

export function createOutcomes({ db }: { db: Kysely<DB>; clock: Clock }) {
  const inTx = <T>(fn: (tx: Transaction<DB>) => Promise<T>) => db.transaction().execute(fn);
  const by = (actor: Actor) => {
    if (!actor.personId) throw new DomainError('forbidden', 'a person makes outcome records');
    return actor.personId;
  };

  async function createFramework(p: Principal, actor: Actor, input: NewFramework) {
    if (input.timebankId && !(await findTimebank(db, p.networkId, input.timebankId))) throw invalid([field('/body/timebankId', 'not a timebank of this network')], 'not_found');
    authorize(p, 'outcome.manage', frameworkResource(p.networkId, input.timebankId));
    const id = newId();
    await inTx(async (tx) => {
      await tx
        .insertInto('outcome_framework')
        .values({ network_id: p.networkId, id, timebank_id: input.timebankId, name: input.name, description: input.description ?? '', created_by_person_id: by(actor) })
        .execute();
      await recordAudit(tx, actor, { action: 'outcome.framework.create', subjectType: 'outcome_framework', subjectId: id, timebankId: input.timebankId, detail: { name: input.name } });
    });
    return { id };
  }

  async function addPeriod(p: Principal, actor: Actor, frameworkId: string, input: NewPeriod) {
    const { fw } = await frameworkFor(db, p, frameworkId, 'outcome.manage');
    if (input.endsOn < input.startsOn) throw invalid([field('/body/endsOn', 'ends before it starts')]);
    const periods = await q.periodsOf(db, p.networkId, fw.id);
    if (periods.some((x) => x.label === input.label)) throw invalid([field('/body/label', 'the framework has a period of this name')], 'conflict');
    const id = newId();
    await inTx(async (tx) => {
      await tx
        .insertInto('outcome_period')
        .values({ network_id: p.networkId, id, framework_id: fw.id, label: input.label, starts_on: input.startsOn, ends_on: input.endsOn, created_by_person_id: by(actor) })
        .execute();
      await audit(tx, actor, fw, 'outcome.period.add', 'outcome_period', id, { ...input });
    });
    return { id };
  }

  async function addGoal(p: Principal, actor: Actor, frameworkId: string, input: NewGoal) {
    const { fw } = await frameworkFor(db, p, frameworkId, 'outcome.manage');
    if (input.coDefinitionEvidence && !input.coDefinedBy) throw invalid([field('/body/coDefinedBy', 'say who co-defined the outcome the evidence is about')]);
    const id = newId();
    const position = (await q.goalsOf(db, p.networkId, fw.id)).length;
    await inTx(async (tx) => {
      await tx
        .insertInto('outcome_goal')
        .values({
          network_id: p.networkId,
          id,
          framework_id: fw.id,
          title: input.title,
          description: input.description ?? '',
          co_defined_by: input.coDefinedBy || null,
          co_definition_evidence: input.coDefinitionEvidence || null,
          position,
          created_by_person_id: by(actor),
        })
        .execute();
      await audit(tx, actor, fw, 'outcome.goal.add', 'outcome_goal', id, { title: input.title, coDefinedBy: input.coDefinedBy ?? null });
    });
    return { id };
  }

  /** The query's parameters, checked against the registry and against the caller's network. */
  async function checkQuery(p: Principal, fw: q.FrameworkRow, name: string | undefined, raw: Record<string, unknown> | undefined): Promise<QueryParams> {
    const reg = name ? registered(name) : undefined;
    if (!reg) throw invalid([field('/body/queryName', 'not a query of the registry (GET /api/v1/outcomes/queries lists them)')]);
    const parsed = reg.params.safeParse(raw ?? {});
    if (!parsed.success) throw invalid(parsed.error.issues.map((i) => field(`/body/queryParams${i.path.map((k) => `/${String(k)}`).join('')}`, i.message)));
    const params = parsed.data;
    if (params.timebankId && !(await findTimebank(db, p.networkId, params.timebankId))) {
      throw invalid([field('/body/queryParams/timebankId', 'not a timebank of this network')], 'not_found');
    }
    if (fw.timebank_id && params.timebankId !== fw.timebank_id) throw invalid([field('/body/queryParams/timebankId', "a timebank's framework counts its own timebank")]);
    if (params.areaId) {
      const area = await q.areaOf(db, p.networkId, params.areaId);
      if (!area) throw invalid([field('/body/queryParams/areaId', 'not an area of this network')], 'not_found');
      if (params.timebankId && area.timebank_id !== params.timebankId) throw invalid([field('/body/queryParams/areaId', 'not an area of that timebank')]);
    }
    return params;
  }

  async function addIndicator(p: Principal, actor: Actor, frameworkId: string, input: NewIndicator) {
    const { fw } = await frameworkFor(db, p, frameworkId, 'outcome.manage');
    const goals = await q.goalsOf(db, p.networkId, fw.id);
    if (!goals.some((g) => g.id === input.goalId)) throw invalid([field('/body/goalId', 'not a goal of this framework')]);
    await checkPeriod(fw.id, p.networkId, input.baselinePeriodId ?? null, '/body/baselinePeriodId');
    const computed = input.sourceKind === 'computed';
    const params = computed ? await checkQuery(p, fw, input.queryName, input.queryParams) : null;
    if (!computed && !input.source?.trim()) throw invalid([field('/body/source', 'say where the figures of an entered indicator come from')]);
    const id = newId();
    const unit = input.unit ?? (computed ? registered(input.queryName!)!.unit : undefined);
    if (!unit) throw invalid([field('/body/unit', 'say what the figures count')]);
    await inTx(async (tx) => {
      await tx
        .insertInto('outcome_indicator')
        .values({
          network_id: p.networkId,
          id,
          framework_id: fw.id,
          goal_id: input.goalId,
          name: input.name,
          definition: input.definition,
          unit,
          direction: input.direction,
          rba_class: input.rbaClass,
          source_kind: input.sourceKind,
          query_name: computed ? input.queryName! : null,
          query_params: params ? JSON.stringify(params) : null,
          source: computed ? (input.source ?? null) : input.source!.trim(),
          breakdowns: input.breakdowns ?? [],
          suppress_below: input.suppressBelow ?? 5,
          sample_size_required: input.sampleSizeRequired ?? false,
          baseline_period_id: input.baselinePeriodId ?? null,
          created_by_person_id: by(actor),
        })
        .execute();
      await audit(tx, actor, fw, 'outcome.indicator.add', 'outcome_indicator', id, { name: input.name, queryName: input.queryName ?? null, queryParams: params });
    });
    return { id };
  }

  async function checkPeriod(frameworkId: string, networkId: string, periodId: string | null, path: string) {
    if (!periodId) return null;
    const period = (await q.periodsOf(db, networkId, frameworkId)).find((x) => x.id === periodId);
    if (!period) throw invalid([field(path, 'not a period of this framework: add the period first')], 'unknown_period');
    return period;
  }

  async function indicatorFor(p: Principal, indicatorId: string) {
    const ind = await q.findIndicator(db, p.networkId, indicatorId);
    if (!ind) throw notFound('indicator');
    const { fw } = await frameworkFor(db, p, ind.framework_id, 'outcome.manage');
    return { ind, fw };
  }

  async function setTarget(p: Principal, actor: Actor, indicatorId: string, input: { periodId: string; value: number }) {
    const { ind, fw } = await indicatorFor(p, indicatorId);
    await checkPeriod(fw.id, p.networkId, input.periodId, '/body/periodId');
    await inTx(async (tx) => {
      await q.upsertTarget(tx, { network_id: p.networkId, framework_id: fw.id, indicator_id: ind.id, period_id: input.periodId, value: input.value, set_by_person_id: by(actor) });
      await audit(tx, actor, fw, 'outcome.target.set', 'outcome_indicator', ind.id, { ...input });
    });
    return { indicatorId: ind.id, periodId: input.periodId, value: input.value };
  }

  async function insertMeasurement(fw: q.FrameworkRow, ind: q.IndicatorRow, actor: Actor, m: NewMeasurement & { computed: boolean }) {
    const id = newId();
    await inTx(async (tx) => {
      await tx
        .insertInto('outcome_measurement')
        .values({
          network_id: fw.network_id,
          id,
          framework_id: fw.id,
          indicator_id: ind.id,
          period_id: m.periodId,
          value: m.value,
          sample_size: m.sampleSize ?? null,
          status: m.status,
          computed: m.computed,
          note: m.note?.trim() || null,
          entered_by_person_id: by(actor),
        })
        .execute();
      await audit(tx, actor, fw, 'outcome.measurement.add', 'outcome_indicator', ind.id, { measurementId: id, ...m });
    });
    return { id, indicatorId: ind.id, periodId: m.periodId, value: m.value, sampleSize: m.sampleSize ?? null, status: m.status, computed: m.computed };
  }

  async function addMeasurement(p: Principal, actor: Actor, indicatorId: string, input: NewMeasurement) {
    const { ind, fw } = await indicatorFor(p, indicatorId);
    if (ind.source_kind === 'computed') throw invalid([field('/params/indicatorId', 'a computed indicator is measured by computing it')], 'indicator_computed');
    await checkPeriod(fw.id, p.networkId, input.periodId, '/body/periodId');
    if (ind.sample_size_required && (input.sampleSize === undefined || input.sampleSize === null)) {
      throw invalid([field('/body/sampleSize', 'this indicator needs the sample size of each measurement')]);
    }
    return insertMeasurement(fw, ind, actor, { ...input, computed: false });
  }

  /** Runs the indicator's query over its period and records the figure as a measurement. */
  async function compute(p: Principal, actor: Actor, indicatorId: string, input: { periodId: string; status: MeasurementStatus }) {
    const { ind, fw } = await indicatorFor(p, indicatorId);
    if (ind.source_kind !== 'computed') throw invalid([field('/params/indicatorId', 'an entered indicator is measured by entering figures')], 'indicator_entered');
    const period = (await checkPeriod(fw.id, p.networkId, input.periodId, '/body/periodId'))!;
    const params = await checkQuery(p, fw, ind.query_name!, ind.query_params as Record<string, unknown>);
    const figure = await registered(ind.query_name!)!.run(db, {
      networkId: p.networkId,
      timebankId: params.timebankId,
      areaId: params.areaId ?? null,
      categorySlug: params.categorySlug ?? null,
      from: period.starts_on,
      to: period.ends_on,
    });
    return insertMeasurement(fw, ind, actor, { periodId: period.id, value: figure.value, sampleSize: figure.sampleSize, status: input.status, computed: true });
  }

  return { createFramework, addPeriod, addGoal, addIndicator, setTarget, addMeasurement, compute };
}

export function audit(tx: Transaction<DB>, actor: Actor, fw: q.FrameworkRow, action: string, subjectType: string, subjectId: string, detail: Record<string, unknown>) {
  return recordAudit(tx, actor, { action, subjectType, subjectId, timebankId: fw.timebank_id, detail: { frameworkId: fw.id, ...detail } });
}

export type Outcomes = ReturnType<typeof createOutcomes>;
