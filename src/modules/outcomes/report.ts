// Reading a framework: its goals, indicators with their series (baseline, trend, target), projects
// and reviews; the results-based accountability programme report; the Co-Production Star.
// Readers who may not manage the framework get published figures only (access.ts).
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Principal } from '../auth/principal.ts';
import type { DisclosureRules } from '../disclosure/index.ts';
import { can } from '../policy/policy.ts';
import { frameworkFor, frameworkResource, invalid, type Published, publish, publishCount, readerRules } from './access.ts';
import * as iq from './indicator-queries.ts';
import * as q from './queries.ts';
import { REGISTRY, registered } from './registry.ts';
import type { RbaClass } from './tables.ts';

export const RBA_CLASSES: readonly RbaClass[] = ['how_much', 'how_well', 'better_off'];
export const RBA_QUESTIONS: Record<RbaClass, string> = {
  how_much: 'How much did we do?',
  how_well: 'How well did we do it?',
  better_off: 'Is anyone better off?',
};

export interface SeriesPoint extends Published {
  periodId: string;
  label: string;
  status: 'provisional' | 'final' | null;
  target: number | null;
}

/** Whether the curve turned: the latest measured value against its period's target, by direction. */
function onTrack(series: SeriesPoint[], direction: 'up' | 'down'): boolean | null {
  const last = [...series].reverse().find((s) => s.value !== null && s.target !== null);
  if (!last) return null;
  return direction === 'up' ? last.value! >= last.target! : last.value! <= last.target!;
}

export function createOutcomeReports({ db }: { db: Kysely<DB> }) {
  function indicatorView(ind: q.IndicatorRow, periods: q.PeriodRow[], ms: Awaited<ReturnType<typeof q.reportedMeasurements>>, targets: Awaited<ReturnType<typeof q.targetsOf>>, manager: boolean, rules: DisclosureRules) {
    const reg = ind.query_name ? registered(ind.query_name) : undefined;
    const counts = reg && (reg.counts === 'people' || reg.counts === 'exchanges') ? 'count' : 'sampled';
    const series: SeriesPoint[] = periods.map((per) => {
      const m = ms.find((x) => x.indicator_id === ind.id && x.period_id === per.id);
      const t = targets.find((x) => x.indicator_id === ind.id && x.period_id === per.id);
      const shown = m ? publish(Number(m.value), m.sample_size, counts, Math.max(ind.suppress_below, rules.countMin), manager) : { value: null, sampleSize: null, suppressed: false };
      return { periodId: per.id, label: per.label, status: m?.status ?? null, target: t ? Number(t.value) : null, ...shown };
    });
    const baselineAt = ind.baseline_period_id ? series.find((s) => s.periodId === ind.baseline_period_id) : series.find((s) => s.value !== null);
    return {
      id: ind.id,
      goalId: ind.goal_id,
      name: ind.name,
      definition: ind.definition,
      unit: ind.unit,
      direction: ind.direction,
      rbaClass: ind.rba_class,
      sourceKind: ind.source_kind,
      queryName: ind.query_name,
      queryParams: (ind.query_params ?? null) as Record<string, unknown> | null,
      source: ind.source,
      breakdowns: ind.breakdowns,
      suppressBelow: ind.suppress_below,
      sampleSizeRequired: ind.sample_size_required,
      baseline: baselineAt ? { periodId: baselineAt.periodId, label: baselineAt.label, value: baselineAt.value, suppressed: baselineAt.suppressed } : null,
      series,
      onTrack: onTrack(series, ind.direction),
    };
  }

  async function load(p: Principal, frameworkId: string) {
    const { fw, manager } = await frameworkFor(db, p, frameworkId, 'outcome.read');
    const rules = await readerRules(db, p.networkId, fw, manager);
    const [periods, goals, indicators, ms, targets] = await Promise.all([
      q.periodsOf(db, p.networkId, fw.id),
      q.goalsOf(db, p.networkId, fw.id),
      q.indicatorsOf(db, p.networkId, fw.id),
      q.reportedMeasurements(db, p.networkId, fw.id),
      q.targetsOf(db, p.networkId, fw.id),
    ]);
    return { fw, manager, periods, goals, indicators: indicators.map((i) => indicatorView(i, periods, ms, targets, manager, rules)) };
  }

  const head = (fw: q.FrameworkRow, periods: q.PeriodRow[], manager: boolean) => ({
    id: fw.id,
    timebankId: fw.timebank_id,
    name: fw.name,
    description: fw.description,
    periods: periods.map((x) => ({ id: x.id, label: x.label, startsOn: x.starts_on, endsOn: x.ends_on })),
    canManage: manager,
  });

  async function framework(p: Principal, frameworkId: string) {
    const { fw, manager, periods, goals, indicators } = await load(p, frameworkId);
    const [projects, links, reviews, rags] = await Promise.all([
      q.projectsOf(db, p.networkId, fw.id),
      q.projectGoals(db, p.networkId, fw.id),
      q.reviewsOf(db, p.networkId, fw.id),
      q.reviewRagsOf(db, p.networkId, fw.id),
    ]);
    return {
      ...head(fw, periods, manager),
      goals: goals.map((g) => ({
        id: g.id,
        title: g.title,
        description: g.description,
        coDefinedBy: g.co_defined_by,
        coDefinitionEvidence: g.co_definition_evidence,
        indicators: indicators.filter((i) => i.goalId === g.id),
      })),
      projects: projects.map((pr) => ({
        id: pr.id,
        name: pr.name,
        owner: pr.owner,
        budgetPence: pr.budget_pence,
        rag: pr.rag,
        ragReason: pr.rag_reason,
        goalIds: links.filter((l) => l.project_id === pr.id).map((l) => l.goal_id),
      })),
      reviews: reviews.map((r) => ({
        id: r.id,
        heldOn: r.held_on,
        attendees: r.attendees,
        decisions: r.decisions,
        ragChanges: rags.filter((x) => x.review_id === r.id).map((x) => ({ projectId: x.project_id, from: x.rag_from, to: x.rag_to, reason: x.reason })),
      })),
    };
  }

  /** Results-based accountability: the indicators under the three questions, each with its curve. */
  async function programme(p: Principal, frameworkId: string) {
    const { fw, manager, periods, indicators } = await load(p, frameworkId);
    return {
      ...head(fw, periods, manager),
      sections: RBA_CLASSES.map((c) => ({ rbaClass: c, question: RBA_QUESTIONS[c], indicators: indicators.filter((i) => i.rbaClass === c) })),
    };
  }

  /** Hours and people by Co-Production Star mode, over a period of the framework (or all time). */
  async function star(p: Principal, frameworkId: string, periodId: string | null) {
    const { fw, manager } = await frameworkFor(db, p, frameworkId, 'outcome.read');
    const rules = await readerRules(db, p.networkId, fw, manager);
    const periods = await q.periodsOf(db, p.networkId, fw.id);
    const period = periodId ? periods.find((x) => x.id === periodId) : null;
    if (periodId && !period) throw invalid([{ path: '/querystring/periodId', message: 'not a period of this framework' }], 'unknown_period');
    const totals = await iq.starTotals(db, {
      networkId: p.networkId,
      timebankId: fw.timebank_id,
      areaId: null,
      categorySlug: null,
      from: period?.starts_on ?? '1900-01-01',
      to: period?.ends_on ?? '2999-12-31',
    });
    const projects = await q.taggedProjects(db, p.networkId, fw.id);
    return {
      frameworkId: fw.id,
      periodId: period?.id ?? null,
      modes: totals.map((t) => ({
        mode: t.mode,
        minutes: publish(t.minutes, t.people, 'sampled', rules.countMin, manager).value,
        people: publishCount(t.people, manager, rules),
        projects: projects.find((x) => x.mode === t.mode)?.n ?? 0,
      })),
    };
  }

  /** The frameworks the person may read, and whether they manage each. */
  async function list(p: Principal) {
    const rows = await q.listFrameworks(db, p.networkId);
    return rows
      .filter((f) => can(p, 'outcome.read', frameworkResource(p.networkId, f.timebank_id)))
      .map((f) => ({
        id: f.id,
        name: f.name,
        description: f.description,
        timebankId: f.timebank_id,
        timebankName: f.timebank_name,
        canManage: can(p, 'outcome.manage', frameworkResource(p.networkId, f.timebank_id)),
      }));
  }

  const queries = () => REGISTRY.map((r) => ({ name: r.name, label: r.label, unit: r.unit, counts: r.counts }));

  return { list, framework, programme, star, queries };
}

export type OutcomeReports = ReturnType<typeof createOutcomeReports>;
