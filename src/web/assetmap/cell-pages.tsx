// The pages behind the map: a cell's lists with the invitation to meet, the geographic map,
// the area boundaries upload and the pillars (docs/asset-map.md).
import { Button, ErrorMessage, PostForm, TextArea, TextField } from '../components.tsx';
import { Layout } from '../layout.tsx';
import type { FormError, ViewContext } from '../view.ts';
import { GeoMap, type MapShape } from './geo.tsx';
import type { FormValues } from './pages.tsx';

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
const many = (v: string | string[] | undefined) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
const hours = (minutes: number) => (minutes / 60).toFixed(1);

export interface CellLists {
  capable: { member_id: string; display_name: string; phone: string | null; email: string | null; hours_per_month: number | null; sources: string[] }[];
  needing: { member_id: string; display_name: string; phone: string | null; email: string | null; requests: string[]; from_conversation: boolean }[];
}

export function CellPage(props: { ctx: ViewContext; title: string; areaId: string; category: string; lists: CellLists; values: FormValues | null; errors: FormError[] }) {
  const { ctx, title, areaId, category, lists, values, errors } = props;
  const { t } = ctx;
  const everyone = [...lists.capable.map((p) => ({ id: p.member_id, name: p.display_name })), ...lists.needing.map((p) => ({ id: p.member_id, name: p.display_name }))].filter(
    (p, i, all) => all.findIndex((x) => x.id === p.id) === i,
  );
  const checked = values ? many(values.memberIds) : everyone.map((p) => p.id);
  const v = (k: string) => (values ? one(values[k]) : undefined);
  const peopleError = errors.find((e) => e.field === 'memberIds');
  return (
    <Layout ctx={ctx} title={title} errors={errors}>
      <h1>{title}</h1>
      <h2>{t('assetmap.capable', { count: lists.capable.length })}</h2>
      {lists.capable.length ? (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t('assetmap.name')}</th>
              <th scope="col">{t('assetmap.phone')}</th>
              <th scope="col">{t('assetmap.email')}</th>
              <th scope="col">{t('assetmap.hours')}</th>
              <th scope="col">{t('assetmap.from')}</th>
            </tr>
          </thead>
          <tbody>
            {lists.capable.map((p) => (
              <tr key={p.member_id}>
                <td>{p.display_name}</td>
                <td>{p.phone ?? ''}</td>
                <td>{p.email ?? ''}</td>
                <td>{p.hours_per_month ?? ''}</td>
                <td>{p.sources.map((s) => t(`assetmap.source.${s as 'conversation' | 'listing' | 'profile'}`)).join(', ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p>{t('assetmap.nobody')}</p>
      )}
      <h2>{t('assetmap.needing', { count: lists.needing.length })}</h2>
      {lists.needing.length ? (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t('assetmap.name')}</th>
              <th scope="col">{t('assetmap.phone')}</th>
              <th scope="col">{t('assetmap.email')}</th>
              <th scope="col">{t('assetmap.requestsOf')}</th>
            </tr>
          </thead>
          <tbody>
            {lists.needing.map((p) => (
              <tr key={p.member_id}>
                <td>{p.display_name}</td>
                <td>{p.phone ?? ''}</td>
                <td>{p.email ?? ''}</td>
                <td>{[...p.requests, ...(p.from_conversation ? [t('assetmap.saidInConversation')] : [])].join('; ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p>{t('assetmap.nobody')}</p>
      )}
      {everyone.length ? (
        <>
          <h2>{t('assetmap.invite')}</h2>
          <p className="hint">{t('assetmap.inviteIntro')}</p>
          <PostForm action="/asset-map/invite" ctx={ctx}>
            <input type="hidden" name="areaId" value={areaId} />
            <input type="hidden" name="category" value={category} />
            <fieldset className={`fieldset checkboxes${peopleError ? ' form-group--error' : ''}`} aria-describedby={peopleError ? 'memberIds-error' : undefined}>
              <legend>{t('assetmap.invitePeople')}</legend>
              {peopleError ? <ErrorMessage id="memberIds-error" message={peopleError.message} /> : null}
              {everyone.map((p, i) => (
                <div className="checkbox" key={p.id}>
                  <input type="checkbox" id={i === 0 ? 'memberIds' : `memberIds-${p.id}`} name="memberIds" value={p.id} defaultChecked={checked.includes(p.id)} />
                  <label htmlFor={i === 0 ? 'memberIds' : `memberIds-${p.id}`}>{p.name}</label>
                </div>
              ))}
            </fieldset>
            <TextField id="title" label={t('assetmap.inviteTitle')} value={v('title') ?? title} errors={errors} />
            <TextField id="place" label={t('assetmap.invitePlace')} value={v('place')} errors={errors} />
            <TextField id="startsAt" type="datetime-local" label={t('assetmap.inviteStarts')} value={v('startsAt')} errors={errors} />
            <TextField id="endsAt" type="datetime-local" label={t('assetmap.inviteEnds')} value={v('endsAt')} errors={errors} />
            <TextField id="minutesPerAttendee" label={t('assetmap.inviteMinutes')} value={v('minutesPerAttendee') ?? '60'} inputMode="numeric" width="short" errors={errors} />
            <Button>{t('assetmap.inviteButton')}</Button>
          </PostForm>
        </>
      ) : null}
    </Layout>
  );
}

export function GeoPage(props: {
  ctx: ViewContext;
  timebankName: string;
  metric: 'need' | 'capability' | 'gap';
  category: string;
  categories: { slug: string; name: string }[];
  shapes: MapShape[];
  bbox: [number, number, number, number] | null;
  tileTemplate: string | undefined;
}) {
  const { ctx, metric, category, categories, shapes, bbox, tileTemplate } = props;
  const { t } = ctx;
  const metricName = t(`assetmap.metric.${metric}`);
  return (
    <Layout ctx={ctx} title={t('assetmap.geoTitle')}>
      <h1>{t('assetmap.geoTitle')}</h1>
      <form method="get" action="/asset-map/geo" className="filters">
        <div className="form-group">
          <label className="label" htmlFor="metric">
            {t('assetmap.metric')}
          </label>
          <select className="select" id="metric" name="metric" defaultValue={metric}>
            {(['need', 'capability', 'gap'] as const).map((m) => (
              <option key={m} value={m}>
                {t(`assetmap.metric.${m}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="form-group">
          <label className="label" htmlFor="category">
            {t('assetmap.category')}
          </label>
          <select className="select" id="category" name="category" defaultValue={category}>
            <option value="">{t('assetmap.allCategories')}</option>
            {categories.map((c) => (
              <option key={c.slug} value={c.slug}>
                {c.name}
              </option>
            ))}
          </select>
        </div>
        <Button secondary>{t('assetmap.show')}</Button>
      </form>
      {bbox && shapes.length ? (
        <>
          <GeoMap shapes={shapes} bbox={bbox} hue={metric === 'capability' ? 120 : 0} tileTemplate={tileTemplate} title={t('assetmap.geoLabel', { timebank: props.timebankName, metric: metricName })} />
          <ul>
            {shapes.map((s) => (
              <li key={s.areaId}>{s.label}</li>
            ))}
          </ul>
          {tileTemplate ? <p className="hint">{t('assetmap.tiles', { host: new URL(tileTemplate.replace(/[{}]/g, '')).host })}</p> : null}
        </>
      ) : (
        <p>{t('assetmap.noBoundaries')}</p>
      )}
    </Layout>
  );
}

export function BoundariesPage(props: { ctx: ViewContext; names: string[]; value: string | undefined; errors: FormError[] }) {
  const { ctx, names, value, errors } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('assetmap.boundariesTitle')} errors={errors}>
      <h1>{t('assetmap.boundariesTitle')}</h1>
      <p>{t('assetmap.boundariesIntro')}</p>
      <p>{names.length ? t('assetmap.boundariesNow', { names: names.join(', ') }) : t('assetmap.boundariesNone')}</p>
      <PostForm action="/asset-map/areas" ctx={ctx}>
        <TextArea id="geojson" label={t('assetmap.boundariesField')} value={value} rows={12} errors={errors} />
        <Button>{t('assetmap.boundariesUpload')}</Button>
      </PostForm>
    </Layout>
  );
}

export function PillarsPage(props: { ctx: ViewContext; items: { member_id: string; display_name: string; area_id: string; given_minutes: number; received_minutes: number }[]; areaName: (id: string) => string }) {
  const { ctx, items, areaName } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('assetmap.pillarsTitle')}>
      <h1>{t('assetmap.pillarsTitle')}</h1>
      <p>{t('assetmap.pillarsIntro', { count: items.length })}</p>
      {items.length ? (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t('assetmap.name')}</th>
              <th scope="col">{t('assetmap.area')}</th>
              <th scope="col" className="numeric">
                {t('assetmap.given')}
              </th>
              <th scope="col" className="numeric">
                {t('assetmap.received')}
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((p) => (
              <tr key={p.member_id}>
                <td>{p.display_name}</td>
                <td>{areaName(p.area_id)}</td>
                <td className="numeric">{hours(p.given_minutes)}</td>
                <td className="numeric">{hours(p.received_minutes)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </Layout>
  );
}
