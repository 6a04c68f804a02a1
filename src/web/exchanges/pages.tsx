// The exchange pages: my exchanges, proposing one on a listing, the exchange page (its whole
// story, and a form for each step the viewer may take now), and the printable exchange sheet
// for members without email. Plain forms: they work with JavaScript off.
import { newId } from '../../lib/ids.ts';
import { type ExchangeRole, mayTake, type Step } from '../../modules/exchanges/rules.ts';
import { wallOf } from '../../lib/zone.ts';
import type { Party } from '../../modules/exchanges/access.ts';
import type { ExchangeView } from '../../modules/exchanges/service.ts';
import { CheckboxGroup } from '../availability/fields.tsx';
import { Button, PostForm, SelectField, TextArea, TextField } from '../components.tsx';
import { duration } from '../hours/format.ts';
import type { T } from '../i18n/i18n.ts';
import { Layout } from '../layout.tsx';
import { StarTagsForm } from '../outcomes/pages.tsx';
import type { FormError, ViewContext } from '../view.ts';
import type { ExchangeForm, Posted } from './forms.ts';

export interface Failed {
  form: ExchangeForm;
  /** The occurrence whose form it was. */
  occurrenceId?: string | undefined;
  errors: FormError[];
  values: Posted;
}

export interface MemberChoice {
  id: string;
  name: string;
}

const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
const STATUS_KEYS = ['proposed', 'agreed', 'cancelled', 'done', 'hours_recorded', 'confirmed', 'disputed', 'resolved', 'no_show'] as const;
type Status = (typeof STATUS_KEYS)[number];
const EVENT_KEYS = ['proposed', 'agreed', 'changed', 'cancelled', 'done', 'no_show', 'hours_recorded', 'confirmed', 'disputed', 'resolved', 'thanked'] as const;

export const statusText = (t: T, s: string) => ((STATUS_KEYS as readonly string[]).includes(s) ? t(`exchange.status.${s as Status}`) : s);
const eventText = (t: T, k: string) => ((EVENT_KEYS as readonly string[]).includes(k) ? t(`exchange.event.${k as (typeof EVENT_KEYS)[number]}`) : k);

/** A date and time as people read it, in the zone given (an exchange's) or the page's. */
export function when(ctx: ViewContext, d: Date, zone = ctx.timeZone): string {
  return new Intl.DateTimeFormat(ctx.locale === 'pl' ? 'pl-PL' : 'en-GB', { dateStyle: 'full', timeStyle: 'short', timeZone: zone }).format(d);
}

export function money(ctx: ViewContext, minor: number, currency: string): string {
  const fmt = new Intl.NumberFormat(ctx.locale === 'pl' ? 'pl-PL' : 'en-GB', { style: 'currency', currency });
  const digits = fmt.resolvedOptions().maximumFractionDigits ?? 2;
  return fmt.format(minor / 10 ** digits);
}

const posted = (failed: Failed | undefined, form: ExchangeForm, name: string, occurrenceId?: string) =>
  failed && failed.form === form && failed.occurrenceId === occurrenceId ? (failed.values[name] as string | undefined) : undefined;
const errorsOf = (failed: Failed | undefined, form: ExchangeForm, occurrenceId?: string) =>
  failed && failed.form === form && failed.occurrenceId === occurrenceId ? failed.errors : [];

// ---- my exchanges

export interface ListRow {
  id: string;
  what: string;
  /** An exchange of an organisation the viewer acts for. */
  organisationName: string | null;
  status: string;
  next: Date | null;
  occurrences: number;
  /** Its timebank's zone: the next time is shown in it. */
  timeZone: string;
}

export function ExchangeListPage({ ctx, mine, timebank }: { ctx: ViewContext; mine: ListRow[]; timebank: ListRow[] | null }) {
  const { t } = ctx;
  const table = (rows: ListRow[], caption: string) =>
    rows.length ? (
      <table className="table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('exchange.what')}</th>
            <th scope="col">{t('exchange.status')}</th>
            <th scope="col">{t('exchange.when')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id}>
              <td>
                <a href={`/exchanges/${r.id}`}>{r.what}</a>
                {r.organisationName ? ` (${t('exchange.forOrganisation', { name: r.organisationName })})` : ''}
              </td>
              <td>{statusText(t, r.status)}</td>
              <td>{r.next ? `${when(ctx, r.next, r.timeZone)}${r.occurrences > 1 ? ` ${t('exchange.andMore', { count: r.occurrences - 1 })}` : ''}` : '–'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    ) : (
      <p>{t('exchange.none')}</p>
    );
  return (
    <Layout ctx={ctx} title={t('exchange.listTitle')}>
      <h1>{t('exchange.listTitle')}</h1>
      {/* The calendar feed holds agreed exchanges as well as activities (docs/calendar.md). */}
      <p>
        <a href="/calendar">{t('exchange.calendarLink')}</a>
      </p>
      {table(mine, t('exchange.listTitle'))}
      {timebank ? (
        <section aria-labelledby="timebank-exchanges">
          <h2 id="timebank-exchanges">{t('exchange.timebankList', { timebank: ctx.currentTimebank?.name ?? '' })}</h2>
          {table(timebank, t('exchange.timebankList', { timebank: ctx.currentTimebank?.name ?? '' }))}
        </section>
      ) : null}
    </Layout>
  );
}

// ---- proposing

export function ProposePage(props: {
  ctx: ViewContext;
  listing: { id: string; title: string; kind: string; ownerName: string; organisation: boolean };
  /** A broker chooses the receiver and the givers; a member proposes for themself. On an
   * organisation's listing the organisation is the receiver (request) or the giver (offer). */
  members: MemberChoice[] | null;
  failed?: Failed | undefined;
}) {
  const { ctx, listing, members, failed } = props;
  const { t } = ctx;
  const errors = errorsOf(failed, 'propose');
  const v = (n: string) => posted(failed, 'propose', n);
  const options = [{ value: '', label: '' }, ...(members ?? []).map((m) => ({ value: m.id, label: m.name }))];
  return (
    <Layout ctx={ctx} title={t('exchange.proposeTitle')} errors={errors}>
      <h1>{t('exchange.proposeTitle')}</h1>
      <p>
        {t(listing.kind === 'request' ? 'exchange.proposeRequest' : 'exchange.proposeOffer', { title: listing.title, name: listing.ownerName })}
      </p>
      <PostForm action="/exchanges/new" ctx={ctx}>
        <input type="hidden" name="listingId" value={listing.id} />
        {members && !(listing.organisation && listing.kind === 'request') ? (
          <SelectField id="receiver" label={t('exchange.receiver')} options={options} value={v('receiver')} errors={errors} />
        ) : null}
        {members && !(listing.organisation && listing.kind !== 'request') ? (
          <>
            <SelectField id="giver1" label={t('exchange.giver1')} options={options} value={v('giver1')} errors={errors} />
            <SelectField id="giver2" label={t('exchange.giver2')} hint={t('exchange.giver2Hint')} options={options} value={v('giver2')} errors={errors} />
          </>
        ) : null}
        <TextArea id="note" label={t('exchange.note')} value={v('note')} errors={errors} />
        <Button>{t('exchange.propose')}</Button>
      </PostForm>
    </Layout>
  );
}

// ---- the exchange page

function Parties({ ctx, v }: { ctx: ViewContext; v: ExchangeView }) {
  const { t } = ctx;
  const e = v.exchange;
  return (
    <dl className="summary-list">
      <div>
        <dt>{t('exchange.status')}</dt>
        <dd>{statusText(t, statusOfView(v))}</dd>
      </div>
      <div>
        <dt>{t('exchange.receiver')}</dt>
        <dd>{partyName(t, v.receiver)}</dd>
      </div>
      <div>
        <dt>{t('exchange.givers')}</dt>
        <dd>{v.givers.map((g) => partyName(t, g)).join(', ')}</dd>
      </div>
      <div>
        <dt>{t('exchange.place')}</dt>
        <dd>{e.place ?? '–'}</dd>
      </div>
      <div>
        <dt>{t('exchange.duration')}</dt>
        <dd>{e.duration_minutes ? duration(t, e.duration_minutes) : '–'}</dd>
      </div>
      <div>
        <dt>{t('exchange.repeat')}</dt>
        <dd>{repeatText(ctx, v)}</dd>
      </div>
      <div>
        <dt>{t('exchange.expenses')}</dt>
        <dd>
          {v.expenses
            ? t('exchange.expensesText', { amount: money(ctx, v.expenses.amountMinor, v.expenses.currency), what: v.expenses.what, payer: t(`exchange.payer.${v.expenses.payer}`) })
            : t('exchange.noExpenses')}
        </dd>
      </div>
      {e.note ? (
        <div>
          <dt>{t('exchange.note')}</dt>
          <dd>{e.note}</dd>
        </div>
      ) : null}
      {e.cancelled_reason ? (
        <div>
          <dt>{t('exchange.cancelReason')}</dt>
          <dd>{e.cancelled_reason}</dd>
        </div>
      ) : null}
    </dl>
  );
}

/** A member by name; an organisation by name, said to be one. */
const partyName = (t: T, x: Party) => (x.organisationId ? t('exchange.organisationName', { name: x.name }) : x.name);

/** The members of the exchange, as choices (an organisation is not one). */
const memberOptions = (parties: Party[]) => parties.flatMap((x) => (x.memberId ? [{ value: x.memberId, label: x.name }] : []));

export function statusOfView(v: ExchangeView): string {
  if (v.exchange.state !== 'agreed') return v.exchange.state;
  return v.occurrences.length === 1 ? v.occurrences[0]!.state : 'agreed';
}

function repeatText(ctx: ViewContext, v: ExchangeView): string {
  const { t } = ctx;
  const days = v.exchange.repeat_weekdays as number[] | null;
  if (!days) return t('exchange.once');
  const names = days.map((d) => t(`availability.day.${WEEKDAYS[d - 1]!}`)).join(', ');
  return v.exchange.repeat_until
    ? t('exchange.repeatUntil', { days: names, until: v.exchange.repeat_until })
    : t('exchange.repeatCount', { days: names, count: v.exchange.repeat_count ?? 0 });
}

function Timeline({ ctx, v }: { ctx: ViewContext; v: ExchangeView }) {
  const { t } = ctx;
  const seqOf = new Map(v.occurrences.map((o) => [o.id, o.seq]));
  return (
    <section aria-labelledby="story-title">
      <h2 id="story-title">{t('exchange.story')}</h2>
      <ol className="list timeline">
        {v.events.map((ev) => {
          const d = ev.detail as { reason?: string | null; minutes?: number; outcome?: string };
          return (
            <li key={ev.id}>
              <strong>{eventText(t, ev.kind)}</strong>
              {ev.occurrence_id && v.occurrences.length > 1 ? ` (${t('exchange.occurrenceN', { n: seqOf.get(ev.occurrence_id) ?? 0 })})` : ''}
              {' – '}
              {when(ctx, ev.at, v.exchange.time_zone)}
              {', '}
              {ev.on_behalf_of_name ? t('exchange.byFor', { by: ev.actor_name ?? '–', for: ev.on_behalf_of_name }) : t('exchange.by', { by: ev.actor_name ?? t('exchange.system') })}
              {d.minutes ? `. ${duration(t, d.minutes)}` : ''}
              {d.reason ? `. ${d.reason}` : ''}
            </li>
          );
        })}
      </ol>
    </section>
  );
}

const can = (v: ExchangeView, step: Step) => mayTake(step, v.roles as ExchangeRole[]);

function OccurrenceSteps({ ctx, v, o, now, failed }: { ctx: ViewContext; v: ExchangeView; o: ExchangeView['occurrences'][number]; now: Date; failed?: Failed | undefined }) {
  const { t } = ctx;
  const base = `/exchanges/${v.exchange.id}/occurrences/${o.id}`;
  const sfx = `-${o.seq}`;
  const errs = (f: ExchangeForm) => errorsOf(failed, f, o.id);
  const val = (f: ExchangeForm, n: string) => posted(failed, f, n, o.id);
  const started = o.starts_at <= now;
  const people = memberOptions([v.receiver, ...v.givers]);
  const forms = [];
  if (o.state === 'agreed' && started) {
    forms.push(
      <PostForm key="done" action={`${base}/done`} ctx={ctx}>
        <Button>{t('exchange.markDone')}</Button>
      </PostForm>,
      <PostForm key="noShow" action={`${base}/no-show`} ctx={ctx}>
        <SelectField id={`noShowMember${sfx}`} name="memberId" label={t('exchange.noShowWho')} options={people} value={val('noShow', 'memberId')} errors={errs('noShow')} />
        <TextField id={`noShowReason${sfx}`} name="reason" label={t('exchange.reason')} value={val('noShow', 'reason')} errors={errs('noShow')} />
        <Button secondary>{t('exchange.recordNoShow')}</Button>
      </PostForm>,
    );
  }
  if (o.state === 'done' && can(v, 'recordHours')) {
    const minutes = v.exchange.duration_minutes ?? 60;
    const values = { [`hours${sfx}`]: val('hours', 'hours') ?? String(Math.floor(minutes / 60)), [`minutes${sfx}`]: val('hours', 'minutes') ?? String(minutes % 60) };
    forms.push(
      <PostForm key="hours" action={`${base}/hours`} ctx={ctx}>
        <input type="hidden" name="id" value={val('hours', 'id') ?? newId()} />
        <p className="hint">{t('exchange.hoursHint', { count: v.givers.length })}</p>
        <HoursInputs ctx={ctx} errors={errs('hours')} values={values} suffix={sfx} />
        <Button>{t('exchange.recordHours')}</Button>
      </PostForm>,
    );
  }
  if (o.state === 'hours_recorded') {
    if (can(v, 'confirm')) {
      forms.push(
        <PostForm key="confirm" action={`${base}/confirm`} ctx={ctx}>
          <Button>{t('exchange.confirm')}</Button>
        </PostForm>,
      );
    }
    forms.push(
      <PostForm key="dispute" action={`${base}/dispute`} ctx={ctx}>
        <TextField id={`disputeReason${sfx}`} name="reason" label={t('exchange.disputeReason')} value={val('dispute', 'reason')} errors={errs('dispute')} />
        <Button secondary>{t('exchange.dispute')}</Button>
      </PostForm>,
    );
  }
  if (o.state === 'disputed' && can(v, 'resolve')) {
    const outcomes = (['post', 'void', 'adjust'] as const).map((x) => ({ value: x, label: t(`exchange.outcome.${x}`) }));
    forms.push(
      <PostForm key="resolve" action={`${base}/resolve`} ctx={ctx}>
        <SelectField id={`outcome${sfx}`} name="outcome" label={t('exchange.outcome')} options={outcomes} value={val('resolve', 'outcome')} errors={errs('resolve')} />
        <HoursInputs ctx={ctx} errors={errs('resolve')} values={{ [`hours${sfx}`]: val('resolve', 'hours'), [`minutes${sfx}`]: val('resolve', 'minutes') }} suffix={sfx} idPrefix="resolve" />
        <TextField id={`resolveReason${sfx}`} name="reason" label={t('exchange.reason')} value={val('resolve', 'reason')} errors={errs('resolve')} />
        <Button>{t('exchange.resolve')}</Button>
      </PostForm>,
    );
  }
  const hours = v.hours.filter((h) => h.occurrence_id === o.id);
  return (
    <section className="occurrence" aria-labelledby={`occurrence${sfx}`}>
      <h3 id={`occurrence${sfx}`}>
        {v.occurrences.length > 1 ? `${t('exchange.occurrenceN', { n: o.seq })}: ` : ''}
        {when(ctx, o.starts_at, v.exchange.time_zone)} – {statusText(t, o.state)}
      </h3>
      {o.reason ? <p>{t('exchange.reasonGiven', { reason: o.reason })}</p> : null}
      {hours.length ? (
        <ul className="list">
          {hours.map((h) => (
            <li key={h.transfer_id}>
              {t('exchange.hoursLine', {
                name: v.givers.find((g) => g.id === h.giver_id)?.name ?? '–',
                duration: duration(t, h.minutes),
                phase: t(h.resolution_phase === 'post_pending' ? 'exchange.phase.posted' : h.resolution_phase === 'void_pending' ? 'exchange.phase.voided' : 'exchange.phase.pending'),
              })}
            </li>
          ))}
        </ul>
      ) : null}
      {forms}
    </section>
  );
}

/** Hours and minutes with ids of their own (HoursMinutes names them hours/minutes). */
function HoursInputs({ ctx, errors, values, suffix, idPrefix }: { ctx: ViewContext; errors: FormError[]; values: Record<string, string | undefined>; suffix: string; idPrefix?: string }) {
  if (!idPrefix) return <HoursMinutesNamed ctx={ctx} errors={errors} values={values} suffix={suffix} />;
  const { t } = ctx;
  return (
    <div className="duration">
      <TextField id={`${idPrefix}Hours${suffix}`} name="hours" label={t('record.hours.hours')} errors={errors} value={values[`hours${suffix}`]} inputMode="numeric" width="short" />
      <TextField id={`${idPrefix}Minutes${suffix}`} name="minutes" label={t('record.hours.minutes')} errors={errors} value={values[`minutes${suffix}`]} inputMode="numeric" width="short" />
    </div>
  );
}

function HoursMinutesNamed({ ctx, errors, values, suffix }: { ctx: ViewContext; errors: FormError[]; values: Record<string, string | undefined>; suffix: string }) {
  const { t } = ctx;
  return (
    <div className="duration">
      <TextField id={`hours${suffix}`} name="hours" label={t('record.hours.hours')} errors={errors} value={values[`hours${suffix}`]} inputMode="numeric" width="short" />
      <TextField id={`minutes${suffix}`} name="minutes" label={t('record.hours.minutes')} errors={errors} value={values[`minutes${suffix}`]} inputMode="numeric" width="short" />
    </div>
  );
}

function ExpensesFields({ ctx, prefix, errors, values }: { ctx: ViewContext; prefix: string; errors: FormError[]; values: (n: string) => string | undefined }) {
  const { t } = ctx;
  const payers = (['receiver', 'timebank', 'organisation'] as const).map((p) => ({ value: p, label: t(`exchange.payer.${p}`) }));
  return (
    <fieldset className="fieldset">
      <legend>{t('exchange.expenses')}</legend>
      <p className="hint">{t('exchange.expensesHint')}</p>
      <TextField id={`${prefix}Amount`} label={t('exchange.expensesAmount')} value={values(`${prefix}Amount`)} errors={errors} width="short" inputMode="text" />
      <TextField id={`${prefix}Currency`} label={t('exchange.expensesCurrency')} value={values(`${prefix}Currency`) ?? 'GBP'} errors={errors} width="short" />
      <TextField id={`${prefix}For`} label={t('exchange.expensesFor')} value={values(`${prefix}For`)} errors={errors} />
      <SelectField id={`${prefix}Payer`} label={t('exchange.expensesPayer')} options={payers} value={values(`${prefix}Payer`)} errors={errors} />
    </fieldset>
  );
}

function AgreeForm({ ctx, v, members, failed }: { ctx: ViewContext; v: ExchangeView; members: MemberChoice[] | null; failed?: Failed | undefined }) {
  const { t } = ctx;
  const errors = errorsOf(failed, 'agree');
  const val = (n: string) => posted(failed, 'agree', n);
  const choices = [{ value: '', label: '' }, ...(members ?? []).map((m) => ({ value: m.id, label: m.name }))];
  return (
    <section aria-labelledby="agree-title">
      <h2 id="agree-title">{t('exchange.agreeTitle')}</h2>
      <PostForm action={`/exchanges/${v.exchange.id}/agree`} ctx={ctx}>
        <TextField id="date" type="date" label={t('exchange.date')} value={val('date')} errors={errors} width="short" />
        <TextField id="time" type="time" label={t('exchange.time')} hint={t('exchange.timeHint', { zone: v.exchange.time_zone })} value={val('time')} errors={errors} width="short" />
        <HoursMinutesNamed ctx={ctx} errors={errors} values={{ hours: val('hours'), minutes: val('minutes') }} suffix="" />
        <TextField id="place" label={t('exchange.place')} value={val('place')} errors={errors} />
        {members && !v.exchange.giver_organisation_id ? (
          <>
            <SelectField id="giver1" label={t('exchange.giver1')} options={choices} value={val('giver1') ?? v.givers[0]?.memberId ?? undefined} errors={errors} />
            <SelectField id="giver2" label={t('exchange.giver2')} hint={t('exchange.giver2Hint')} options={choices} value={val('giver2') ?? v.givers[1]?.memberId ?? ''} errors={errors} />
          </>
        ) : null}
        <ExpensesFields ctx={ctx} prefix="expenses" errors={errors} values={val} />
        <fieldset className="fieldset">
          <legend>{t('exchange.repeat')}</legend>
          <p className="hint">{t('exchange.repeatHint')}</p>
          <CheckboxGroup
            id="repeatWeekdays"
            legend={t('exchange.repeatWeekdays')}
            options={WEEKDAYS.map((d, i) => ({ value: String(i + 1), label: t(`availability.day.${d}`) }))}
            checked={failed?.form === 'agree' ? [failed.values.repeatWeekdays ?? []].flat() : []}
            errors={errors}
          />
          <TextField id="repeatUntil" type="date" label={t('exchange.repeatUntilField')} value={val('repeatUntil')} errors={errors} width="short" />
          <TextField id="repeatCount" label={t('exchange.repeatCountField')} value={val('repeatCount')} errors={errors} width="short" inputMode="numeric" />
        </fieldset>
        <Button>{t('exchange.agree')}</Button>
      </PostForm>
    </section>
  );
}

function ChangeForm({ ctx, v, members, failed }: { ctx: ViewContext; v: ExchangeView; members: MemberChoice[] | null; failed?: Failed | undefined }) {
  const { t } = ctx;
  const errors = errorsOf(failed, 'change');
  const given = (n: string) => posted(failed, 'change', n);
  const e = v.expenses;
  const current: Record<string, string | undefined> = {
    changePlace: v.exchange.place ?? undefined,
    changeExpensesAmount: e ? (e.amountMinor / 100).toFixed(2) : undefined,
    changeExpensesCurrency: e?.currency,
    changeExpensesFor: e?.what,
    changeExpensesPayer: e?.payer,
  };
  const val = (n: string) => (failed?.form === 'change' ? given(n) : current[n]);
  const open = v.occurrences.filter((o) => o.state === 'agreed');
  const choices = [{ value: '', label: '' }, ...(members ?? []).map((m) => ({ value: m.id, label: m.name }))];
  return (
    <section aria-labelledby="change-title">
      <h2 id="change-title">{t('exchange.changeTitle')}</h2>
      <PostForm action={`/exchanges/${v.exchange.id}/change`} ctx={ctx}>
        <TextField id="changePlace" label={t('exchange.place')} value={val('changePlace')} errors={errors} />
        {members && !v.exchange.giver_organisation_id ? (
          <>
            <SelectField id="changeGiver1" label={t('exchange.giver1')} options={choices} value={given('changeGiver1') ?? v.givers[0]?.memberId ?? undefined} errors={errors} />
            <SelectField id="changeGiver2" label={t('exchange.giver2')} hint={t('exchange.giver2Hint')} options={choices} value={given('changeGiver2') ?? v.givers[1]?.memberId ?? ''} errors={errors} />
          </>
        ) : null}
        <ExpensesFields ctx={ctx} prefix="changeExpenses" errors={errors} values={val} />
        {open.length ? (
          <fieldset className="fieldset">
            <legend>{t('exchange.move')}</legend>
            <SelectField
              id="moveOccurrence"
              label={t('exchange.moveWhich')}
              options={[{ value: '', label: t('exchange.moveNone') }, ...open.map((o) => ({ value: o.id, label: when(ctx, o.starts_at, v.exchange.time_zone) }))]}
              value={given('moveOccurrence')}
              errors={errors}
            />
            <TextField id="moveDate" type="date" label={t('exchange.date')} value={given('moveDate')} errors={errors} width="short" />
            <TextField id="moveTime" type="time" label={t('exchange.time')} value={given('moveTime')} errors={errors} width="short" />
          </fieldset>
        ) : null}
        <TextField id="changeReason" label={t('exchange.changeReason')} value={given('changeReason')} errors={errors} />
        <Button>{t('exchange.change')}</Button>
      </PostForm>
    </section>
  );
}

function CancelForm({ ctx, v, failed }: { ctx: ViewContext; v: ExchangeView; failed?: Failed | undefined }) {
  const { t } = ctx;
  const errors = errorsOf(failed, 'cancel');
  const open = v.occurrences.filter((o) => o.state === 'agreed');
  return (
    <section aria-labelledby="cancel-title">
      <h2 id="cancel-title">{t('exchange.cancelTitle')}</h2>
      <PostForm action={`/exchanges/${v.exchange.id}/cancel`} ctx={ctx}>
        {open.length > 1 ? (
          <SelectField
            id="cancelOccurrence"
            name="occurrenceId"
            label={t('exchange.cancelWhich')}
            options={[{ value: '', label: t('exchange.cancelAll') }, ...open.map((o) => ({ value: o.id, label: when(ctx, o.starts_at, v.exchange.time_zone) }))]}
            value={posted(failed, 'cancel', 'occurrenceId')}
            errors={errors}
          />
        ) : null}
        <TextField id="cancelReason" name="reason" label={t('exchange.cancelReason')} value={posted(failed, 'cancel', 'reason')} errors={errors} />
        <Button secondary>{t('exchange.cancel')}</Button>
      </PostForm>
    </section>
  );
}

function Thanks({ ctx, v, failed }: { ctx: ViewContext; v: ExchangeView; failed?: Failed | undefined }) {
  const { t } = ctx;
  const errors = errorsOf(failed, 'thank');
  const happened = v.occurrences.some((o) => ['done', 'hours_recorded', 'confirmed', 'disputed', 'resolved'].includes(o.state));
  const me = new Set(v.roles);
  // Notes go to members: an organisation writes to the members on the other side, not the reverse.
  const others = memberOptions(me.has('receiver') ? v.givers : me.has('giver') ? [v.receiver] : []);
  const nameOf = (id: string | null) => [v.receiver, ...v.givers].find((p) => p.id === id)?.name ?? '–';
  return (
    <section aria-labelledby="thanks-title">
      <h2 id="thanks-title">{t('exchange.thanksTitle')}</h2>
      {v.thanks.length ? (
        <ul className="list">
          {v.thanks.map((n) => (
            <li key={n.id}>
              {t('exchange.thanksLine', { from: nameOf(n.from_member_id ?? n.from_organisation_id), to: nameOf(n.to_member_id) })} “{n.body}”
            </li>
          ))}
        </ul>
      ) : (
        <p>{t('exchange.noThanks')}</p>
      )}
      {happened && others.length ? (
        <PostForm action={`/exchanges/${v.exchange.id}/thanks`} ctx={ctx}>
          <SelectField id="toMemberId" label={t('exchange.thanksTo')} options={others} value={posted(failed, 'thank', 'toMemberId')} errors={errors} />
          <TextArea id="thanksText" name="text" label={t('exchange.thanksText')} value={posted(failed, 'thank', 'text')} errors={errors} />
          <CheckboxGroup id="showOnProfile" legend={t('exchange.thanksShow')} options={[{ value: 'yes', label: t('exchange.thanksShowYes') }]} checked={[]} errors={errors} />
          <Button>{t('exchange.thanksSend')}</Button>
        </PostForm>
      ) : null}
    </section>
  );
}

export function ExchangePage(props: {
  ctx: ViewContext;
  v: ExchangeView;
  now: Date;
  members: MemberChoice[] | null;
  /** Its Co-Production Star modes, for those who may set them (null for others). */
  starModes?: readonly string[] | null;
  failed?: Failed | undefined;
}) {
  const { ctx, v, now, members, failed } = props;
  const { t } = ctx;
  const state = v.exchange.state;
  return (
    <Layout ctx={ctx} title={v.exchange.what} errors={failed?.errors ?? []}>
      <h1>{v.exchange.what}</h1>
      <p>
        <a href={`/exchanges/${v.exchange.id}/sheet`}>{t('exchange.sheetLink')}</a>
      </p>
      <Parties ctx={ctx} v={v} />
      {state === 'proposed' ? <AgreeForm ctx={ctx} v={v} members={members} failed={failed} /> : null}
      {v.occurrences.length ? (
        <section aria-labelledby="occurrences-title">
          <h2 id="occurrences-title">{t('exchange.occurrences')}</h2>
          {v.occurrences.map((o) => (
            <OccurrenceSteps key={o.id} ctx={ctx} v={v} o={o} now={now} failed={failed} />
          ))}
        </section>
      ) : null}
      {state === 'agreed' ? <ChangeForm ctx={ctx} v={v} members={members} failed={failed} /> : null}
      {state !== 'cancelled' && (state === 'proposed' || v.occurrences.some((o) => o.state === 'agreed')) ? <CancelForm ctx={ctx} v={v} failed={failed} /> : null}
      <Thanks ctx={ctx} v={v} failed={failed} />
      {props.starModes ? (
        <section aria-labelledby="star-title">
          <h2 id="star-title">{t('outcomes.star.title')}</h2>
          <StarTagsForm ctx={ctx} action={`/exchanges/${v.exchange.id}/star`} modes={props.starModes} />
        </section>
      ) : null}
      <Timeline ctx={ctx} v={v} />
    </Layout>
  );
}

// ---- the printable sheet

const PRINT_CSS = `
body { font-family: Arial, sans-serif; font-size: 16px; line-height: 1.4; margin: 20px; color: #0b0c0c; }
h1 { font-size: 28px; margin: 0 0 10px; }
table { border-collapse: collapse; width: 100%; margin: 10px 0 20px; }
th, td { border: 1px solid #0b0c0c; padding: 6px 8px; text-align: left; vertical-align: top; }
.sign { height: 3em; }
.screen-only { margin-bottom: 20px; }
@media print {
  .screen-only { display: none; }
  body { margin: 0; font-size: 12pt; }
  a { color: inherit; text-decoration: none; }
  table { page-break-inside: auto; }
  tr { page-break-inside: avoid; }
}`;

/** A whole exchange on paper: who, when, where, expenses, each occurrence with room to write
 * the hours and sign, and the story so far. No navigation: it prints as it shows. */
export function SheetPage({ ctx, v }: { ctx: ViewContext; v: ExchangeView }) {
  const { t } = ctx;
  const title = t('exchange.sheetTitle', { what: v.exchange.what });
  return (
    <html lang={ctx.locale}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} – ${t('app.name')}`}</title>
        {/* biome-ignore lint/security/noDangerouslySetInnerHtml: a constant stylesheet of our own, for print. */}
        <style dangerouslySetInnerHTML={{ __html: PRINT_CSS }} />
      </head>
      <body>
        <main>
          <p className="screen-only">
            <a href={`/exchanges/${v.exchange.id}`}>{t('exchange.sheetBack')}</a> · {t('exchange.sheetPrint')}
          </p>
          <h1>{title}</h1>
          <Parties ctx={ctx} v={v} />
          <h2>{t('exchange.occurrences')}</h2>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('exchange.when')}</th>
                <th scope="col">{t('exchange.status')}</th>
                <th scope="col">{t('exchange.sheetHours')}</th>
                <th scope="col">{t('exchange.sheetSigned')}</th>
              </tr>
            </thead>
            <tbody>
              {v.occurrences.map((o) => {
                const h = v.hours.filter((x) => x.occurrence_id === o.id);
                return (
                  <tr key={o.id}>
                    <td>{when(ctx, o.starts_at, v.exchange.time_zone)}</td>
                    <td>{statusText(t, o.state)}</td>
                    <td>{h.length ? h.map((x) => duration(t, x.minutes)).join(', ') : ''}</td>
                    <td className="sign" />
                  </tr>
                );
              })}
            </tbody>
          </table>
          <h2>{t('exchange.story')}</h2>
          <ol>
            {v.events.map((ev) => (
              <li key={ev.id}>
                {eventText(t, ev.kind)} – {when(ctx, ev.at, v.exchange.time_zone)} – {ev.actor_name ?? t('exchange.system')}
                {ev.on_behalf_of_name ? ` (${t('exchange.forName', { name: ev.on_behalf_of_name })})` : ''}
              </li>
            ))}
          </ol>
          <p>{t('exchange.sheetFooter', { day: wallOf(ctx.timeZone, new Date()).date })}</p>
        </main>
      </body>
    </html>
  );
}
