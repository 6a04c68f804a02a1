// Broker matching pages (docs/matching.md): who could help with a request (candidates with a
// reason per factor, the people ruled out, pairs, the call list and its forms, the "do not
// send" list), the open requests an offer could meet, the broker dashboard and the weights.
// Plain forms: they work with JavaScript off.
import type { MessageKey } from '../../web/i18n/en.ts';
import { FACTORS, type Ranked } from '../../modules/matching/rank.ts';
import { OUTCOMES, reasonText, ruleText, signalText } from '../../modules/matching/routes.ts';
import type { Calls } from '../../modules/matching/calls.ts';
import type { Matching } from '../../modules/matching/service.ts';
import { Button, PostForm, SelectField, TextField } from '../components.tsx';
import { Layout } from '../layout.tsx';
import type { FormError, ViewContext } from '../view.ts';

type RankingView = Awaited<ReturnType<Matching['rankRequest']>>;
type CallView = Awaited<ReturnType<Calls['list']>>[number];
type DoNotSendView = Awaited<ReturnType<Matching['doNotSend']>>;
type DashboardView = Awaited<ReturnType<Matching['dashboard']>>;
type WeightsView = Awaited<ReturnType<Matching['getWeights']>>;
type OfferView = Awaited<ReturnType<Matching['requestsForOffer']>>;

const hours = (minutes: number) => (minutes / 60).toFixed(1);
const when = (locale: string, d: Date) => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/London' }).format(d);

function Candidate({ ctx, c, base }: { ctx: ViewContext; c: Ranked; base: string }) {
  const { t } = ctx;
  return (
    <li className="card">
      <div className="checkbox">
        <input type="checkbox" id={`pick-${c.memberId}`} name="memberIds" value={c.memberId} form="add-calls" />
        <label htmlFor={`pick-${c.memberId}`}>
          <strong>{c.name}</strong> — {t('matching.score', { score: c.score })}
        </label>
      </div>
      <ul>
        {c.reasons.map((r) => (
          <li key={r.factor}>
            {t(`matching.factor.${r.factor}` as MessageKey)}: {reasonText(t, r)} ({r.score}/100)
          </li>
        ))}
      </ul>
      {c.needsSecondGiver ? <p>{t('matching.needsSecondGiver')}</p> : null}
      {c.signals.map((s) => (
        <p key={s.kind} className="banner banner--notice">
          {signalText(t, s)}
        </p>
      ))}
      <PostForm action={`${base}/do-not-send`} ctx={ctx}>
        <input type="hidden" name="excludedMemberId" value={c.memberId} />
        <Button secondary>{t('matching.doNotSendButton', { name: c.name })}</Button>
      </PostForm>
    </li>
  );
}

function CallRow({ ctx, c, base, errors }: { ctx: ViewContext; c: CallView; base: string; errors: FormError[] }) {
  const { t } = ctx;
  const sfx = `-${c.member_id}`;
  const mine = errors.filter((e) => e.field.endsWith(sfx));
  const outcomeLabel = (o: string) => t(`matching.outcome.${o}` as MessageKey);
  return (
    <li className="card">
      <h3 className="heading-s">
        {c.position + 1}. {c.display_name} {c.phone ? `· ${c.phone}` : ''}
      </h3>
      <p>
        {c.outcome ? outcomeLabel(c.outcome) : t('matching.notCalled')}
        {c.call_back_at ? ` · ${t('matching.callBackAt', { at: when(ctx.locale, c.call_back_at) })}` : ''}
      </p>
      {c.contacts.length ? (
        <ul>
          {c.contacts.map((k) => (
            <li key={k.id}>
              {when(ctx.locale, k.at)} · {outcomeLabel(k.outcome)} · {k.by_name}
              {k.note ? ` · ${k.note}` : ''}
            </li>
          ))}
        </ul>
      ) : null}
      {c.exchange_id ? (
        <p>
          <a href={`/exchanges/${c.exchange_id}`}>{t('matching.seeExchange')}</a>
        </p>
      ) : (
        <PostForm action={`${base}/calls/${c.member_id}`} ctx={ctx}>
          <SelectField id={`outcome${sfx}`} name="outcome" label={t('matching.outcomeLabel')} errors={mine} options={OUTCOMES.map((o) => ({ value: o, label: outcomeLabel(o) }))} />
          <TextField id={`callBackAt${sfx}`} name="callBackAt" type="datetime-local" label={t('matching.callBackAtLabel')} hint={t('matching.callBackAtHint')} errors={mine} />
          <TextField id={`note${sfx}`} name="note" label={t('matching.noteLabel')} errors={mine} />
          <fieldset className="fieldset">
            <legend>{t('matching.agreementLegend')}</legend>
            <TextField id={`date${sfx}`} name="date" type="date" label={t('matching.dateLabel')} errors={mine} width="short" />
            <TextField id={`time${sfx}`} name="time" type="time" label={t('matching.timeLabel')} errors={mine} width="short" />
            <TextField id={`durationMinutes${sfx}`} name="durationMinutes" inputMode="numeric" label={t('matching.durationLabel')} errors={mine} width="short" />
            <TextField id={`place${sfx}`} name="place" label={t('matching.placeLabel')} errors={mine} />
            <TextField id={`withMemberId${sfx}`} name="withMemberId" label={t('matching.withLabel')} hint={t('matching.withHint')} errors={mine} />
          </fieldset>
          <Button>{t('matching.recordButton')}</Button>
        </PostForm>
      )}
    </li>
  );
}

export function WhoCouldHelpPage(props: { ctx: ViewContext; ranking: RankingView; calls: CallView[]; doNotSend: DoNotSendView; errors: FormError[]; timebankId: string }) {
  const { ctx, ranking: r, calls } = props;
  const { t } = ctx;
  const base = `/timebanks/${props.timebankId}/matching/requests/${r.request.id}`;
  const title = t('matching.whoTitle', { title: r.request.title });
  return (
    <Layout ctx={ctx} title={title} errors={props.errors}>
      <h1 className="heading-l">{title}</h1>
      <p>
        {t('matching.requestSummary', { name: r.request.member_name ?? '', area: r.request.area_name ?? t('matching.noArea'), considered: r.considered })}
      </p>
      <p>{t('matching.weightsUsed', { fit: r.weights.fit, distance: r.weights.distance, metBefore: r.weights.metBefore, reliability: r.weights.reliability, fairness: r.weights.fairness })}</p>
      <h2 className="heading-m">{t('matching.candidatesTitle')}</h2>
      {r.candidates.length === 0 ? <p>{t('matching.noCandidates')}</p> : null}
      <ol className="list">
        {r.candidates.map((c) => (
          <Candidate key={c.memberId} ctx={ctx} c={c} base={base} />
        ))}
      </ol>
      {/* The candidates' boxes name this form (form="add-calls"): forms cannot nest. */}
      <form id="add-calls" method="post" action={`${base}/calls`} noValidate>
        <input type="hidden" name="_csrf" value={ctx.principal?.csrfToken ?? ''} />
        <Button>{t('matching.addToCallList')}</Button>
      </form>
      <h2 className="heading-m">{t('matching.pairsTitle')}</h2>
      {r.pairs.length === 0 ? <p>{t('matching.noPairs')}</p> : null}
      <ul>
        {r.pairs.map((pair) => (
          <li key={pair.memberIds.join()}>
            {pair.names.join(' + ')} — {t('matching.score', { score: pair.score })}
            {pair.metBefore ? ` · ${t('matching.pairMet')}` : ''}
          </li>
        ))}
      </ul>
      <h2 className="heading-m">{t('matching.ruledOutTitle')}</h2>
      {r.ruledOut.length === 0 ? <p>{t('matching.noneRuledOut')}</p> : null}
      <ul>
        {r.ruledOut.map((x) => (
          <li key={x.memberId}>
            {x.name}: {x.rules.map((rule) => ruleText(t, rule)).join('; ')}
          </li>
        ))}
      </ul>
      <h2 className="heading-m">{t('matching.callListTitle')}</h2>
      {calls.length === 0 ? <p>{t('matching.emptyCallList')}</p> : null}
      <ol className="list">
        {calls.map((c) => (
          <CallRow key={c.id} ctx={ctx} c={c} base={base} errors={props.errors} />
        ))}
      </ol>
      <h2 className="heading-m">{t('matching.doNotSendTitle', { name: r.request.member_name ?? '' })}</h2>
      {props.doNotSend.length === 0 ? <p>{t('matching.doNotSendEmpty')}</p> : null}
      <ul>
        {props.doNotSend.map((d) => (
          <li key={d.excluded_member_id}>
            {d.display_name}
            {d.reason ? ` — ${d.reason}` : ''}
            <PostForm action={`${base}/do-not-send/${d.excluded_member_id}/remove`} ctx={ctx}>
              <Button secondary>{t('matching.doNotSendRemove', { name: d.display_name })}</Button>
            </PostForm>
          </li>
        ))}
      </ul>
    </Layout>
  );
}

export function OfferMatchesPage({ ctx, offer, timebankId }: { ctx: ViewContext; offer: OfferView; timebankId: string }) {
  const { t } = ctx;
  const title = t('matching.offerTitle', { title: offer.offer.title });
  return (
    <Layout ctx={ctx} title={title}>
      <h1 className="heading-l">{title}</h1>
      {offer.requests.length === 0 ? <p>{t('matching.noRequests')}</p> : null}
      <ul>
        {offer.requests.map((x) => (
          <li key={x.id}>
            <a href={`/timebanks/${timebankId}/matching/requests/${x.id}`}>{x.title}</a> — {x.member_name ?? ''}
            {x.exactCategory ? ` · ${t('matching.sameCategory')}` : ''}
            {x.sameArea ? ` · ${t('matching.sameAreaShort')}` : ''}
          </li>
        ))}
      </ul>
    </Layout>
  );
}

export function DashboardPage({ ctx, d, timebankId }: { ctx: ViewContext; d: DashboardView; timebankId: string }) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('matching.dashboardTitle')}>
      <h1 className="heading-l">{t('matching.dashboardTitle')}</h1>
      <h2 className="heading-m">{t('matching.waitingTitle')}</h2>
      {d.waiting.length === 0 ? <p>{t('matching.nothing')}</p> : null}
      <ul>
        {d.waiting.map((w) => (
          <li key={w.id}>
            <a href={`/timebanks/${timebankId}/matching/requests/${w.id}`}>{w.title}</a> — {w.member_name ?? ''} · {t('matching.waitingDays', { days: w.waitingDays })}
          </li>
        ))}
      </ul>
      <h2 className="heading-m">{t('matching.rechecksTitle')}</h2>
      {d.rechecks.length === 0 ? <p>{t('matching.nothing')}</p> : null}
      <ul>
        {d.rechecks.map((c) => (
          <li key={`${c.memberId}${c.reviewOn}`}>
            {c.name} · {c.reviewOn}
            {c.overdue ? ` · ${t('matching.overdue')}` : ''}
          </li>
        ))}
      </ul>
      <h2 className="heading-m">{t('matching.overdraftTitle')}</h2>
      {d.overdraft.length === 0 ? <p>{t('matching.nothing')}</p> : null}
      <ul>
        {d.overdraft.map((b) => (
          <li key={b.memberId}>{t('matching.balance', { name: b.name, hours: hours(b.balanceMinutes) })}</li>
        ))}
      </ul>
      <h2 className="heading-m">{t('matching.creditTitle')}</h2>
      {d.credit.length === 0 ? <p>{t('matching.nothing')}</p> : null}
      <ul>
        {d.credit.map((b) => (
          <li key={b.memberId}>{t('matching.balance', { name: b.name, hours: hours(b.balanceMinutes) })}</li>
        ))}
      </ul>
      <h2 className="heading-m">{t('matching.lapsingTitle')}</h2>
      {d.lapsing.length === 0 ? <p>{t('matching.nothing')}</p> : null}
      <ul>
        {d.lapsing.map((l) => (
          <li key={l.id}>
            <a href={`/timebanks/${timebankId}/listings/${l.id}`}>{l.title}</a> — {l.member_name ?? ''} · {l.expires_on}
          </li>
        ))}
      </ul>
      <p>
        <a href={`/timebanks/${timebankId}/matching/weights`}>{t('matching.weightsTitle')}</a>
      </p>
    </Layout>
  );
}

export function WeightsPage({ ctx, w, values, errors, canEdit, timebankId }: { ctx: ViewContext; w: WeightsView; values: Record<string, string>; errors: FormError[]; canEdit: boolean; timebankId: string }) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('matching.weightsTitle')} errors={errors}>
      <h1 className="heading-l">{t('matching.weightsTitle')}</h1>
      <p>{t('matching.weightsIntro')}</p>
      {canEdit ? (
        <PostForm action={`/timebanks/${timebankId}/matching/weights`} ctx={ctx}>
          {FACTORS.map((f) => (
            <TextField
              key={f}
              id={f}
              label={t(`matching.factor.${f}` as MessageKey)}
              hint={t('matching.weightHint', { default: w.defaults[f] })}
              inputMode="numeric"
              width="short"
              value={values[f] ?? String(w[f])}
              errors={errors}
            />
          ))}
          <Button>{t('matching.saveWeights')}</Button>
        </PostForm>
      ) : (
        <ul>
          {FACTORS.map((f) => (
            <li key={f}>
              {t(`matching.factor.${f}` as MessageKey)}: {w[f]}
            </li>
          ))}
        </ul>
      )}
    </Layout>
  );
}
