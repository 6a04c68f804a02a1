// Outcome pages (docs/outcomes.md): the frameworks, a framework with its goals, indicators
// (charts and tables), targets, projects and reviews, the forms that add to it, a project with
// its milestones and status, and the results-based accountability programme report.
import type { ReactNode } from 'react';
import type { Projects } from '../../modules/outcomes/projects.ts';
import type { OutcomeReports } from '../../modules/outcomes/report.ts';
import { Button, PostForm, SelectField, TextArea, TextField } from '../components.tsx';
import type { MessageKey } from '../i18n/en.ts';
import { Layout } from '../layout.tsx';
import type { FormError, ViewContext } from '../view.ts';
import { LineChart } from './chart.tsx';

export type FrameworkView = Awaited<ReturnType<OutcomeReports['framework']>>;
export type ProgrammeView = Awaited<ReturnType<OutcomeReports['programme']>>;
export type StarView = Awaited<ReturnType<OutcomeReports['star']>>;
export type ProjectView = Awaited<ReturnType<Projects['project']>>;
type IndicatorView = FrameworkView['goals'][number]['indicators'][number];
export type Values = Record<string, string | undefined>;

/** A form that came back: which one, its errors and what was typed. */
export interface Returned {
  form: string;
  errors: FormError[];
  values: Values;
}

const pounds = (pence: number) => `£${(pence / 100).toLocaleString('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

/** Text fields of one form: ids are `<form>-<field>` so two forms on one page never share one. */
function fields(ctx: ViewContext, form: string, back: Returned | null) {
  const mine = back?.form === form ? back : null;
  const errors = mine?.errors ?? [];
  const value = (name: string) => mine?.values[name];
  return {
    text: (name: string, label: MessageKey, o: { hint?: MessageKey; type?: string; width?: 'short' } = {}) => (
      <TextField
        id={`${form}-${name}`}
        name={name}
        label={ctx.t(label)}
        hint={o.hint ? ctx.t(o.hint) : undefined}
        type={o.type}
        width={o.width}
        errors={errors}
        value={value(name)}
      />
    ),
    area: (name: string, label: MessageKey, hint?: MessageKey) => (
      <TextArea id={`${form}-${name}`} name={name} label={ctx.t(label)} hint={hint ? ctx.t(hint) : undefined} errors={errors} value={value(name)} />
    ),
    select: (name: string, label: MessageKey, options: { value: string; label: string }[], hint?: MessageKey) => (
      <SelectField id={`${form}-${name}`} name={name} label={ctx.t(label)} hint={hint ? ctx.t(hint) : undefined} options={options} errors={errors} value={value(name)} />
    ),
  };
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="section">
      <h2>{title}</h2>
      {children}
    </section>
  );
}

const shown = (ctx: ViewContext, v: number | null, suppressed: boolean) => (suppressed ? ctx.t('outcomes.suppressed') : v === null ? '–' : String(v));

/** An indicator: its definition, the chart of its curve and the same figures as a table. */
export function IndicatorBlock({ ctx, ind }: { ctx: ViewContext; ind: IndicatorView }) {
  const id = `chart-${ind.id}`;
  return (
    <article className="indicator">
      <h4>{ind.name}</h4>
      <p>{ind.definition}</p>
      <p className="hint">
        {ctx.t('outcomes.indicator.meta', { unit: ind.unit, direction: ctx.t(ind.direction === 'up' ? 'outcomes.direction.up' : 'outcomes.direction.down') })}{' '}
        {ind.sourceKind === 'computed' ? ctx.t('outcomes.indicator.computed', { query: ind.queryName ?? '' }) : ctx.t('outcomes.indicator.entered', { source: ind.source ?? '' })}
      </p>
      {ind.series.length ? (
        <>
          <LineChart id={id} title={ind.name} t={ctx.t} baseline={ind.baseline?.value ?? null} points={ind.series.map((s) => ({ label: s.label, value: s.value, target: s.target }))} />
          <table className="table">
            <caption className="visually-hidden">{ind.name}</caption>
            <thead>
              <tr>
                <th scope="col">{ctx.t('outcomes.period')}</th>
                <th scope="col">{ctx.t('outcomes.value')}</th>
                <th scope="col">{ctx.t('outcomes.sampleSize')}</th>
                <th scope="col">{ctx.t('outcomes.target')}</th>
              </tr>
            </thead>
            <tbody>
              {ind.series.map((s) => (
                <tr key={s.periodId}>
                  <th scope="row">
                    {s.label}
                    {ind.baseline?.periodId === s.periodId ? ` (${ctx.t('outcomes.baseline')})` : ''}
                    {s.status === 'provisional' ? ` (${ctx.t('outcomes.provisional')})` : ''}
                  </th>
                  <td>{shown(ctx, s.value, s.suppressed)}</td>
                  <td>{shown(ctx, s.sampleSize, s.suppressed)}</td>
                  <td>{s.target ?? '–'}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {ind.onTrack !== null ? <p>{ctx.t(ind.onTrack ? 'outcomes.onTrack' : 'outcomes.offTrack')}</p> : null}
        </>
      ) : null}
    </article>
  );
}

export function FrameworkListPage({ ctx, items, scopes, back }: { ctx: ViewContext; items: Awaited<ReturnType<OutcomeReports['list']>>; scopes: { value: string; label: string }[]; back: Returned | null }) {
  const f = fields(ctx, 'framework', back);
  return (
    <Layout ctx={ctx} title={ctx.t('outcomes.title')} errors={back?.errors ?? []}>
      <h1>{ctx.t('outcomes.title')}</h1>
      {items.length ? (
        <ul>
          {items.map((x) => (
            <li key={x.id}>
              <a href={`/outcomes/frameworks/${x.id}`}>{x.name}</a> ({x.timebankName ?? ctx.t('outcomes.wholeNetwork')})
            </li>
          ))}
        </ul>
      ) : (
        <p>{ctx.t('outcomes.none')}</p>
      )}
      {scopes.length ? (
        <Section title={ctx.t('outcomes.framework.new')}>
          <PostForm action="/outcomes" ctx={ctx}>
            {f.select('scope', 'outcomes.framework.scope', scopes)}
            {f.text('name', 'outcomes.name')}
            {f.area('description', 'outcomes.description')}
            <Button>{ctx.t('outcomes.framework.create')}</Button>
          </PostForm>
        </Section>
      ) : null}
    </Layout>
  );
}

const RBA: Record<string, MessageKey> = { how_much: 'outcomes.rba.howMuch', how_well: 'outcomes.rba.howWell', better_off: 'outcomes.rba.betterOff' };
const RAG: Record<string, MessageKey> = { red: 'outcomes.rag.red', amber: 'outcomes.rag.amber', green: 'outcomes.rag.green' };

export function FrameworkPage({ ctx, fw, queries, back }: { ctx: ViewContext; fw: FrameworkView; queries: { name: string; label: string }[]; back: Returned | null }) {
  const action = (form: string) => `/outcomes/frameworks/${fw.id}/${form}`;
  return (
    <Layout ctx={ctx} title={fw.name} errors={back?.errors ?? []}>
      <h1>{fw.name}</h1>
      {fw.description ? <p>{fw.description}</p> : null}
      <p>
        <a href={`/outcomes/frameworks/${fw.id}/report`}>{ctx.t('outcomes.report.link')}</a>
      </p>
      <Section title={ctx.t('outcomes.periods')}>
        <p>{fw.periods.length ? fw.periods.map((x) => `${x.label} (${x.startsOn} – ${x.endsOn})`).join(', ') : ctx.t('outcomes.none')}</p>
      </Section>
      <Section title={ctx.t('outcomes.goals')}>
        {fw.goals.map((g) => (
          <div key={g.id} className="goal">
            <h3>{g.title}</h3>
            {g.description ? <p>{g.description}</p> : null}
            {g.coDefinedBy ? <p>{ctx.t('outcomes.goal.coDefined', { by: g.coDefinedBy, evidence: g.coDefinitionEvidence ?? '–' })}</p> : null}
            {g.indicators.map((ind) => (
              <IndicatorBlock key={ind.id} ctx={ctx} ind={ind} />
            ))}
          </div>
        ))}
      </Section>
      <Section title={ctx.t('outcomes.projects')}>
        <ul>
          {fw.projects.map((pr) => (
            <li key={pr.id}>
              <a href={`/outcomes/projects/${pr.id}`}>{pr.name}</a>: {ctx.t(RAG[pr.rag]!)} ({pr.ragReason}), {pr.owner}, {pounds(pr.budgetPence)}
            </li>
          ))}
        </ul>
      </Section>
      <Section title={ctx.t('outcomes.reviews')}>
        {fw.reviews.map((r) => (
          <div key={r.id}>
            <h3>{r.heldOn}</h3>
            <p>{ctx.t('outcomes.review.attendees', { who: r.attendees })}</p>
            <p>{r.decisions}</p>
          </div>
        ))}
      </Section>
      {fw.canManage ? <ManageForms ctx={ctx} fw={fw} queries={queries} action={action} back={back} /> : null}
    </Layout>
  );
}

function ManageForms({ ctx, fw, queries, action, back }: { ctx: ViewContext; fw: FrameworkView; queries: { name: string; label: string }[]; action: (f: string) => string; back: Returned | null }) {
  const periods = fw.periods.map((x) => ({ value: x.id, label: x.label }));
  const goals = fw.goals.map((g) => ({ value: g.id, label: g.title }));
  const indicators = fw.goals.flatMap((g) => g.indicators.map((i) => ({ value: i.id, label: i.name, computed: i.sourceKind === 'computed' })));
  const [pe, go, ind, ta, me, co, pr, re] = ['periods', 'goals', 'indicators', 'targets', 'measurements', 'compute', 'projects', 'reviews'].map((n) => fields(ctx, n, back)) as ReturnType<typeof fields>[];
  const statuses = [
    { value: 'provisional', label: ctx.t('outcomes.provisional') },
    { value: 'final', label: ctx.t('outcomes.final') },
  ];
  return (
    <>
      <Section title={ctx.t('outcomes.period.new')}>
        <PostForm action={action('periods')} ctx={ctx}>
          {pe!.text('label', 'outcomes.period.label', { hint: 'outcomes.period.labelHint', width: 'short' })}
          {pe!.text('startsOn', 'outcomes.period.startsOn', { type: 'date', width: 'short' })}
          {pe!.text('endsOn', 'outcomes.period.endsOn', { type: 'date', width: 'short' })}
          <Button>{ctx.t('outcomes.add')}</Button>
        </PostForm>
      </Section>
      <Section title={ctx.t('outcomes.goal.new')}>
        <PostForm action={action('goals')} ctx={ctx}>
          {go!.text('title', 'outcomes.goal.title')}
          {go!.area('description', 'outcomes.description')}
          {go!.text('coDefinedBy', 'outcomes.goal.coDefinedBy', { hint: 'outcomes.goal.coDefinedByHint' })}
          {go!.area('coDefinitionEvidence', 'outcomes.goal.evidence', 'outcomes.goal.evidenceHint')}
          <Button>{ctx.t('outcomes.add')}</Button>
        </PostForm>
      </Section>
      {goals.length ? (
        <Section title={ctx.t('outcomes.indicator.new')}>
          <PostForm action={action('indicators')} ctx={ctx}>
            {ind!.select('goalId', 'outcomes.goal', goals)}
            {ind!.text('name', 'outcomes.name')}
            {ind!.area('definition', 'outcomes.indicator.definition')}
            {ind!.select('rbaClass', 'outcomes.indicator.rbaClass', Object.entries(RBA).map(([value, k]) => ({ value, label: ctx.t(k) })))}
            {ind!.select('direction', 'outcomes.indicator.direction', [
              { value: 'up', label: ctx.t('outcomes.direction.up') },
              { value: 'down', label: ctx.t('outcomes.direction.down') },
            ])}
            {ind!.select('queryName', 'outcomes.indicator.query', [{ value: '', label: ctx.t('outcomes.indicator.enteredOption') }, ...queries.map((q) => ({ value: q.name, label: q.label }))], 'outcomes.indicator.queryHint')}
            {ind!.text('source', 'outcomes.indicator.source', { hint: 'outcomes.indicator.sourceHint' })}
            {ind!.text('unit', 'outcomes.indicator.unit', { width: 'short' })}
            {ind!.text('suppressBelow', 'outcomes.indicator.suppressBelow', { width: 'short' })}
            {ind!.select('sampleSizeRequired', 'outcomes.indicator.sampleSizeRequired', [
              { value: 'no', label: ctx.t('outcomes.no') },
              { value: 'yes', label: ctx.t('outcomes.yes') },
            ])}
            <Button>{ctx.t('outcomes.add')}</Button>
          </PostForm>
        </Section>
      ) : null}
      {indicators.length ? (
        <>
          <Section title={ctx.t('outcomes.target.new')}>
            <PostForm action={action('targets')} ctx={ctx}>
              {ta!.select('indicatorId', 'outcomes.indicator', indicators)}
              {ta!.select('periodId', 'outcomes.period', periods)}
              {ta!.text('value', 'outcomes.target', { width: 'short' })}
              <Button>{ctx.t('outcomes.save')}</Button>
            </PostForm>
          </Section>
          <Section title={ctx.t('outcomes.measurement.new')}>
            <PostForm action={action('measurements')} ctx={ctx}>
              {me!.select('indicatorId', 'outcomes.indicator', indicators.filter((i) => !i.computed))}
              {me!.select('periodId', 'outcomes.period', periods)}
              {me!.text('value', 'outcomes.value', { width: 'short' })}
              {me!.text('sampleSize', 'outcomes.sampleSize', { width: 'short' })}
              {me!.select('status', 'outcomes.status', statuses)}
              <Button>{ctx.t('outcomes.add')}</Button>
            </PostForm>
          </Section>
          <Section title={ctx.t('outcomes.compute.title')}>
            <PostForm action={action('compute')} ctx={ctx}>
              {co!.select('indicatorId', 'outcomes.indicator', indicators.filter((i) => i.computed))}
              {co!.select('periodId', 'outcomes.period', periods)}
              {co!.select('status', 'outcomes.status', statuses)}
              <Button>{ctx.t('outcomes.compute.button')}</Button>
            </PostForm>
          </Section>
        </>
      ) : null}
      <Section title={ctx.t('outcomes.project.new')}>
        <PostForm action={action('projects')} ctx={ctx}>
          {pr!.text('name', 'outcomes.name')}
          {pr!.text('owner', 'outcomes.project.owner')}
          {pr!.text('budgetPounds', 'outcomes.project.budget', { hint: 'outcomes.project.budgetHint', width: 'short' })}
          {pr!.select('rag', 'outcomes.project.rag', Object.entries(RAG).map(([value, k]) => ({ value, label: ctx.t(k) })))}
          {pr!.text('ragReason', 'outcomes.project.ragReason')}
          {pr!.select('goalId', 'outcomes.goal', [{ value: '', label: '–' }, ...goals])}
          <Button>{ctx.t('outcomes.add')}</Button>
        </PostForm>
      </Section>
      <Section title={ctx.t('outcomes.review.new')}>
        <PostForm action={action('reviews')} ctx={ctx}>
          {re!.text('heldOn', 'outcomes.review.heldOn', { type: 'date', width: 'short' })}
          {re!.area('attendees', 'outcomes.review.attendeesLabel')}
          {re!.area('decisions', 'outcomes.review.decisions')}
          {re!.select('projectId', 'outcomes.review.project', [{ value: '', label: '–' }, ...fw.projects.map((p) => ({ value: p.id, label: p.name }))])}
          {re!.select('rag', 'outcomes.project.rag', [{ value: '', label: '–' }, ...Object.entries(RAG).map(([value, k]) => ({ value, label: ctx.t(k) }))])}
          {re!.text('ragReason', 'outcomes.project.ragReason')}
          <Button>{ctx.t('outcomes.add')}</Button>
        </PostForm>
      </Section>
    </>
  );
}

const STAR: Record<string, MessageKey> = {
  co_commissioning: 'outcomes.star.coCommissioning',
  co_design: 'outcomes.star.coDesign',
  co_delivery: 'outcomes.star.coDelivery',
  co_assessment: 'outcomes.star.coAssessment',
};

/** The Co-Production Star modes of a project, activity or exchange, as checkboxes (docs/outcomes.md). */
export function StarTagsForm({ ctx, action, modes }: { ctx: ViewContext; action: string; modes: readonly string[] }) {
  return (
    <PostForm action={action} ctx={ctx}>
      <fieldset className="fieldset">
        <legend>{ctx.t('outcomes.star.legend')}</legend>
        {Object.entries(STAR).map(([mode, k]) => (
          <div key={mode} className="checkbox">
            <input type="checkbox" id={`tag-${mode}`} name="modes" value={mode} defaultChecked={modes.includes(mode)} />
            <label htmlFor={`tag-${mode}`}>{ctx.t(k)}</label>
          </div>
        ))}
      </fieldset>
      <Button>{ctx.t('outcomes.save')}</Button>
    </PostForm>
  );
}

export function ProgrammePage({ ctx, report, star }: { ctx: ViewContext; report: ProgrammeView; star: StarView }) {
  return (
    <Layout ctx={ctx} title={ctx.t('outcomes.report.title', { name: report.name })}>
      <h1>{ctx.t('outcomes.report.title', { name: report.name })}</h1>
      <p>
        <a href={`/outcomes/frameworks/${report.id}`}>{ctx.t('outcomes.back')}</a>
      </p>
      {report.sections.map((s) => (
        <Section key={s.rbaClass} title={ctx.t(RBA[s.rbaClass]!)}>
          {s.indicators.length ? s.indicators.map((ind) => <IndicatorBlock key={ind.id} ctx={ctx} ind={ind} />) : <p>{ctx.t('outcomes.none')}</p>}
        </Section>
      ))}
      <Section title={ctx.t('outcomes.star.title')}>
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{ctx.t('outcomes.star.mode')}</th>
              <th scope="col">{ctx.t('outcomes.star.hours')}</th>
              <th scope="col">{ctx.t('outcomes.star.people')}</th>
              <th scope="col">{ctx.t('outcomes.projects')}</th>
            </tr>
          </thead>
          <tbody>
            {star.modes.map((m) => (
              <tr key={m.mode}>
                <th scope="row">{ctx.t(STAR[m.mode]!)}</th>
                <td>{m.minutes === null ? ctx.t('outcomes.suppressed') : (m.minutes / 60).toFixed(1)}</td>
                <td>{shown(ctx, m.people.value, m.people.suppressed)}</td>
                <td>{m.projects}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Section>
    </Layout>
  );
}

export function ProjectPage({ ctx, pr, back }: { ctx: ViewContext; pr: ProjectView; back: Returned | null }) {
  const action = (form: string) => `/outcomes/projects/${pr.id}/${form}`;
  const ms = fields(ctx, 'milestones', back);
  const rag = fields(ctx, 'rag', back);
  return (
    <Layout ctx={ctx} title={pr.name} errors={back?.errors ?? []}>
      <h1>{pr.name}</h1>
      <p>
        <a href={`/outcomes/frameworks/${pr.frameworkId}`}>{pr.frameworkName}</a>
      </p>
      <p>
        {ctx.t('outcomes.project.summary', { owner: pr.owner, budget: pounds(pr.budgetPence) })}
        <br />
        <strong className={`rag rag--${pr.rag}`}>{ctx.t(RAG[pr.rag]!)}</strong>: {pr.ragReason}
      </p>
      <p>{ctx.t('outcomes.project.goals', { goals: pr.goals.map((g) => g.title).join(', ') || '–' })}</p>
      <p>{ctx.t('outcomes.project.star', { modes: pr.coproduction.map((m) => ctx.t(STAR[m]!)).join(', ') || '–' })}</p>
      <Section title={ctx.t('outcomes.milestones')}>
        <ul>
          {pr.milestones.map((m) => (
            <li key={m.id}>
              {m.title}, {m.dueOn}: {m.done ? ctx.t('outcomes.milestone.doneOn', { day: m.doneOn ?? '' }) : ctx.t('outcomes.milestone.open')}
              {pr.canManage ? (
                <PostForm action={action('milestone-done')} ctx={ctx} className="inline-form">
                  <input type="hidden" name="milestoneId" value={m.id} />
                  <input type="hidden" name="done" value={m.done ? 'no' : 'yes'} />
                  <Button secondary>{ctx.t(m.done ? 'outcomes.milestone.undo' : 'outcomes.milestone.markDone')}</Button>
                </PostForm>
              ) : null}
            </li>
          ))}
        </ul>
      </Section>
      <Section title={ctx.t('outcomes.project.history')}>
        <ul>
          {pr.ragHistory.map((h) => (
            <li key={h.reviewId}>{ctx.t('outcomes.project.change', { day: h.heldOn, from: ctx.t(RAG[h.from]!), to: ctx.t(RAG[h.to]!), reason: h.reason })}</li>
          ))}
        </ul>
      </Section>
      {pr.canManage ? (
        <>
          <Section title={ctx.t('outcomes.milestone.new')}>
            <PostForm action={action('milestones')} ctx={ctx}>
              {ms.text('title', 'outcomes.milestone.title')}
              {ms.text('dueOn', 'outcomes.milestone.dueOn', { type: 'date', width: 'short' })}
              <Button>{ctx.t('outcomes.add')}</Button>
            </PostForm>
          </Section>
          <Section title={ctx.t('outcomes.project.setRag')}>
            <PostForm action={action('rag')} ctx={ctx}>
              {rag.select('rag', 'outcomes.project.rag', Object.entries(RAG).map(([value, k]) => ({ value, label: ctx.t(k) })))}
              {rag.text('reason', 'outcomes.project.ragReason')}
              <Button>{ctx.t('outcomes.save')}</Button>
            </PostForm>
          </Section>
          <Section title={ctx.t('outcomes.star.title')}>
            <StarTagsForm ctx={ctx} action={action('tags')} modes={pr.coproduction} />
          </Section>
        </>
      ) : null}
    </Layout>
  );
}
