// The broker's screen for a member on the phone (checks masked, restrictions, preferences,
// availability, each with its form), the reviews due, and a member's own checks and who viewed them.
import type { checkOut } from '../../modules/safeguarding/routes.ts';
import { LEVELS, SCHEMES, WORKFORCES } from '../../modules/safeguarding/rules.ts';
import { AvailabilityForms, type AvailabilityView, type Failed, PreferencesForm, type PreferenceView, RestrictionsForm, type RestrictionItem } from '../availability/pages.tsx';
import { CheckboxGroup } from '../availability/fields.tsx';
import { Button, PostForm, SelectField, TextField } from '../components.tsx';
import { Layout } from '../layout.tsx';
import type { FormError, ViewContext } from '../view.ts';

type Check = ReturnType<typeof checkOut>;

export interface MemberScreen {
  timebankId: string;
  memberId: string;
  personId: string;
  displayName: string;
  phone: string | null;
  checks: Check[];
  restrictions: RestrictionItem[];
  prefs: PreferenceView;
  areas: { id: string; name: string }[];
  availability: AvailabilityView;
  deciders: { id: string; name: string }[];
  /** A number shown in full after an explicit, logged reveal. */
  revealed?: { checkId: string; number: string | null } | undefined;
}

function CheckRow({ ctx, check: c, base, revealed }: { ctx: ViewContext; check: Check; base: string; revealed: MemberScreen['revealed'] }) {
  const { t } = ctx;
  const number = revealed?.checkId === c.id ? revealed.number : c.numberMasked;
  return (
    <tr>
      <td>
        {t(`safeguarding.scheme.${c.scheme}`)}, {t(`safeguarding.level.${c.level}`)}
        <br />
        {t(`safeguarding.workforce.${c.workforce}`)} · {c.roleTitle}
        {c.regulatedWork ? ` · ${t('safeguarding.regulated')}` : ''}
      </td>
      <td>
        {number ?? '–'}
        {c.numberMasked && revealed?.checkId !== c.id ? (
          <PostForm action={`${base}/checks/${c.id}/reveal`} ctx={ctx} className="inline-form">
            <button type="submit" className="link-button">
              {t('safeguarding.reveal')}
            </button>
          </PostForm>
        ) : null}
      </td>
      <td>
        {c.issuedOn}
        {c.updateService ? (
          <>
            <br />
            {t('safeguarding.updateServiceShort')}
            {c.statusCheckedOn ? `: ${c.statusCheckedOn} (${t(`safeguarding.result.${c.statusCheckResult ?? 'current'}`)})` : ''}
          </>
        ) : null}
      </td>
      <td>{c.reviewOn}</td>
      <td>
        {c.decision ? `${t(`safeguarding.decision.${c.decision}`)} – ${c.decidedBy?.name ?? ''}, ${c.decidedOn}` : t('safeguarding.undecided')}
        <br />
        <a href={`${base}/checks/${c.id}/edit`}>
          {t('safeguarding.edit')}
          <span className="visually-hidden">{` ${c.roleTitle}`}</span>
        </a>
        {c.stoppedNotice ? (
          <>
            <br />
            {t('safeguarding.noticeSent', { date: c.stoppedNotice.sentOn, name: c.stoppedNotice.byName ?? '–' })}
          </>
        ) : null}
      </td>
    </tr>
  );
}

/** PVG checks for regulated work with no notice yet: a form to record the Disclosure Scotland notice. */
function StoppedNoticeForms({ ctx, checks, base, failed }: { ctx: ViewContext; checks: Check[]; base: string; failed: Failed | undefined }) {
  const { t } = ctx;
  const open = checks.filter((c) => c.scheme === 'pvg' && c.regulatedWork && !c.stoppedNotice);
  if (open.length === 0) return null;
  return (
    <details className="details" open={failed?.form === 'notice' ? true : undefined}>
      <summary>{t('safeguarding.noticeTitle')}</summary>
      <p className="hint">{t('safeguarding.noticeHint')}</p>
      {open.map((c) => (
        <PostForm key={c.id} action={`${base}/checks/${c.id}/stopped-notice`} ctx={ctx}>
          <TextField id={`sentOn-${c.id}`} name="sentOn" type="date" label={t('safeguarding.noticeSentOn', { role: c.roleTitle })} errors={failed?.form === 'notice' ? failed.errors : []} />
          <Button secondary>{t('safeguarding.noticeSave')}</Button>
        </PostForm>
      ))}
    </details>
  );
}

/** The fields of a check: the add form and the edit form (src/web/safeguarding/edit-check.tsx). */
export function CheckFields(props: {
  ctx: ViewContext;
  values: Record<string, string | undefined>;
  errors: FormError[];
  deciders: MemberScreen['deciders'];
  /** The hint of the number field: on the edit form, that leaving it empty keeps the number held. */
  numberHint?: string | undefined;
}) {
  const { ctx, errors, deciders } = props;
  const v = props.values;
  const { t } = ctx;
  const none = { value: '', label: t('safeguarding.choose') };
  return (
    <>
        <SelectField id="scheme" label={t('safeguarding.schemeLabel')} value={v.scheme} errors={errors} options={[none, ...SCHEMES.map((s) => ({ value: s, label: t(`safeguarding.scheme.${s}`) }))]} />
        <SelectField id="level" label={t('safeguarding.levelLabel')} value={v.level} errors={errors} options={[none, ...LEVELS.map((l) => ({ value: l, label: t(`safeguarding.level.${l}`) }))]} />
        <SelectField id="workforce" label={t('safeguarding.workforceLabel')} value={v.workforce} errors={errors} options={[none, ...WORKFORCES.map((w) => ({ value: w, label: t(`safeguarding.workforce.${w}`) }))]} />
        <TextField id="roleTitle" label={t('safeguarding.roleLabel')} value={v.roleTitle} errors={errors} />
        <CheckboxGroup id="regulatedWork" legend={t('safeguarding.regulatedLabel')} options={[{ value: 'yes', label: t('safeguarding.regulated') }]} checked={v.regulatedWork ? ['yes'] : []} errors={errors} />
        <TextField id="number" label={t('safeguarding.numberLabel')} hint={props.numberHint ?? t('safeguarding.numberHint')} errors={errors} autoComplete="off" />
        <TextField id="issuedOn" type="date" label={t('safeguarding.issuedLabel')} value={v.issuedOn} errors={errors} />
        <CheckboxGroup id="updateService" legend={t('safeguarding.updateServiceLabel')} options={[{ value: 'yes', label: t('safeguarding.updateServiceShort') }]} checked={v.updateService ? ['yes'] : []} errors={errors} />
        <TextField id="statusCheckedOn" type="date" label={t('safeguarding.statusCheckedLabel')} value={v.statusCheckedOn} errors={errors} />
        <SelectField id="statusCheckResult" label={t('safeguarding.statusResultLabel')} value={v.statusCheckResult} errors={errors} options={[{ value: '', label: '–' }, { value: 'current', label: t('safeguarding.result.current') }, { value: 'not_current', label: t('safeguarding.result.not_current') }]} />
        <TextField id="reviewOn" type="date" label={t('safeguarding.reviewLabel')} hint={t('safeguarding.reviewHint')} value={v.reviewOn} errors={errors} />
        <SelectField
          id="decision"
          label={t('safeguarding.decisionLabel')}
          value={v.decision}
          errors={errors}
          options={[{ value: '', label: t('safeguarding.undecided') }, ...(['cleared', 'cleared_with_risk_assessment', 'not_cleared'] as const).map((d) => ({ value: d, label: t(`safeguarding.decision.${d}`) }))]}
        />
        <SelectField id="decidedByPersonId" label={t('safeguarding.decidedByLabel')} value={v.decidedByPersonId} errors={errors} options={[{ value: '', label: '–' }, ...deciders.map((d) => ({ value: d.id, label: d.name }))]} />
        <TextField id="decidedOn" type="date" label={t('safeguarding.decidedOnLabel')} hint={t('safeguarding.decidedOnHint')} value={v.decidedOn} errors={errors} />
    </>
  );
}

function AddCheckForm({ ctx, base, deciders, failed }: { ctx: ViewContext; base: string; deciders: MemberScreen['deciders']; failed: Failed | undefined }) {
  const { t } = ctx;
  const mine = failed?.form === 'check';
  const errors = mine ? failed.errors : [];
  const v = (mine ? failed.values : {}) as Record<string, string | undefined>;
  return (
    <details className="details" open={mine ? true : undefined}>
      <summary>{t('safeguarding.addTitle')}</summary>
      <p className="hint">{t('safeguarding.metadataOnly')}</p>
      <PostForm action={`${base}/checks`} ctx={ctx}>
        <CheckFields ctx={ctx} values={v} errors={errors} deciders={deciders} />
        <Button>{t('safeguarding.addSave')}</Button>
      </PostForm>
    </details>
  );
}

export function MemberScreenPage({ ctx, screen: s, failed }: { ctx: ViewContext; screen: MemberScreen; failed?: Failed | undefined }) {
  const { t } = ctx;
  const base = `/timebanks/${s.timebankId}/members/${s.memberId}`;
  return (
    <Layout ctx={ctx} title={t('screen.title', { name: s.displayName })} errors={failed?.errors ?? []}>
      <h1>{t('screen.title', { name: s.displayName })}</h1>
      <p>
        {s.phone ? `${t('record.phone')}: ${s.phone} · ` : ''}
        <a href={`/people/${s.personId}`}>{t('screen.record')}</a>
      </p>
      <section aria-labelledby="checks-title">
        <h2 id="checks-title">{t('safeguarding.title')}</h2>
        <p className="hint">{t('safeguarding.auditedHint')}</p>
        {s.checks.length ? (
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t('safeguarding.check')}</th>
                <th scope="col">{t('safeguarding.number')}</th>
                <th scope="col">{t('safeguarding.issued')}</th>
                <th scope="col">{t('safeguarding.review')}</th>
                <th scope="col">{t('safeguarding.decisionLabel')}</th>
              </tr>
            </thead>
            <tbody>
              {s.checks.map((c) => (
                <CheckRow key={c.id} ctx={ctx} check={c} base={`${base}/safeguarding`} revealed={s.revealed} />
              ))}
            </tbody>
          </table>
        ) : (
          <p>{t('safeguarding.none')}</p>
        )}
        <AddCheckForm ctx={ctx} base={`${base}/safeguarding`} deciders={s.deciders} failed={failed} />
        <StoppedNoticeForms ctx={ctx} checks={s.checks} base={`${base}/safeguarding`} failed={failed} />
      </section>
      <RestrictionsForm ctx={ctx} action={`${base}/restrictions`} items={s.restrictions} failed={failed} />
      <section aria-labelledby="prefs-title">
        <h2 id="prefs-title">{t('screen.preferences')}</h2>
        <PreferencesForm ctx={ctx} action={`${base}/preferences`} prefs={s.prefs} areas={s.areas} failed={failed} />
      </section>
      <section aria-labelledby="availability-title">
        <h2 id="availability-title">{t('screen.availability')}</h2>
        <AvailabilityForms ctx={ctx} base={`${base}/availability`} availability={s.availability} failed={failed} />
      </section>
    </Layout>
  );
}

export interface ReviewItem {
  checkId: string;
  memberId: string;
  displayName: string;
  scheme: Check['scheme'];
  level: Check['level'];
  roleTitle: string;
  reviewOn: string;
  overdue: boolean;
}

export function ReviewsPage({ ctx, timebankId, items }: { ctx: ViewContext; timebankId: string; items: ReviewItem[] }) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('reviews.title')}>
      <h1>{t('reviews.title')}</h1>
      <p className="hint">{t('reviews.hint')}</p>
      {items.length === 0 ? (
        <p>{t('reviews.none')}</p>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t('reviews.member')}</th>
              <th scope="col">{t('safeguarding.check')}</th>
              <th scope="col">{t('safeguarding.review')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((i) => (
              <tr key={i.checkId}>
                <td>
                  <a href={`/timebanks/${timebankId}/members/${i.memberId}/safeguarding`}>{i.displayName}</a>
                </td>
                <td>
                  {t(`safeguarding.scheme.${i.scheme}`)}, {t(`safeguarding.level.${i.level}`)} · {i.roleTitle}
                </td>
                <td>
                  {i.reviewOn}
                  {i.overdue ? <strong className="tag tag--warning"> {t('reviews.overdue')}</strong> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Layout>
  );
}

export interface OwnCheck {
  timebankName: string;
  scheme: Check['scheme'];
  level: Check['level'];
  decision: Check['decision'];
  reviewOn: string;
}

export function MyChecksPage({ ctx, checks, views }: { ctx: ViewContext; checks: OwnCheck[]; views: { at: Date; viewerName: string; timebankName: string; view: string }[] }) {
  const { t } = ctx;
  const fmt = new Intl.DateTimeFormat(ctx.locale === 'pl' ? 'pl-PL' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: ctx.timeZone });
  return (
    <Layout ctx={ctx} title={t('mychecks.title')}>
      <h1>{t('mychecks.title')}</h1>
      {checks.length === 0 ? (
        <p>{t('mychecks.none')}</p>
      ) : (
        <ul className="list">
          {checks.map((c) => (
            <li key={`${c.timebankName}:${c.scheme}:${c.level}:${c.reviewOn}`}>
              {t('mychecks.item', {
                scheme: t(`safeguarding.scheme.${c.scheme}`),
                level: t(`safeguarding.level.${c.level}`),
                decision: c.decision ? t(`safeguarding.decision.${c.decision}`) : t('safeguarding.undecided'),
                review: c.reviewOn,
                timebank: c.timebankName,
              })}
            </li>
          ))}
        </ul>
      )}
      <h2>{t('mychecks.viewsTitle')}</h2>
      {views.length === 0 ? (
        <p>{t('mychecks.noViews')}</p>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t('record.when')}</th>
              <th scope="col">{t('mychecks.who')}</th>
              <th scope="col">{t('mychecks.what')}</th>
            </tr>
          </thead>
          <tbody>
            {views.map((v) => (
              <tr key={`${v.at.toISOString()}:${v.viewerName}:${v.view}`}>
                <td>{fmt.format(v.at)}</td>
                <td>
                  {v.viewerName} ({v.timebankName})
                </td>
                <td>{t(`mychecks.view.${v.view as 'member_checks'}`)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Layout>
  );
}
