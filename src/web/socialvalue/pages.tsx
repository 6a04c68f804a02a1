// The SROI calculator and report page: the form (WELLBY outcome, an outcome valued with one of
// the timebank's proxies, the inputs), the result with every formula and its inputs, the
// sensitivity table, and the timebank's proxies with the form to add one. docs/social-value.md.
import type { z } from 'zod';
import { DEFLATOR_YEARS } from '../../modules/socialvalue/reference.ts';
import type { proxyOut, SroiOut } from '../../modules/socialvalue/routes.ts';
import { Button, PostForm, SelectField, TextField } from '../components.tsx';
import { Checkbox } from '../joining/fields.tsx';
import { Layout } from '../layout.tsx';
import type { FormError, ViewContext } from '../view.ts';

export type Values = Record<string, string | undefined>;
type Sroi = z.infer<typeof SroiOut>;
type ProxyView = ReturnType<typeof proxyOut>;

export const DEFAULTS: Values = {
  includeWellby: 'yes',
  wave: 'm12',
  w_deadweight: '0.2',
  w_displacement: '0',
  w_attribution: '0.3',
  w_dropOff: '0.5',
  w_durationYears: '1',
  p_deadweight: '0',
  p_displacement: '0',
  p_attribution: '0',
  p_dropOff: '0',
  p_durationYears: '1',
  fundingPounds: '0',
  staffHours: '0',
  staffHourPounds: '0',
  memberHours: '',
  memberHourPounds: '12.21',
};

const money = (ctx: ViewContext, pence: number) => new Intl.NumberFormat(ctx.locale === 'pl' ? 'pl-PL' : 'en-GB', { style: 'currency', currency: 'GBP' }).format(pence / 100);

function Shares({ ctx, prefix, values, errors }: { ctx: ViewContext; prefix: string; values: Values; errors: FormError[] }) {
  const { t } = ctx;
  const f = (name: 'deadweight' | 'displacement' | 'attribution' | 'dropOff' | 'durationYears') => (
    <TextField id={`${prefix}${name}`} label={t(`socialValue.${name}`)} value={values[`${prefix}${name}`]} errors={errors} width="short" inputMode="text" />
  );
  return (
    <>
      {f('deadweight')}
      {f('displacement')}
      {f('attribution')}
      {f('dropOff')}
      {f('durationYears')}
    </>
  );
}

function CalculatorForm({ ctx, timebankId, proxies, values, errors }: { ctx: ViewContext; timebankId: string; proxies: ProxyView[]; values: Values; errors: FormError[] }) {
  const { t } = ctx;
  return (
    <PostForm action={`/timebanks/${timebankId}/social-value`} ctx={ctx}>
      <SelectField id="reportYear" label={t('socialValue.reportYear')} value={values.reportYear ?? String(Math.max(...DEFLATOR_YEARS))} errors={errors} options={DEFLATOR_YEARS.map((y) => ({ value: String(y), label: String(y) }))} />
      <fieldset className="fieldset">
        <legend>{t('socialValue.outcomeWellby')}</legend>
        <Checkbox id="includeWellby" label={t('socialValue.includeWellby')} checked={values.includeWellby === 'yes'} errors={errors} />
        <SelectField id="wave" label={t('socialValue.wave')} value={values.wave} errors={errors} options={(['m3', 'm6', 'm12'] as const).map((w) => ({ value: w, label: t(`wellbeing.wave.${w}`) }))} />
        <Shares ctx={ctx} prefix="w_" values={values} errors={errors} />
      </fieldset>
      <fieldset className="fieldset">
        <legend>{t('socialValue.outcomeProxy')}</legend>
        <SelectField
          id="p_proxyId"
          label={t('socialValue.proxy')}
          value={values.p_proxyId ?? ''}
          errors={errors}
          options={[{ value: '', label: t('socialValue.noProxy') }, ...proxies.map((x) => ({ value: x.id, label: `${x.name} (${money(ctx, x.valuePence)}, ${x.priceYear})` }))]}
        />
        <TextField id="p_quantity" label={t('socialValue.quantity')} value={values.p_quantity} errors={errors} width="short" />
        <Shares ctx={ctx} prefix="p_" values={values} errors={errors} />
      </fieldset>
      <fieldset className="fieldset">
        <legend>{t('socialValue.inputs')}</legend>
        <TextField id="fundingPounds" label={t('socialValue.fundingPounds')} value={values.fundingPounds} errors={errors} width="short" />
        <TextField id="staffHours" label={t('socialValue.staffHours')} value={values.staffHours} errors={errors} width="short" />
        <TextField id="staffHourPounds" label={t('socialValue.staffHourPounds')} value={values.staffHourPounds} errors={errors} width="short" />
        <TextField id="memberHours" label={t('socialValue.memberHours')} hint={t('socialValue.memberHoursHint')} value={values.memberHours} errors={errors} width="short" />
        <TextField id="memberHourPounds" label={t('socialValue.memberHourPounds')} hint={t('socialValue.memberHourHint')} value={values.memberHourPounds} errors={errors} width="short" />
      </fieldset>
      <Button>{t('socialValue.calculate')}</Button>
    </PostForm>
  );
}

function Result({ ctx, r }: { ctx: ViewContext; r: Sroi }) {
  const { t } = ctx;
  return (
    <section aria-labelledby="result-title">
      <h2 id="result-title">{t('socialValue.result')}</h2>
      <dl className="summary-list">
        <dt>{t('socialValue.presentValue')}</dt>
        <dd>{money(ctx, r.presentValuePence)}</dd>
        <dt>{t('socialValue.inputsValue')}</dt>
        <dd>
          {money(ctx, r.inputs.totalPence)} – {r.inputs.formula}: {r.inputs.workings}
          <br />
          {t(`socialValue.memberHoursFrom.${r.inputs.memberHoursSource}`, { hours: r.inputs.memberHours, year: r.reportYear })}
        </dd>
        <dt>{t('socialValue.npv')}</dt>
        <dd>{money(ctx, r.netPresentValuePence)}</dd>
        <dt>{t('socialValue.ratio')}</dt>
        <dd>
          {r.ratio === null ? t('socialValue.none') : t('socialValue.ratioText', { ratio: r.ratio.toFixed(2) })} – {r.ratioFormula}
        </dd>
        <dt>{t('socialValue.payback')}</dt>
        <dd>
          {r.paybackMonths === null ? t('socialValue.none') : t('socialValue.paybackMonths', { months: r.paybackMonths })} – {r.paybackFormula}
        </dd>
      </dl>
      {r.outcomes.map((o) => (
        <div key={o.name}>
          <h3>{o.name}</h3>
          <p>
            <strong>{t('socialValue.formula')}:</strong> {o.formula}
          </p>
          <p>
            <strong>{t('socialValue.workings')}:</strong> {o.workings}
          </p>
          <p>
            {t('socialValue.source')}: {o.proxy.url ? <a href={o.proxy.url}>{o.proxy.source}</a> : o.proxy.source}. {t('socialValue.licence')}: {o.proxy.licence}. {t('socialValue.priceYear')}: {o.proxy.priceYear}.
          </p>
          <table className="table">
            <caption className="table__caption">{o.name}</caption>
            <thead>
              <tr>
                <th scope="col">{t('socialValue.year')}</th>
                <th scope="col">{t('socialValue.value')}</th>
                <th scope="col">{t('socialValue.discountFactor')}</th>
                <th scope="col">{t('socialValue.pv')}</th>
              </tr>
            </thead>
            <tbody>
              {o.years.map((y) => (
                <tr key={y.year}>
                  <td>{y.year}</td>
                  <td>{money(ctx, y.valuePence)}</td>
                  <td>{y.discountFactor}</td>
                  <td>{money(ctx, y.presentValuePence)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ))}
      <table className="table">
        <caption className="table__caption">{t('socialValue.sensitivity')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('socialValue.assumption')}</th>
            <th scope="col">{t('socialValue.change')}</th>
            <th scope="col">{t('socialValue.presentValue')}</th>
            <th scope="col">{t('socialValue.ratio')}</th>
          </tr>
        </thead>
        <tbody>
          {r.sensitivity.map((s) => (
            <tr key={`${s.assumption}${s.change}`}>
              <td>{s.assumption}</td>
              <td>{s.change}</td>
              <td>{money(ctx, s.presentValuePence)}</td>
              <td>{s.ratio === null ? '–' : s.ratio.toFixed(2)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>{t('socialValue.reference')}</h3>
      <ul className="list">
        {[r.reference.wellby, r.reference.deflator, r.reference.discount].map((x) => (
          <li key={x.url}>
            <a href={x.url}>{x.source}</a> – {x.licence}
          </li>
        ))}
      </ul>
    </section>
  );
}

function Proxies(props: { ctx: ViewContext; timebankId: string; proxies: ProxyView[]; canManage: boolean; values: Values; errors: FormError[] }) {
  const { ctx, values, errors } = props;
  const { t } = ctx;
  const f = (id: string, key: Parameters<typeof t>[0]) => <TextField id={id} label={t(key)} value={values[id]} errors={errors} />;
  return (
    <section aria-labelledby="proxies-title">
      <h2 id="proxies-title">{t('socialValue.proxies')}</h2>
      <p>{t('socialValue.proxiesIntro')}</p>
      {props.proxies.length ? (
        <ul className="list">
          {props.proxies.map((x) => (
            <li key={x.id}>
              <strong>{x.name}</strong>: {money(ctx, x.valuePence)} / {x.unit} ({x.priceYear}). {t('socialValue.source')}: {x.sourceUrl ? <a href={x.sourceUrl}>{x.source}</a> : x.source}. {t('socialValue.licence')}: {x.licence}.
            </li>
          ))}
        </ul>
      ) : (
        <p>{t('socialValue.noProxies')}</p>
      )}
      {props.canManage ? (
        <PostForm action={`/timebanks/${props.timebankId}/social-value/proxies`} ctx={ctx}>
          <h3>{t('socialValue.addProxy')}</h3>
          {f('name', 'socialValue.proxyName')}
          {f('unit', 'socialValue.proxyUnit')}
          {f('valuePounds', 'socialValue.proxyValuePounds')}
          {f('priceYear', 'socialValue.priceYear')}
          {f('source', 'socialValue.proxySource')}
          {f('sourceUrl', 'socialValue.proxySourceUrl')}
          {f('licence', 'socialValue.proxyLicence')}
          <Button secondary>{t('socialValue.addProxy')}</Button>
        </PostForm>
      ) : null}
    </section>
  );
}

export function SocialValuePage(props: {
  ctx: ViewContext;
  timebankId: string;
  timebankName: string;
  proxies: ProxyView[];
  canManage: boolean;
  values: Values;
  errors: FormError[];
  proxyValues: Values;
  result: Sroi | null;
}) {
  const { ctx } = props;
  const title = ctx.t('socialValue.title', { timebank: props.timebankName });
  return (
    <Layout ctx={ctx} title={title} errors={props.errors}>
      <h1>{title}</h1>
      <p>{ctx.t('socialValue.intro')}</p>
      {props.result ? <Result ctx={ctx} r={props.result} /> : null}
      <CalculatorForm ctx={ctx} timebankId={props.timebankId} proxies={props.proxies} values={props.values} errors={props.errors} />
      <Proxies ctx={ctx} timebankId={props.timebankId} proxies={props.proxies} canManage={props.canManage} values={props.proxyValues} errors={props.errors} />
    </Layout>
  );
}
