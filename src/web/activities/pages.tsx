// Activity pages: the list, an activity's page (register, roster, attendance), its form, the
// close-and-pay page that shows the batch before posting, and the calendar feed page. Plain
// forms: they work with JavaScript off.
import type { ActivityRow, RegistrationRow } from '../../modules/activities/queries.ts';
import type { Activities, PaymentPreview } from '../../modules/activities/service.ts';
import { wallRange } from '../../lib/zone.ts';
import type { CategoryTree } from '../../modules/categories/service.ts';
import { Button, ErrorMessage, PostForm, SelectField, TextArea, TextField } from '../components.tsx';
import { duration } from '../hours/format.ts';
import { Layout } from '../layout.tsx';
import { StarTagsForm } from '../outcomes/pages.tsx';
import type { FormError, ViewContext } from '../view.ts';

export type FormValues = Record<string, string | undefined>;

const ZONE_NAMES: Record<string, string> = { 'Europe/London': 'UK', 'Europe/Warsaw': 'PL' };

const when = (zone: string, a: { starts_at: Date; ends_at: Date }) => wallRange(zone, a.starts_at, a.ends_at);

const places = (ctx: ViewContext, a: ActivityRow) => {
  const registered = Number(a.registered_count ?? 0);
  return a.capacity === null ? ctx.t('activities.placesOpen', { registered }) : ctx.t('activities.placesTaken', { registered, capacity: a.capacity });
};

export function ActivitiesPage(props: { ctx: ViewContext; timebankId: string; items: ActivityRow[]; zone: string; mayCreate: boolean }) {
  const { ctx, items, zone } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('activities.title')}>
      <h1>{t('activities.title')}</h1>
      <p>{t('activities.intro')}</p>
      <p className="button-group">
        {props.mayCreate ? (
          <a className="button" href="/activities/new">
            {t('activities.new')}
          </a>
        ) : null}
        <a href="/calendar">{t('activities.calendarLink')}</a>
      </p>
      <p className="hint">{t('activities.timeZone', { zone: ZONE_NAMES[zone] ?? zone })}</p>
      {items.length === 0 ? (
        <p>{t('activities.none')}</p>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t('activities.field.title')}</th>
              <th scope="col">{t('activities.when')}</th>
              <th scope="col">{t('activities.where')}</th>
              <th scope="col">{t('activities.places')}</th>
              <th scope="col">{t('activities.status')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((a) => (
              <tr key={a.id}>
                <td>
                  <a href={`/activities/${a.id}`}>{a.title}</a>
                  {a.timebank_id !== props.timebankId ? <div className="hint">{t('activities.from', { timebank: a.timebank_name })}</div> : null}
                  {a.series_id ? <div className="hint">{t('activities.series.title')}</div> : null}
                </td>
                <td>{when(zone, a)}</td>
                <td>{[a.place, a.area_name].filter(Boolean).join(', ')}</td>
                <td>{places(ctx, a)}</td>
                <td>{t(`activities.status.${a.status}`)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Layout>
  );
}

export interface ActivityView {
  activity: ActivityRow;
  mayManage: boolean;
  mayKeepRoster: boolean;
  mayJoin: boolean;
  myRegistration: RegistrationRow | null;
  registrations: RegistrationRow[] | null;
  series: SeriesView | null;
}

type SeriesView = NonNullable<Awaited<ReturnType<Activities['get']>>['series']>;

const DAY_KEYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

/** "Every week on Tuesday, Thursday, until 2026-07-01." */
function ruleText(ctx: ViewContext, s: SeriesView) {
  const { t } = ctx;
  const rule =
    s.frequency === 'weekly'
      ? t('activities.series.weekly', { days: (s.weekdays ?? []).map((d) => t(`availability.day.${DAY_KEYS[d - 1]!}`)).join(', ') })
      : s.monthlyBy === 'weekday'
        ? t('activities.series.monthlyWeekday')
        : t('activities.series.monthlyDay');
  const end = s.until ? t('activities.series.until', { date: s.until }) : t('activities.series.count', { count: s.count ?? 0 });
  return `${rule}, ${end}.`;
}

/** "Part of a series": the rule, every date with a link, and the actions on all future dates. */
function SeriesSection({ ctx, v, zone, errors }: { ctx: ViewContext; v: ActivityView & { series: SeriesView }; zone: string; errors: FormError[] }) {
  const { t } = ctx;
  const a = v.activity;
  const s = v.series;
  const coming = s.dates.filter((d) => d.ahead);
  const canJoinMore = v.mayJoin && coming.some((d) => !d.registered);
  const registeredAhead = coming.some((d) => d.registered);
  return (
    <section aria-labelledby="series-title">
      <h2 id="series-title">{t('activities.series.title')}</h2>
      <p>{ruleText(ctx, s)}</p>
      <ol className="list">
        {s.dates.map((d) => (
          <li key={d.activity.id}>
            {d.activity.id === a.id ? (
              <strong aria-current="page">{when(zone, d.activity)}</strong>
            ) : (
              <a href={`/activities/${d.activity.id}`}>{when(zone, d.activity)}</a>
            )}
            {d.activity.status !== 'open' ? ` (${t(`activities.status.${d.activity.status}`)})` : ''}
            {d.registered ? ` – ${t('activities.series.youAreRegistered')}` : ''}
          </li>
        ))}
      </ol>
      {canJoinMore ? (
        <PostForm action={`/activities/${a.id}/series/register`} ctx={ctx}>
          <p className="hint">{t('activities.series.registerAllHint')}</p>
          <Button secondary>
            {ctx.principal?.actingFor ? t('activities.series.registerAllFor', { name: ctx.principal.actingFor.displayName }) : t('activities.series.registerAll')}
          </Button>
        </PostForm>
      ) : null}
      {registeredAhead ? (
        <PostForm action={`/activities/${a.id}/series/registrations/cancel`} ctx={ctx}>
          <Button secondary>{t('activities.series.cancelMine')}</Button>
        </PostForm>
      ) : null}
      {v.mayManage && coming.length ? (
        <>
          <h3>{t('activities.series.manage')}</h3>
          <p>
            <a className="button button--secondary" href={`/activities/${a.id}/series/edit`}>
              {t('activities.series.edit')}
            </a>
          </p>
          <PostForm action={`/activities/${a.id}/series/cancel`} ctx={ctx}>
            <TextField id="seriesReason" label={t('activities.series.cancelReason')} hint={t('activities.series.cancelHint', { count: coming.length })} errors={errors} />
            <Button secondary>{t('activities.series.cancelAll')}</Button>
          </PostForm>
        </>
      ) : null}
    </section>
  );
}

function Details({ ctx, a, zone, categoryName }: { ctx: ViewContext; a: ActivityRow; zone: string; categoryName: string }) {
  const { t } = ctx;
  const payer = a.payer === 'organisation' ? t('activities.payer.organisation', { name: a.organisation_name ?? '' }) : t('activities.payer.community_pot', { timebank: a.timebank_name });
  const rows: [string, string][] = [
    [t('activities.when'), `${when(zone, a)} (${ZONE_NAMES[zone] ?? zone})`],
    [t('activities.where'), [a.place, a.area_name].filter(Boolean).join(', ') || '—'],
    [t('activities.field.categorySlug'), categoryName],
    [t('activities.runBy'), a.organisation_name ?? a.timebank_name],
    [t('activities.hoursEach'), duration(t, a.minutes_per_attendee)],
    [t('activities.payer'), payer],
    [t('activities.places'), places(ctx, a)],
    [t('activities.visibility'), t(`activities.visibility.${a.visibility}`)],
    [t('activities.status'), t(`activities.status.${a.status}`)],
  ];
  return (
    <dl className="summary-list">
      {rows.map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}

function Roster({ ctx, v, candidates, errors }: { ctx: ViewContext; v: ActivityView; candidates: { id: string; display_name: string; timebank_name: string }[]; errors: FormError[] }) {
  const { t } = ctx;
  const a = v.activity;
  const open = a.status === 'open';
  const registered = (v.registrations ?? []).filter((r) => r.status === 'registered');
  const taken = new Set(registered.map((r) => r.member_id));
  const free = candidates.filter((c) => !taken.has(c.id));
  const mark = (r: RegistrationRow) => (r.attended === null ? t('activities.attended.unmarked') : r.attended ? t('activities.attended.yes') : t('activities.attended.no'));
  return (
    <section aria-labelledby="roster-title">
      <h2 id="roster-title">{t('activities.roster')}</h2>
      {registered.length === 0 ? (
        <p>{t('activities.rosterNone')}</p>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t('activities.name')}</th>
              <th scope="col">{t('activities.attended')}</th>
              {open ? <th scope="col">{t('activities.status')}</th> : null}
            </tr>
          </thead>
          <tbody>
            {registered.map((r) => (
              <tr key={r.id}>
                <td>
                  {r.display_name}
                  {r.member_timebank_id !== a.timebank_id ? <div className="hint">{t('activities.from', { timebank: r.member_timebank_name })}</div> : null}
                </td>
                <td>{mark(r)}</td>
                {open ? (
                  <td>
                    <PostForm action={`/activities/${a.id}/registrations/${r.id}/cancel`} ctx={ctx} className="inline-form">
                      <Button secondary>{t('activities.cancelRegistration', { name: r.display_name })}</Button>
                    </PostForm>
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {open && registered.length ? (
        <PostForm action={`/activities/${a.id}/attendance`} ctx={ctx}>
          {registered.map((r, i) => (
            <fieldset key={r.id} className="fieldset">
              <legend>{t('activities.attendanceFor', { name: r.display_name })}</legend>
              {(['yes', 'no'] as const).map((answer) => (
                <div className="checkbox" key={answer}>
                  <input
                    type="radio"
                    id={i === 0 && answer === 'yes' ? 'attendance' : `attended-${r.id}-${answer}`}
                    name={`attended-${r.id}`}
                    value={answer}
                    defaultChecked={r.attended === (answer === 'yes')}
                  />
                  <label htmlFor={i === 0 && answer === 'yes' ? 'attendance' : `attended-${r.id}-${answer}`}>{t(`activities.attended.${answer}`)}</label>
                </div>
              ))}
            </fieldset>
          ))}
          <Button>{t('activities.saveAttendance')}</Button>
        </PostForm>
      ) : null}
      {open && free.length ? (
        <PostForm action={`/activities/${a.id}/register`} ctx={ctx}>
          <SelectField
            id="memberId"
            label={t('activities.registerMember')}
            hint={t('activities.registerMemberHint')}
            options={free.map((c) => ({ value: c.id, label: c.timebank_name === a.timebank_name ? c.display_name : `${c.display_name} (${c.timebank_name})` }))}
            errors={errors}
          />
          <Button secondary>{t('activities.registerMember')}</Button>
        </PostForm>
      ) : null}
    </section>
  );
}

export function ActivityPage(props: {
  ctx: ViewContext;
  view: ActivityView;
  zone: string;
  categoryName: string;
  candidates: { id: string; display_name: string; timebank_name: string }[];
  /** Its Co-Production Star modes, for those who may set them (null for others). */
  starModes?: readonly string[] | null;
  errors?: FormError[];
}) {
  const { ctx, view: v, zone } = props;
  const { t } = ctx;
  const a = v.activity;
  const errors = props.errors ?? [];
  const open = a.status === 'open';
  return (
    <Layout ctx={ctx} title={a.title} errors={errors}>
      <h1>{a.title}</h1>
      {a.description ? <p>{a.description}</p> : null}
      {a.status === 'cancelled' && a.cancelled_reason ? <p className="tag--warning">{t('activities.cancelledBecause', { reason: a.cancelled_reason })}</p> : null}
      {a.status === 'closed' ? <p>{t('activities.paidSummary', { count: a.paid_count ?? 0, hours: duration(t, a.paid_minutes ?? 0) })}</p> : null}
      <Details ctx={ctx} a={a} zone={zone} categoryName={props.categoryName} />
      {v.myRegistration ? (
        <>
          <p>
            <strong>{t('activities.youAreRegistered')}</strong>
          </p>
          {open ? (
            <PostForm action={`/activities/${a.id}/registrations/${v.myRegistration.id}/cancel`} ctx={ctx}>
              <Button secondary>{t('activities.cancelMine')}</Button>
            </PostForm>
          ) : null}
        </>
      ) : open && v.mayJoin ? (
        <PostForm action={`/activities/${a.id}/register`} ctx={ctx}>
          <Button>{ctx.principal?.actingFor ? t('activities.registerFor', { name: ctx.principal.actingFor.displayName }) : t('activities.register')}</Button>
        </PostForm>
      ) : null}
      {v.series ? <SeriesSection ctx={ctx} v={{ ...v, series: v.series }} zone={zone} errors={errors} /> : null}
      {v.mayKeepRoster ? <Roster ctx={ctx} v={v} candidates={props.candidates} errors={errors} /> : null}
      {props.starModes ? (
        <section aria-labelledby="star-title">
          <h2 id="star-title">{t('outcomes.star.title')}</h2>
          <StarTagsForm ctx={ctx} action={`/activities/${a.id}/star`} modes={props.starModes} />
        </section>
      ) : null}
      {v.mayManage && open ? (
        <section aria-labelledby="manage-title">
          <h2 id="manage-title">{t('activities.edit')}</h2>
          <p className="button-group">
            <a className="button button--secondary" href={`/activities/${a.id}/edit`}>
              {t('activities.edit')}
            </a>
            <a className="button" href={`/activities/${a.id}/close`}>
              {t('activities.closeLink')}
            </a>
          </p>
          <PostForm action={`/activities/${a.id}/cancel`} ctx={ctx}>
            <TextField id="reason" label={t('activities.cancelReason')} errors={errors} />
            <Button secondary>{t('activities.cancelActivity')}</Button>
          </PostForm>
        </section>
      ) : null}
    </Layout>
  );
}

export function ActivityFormPage(props: {
  ctx: ViewContext;
  title: string;
  action: string;
  submit: string;
  values: FormValues;
  errors: FormError[];
  tree: CategoryTree[];
  areas: { id: string; name: string }[];
  payers: { value: string; label: string }[];
  zone: string;
  /** The new-activity form: it may repeat. */
  repeatable?: boolean | undefined;
}) {
  const { ctx, values: v, errors } = props;
  const { t } = ctx;
  const categories = props.tree.flatMap((top) => [{ value: top.slug, label: top.name }, ...top.subs.map((s) => ({ value: s.slug, label: `${top.name} – ${s.name}` }))]);
  return (
    <Layout ctx={ctx} title={props.title} errors={errors}>
      <h1>{props.title}</h1>
      <PostForm action={props.action} ctx={ctx}>
        <TextField id="title" label={t('activities.field.title')} value={v.title} errors={errors} />
        <TextArea id="description" label={t('activities.field.description')} value={v.description} errors={errors} />
        <SelectField id="categorySlug" label={t('activities.field.categorySlug')} options={categories} value={v.categorySlug} errors={errors} />
        {props.areas.length ? (
          <SelectField
            id="areaId"
            label={t('activities.field.areaId')}
            options={[{ value: '', label: t('activities.field.noArea') }, ...props.areas.map((a) => ({ value: a.id, label: a.name }))]}
            value={v.areaId}
            errors={errors}
          />
        ) : null}
        <TextField id="place" label={t('activities.field.place')} hint={t('activities.field.placeHint')} value={v.place} errors={errors} />
        <p className="hint">{t('activities.timeZone', { zone: ZONE_NAMES[props.zone] ?? props.zone })}</p>
        <TextField id="date" type="date" label={t('activities.field.date')} hint={t('activities.field.dateHint')} value={v.date} errors={errors} width="short" />
        <TextField id="startTime" type="time" label={t('activities.field.startTime')} hint={t('activities.field.timeHint')} value={v.startTime} errors={errors} width="short" />
        <TextField id="endTime" type="time" label={t('activities.field.endTime')} hint={t('activities.field.timeHint')} value={v.endTime} errors={errors} width="short" />
        {props.repeatable ? <RepeatFields ctx={ctx} v={v} errors={errors} /> : null}
        <TextField id="capacity" label={t('activities.field.capacity')} hint={t('activities.field.capacityHint')} value={v.capacity} inputMode="numeric" errors={errors} width="short" />
        <TextField id="hours" label={t('activities.field.hours')} hint={t('activities.field.hoursHint')} value={v.hours} errors={errors} width="short" />
        <SelectField id="payer" label={t('activities.field.payer')} options={props.payers} value={v.payer} errors={errors} />
        <SelectField
          id="visibility"
          label={t('activities.field.visibility')}
          options={(['timebank', 'network'] as const).map((x) => ({ value: x, label: t(`activities.visibility.${x}`) }))}
          value={v.visibility}
          errors={errors}
        />
        <Button>{props.submit}</Button>
      </PostForm>
    </Layout>
  );
}

/** How the activity repeats: not at all, weekly on weekdays, or monthly; until a day or a number of dates. */
function RepeatFields({ ctx, v, errors }: { ctx: ViewContext; v: FormValues; errors: FormError[] }) {
  const { t } = ctx;
  const raw = (v as Record<string, unknown>).repeatWeekdays;
  const chosen = new Set((Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).map(String));
  const dayError = errors.find((e) => e.field === 'repeatWeekdays');
  return (
    <fieldset className="fieldset">
      <legend>{t('activities.repeat.legend')}</legend>
      <SelectField
        id="repeat"
        label={t('activities.repeat.label')}
        hint={t('activities.repeat.hint')}
        options={[
          { value: '', label: t('activities.repeat.none') },
          { value: 'weekly', label: t('activities.repeat.weekly') },
          { value: 'monthly_day', label: t('activities.repeat.monthlyDay') },
          { value: 'monthly_weekday', label: t('activities.repeat.monthlyWeekday') },
        ]}
        value={v.repeat}
        errors={errors}
      />
      <fieldset className={`fieldset${dayError ? ' form-group--error' : ''}`} aria-describedby={dayError ? 'repeatWeekdays-error' : undefined}>
        <legend>{t('activities.repeat.weekdays')}</legend>
        {dayError ? <ErrorMessage id="repeatWeekdays-error" message={dayError.message} /> : null}
        {DAY_KEYS.map((k, i) => (
          <div className="checkbox" key={k}>
            <input type="checkbox" id={i === 0 ? 'repeatWeekdays' : `repeatWeekdays-${k}`} name="repeatWeekdays" value={String(i + 1)} defaultChecked={chosen.has(String(i + 1))} />
            <label htmlFor={i === 0 ? 'repeatWeekdays' : `repeatWeekdays-${k}`}>{t(`availability.day.${k}`)}</label>
          </div>
        ))}
      </fieldset>
      <TextField id="repeatUntil" type="date" label={t('activities.repeat.until')} hint={t('activities.repeat.untilHint')} value={v.repeatUntil} errors={errors} width="short" />
      <TextField id="repeatCount" label={t('activities.repeat.count')} hint={t('activities.repeat.countHint')} value={v.repeatCount} inputMode="numeric" errors={errors} width="short" />
    </fieldset>
  );
}

/** Changing the title, description, place and capacity of every date still to come. */
export function SeriesEditPage(props: { ctx: ViewContext; a: ActivityRow; coming: number; values: FormValues; errors: FormError[] }) {
  const { ctx, a, values: v, errors } = props;
  const { t } = ctx;
  const title = t('activities.series.editTitle', { title: a.title });
  return (
    <Layout ctx={ctx} title={title} errors={errors}>
      <h1>{title}</h1>
      <p>{t('activities.series.editIntro', { count: props.coming })}</p>
      <PostForm action={`/activities/${a.id}/series/edit`} ctx={ctx}>
        <TextField id="title" label={t('activities.field.title')} value={v.title} errors={errors} />
        <TextArea id="description" label={t('activities.field.description')} value={v.description} errors={errors} />
        <TextField id="place" label={t('activities.field.place')} hint={t('activities.field.placeHint')} value={v.place} errors={errors} />
        <TextField id="capacity" label={t('activities.field.capacity')} hint={t('activities.field.capacityHint')} value={v.capacity} inputMode="numeric" errors={errors} width="short" />
        <Button>{t('activities.series.save')}</Button>
      </PostForm>
      <p>
        <a href={`/activities/${a.id}`}>{a.title}</a>
      </p>
    </Layout>
  );
}

export function ClosePage(props: { ctx: ViewContext; a: ActivityRow; preview: PaymentPreview; batchId: string; errors: FormError[] }) {
  const { ctx, a, preview: pv, errors } = props;
  const { t } = ctx;
  const title = t('activities.closeTitle', { title: a.title });
  const ready = pv.unmarked.length === 0 && pv.lines.length > 0;
  return (
    <Layout ctx={ctx} title={title} errors={errors}>
      <h1>{title}</h1>
      <p>{t('activities.closeIntro')}</p>
      {pv.unmarked.length ? <p className="tag--warning">{t('activities.closeUnmarked', { names: pv.unmarked.join(', ') })}</p> : null}
      {pv.lines.length === 0 ? <p className="tag--warning">{t('activities.closeNobody')}</p> : null}
      <p>
        {t('activities.payer')}:{' '}
        {pv.payer === 'organisation' ? t('activities.payer.organisation', { name: pv.payerName }) : t('activities.payer.community_pot', { timebank: pv.payerName })}
      </p>
      {pv.payerBalanceMinutes !== null ? (
        <p>
          {t('activities.closeBalance', { balance: duration(t, pv.payerBalanceMinutes) })}{' '}
          {pv.payerAvailableMinutes !== null ? t('activities.closeAvailable', { available: duration(t, pv.payerAvailableMinutes) }) : null}
        </p>
      ) : null}
      {pv.lines.length ? (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t('activities.name')}</th>
              <th scope="col" className="numeric">
                {t('activities.hoursEach')}
              </th>
            </tr>
          </thead>
          <tbody>
            {pv.lines.map((l) => (
              <tr key={l.registrationId}>
                <td>
                  {l.displayName}
                  {l.crossTimebank ? <div className="hint">{t('activities.crossTimebank', { timebank: l.timebankName })}</div> : null}
                </td>
                <td className="numeric">{duration(t, l.minutes)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">{t('activities.closeTotal')}</th>
              <td className="numeric">{duration(t, pv.totalMinutes)}</td>
            </tr>
          </tfoot>
        </table>
      ) : null}
      {ready ? (
        <PostForm action={`/activities/${a.id}/close`} ctx={ctx}>
          {/* The idempotency key: sending this form twice pays once. */}
          <input type="hidden" name="id" value={props.batchId} />
          <Button>{t('activities.closeSubmit', { hours: duration(t, pv.totalMinutes) })}</Button>
        </PostForm>
      ) : null}
      <p>
        <a href={`/activities/${a.id}`}>{a.title}</a>
      </p>
    </Layout>
  );
}

export function CalendarPage(props: { ctx: ViewContext; active: boolean; createdAt: Date | null; newUrl?: string | undefined }) {
  const { ctx } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('calendar.title')}>
      <h1>{t('calendar.title')}</h1>
      <p>{t('calendar.intro')}</p>
      {props.newUrl ? (
        <div className="banner banner--success">
          <label className="label" htmlFor="calendar-url">
            {t('calendar.newUrl')}
          </label>
          <div id="calendar-url-hint" className="hint">
            {t('calendar.newUrlHint')}
          </div>
          <input className="input" id="calendar-url" readOnly value={props.newUrl} aria-describedby="calendar-url-hint" />
        </div>
      ) : props.active && props.createdAt ? (
        <p>{t('calendar.active', { date: props.createdAt.toISOString().slice(0, 10) })}</p>
      ) : (
        <p>{t('calendar.none')}</p>
      )}
      <PostForm action="/calendar" ctx={ctx}>
        <Button>{props.active ? t('calendar.regenerate') : t('calendar.make')}</Button>
      </PostForm>
      {props.active ? (
        <PostForm action="/calendar/off" ctx={ctx}>
          <Button secondary>{t('calendar.turnOff')}</Button>
        </PostForm>
      ) : null}
    </Layout>
  );
}
