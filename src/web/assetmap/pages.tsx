// Pages of capability conversations, the community survey, the assets register and the asset
// map (docs/asset-map.md). Plain forms and tables: they work with JavaScript off.
import type { ReactNode } from 'react';
import type { AssetMap } from '../../modules/assetmap/service.ts';
import { ASSET_KINDS } from '../../modules/assets/tables.ts';
import type { ConversationView } from '../../modules/capabilities/service.ts';
import { STEPS, type Step, WAYS } from '../../modules/capabilities/tables.ts';
import type { CategoryTree } from '../../modules/categories/service.ts';
import { Button, ErrorMessage, PostForm, SelectField, TextArea, TextField } from '../components.tsx';
import type { T } from '../i18n/i18n.ts';
import { Layout } from '../layout.tsx';
import type { FormError, ViewContext } from '../view.ts';

export type FormValues = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
const many = (v: string | string[] | undefined) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
const dayText = (locale: string, d: Date) => new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(d);

type Num = { value: number | null; suppressed: boolean };
export const fmt = (t: T, c: Num) => (c.suppressed ? t('assetmap.fewer') : String(c.value ?? 0));

/** Checkboxes with a legend and an error by them. */
function Checkboxes(props: { id: string; legend: string; options: { value: string; label: ReactNode }[]; checked: string[]; errors: FormError[] }) {
  const error = props.errors.find((e) => e.field === props.id);
  return (
    <fieldset className={`fieldset checkboxes${error ? ' form-group--error' : ''}`} aria-describedby={error ? `${props.id}-error` : undefined}>
      <legend>{props.legend}</legend>
      {error ? <ErrorMessage id={`${props.id}-error`} message={error.message} /> : null}
      {props.options.map((o, i) => {
        const id = i === 0 ? props.id : `${props.id}-${o.value.replace(/[^a-z0-9-]/g, '-')}`;
        return (
          <div className="checkbox" key={o.value}>
            <input type="checkbox" id={id} name={props.id} value={o.value} defaultChecked={props.checked.includes(o.value)} />
            <label htmlFor={id}>{o.label}</label>
          </div>
        );
      })}
    </fieldset>
  );
}

const categoryOptions = (tree: CategoryTree[]) => tree.flatMap((top) => [{ value: top.slug, label: <strong>{top.name}</strong> }, ...top.subs.map((s) => ({ value: s.slug, label: s.name }))]);
const wayOptions = (t: T) => WAYS.map((w) => ({ value: w, label: t(`way.${w}`) }));

// ---- conversations

export function ConversationHome(props: { ctx: ViewContext; title: string; items: ConversationView[] }) {
  const { ctx, title, items } = props;
  const { t, locale } = ctx;
  const draft = items.find((c) => c.status === 'draft');
  const latest = items.find((c) => c.status === 'complete');
  return (
    <Layout ctx={ctx} title={title}>
      <h1>{title}</h1>
      <p>{t('conversation.intro')}</p>
      {draft ? <p>{t('conversation.draft', { step: t(`conversation.step.${draft.step}`) })}</p> : null}
      {latest?.completedAt ? <p>{t('conversation.latest', { day: dayText(locale, latest.completedAt) })}</p> : null}
      <PostForm action="/conversation" ctx={ctx}>
        <Button>{draft ? t('conversation.resume') : latest ? t('conversation.startNew') : t('conversation.start')}</Button>
      </PostForm>
      <p>
        <a href="/survey">{t('conversation.surveyLink')}</a> · <a href="/assets">{t('conversation.assetsLink')}</a>
      </p>
      {items.length ? (
        <>
          <h2>{t('conversation.history')}</h2>
          <ul>
            {items.map((c) => (
              <li key={c.id}>
                {dayText(locale, c.createdAt)}: {t(`conversation.status.${c.status}`)} ({t(`conversation.heldBy.${c.heldBy}`)})
                {c.hoursPerMonth !== null ? `, ${t('conversation.hours')} ${c.hoursPerMonth}` : ''}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </Layout>
  );
}

/** The answer of a step in the form's values. */
export function stepValues(c: ConversationView, step: Step): FormValues {
  if (step === 'time') return { hoursPerMonth: c.hoursPerMonth === null ? '' : String(c.hoursPerMonth), ways: c.ways };
  const a = c[step];
  return { text: a.text ?? '', categories: a.categories };
}

export function ConversationStepPage(props: { ctx: ViewContext; conversation: ConversationView; step: Step; tree: CategoryTree[]; values: FormValues; errors: FormError[] }) {
  const { ctx, conversation: c, step, tree, values, errors } = props;
  const { t } = ctx;
  const n = STEPS.indexOf(step);
  const title = t(`conversation.step.${step}`);
  const base = `/timebanks/${c.timebankId}/conversations/${c.id}/steps`;
  return (
    <Layout ctx={ctx} title={title} errors={errors}>
      <span className="caption">{t('conversation.progress', { n: n + 1, total: STEPS.length })}</span>
      <h1>{title}</h1>
      {ctx.principal?.actingFor ? <p className="hint">{t('conversation.titleFor', { name: c.memberName })}</p> : null}
      <PostForm action={`${base}/${step}`} ctx={ctx}>
        {step === 'time' ? (
          <>
            <TextField id="hoursPerMonth" label={t('conversation.hours')} hint={t('conversation.hoursHint')} value={one(values.hoursPerMonth)} inputMode="numeric" width="short" errors={errors} />
            <Checkboxes id="ways" legend={t('conversation.ways')} options={wayOptions(t)} checked={many(values.ways)} errors={errors} />
          </>
        ) : (
          <>
            <TextArea id="text" label={t(`conversation.ask.${step}`)} value={one(values.text)} rows={4} errors={errors} />
            <Checkboxes id="categories" legend={t('conversation.categories')} options={categoryOptions(tree)} checked={many(values.categories)} errors={errors} />
          </>
        )}
        <div className="button-group">
          <button type="submit" name="action" value="next" className="button">
            {step === 'time' ? t('conversation.finish') : t('conversation.next')}
          </button>{' '}
          <button type="submit" name="action" value="stop" className="button button--secondary">
            {t('conversation.stop')}
          </button>
        </div>
      </PostForm>
      {n > 0 ? (
        <p>
          <a href={`${base}/${STEPS[n - 1]}`}>{t('conversation.back')}</a>
        </p>
      ) : null}
    </Layout>
  );
}

// ---- the community survey

export function SurveyPage(props: { ctx: ViewContext; answeredAt: Date | null; values: FormValues; errors: FormError[] }) {
  const { ctx, answeredAt, values, errors } = props;
  const { t, locale } = ctx;
  const yesNo = [
    { value: '', label: '' },
    { value: 'yes', label: t('survey.yes') },
    { value: 'no', label: t('survey.no') },
  ];
  return (
    <Layout ctx={ctx} title={t('survey.title')} errors={errors}>
      <h1>{t('survey.title')}</h1>
      <p>{t('survey.intro')}</p>
      {answeredAt ? <p>{t('survey.answered', { day: dayText(locale, answeredAt) })}</p> : null}
      <PostForm action="/survey" ctx={ctx}>
        <SelectField id="coProducesNow" label={t('survey.coProducesNow')} options={yesNo} value={one(values.coProducesNow)} errors={errors} />
        <SelectField id="wouldDoMore" label={t('survey.wouldDoMore')} options={yesNo} value={one(values.wouldDoMore)} errors={errors} />
        <Checkboxes id="ways" legend={t('survey.ways')} options={wayOptions(t)} checked={many(values.ways)} errors={errors} />
        <TextField id="extraHoursPerMonth" label={t('survey.extraHours')} hint={t('conversation.hoursHint')} value={one(values.extraHoursPerMonth)} inputMode="numeric" width="short" errors={errors} />
        <Button>{t('survey.send')}</Button>
      </PostForm>
    </Layout>
  );
}

// ---- the assets register

type AssetRow = { id: string; kind: (typeof ASSET_KINDS)[number]; name: string; description: string; area_name: string | null; category_slug: string | null; contact: string; members_may_use: boolean };

export function AssetsPage(props: { ctx: ViewContext; items: AssetRow[]; staff: boolean; areas: { id: string; name: string }[]; tree: CategoryTree[]; values: FormValues; errors: FormError[] }) {
  const { ctx, items, staff, areas, tree, values, errors } = props;
  const { t } = ctx;
  const v = (k: string) => one(values[k]);
  return (
    <Layout ctx={ctx} title={t('assets.title')} errors={errors}>
      <h1>{t('assets.title')}</h1>
      <p>{t('assets.intro')}</p>
      {items.length ? (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t('assets.name')}</th>
              <th scope="col">{t('assets.kind')}</th>
              <th scope="col">{t('assets.area')}</th>
              <th scope="col">{t('assets.contact')}</th>
              <th scope="col">{t('assets.membersMayUse')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((a) => (
              <tr key={a.id}>
                <td>
                  {a.name}
                  {a.description ? <div className="hint">{a.description}</div> : null}
                </td>
                <td>{t(`assets.kind.${a.kind}`)}</td>
                <td>{a.area_name ?? ''}</td>
                <td>{a.contact}</td>
                <td>{a.members_may_use ? t('assets.yes') : t('assets.no')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p>{t('assets.none')}</p>
      )}
      {staff ? (
        <>
          <h2>{t('assets.addTitle')}</h2>
          <PostForm action="/assets" ctx={ctx}>
            <SelectField id="kind" label={t('assets.kind')} value={v('kind')} errors={errors} options={ASSET_KINDS.map((k) => ({ value: k, label: t(`assets.kind.${k}`) }))} />
            <TextField id="name" label={t('assets.name')} value={v('name')} errors={errors} />
            <TextArea id="description" label={t('assets.description')} value={v('description')} errors={errors} />
            <SelectField id="areaId" label={t('assets.area')} value={v('areaId') ?? ''} errors={errors} options={[{ value: '', label: t('assets.anyArea') }, ...areas.map((a) => ({ value: a.id, label: a.name }))]} />
            <SelectField
              id="categorySlug"
              label={t('assets.category')}
              value={v('categorySlug') ?? ''}
              errors={errors}
              options={[{ value: '', label: t('assets.noCategory') }, ...tree.flatMap((top) => [{ value: top.slug, label: top.name }, ...top.subs.map((s) => ({ value: s.slug, label: `— ${s.name}` }))])]}
            />
            <TextField id="contact" label={t('assets.contact')} value={v('contact')} errors={errors} />
            <SelectField id="membersMayUse" label={t('assets.membersMayUse')} value={v('membersMayUse') ?? 'no'} errors={errors} options={[{ value: 'no', label: t('assets.no') }, { value: 'yes', label: t('assets.yes') }]} />
            <Button>{t('assets.add')}</Button>
          </PostForm>
        </>
      ) : null}
    </Layout>
  );
}

// ---- the map

export type MapData = Awaited<ReturnType<AssetMap['map']>>;

/** A cell's colour: red where need outweighs capability, green where capability does; pale to dark. */
function heat(c: MapData['cells'][number], maxDiff: number): string {
  const need = c.needPeople.value ?? 0;
  const cap = c.peopleOffering.value ?? 0;
  const diff = need - cap;
  const f = maxDiff > 0 ? Math.min(1, Math.abs(diff) / maxDiff) : 0;
  if (diff === 0) return '#f3f2f1';
  return `hsl(${diff > 0 ? 0 : 120} 65% ${Math.round(94 - f * 24)}%)`;
}

export const areaNameOf = (t: T, m: MapData) => (id: string) => m.areas.find((a) => a.id === id)?.name || t('assetmap.noArea');

function MatrixTable(props: { ctx: ViewContext; m: MapData; linkCells: boolean }) {
  const { ctx, m, linkCells } = props;
  const { t } = ctx;
  const byKey = new Map(m.cells.map((c) => [`${c.areaId}|${c.category}`, c]));
  const maxDiff = Math.max(0, ...m.cells.map((c) => Math.abs((c.needPeople.value ?? 0) - (c.peopleOffering.value ?? 0))));
  const areaName = areaNameOf(t, m);
  return (
    <div className="table-scroll" style={{ overflowX: 'auto' }}>
      <table className="table heat-map">
        <caption className="visually-hidden">{t('assetmap.legend')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('assetmap.category')}</th>
            {m.areas.map((a) => (
              <th scope="col" key={a.id}>
                {a.name || t('assetmap.noArea')}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {m.categories.map((cat) => (
            <tr key={cat.slug}>
              <th scope="row">{cat.name}</th>
              {m.areas.map((a) => {
                const c = byKey.get(`${a.id}|${cat.slug}`);
                if (!c) return <td key={a.id}>–</td>;
                const values = { offering: fmt(t, c.peopleOffering), hours: fmt(t, c.hoursOffered), need: fmt(t, c.needPeople), requests: fmt(t, c.requestsOpen), exchanges: fmt(t, c.exchangesDone) };
                const text = t('assetmap.cellText', values);
                const label = t('assetmap.cellLabel', { ...values, category: cat.name, area: areaName(a.id) });
                return (
                  <td key={a.id} style={{ background: heat(c, maxDiff), whiteSpace: 'nowrap' }}>
                    {linkCells ? (
                      // Dark text on the cell's colour: the link blue would not contrast enough on the darker shades.
                      <a href={`/asset-map/cell?areaId=${a.id}&category=${cat.slug}`} aria-label={label} style={{ color: '#0b0c0c' }}>
                        {text}
                      </a>
                    ) : (
                      <>
                        <span aria-hidden="true">{text}</span>
                        <span className="visually-hidden">{label}</span>
                      </>
                    )}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function CellList(props: { ctx: ViewContext; m: MapData; cells: MapData['cells']; linkCells: boolean }) {
  const { ctx, m, cells, linkCells } = props;
  const { t } = ctx;
  const areaName = areaNameOf(t, m);
  const catName = (slug: string) => m.categories.find((c) => c.slug === slug)?.name ?? slug;
  if (!cells.length) return <p>{t('assetmap.noGaps')}</p>;
  return (
    <ol>
      {cells.map((c) => {
        const what = `${catName(c.category)} – ${areaName(c.areaId)}`;
        return (
          <li key={`${c.areaId}|${c.category}`}>
            {linkCells ? <a href={`/asset-map/cell?areaId=${c.areaId}&category=${c.category}`}>{what}</a> : what}:{' '}
            {t('assetmap.cellText', { offering: fmt(t, c.peopleOffering), hours: fmt(t, c.hoursOffered), need: fmt(t, c.needPeople), requests: fmt(t, c.requestsOpen), exchanges: fmt(t, c.exchangesDone) })}
          </li>
        );
      })}
    </ol>
  );
}

function AreaTable({ ctx, m }: { ctx: ViewContext; m: MapData }) {
  const { t } = ctx;
  const areaName = areaNameOf(t, m);
  const cols = ['members', 'pillars', 'conversations', 'surveyAnswers', 'surveyCoProducing', 'surveyWouldDoMore', 'surveyExtraHours'] as const;
  return (
    <table className="table">
      <thead>
        <tr>
          <th scope="col">{t('assetmap.area')}</th>
          {cols.map((c) => (
            <th scope="col" className="numeric" key={c}>
              {t(`assetmap.${c}`)}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {m.areaTotals.map((a) => (
          <tr key={a.areaId}>
            <th scope="row">{areaName(a.areaId)}</th>
            {cols.map((c) => (
              <td className="numeric" key={c}>
                {fmt(t, a[c])}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function TrendTable({ ctx, m }: { ctx: ViewContext; m: MapData }) {
  const { t } = ctx;
  const cols = [
    ['peopleOffering', 'offering'],
    ['hoursOffered', 'hours'],
    ['needPeople', 'need'],
    ['requestsOpen', 'requests'],
    ['exchangesDone', 'exchanges'],
  ] as const;
  return (
    <table className="table">
      <thead>
        <tr>
          <th scope="col">{t('assetmap.month')}</th>
          {cols.map(([, k]) => (
            <th scope="col" className="numeric" key={k}>
              {t(`assetmap.${k}`)}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {m.trend.map((r) => (
          <tr key={r.month}>
            <th scope="row">{r.month.slice(0, 7)}</th>
            {cols.map(([f, k]) => (
              <td className="numeric" key={k}>
                {fmt(t, r[f])}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function MapPage(props: { ctx: ViewContext; m: MapData; timebankId: string; coordinator: boolean }) {
  const { ctx, m, timebankId, coordinator } = props;
  const { t, locale } = ctx;
  const staff = m.audience === 'staff';
  const csv = (table: string, pub: boolean) => `/api/v1/timebanks/${timebankId}/asset-map/export?table=${table}${pub ? '&audience=public' : ''}`;
  const when = m.refreshedAt ? new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }).format(m.refreshedAt) : '–';
  return (
    <Layout ctx={ctx} title={t('assetmap.title')}>
      <h1>{t('assetmap.title')}</h1>
      <p>{t('assetmap.intro')}</p>
      <p className="hint">{t('assetmap.snapshot', { month: m.month.slice(0, 7), when })}</p>
      {staff ? null : <p>{t('assetmap.public')}</p>}
      <p>{t('assetmap.legend')}</p>
      {m.cells.length ? <MatrixTable ctx={ctx} m={m} linkCells={staff} /> : <p>{t('assetmap.empty')}</p>}
      <h2>{t('assetmap.gapsNeeds')}</h2>
      <CellList ctx={ctx} m={m} cells={m.gaps.needs} linkCells={staff} />
      <h2>{t('assetmap.gapsUnused')}</h2>
      <CellList ctx={ctx} m={m} cells={m.gaps.unused} linkCells={staff} />
      <h2>{t('assetmap.areas')}</h2>
      <AreaTable ctx={ctx} m={m} />
      <h2>{t('assetmap.trend')}</h2>
      <TrendTable ctx={ctx} m={m} />
      <h2>{t('assetmap.links')}</h2>
      <ul>
        <li>
          <a href="/asset-map/geo">{t('assetmap.geoLink')}</a>
        </li>
        {staff ? (
          <li>
            <a href="/asset-map/pillars">{t('assetmap.pillarsLink')}</a>
          </li>
        ) : null}
        <li>
          <a href="/assets">{t('assetmap.assetsLink')}</a>
        </li>
        {coordinator ? (
          <li>
            <a href="/asset-map/areas">{t('assetmap.boundariesLink')}</a>
          </li>
        ) : null}
        {staff ? (
          <li>
            {t('assetmap.download')}:{' '}
            {(['cells', 'areas', 'gaps', 'trend'] as const).map((x, i) => (
              <span key={x}>
                {i ? ', ' : ''}
                <a href={csv(x, false)}>{t(`assetmap.table.${x}`)}</a>
              </span>
            ))}
          </li>
        ) : null}
        <li>
          {t('assetmap.downloadPublic')}:{' '}
          {(['cells', 'areas', 'gaps', 'trend'] as const).map((x, i) => (
            <span key={x}>
              {i ? ', ' : ''}
              <a href={csv(x, true)}>{t(`assetmap.table.${x}`)}</a>
            </span>
          ))}
        </li>
      </ul>
      {coordinator ? (
        <PostForm action="/asset-map/refresh" ctx={ctx}>
          <Button secondary>{t('assetmap.refresh')}</Button>
        </PostForm>
      ) : null}
    </Layout>
  );
}
