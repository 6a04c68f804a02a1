// Wellbeing pages: the check-in form (a member's own, or a broker's "record from a call"), the
// broker's list of check-ins due with the signposting flags, and the paired change report.
// Plain forms: they work with JavaScript off. docs/wellbeing.md.
import type { ReactNode } from 'react';
import type { z } from 'zod';
import {
  BELONGING,
  FAVOURS,
  type Lang,
  LONELINESS_ITEMS,
  LONELY_DIRECT,
  OPTION_TEXT,
  QUESTIONS,
  SCALE_ENDS,
  SCALES,
  type ScaleId,
  SOURCES,
} from '../../modules/wellbeing/instrument.ts';
import type { PairedOut } from '../../modules/wellbeing/routes.ts';
import type { WaveWindow } from '../../modules/wellbeing/schedule.ts';
import type { checkinView } from '../../modules/wellbeing/view.ts';
import { Button, describedBy, ErrorMessage, PostForm } from '../components.tsx';
import type { MessageKey } from '../i18n/en.ts';
import { Checkbox, HintAndError } from '../joining/fields.tsx';
import { Layout } from '../layout.tsx';
import type { FormError, ViewContext } from '../view.ts';

export type Values = Record<string, string | undefined>;
const lang = (ctx: ViewContext): Lang => (ctx.locale === 'pl' ? 'pl' : 'en');
const SCALE_FIELDS: Record<ScaleId, string> = { life_satisfaction: 'lifeSatisfaction', worthwhile: 'worthwhile', happiness: 'happiness', anxiety: 'anxiety' };
const ITEM_FIELDS = { lack_companionship: 'lackCompanionship', left_out: 'leftOut', isolated: 'isolated' } as const;

/** One question answered by radio buttons, with "prefer not to answer" (empty) first. */
function Radios(props: { ctx: ViewContext; id: string; legend: string; hint?: string; options: { value: string; label: string }[]; value: string | undefined; errors: FormError[]; inline?: boolean }) {
  const { ctx, id, errors } = props;
  const error = errors.find((e) => e.field === id);
  const all = [...props.options, { value: '', label: ctx.t('wellbeing.skip') }];
  return (
    <div className={`form-group${error ? ' form-group--error' : ''}`}>
      <fieldset className="fieldset" aria-describedby={describedBy(id, props.hint, error)}>
        <legend className="label">{props.legend}</legend>
        <HintAndError id={id} hint={props.hint} error={error} />
        <div className={props.inline ? 'radios radios--inline' : 'radios'}>
          {all.map((o, i) => {
            const rid = i === 0 ? id : `${id}-${o.value || 'skip'}`;
            return (
              <div className="radios__item" key={o.value}>
                <input className="radios__input" type="radio" id={rid} name={id} value={o.value} defaultChecked={(props.value ?? '') === o.value} />
                <label className="label label--inline" htmlFor={rid}>
                  {o.label}
                </label>
              </div>
            );
          })}
        </div>
      </fieldset>
    </div>
  );
}

function Questions({ ctx, values, errors }: { ctx: ViewContext; values: Values; errors: FormError[] }) {
  const l = lang(ctx);
  const opts = (list: readonly string[]) => list.map((o) => ({ value: o, label: OPTION_TEXT[o as keyof typeof OPTION_TEXT][l] }));
  const answersError = errors.find((e) => e.field === 'answers');
  return (
    <div id="answers" tabIndex={-1}>
      {answersError ? <ErrorMessage id="answers-error" message={answersError.message} /> : null}
      <h2>{ctx.t('wellbeing.ons4')}</h2>
      {SCALES.map((s) => (
        <Radios
          key={s}
          ctx={ctx}
          id={SCALE_FIELDS[s]}
          legend={QUESTIONS[s].text[l]}
          hint={ctx.t('wellbeing.scaleHint', { low: SCALE_ENDS[s].low[l], high: SCALE_ENDS[s].high[l] })}
          options={Array.from({ length: 11 }, (_, i) => ({ value: String(i), label: String(i) }))}
          value={values[SCALE_FIELDS[s]]}
          errors={errors}
          inline
        />
      ))}
      <h2>{ctx.t('wellbeing.loneliness')}</h2>
      <Radios ctx={ctx} id="lonelyDirect" legend={QUESTIONS.lonely_direct.text[l]} options={opts(LONELY_DIRECT)} value={values.lonelyDirect} errors={errors} />
      {LONELINESS_ITEMS.map((item) => (
        <Radios
          key={item}
          ctx={ctx}
          id={ITEM_FIELDS[item]}
          legend={QUESTIONS[item].text[l]}
          options={['1', '2', '3'].map((v) => ({ value: v, label: OPTION_TEXT[`item_${v}` as 'item_1'][l] }))}
          value={values[ITEM_FIELDS[item]]}
          errors={errors}
        />
      ))}
      <h2>{ctx.t('wellbeing.neighbourhood')}</h2>
      <Radios ctx={ctx} id="belonging" legend={QUESTIONS.belonging.text[l]} options={opts(BELONGING)} value={values.belonging} errors={errors} />
      <Radios ctx={ctx} id="favours" legend={QUESTIONS.favours.text[l]} options={opts(FAVOURS)} value={values.favours} errors={errors} />
    </div>
  );
}

export function CheckinPage(props: { ctx: ViewContext; title: string; action: string; open: WaveWindow | null; call: boolean; memberId?: string; values: Values; errors: FormError[]; mine: ReturnType<typeof checkinView>[] }) {
  const { ctx, open, values, errors, call } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={props.title} errors={errors}>
      <h1>{props.title}</h1>
      <p>{call ? t('wellbeing.callIntro') : t('wellbeing.intro')}</p>
      {open ? (
        <PostForm action={props.action} ctx={ctx}>
          <p>{t('wellbeing.wave', { wave: t(`wellbeing.wave.${open.wave}`), closesOn: open.closesOn })}</p>
          <input type="hidden" name="wave" value={open.wave} />
          {props.memberId ? <input type="hidden" name="memberId" value={props.memberId} /> : null}
          <Questions ctx={ctx} values={values} errors={errors} />
          <Radios
            ctx={ctx}
            id="help"
            legend={t('wellbeing.help')}
            options={(['alone', 'with_help', 'proxy'] as const).map((h) => ({ value: h, label: t(`wellbeing.help.${h}`) }))}
            value={values.help ?? (call ? undefined : 'alone')}
            errors={errors}
          />
          <Checkbox id="consent" label={call ? t('wellbeing.consentCall') : t('wellbeing.consent')} checked={values.consent === 'yes'} errors={errors} />
          <div className="button-group">
            <Button>{t('wellbeing.submit')}</Button>
            <button type="submit" name="decline" value="yes" className="button button--secondary">
              {t('wellbeing.decline')}
            </button>
          </div>
          <p className="hint">{t('wellbeing.signpostNote')}</p>
        </PostForm>
      ) : (
        <p>{t('wellbeing.noneDue')}</p>
      )}
      <Sources ctx={ctx} />
      {props.mine.length ? <CheckinList ctx={ctx} items={props.mine} title={t('wellbeing.mine')} /> : null}
    </Layout>
  );
}

function Sources({ ctx }: { ctx: ViewContext }) {
  return (
    <details className="details">
      <summary>{ctx.t('wellbeing.sources')}</summary>
      <ul className="list">
        {Object.values(SOURCES).map((s) => (
          <li key={s.url}>
            <a href={s.url}>{s.name}</a> – {s.licence}
          </li>
        ))}
      </ul>
    </details>
  );
}

const ANSWER_QUESTIONS: Record<string, keyof typeof QUESTIONS> = {
  lifeSatisfaction: 'life_satisfaction',
  worthwhile: 'worthwhile',
  happiness: 'happiness',
  anxiety: 'anxiety',
  lonelyDirect: 'lonely_direct',
  lackCompanionship: 'lack_companionship',
  leftOut: 'left_out',
  isolated: 'isolated',
  belonging: 'belonging',
  favours: 'favours',
};

function answerText(ctx: ViewContext, key: string, v: number | string | null): string {
  if (v === null) return ctx.t('wellbeing.skipped');
  if (typeof v === 'string') return OPTION_TEXT[v as keyof typeof OPTION_TEXT]?.[lang(ctx)] ?? v;
  if (key === 'lackCompanionship' || key === 'leftOut' || key === 'isolated') return OPTION_TEXT[`item_${v}` as 'item_1'][lang(ctx)];
  return String(v);
}

/** A person's check-ins with every answer (their record, and the broker's view). */
type ListedCheckin = Pick<ReturnType<typeof checkinView>, 'id' | 'timebankName' | 'wave' | 'status' | 'answeredOn' | 'method' | 'help' | 'recordedByName' | 'answers'>;

export function CheckinList({ ctx, items, title, nested }: { ctx: ViewContext; items: ListedCheckin[]; title: string; nested?: boolean }) {
  const { t } = ctx;
  const Heading = nested ? 'h3' : 'h2';
  const Sub = nested ? 'h4' : 'h3';
  return (
    <section>
      <Heading>{title}</Heading>
      {items.map((c) => (
        <div key={c.id}>
          <Sub>
            {c.timebankName}: {t(`wellbeing.wave.${c.wave}`)}, {c.answeredOn}
          </Sub>
          <p>{t('wellbeing.recordedBy', { name: c.recordedByName, method: t(`wellbeing.method.${c.method}`) })}</p>
          {c.status === 'declined' ? (
            <p>{t('wellbeing.status.declined')}</p>
          ) : (
            <dl className="summary-list">
              {Object.entries(c.answers).map(([k, v]) => (
                <div key={k}>
                  <dt>{QUESTIONS[ANSWER_QUESTIONS[k]!].text[lang(ctx)]}</dt>
                  <dd>{answerText(ctx, k, v)}</dd>
                </div>
              ))}
              <dt>{t('wellbeing.help')}</dt>
              <dd>{c.help ? t(`wellbeing.help.${c.help}`) : '–'}</dd>
            </dl>
          )}
        </div>
      ))}
    </section>
  );
}

export interface DueData {
  today: string;
  items: (WaveWindow & { memberId: string; name: string; phone: string | null; online: boolean })[];
  signposts: { id: string; memberId: string; name: string; phone: string | null; wave: WaveWindow['wave']; answeredOn: string }[];
}

export function DuePage({ ctx, timebankId, data, errors }: { ctx: ViewContext; timebankId: string; data: DueData; errors: FormError[] }) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('wellbeing.due.title')} errors={errors}>
      <h1>{t('wellbeing.due.title')}</h1>
      <h2>{t('wellbeing.signposts.title')}</h2>
      <p>{t('wellbeing.signposts.intro')}</p>
      {data.signposts.length ? (
        <ul className="list">
          {data.signposts.map((s) => (
            <li key={s.id} className="flag">
              <strong>{s.name}</strong> {s.phone ?? ''} – {t(`wellbeing.wave.${s.wave}`)}, {t('wellbeing.signposts.answeredOn')} {s.answeredOn}
              <PostForm action={`/timebanks/${timebankId}/wellbeing/checkins/${s.id}/signposting`} ctx={ctx}>
                <label className="label" htmlFor={`outcome-${s.id}`}>
                  {t('wellbeing.signposts.outcome')}
                </label>
                <select id={`outcome-${s.id}`} name="outcome" className="select">
                  {(['offered', 'accepted', 'declined', 'not_reached'] as const).map((o) => (
                    <option key={o} value={o}>
                      {t(`wellbeing.signposts.outcome.${o}`)}
                    </option>
                  ))}
                </select>{' '}
                <Button secondary>{t('wellbeing.signposts.save')}</Button>
              </PostForm>
            </li>
          ))}
        </ul>
      ) : (
        <p>{t('wellbeing.signposts.none')}</p>
      )}
      <h2>{t('wellbeing.due.title')}</h2>
      <p>{t('wellbeing.due.intro')}</p>
      {data.items.length ? (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t('wellbeing.due.member')}</th>
              <th scope="col">{t('wellbeing.due.waveCol')}</th>
              <th scope="col">{t('wellbeing.due.dueOn')}</th>
              <th scope="col">{t('wellbeing.due.closesOn')}</th>
              <th scope="col">{t('wellbeing.due.contact')}</th>
              <th scope="col">{t('wellbeing.due.record')}</th>
            </tr>
          </thead>
          <tbody>
            {data.items.map((i) => (
              <tr key={`${i.memberId}-${i.wave}`}>
                <td>{i.name}</td>
                <td>{t(`wellbeing.wave.${i.wave}`)}</td>
                <td>{i.dueOn}</td>
                <td>{i.closesOn}</td>
                <td>{i.phone ?? (i.online ? t('wellbeing.due.online') : '–')}</td>
                <td>
                  <a href={`/timebanks/${timebankId}/wellbeing/call?memberId=${i.memberId}`}>
                    {t('wellbeing.due.record')}
                    <span className="visually-hidden">: {i.name}</span>
                  </a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p>{t('wellbeing.due.none')}</p>
      )}
    </Layout>
  );
}

type Paired = z.infer<typeof PairedOut>;
const cellText = (ctx: ViewContext, c: { value: number | null; suppressed: boolean }) => (c.suppressed ? ctx.t('wellbeing.report.suppressed') : String(c.value));
const numText = (v: number | null) => (v === null ? '–' : v.toFixed(2));

function Table({ head, rows, caption }: { head: string[]; rows: ReactNode[][]; caption: string }) {
  return (
    <table className="table">
      <caption className="table__caption">{caption}</caption>
      <thead>
        <tr>
          {head.map((h) => (
            <th scope="col" key={h}>
              {h}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((r, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: rows are fixed and never reordered
          <tr key={i}>
            {r.map((c, j) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: columns are fixed
              <td key={j}>{c}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The scopes a reader may choose: the whole network (network admins and commissioners), then each timebank. */
export interface ReportScopes {
  network: boolean;
  timebanks: { id: string; name: string }[];
}

export function ReportPage({ ctx, timebankId, scopeName, scopes, report }: { ctx: ViewContext; timebankId: string | null; scopeName: string; scopes: ReportScopes; report: Paired }) {
  const { t } = ctx;
  const title = t('wellbeing.report.title', { timebank: scopeName });
  const options = [...(scopes.network ? [{ value: '', label: t('reports.wholeNetwork') }] : []), ...scopes.timebanks.map((x) => ({ value: x.id, label: x.name }))];
  const m = (k: string) => t(`wellbeing.measure.${k}` as MessageKey);
  const b = report.benchmark;
  return (
    <Layout ctx={ctx} title={title}>
      <h1>{title}</h1>
      <p>{t('wellbeing.report.intro')}</p>
      <form method="get" action="/wellbeing/report">
        {options.length > 1 ? (
          <>
            <label className="label" htmlFor="timebankId">
              {t('reports.scope')}
            </label>
            <select id="timebankId" name="timebankId" className="select" defaultValue={timebankId ?? ''}>
              {options.map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
            </select>{' '}
          </>
        ) : (
          <input type="hidden" name="timebankId" value={timebankId ?? ''} />
        )}
        <label className="label" htmlFor="after">
          {t('wellbeing.report.after')}
        </label>
        <select id="after" name="after" className="select" defaultValue={report.after}>
          {(['m3', 'm6', 'm12'] as const).map((w) => (
            <option key={w} value={w}>
              {t(`wellbeing.wave.${w}`)}
            </option>
          ))}
        </select>{' '}
        <Button secondary>{t('wellbeing.report.show')}</Button>
      </form>
      <Table
        caption={t('wellbeing.report.meanChange')}
        head={[t('wellbeing.report.measure'), t('wellbeing.report.n'), t('wellbeing.report.meanBefore'), t('wellbeing.report.meanAfter'), t('wellbeing.report.meanChange')]}
        rows={report.numeric.map((r) => [m(r.measure), cellText(ctx, r.n), numText(r.meanBefore), numText(r.meanAfter), numText(r.meanChange)])}
      />
      {report.numeric
        .filter((r) => r.bands.length)
        .map((r) => (
          <Table
            key={r.measure}
            caption={t('wellbeing.report.bands', { measure: m(r.measure) })}
            head={[t('wellbeing.report.band'), t('wellbeing.report.before'), t('wellbeing.report.afterCol')]}
            rows={r.bands.map((x) => [t(`wellbeing.band.${x.band}` as MessageKey), cellText(ctx, x.before), cellText(ctx, x.after)])}
          />
        ))}
      {report.categorical.map((r) => (
        <Table
          key={r.measure}
          caption={`${m(r.measure)} (${t('wellbeing.report.n')}: ${cellText(ctx, r.n)})`}
          head={[t('wellbeing.report.measure'), t('wellbeing.report.before'), t('wellbeing.report.afterCol')]}
          rows={r.options.map((x) => [OPTION_TEXT[x.option as keyof typeof OPTION_TEXT][lang(ctx)], cellText(ctx, x.before), cellText(ctx, x.after)])}
        />
      ))}
      <h2>{t('wellbeing.report.method')}</h2>
      {timebankId ? null : <p>{t('wellbeing.report.networkRules', { n: report.threshold })}</p>}
      <p>{report.method}</p>
      <h2>{t('wellbeing.report.benchmark')}</h2>
      <p>{t('wellbeing.report.benchmarkNote', { period: b.period, life: b.lifeSatisfaction, worthwhile: b.worthwhile, happiness: b.happiness, anxiety: b.anxiety })}</p>
      <p>
        <a href={b.url}>{b.source}</a> – {b.licence}
      </p>
    </Layout>
  );
}
