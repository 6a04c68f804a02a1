// Restrictions, preferences and availability: the forms the broker's member screen and the
// member's own pages share, and the member's pages "My availability" and "My preferences".
// Plain forms: they work with JavaScript off.
import { Button, PostForm, TextArea, TextField } from '../components.tsx';
import { Layout } from '../layout.tsx';
import type { FormError, ViewContext } from '../view.ts';
import { CheckboxGroup, PART_KEYS, WindowsGrid } from './fields.tsx';

export interface RestrictionItem {
  kind: string;
  note: string | null;
  setAt: Date;
  setByName: string | null;
}

export interface PreferenceView {
  weekendOnly: boolean;
  timesOfDay: string[];
  languages: string[];
  areas: { id: string; name: string }[];
}

export interface AvailabilityView {
  status: string | null;
  pausedUntil: string | null;
  windows: { weekday: number; part: string }[];
}

/** What a form that came back with errors was given, and which form it was. */
export interface Failed {
  form: 'restrictions' | 'preferences' | 'availability' | 'pause' | 'check' | 'notice';
  errors: FormError[];
  values: Record<string, string | string[] | undefined>;
}

const RESTRICTIONS = ['no_home_visits', 'two_person_visits', 'no_hospital_appointments', 'only_met_before'] as const;

const list = (v: string | string[] | undefined) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
const errorsOf = (failed: Failed | undefined, form: Failed['form']) => (failed?.form === form ? failed.errors : []);

const dateTime = (ctx: ViewContext, d: Date) =>
  new Intl.DateTimeFormat(ctx.locale === 'pl' ? 'pl-PL' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: ctx.timeZone }).format(d);

export function RestrictionsForm({ ctx, action, items, failed }: { ctx: ViewContext; action: string; items: RestrictionItem[]; failed?: Failed | undefined }) {
  const { t } = ctx;
  const errors = errorsOf(failed, 'restrictions');
  const given = failed?.form === 'restrictions' ? failed.values : undefined;
  const note = items.find((i) => i.kind === 'note');
  return (
    <section aria-labelledby="restrictions-title">
      <h2 id="restrictions-title">{t('restrictions.title')}</h2>
      {items.length ? (
        <ul className="list">
          {items.map((i) => (
            <li key={i.kind}>
              {i.kind === 'note' ? i.note : t(`restrictions.kind.${i.kind as (typeof RESTRICTIONS)[number]}`)}{' '}
              <span className="hint">{t('restrictions.setBy', { name: i.setByName ?? '–', when: dateTime(ctx, i.setAt) })}</span>
            </li>
          ))}
        </ul>
      ) : (
        <p>{t('restrictions.none')}</p>
      )}
      <PostForm action={action} ctx={ctx}>
        <CheckboxGroup
          id="kinds"
          legend={t('restrictions.legend')}
          options={RESTRICTIONS.map((k) => ({ value: k, label: t(`restrictions.kind.${k}`) }))}
          checked={given ? list(given.kinds) : items.map((i) => i.kind)}
          errors={errors}
        />
        <TextArea id="note" label={t('restrictions.note')} value={given ? (given.note as string) : (note?.note ?? '')} errors={errors} />
        <Button secondary>{t('restrictions.save')}</Button>
      </PostForm>
    </section>
  );
}

export function PreferencesForm(props: { ctx: ViewContext; action: string; prefs: PreferenceView; areas: { id: string; name: string }[]; failed?: Failed | undefined }) {
  const { ctx, prefs, failed } = props;
  const { t } = ctx;
  const errors = errorsOf(failed, 'preferences');
  const given = failed?.form === 'preferences' ? failed.values : undefined;
  return (
    <PostForm action={props.action} ctx={ctx}>
      <CheckboxGroup
        id="weekendOnly"
        legend={t('preferences.when')}
        options={[{ value: 'yes', label: t('preferences.weekendOnly') }]}
        checked={given ? list(given.weekendOnly) : prefs.weekendOnly ? ['yes'] : []}
        errors={errors}
      />
      <CheckboxGroup
        id="timesOfDay"
        legend={t('preferences.timesOfDay')}
        options={PART_KEYS.map((p) => ({ value: p, label: t(`availability.part.${p}`) }))}
        checked={given ? list(given.timesOfDay) : prefs.timesOfDay}
        errors={errors}
      />
      {props.areas.length ? (
        <CheckboxGroup
          id="areaIds"
          legend={t('preferences.areas')}
          options={props.areas.map((a) => ({ value: a.id, label: a.name }))}
          checked={given ? list(given.areaIds) : prefs.areas.map((a) => a.id)}
          errors={errors}
        />
      ) : null}
      <TextField
        id="languages"
        label={t('preferences.languages')}
        hint={t('preferences.languagesHint')}
        value={given ? (given.languages as string) : prefs.languages.join(', ')}
        errors={errors}
      />
      <Button>{t('preferences.save')}</Button>
    </PostForm>
  );
}

export function AvailabilityForms({ ctx, base, availability, failed }: { ctx: ViewContext; base: string; availability: AvailabilityView; failed?: Failed | undefined }) {
  const { t } = ctx;
  const pauseErrors = errorsOf(failed, 'pause');
  const given = failed?.form === 'availability' ? failed.values : undefined;
  const checked = given ? list(given.w).map((v) => ({ weekday: Number(v.split(':')[0]), part: v.split(':')[1] ?? '' })) : availability.windows;
  return (
    <>
      <PostForm action={base} ctx={ctx}>
        <fieldset className="fieldset">
          <legend>{t('availability.windows')}</legend>
          <div className="hint">{t('availability.windowsHint')}</div>
          <WindowsGrid ctx={ctx} checked={checked} />
        </fieldset>
        <Button>{t('availability.save')}</Button>
      </PostForm>
      <h2>{t('availability.awayTitle')}</h2>
      {availability.status === 'paused' ? (
        <>
          <p>{t('availability.pausedUntil', { date: availability.pausedUntil ?? '' })}</p>
          <PostForm action={`${base}/resume`} ctx={ctx}>
            <Button secondary>{t('availability.resume')}</Button>
          </PostForm>
        </>
      ) : (
        <PostForm action={`${base}/pause`} ctx={ctx}>
          <TextField
            id="pausedUntil"
            type="date"
            label={t('availability.awayUntil')}
            hint={t('availability.awayHint')}
            value={failed?.form === 'pause' ? (failed.values.pausedUntil as string) : undefined}
            errors={pauseErrors}
          />
          <Button secondary>{t('availability.pause')}</Button>
        </PostForm>
      )}
    </>
  );
}

export function MyAvailabilityPage({ ctx, availability, errors, failed }: { ctx: ViewContext; availability: AvailabilityView; errors: FormError[]; failed?: Failed | undefined }) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('availability.title')} errors={errors}>
      <h1>{t('availability.title')}</h1>
      <AvailabilityForms ctx={ctx} base="/availability" availability={availability} failed={failed} />
    </Layout>
  );
}

export function MyPreferencesPage(props: { ctx: ViewContext; prefs: PreferenceView; areas: { id: string; name: string }[]; restrictions: RestrictionItem[]; failed?: Failed | undefined }) {
  const { ctx, restrictions } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('preferences.title')} errors={props.failed?.errors ?? []}>
      <h1>{t('preferences.title')}</h1>
      <PreferencesForm ctx={ctx} action="/preferences" prefs={props.prefs} areas={props.areas} failed={props.failed} />
      {restrictions.length ? (
        <section aria-labelledby="my-restrictions">
          <h2 id="my-restrictions">{t('preferences.restrictionsTitle')}</h2>
          <ul className="list">
            {restrictions.map((r) => (
              <li key={r.kind}>{r.kind === 'note' ? r.note : t(`restrictions.kind.${r.kind as (typeof RESTRICTIONS)[number]}`)}</li>
            ))}
          </ul>
        </section>
      ) : null}
    </Layout>
  );
}
