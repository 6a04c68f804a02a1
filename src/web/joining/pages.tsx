// Pages for joining: the public application form and the broker's (one form per phone call),
// the applications queue, a member's joining on one screen (application, guardian, references,
// agreement), the referee's page, the member agreement, and "my membership". All plain forms.
import { Fragment } from 'react';
import type { Agreements } from '../../modules/agreements/service.ts';
import type { Joining } from '../../modules/joining/service.ts';
import type { References } from '../../modules/references/service.ts';
import type { ReferenceAnswers } from '../../modules/joining/tables.ts';
import { Button, PostForm, SelectField, TextArea, TextField } from '../components.tsx';
import type { Form } from '../forms.ts';
import type { MessageKey } from '../i18n/en.ts';
import { Layout } from '../layout.tsx';
import type { FormError, ViewContext } from '../view.ts';
import { Checkbox, Radios } from './fields.tsx';

type Area = { id: string; name: string };
type Duplicate = Awaited<ReturnType<Joining['duplicates']>>[number];
type QueueRow = Awaited<ReturnType<Joining['queue']>>[number];
type JoiningRecord = Awaited<ReturnType<Joining['joiningRecord']>>;
type StaffReference = Awaited<ReturnType<References['listForMember']>>[number];
type OwnReference = Awaited<ReturnType<References['ofPerson']>>[number];
type AgreementStatus = Awaited<ReturnType<Agreements['memberStatus']>>;
type Version = NonNullable<AgreementStatus['version']>;

const SOURCES = ['phone', 'paper', 'in_person', 'online'] as const;
const QUESTIONS = ['honesty', 'teamwork', 'punctuality', 'gettingOn'] as const;
const RATINGS = ['very_good', 'good', 'some_concerns', 'serious_concerns', 'dont_know'] as const;
const day = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : '');

/** The agreement as paragraphs, in the page's language when it was written in it. */
function AgreementText({ ctx, bodyEn, bodyPl }: { ctx: ViewContext; bodyEn: string | null; bodyPl: string | null }) {
  const text = (ctx.locale === 'pl' ? (bodyPl ?? bodyEn) : (bodyEn ?? bodyPl)) ?? '';
  return (
    <div className="agreement">
      {text.split(/\n\s*\n/).map((para, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: paragraphs of a fixed text
        <p key={i}>{para}</p>
      ))}
    </div>
  );
}

function GuardianFields({ ctx, online, errors, values }: { ctx: ViewContext; online: boolean; errors: FormError[]; values: Form }) {
  const { t } = ctx;
  return (
    <fieldset className="fieldset">
      <legend>{t('join.guardianTitle')}</legend>
      <p className="hint">{t('join.guardianHint')}</p>
      <TextField id="guardian-displayName" label={t('join.guardianName')} errors={errors} value={values['guardian-displayName']} />
      <TextField id="guardian-relationship" label={t('join.guardianRelationship')} hint={t('join.guardianRelationshipHint')} errors={errors} value={values['guardian-relationship']} />
      <TextField id="guardian-email" type="email" label={t('join.guardianEmail')} errors={errors} value={values['guardian-email']} autoComplete="off" />
      <TextField id="guardian-phone" type="tel" label={t('join.guardianPhone')} errors={errors} value={values['guardian-phone']} />
      <Checkbox id="guardian-consent" label={online ? t('join.guardianConsentOnline') : t('join.guardianConsentPaper')} errors={errors} checked={values['guardian-consent'] === 'yes'} />
      {online ? null : (
        <TextField id="guardian-consentSignedOn" type="date" label={t('join.guardianSignedOn')} hint={t('join.dateHint')} errors={errors} value={values['guardian-consentSignedOn']} width="short" />
      )}
    </fieldset>
  );
}

/** The application form: online (with a password) or a broker's (with the source). */
export function ApplyPage(props: {
  ctx: ViewContext;
  mode: 'online' | 'broker';
  timebankName: string;
  action: string;
  areas: Area[];
  errors: FormError[];
  values: Form;
  duplicates?: Duplicate[];
}) {
  const { ctx, mode, areas, errors, values } = props;
  const { t } = ctx;
  const online = mode === 'online';
  const title = online ? t('join.title', { timebank: props.timebankName }) : t('join.brokerTitle', { timebank: props.timebankName });
  return (
    <Layout ctx={ctx} title={title} errors={errors}>
      <h1>{title}</h1>
      <p>{online ? t('join.intro') : t('join.brokerIntro')}</p>
      {props.duplicates?.length ? (
        <section className="banner" aria-labelledby="duplicates-title">
          <h2 id="duplicates-title">{t('join.duplicatesTitle')}</h2>
          <p>{t('join.duplicatesHint')}</p>
        </section>
      ) : null}
      <PostForm action={props.action} ctx={ctx}>
        {props.duplicates?.length ? (
          <Radios
            id="mergeIntoPersonId"
            label={t('join.mergeLabel')}
            hint={t('join.mergeHint')}
            errors={errors}
            value={values.mergeIntoPersonId}
            options={props.duplicates.map((d) => ({
              value: d.person_id,
              label: `${d.display_name}${d.birth_date ? ` (${d.birth_date})` : ''} – ${d.member_status ? t(`status.${d.member_status}` as MessageKey) : t('join.notMemberHere')}`,
            }))}
          />
        ) : null}
        {online ? null : (
          <Radios id="source" label={t('join.source')} errors={errors} value={values.source ?? 'phone'} options={SOURCES.map((s) => ({ value: s, label: t(`join.source.${s}`) }))} />
        )}
        <TextField id="displayName" label={t('join.name')} errors={errors} value={values.displayName} autoComplete="name" />
        <TextField id="email" type="email" label={t('join.email')} hint={online ? t('join.emailHint') : t('join.emailHintBroker')} errors={errors} value={values.email} autoComplete="email" />
        <TextField id="phone" type="tel" label={t('join.phone')} errors={errors} value={values.phone} autoComplete="tel" />
        <TextField id="birthDate" type="date" label={t('join.birthDate')} hint={t('join.dateHint')} errors={errors} value={values.birthDate} width="short" autoComplete="bday" />
        {areas.length ? (
          <SelectField
            id="areaId"
            label={t('join.area')}
            errors={errors}
            value={values.areaId}
            options={[{ value: '', label: t('join.areaNone') }, ...areas.map((a) => ({ value: a.id, label: a.name }))]}
          />
        ) : null}
        <TextArea id="offer" label={t('join.offer')} hint={t('join.offerHint')} errors={errors} value={values.offer} />
        <TextArea id="wants" label={t('join.wants')} hint={t('join.wantsHint')} errors={errors} value={values.wants} />
        <GuardianFields ctx={ctx} online={online} errors={errors} values={values} />
        {online ? <TextField id="password" type="password" label={t('join.password')} hint={t('join.passwordHint')} errors={errors} autoComplete="new-password" /> : null}
        <h2>{t('join.privacyTitle')}</h2>
        <p>{t('join.privacy')}</p>
        <Checkbox id="dataConsent" label={online ? t('join.dataConsent') : t('join.dataConsentBroker')} errors={errors} checked={values.dataConsent === 'yes'} />
        <Button>{online ? t('join.submit') : t('join.submitBroker')}</Button>
      </PostForm>
    </Layout>
  );
}

export function AppliedPage({ ctx, timebankName }: { ctx: ViewContext; timebankName: string }) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('join.doneTitle')}>
      <h1>{t('join.doneTitle')}</h1>
      <p>{t('join.done', { timebank: timebankName })}</p>
      <p>
        <a href="/sign-in">{t('nav.signIn')}</a>
      </p>
    </Layout>
  );
}

export function ApplicationsPage({ ctx, timebank, rows }: { ctx: ViewContext; timebank: { id: string; name: string }; rows: QueueRow[] }) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('applications.title', { timebank: timebank.name })}>
      <h1>{t('applications.title', { timebank: timebank.name })}</h1>
      <ul className="list">
        <li>
          <a href={`/timebanks/${timebank.id}/applications/new`}>{t('applications.new')}</a>
        </li>
        <li>
          <a href={`/timebanks/${timebank.id}/agreement`}>{t('agreement.adminLink')}</a>
        </li>
      </ul>
      {rows.length === 0 ? (
        <p>{t('applications.none')}</p>
      ) : (
        <table className="table">
          <caption className="visually-hidden">{t('applications.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('applications.received')}</th>
              <th scope="col">{t('join.name')}</th>
              <th scope="col">{t('join.source')}</th>
              <th scope="col">{t('join.birthDate')}</th>
              <th scope="col">{t('join.area')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((a) => (
              <tr key={a.id}>
                <td>{day(a.created_at)}</td>
                <td>
                  <a href={`/timebanks/${timebank.id}/members/${a.member_id}/joining`}>{a.display_name}</a>
                </td>
                <td>{t(`join.source.${a.source}`)}</td>
                <td>{a.birth_date ?? ''}</td>
                <td>{a.area_name ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Layout>
  );
}

function ApplicationSection({ ctx, tb, record, errors, values }: { ctx: ViewContext; tb: string; record: JoiningRecord; errors: FormError[]; values: Form }) {
  const { t } = ctx;
  return (
    <section aria-labelledby="applications-title">
      <h2 id="applications-title">{t('joining.applications')}</h2>
      {record.applications.length === 0 ? <p>{t('joining.noApplication')}</p> : null}
      {record.applications.map((a) => (
        <div key={a.id}>
          <dl className="summary-list">
            <dt>{t('applications.received')}</dt>
            <dd>{`${day(a.created_at)} – ${t(`join.source.${a.source}`)}`}</dd>
            <dt>{t('join.offer')}</dt>
            <dd>{a.offer ?? ''}</dd>
            <dt>{t('join.wants')}</dt>
            <dd>{a.wants ?? ''}</dd>
            <dt>{t('joining.decision')}</dt>
            <dd>
              {a.decision
                ? `${t(`joining.decision.${a.decision}`)} – ${day(a.decided_at)}${a.decided_by_name ? ` – ${a.decided_by_name}` : ''}${a.decision_reason ? ` – ${a.decision_reason}` : ''}`
                : t('joining.open')}
            </dd>
          </dl>
          {a.decision === null && a.member_status === 'applied' ? (
            <div className="button-group">
              {record.consentMissing ? <p className="error-message">{t('joining.error.guardian_consent_required')}</p> : null}
              <PostForm action={`/timebanks/${tb}/members/${record.memberId}/joining/approve/${a.id}`} ctx={ctx}>
                <Button>{t('joining.approve')}</Button>
              </PostForm>
              <PostForm action={`/timebanks/${tb}/members/${record.memberId}/joining/decline/${a.id}`} ctx={ctx}>
                <TextArea id="decline-reason" label={t('joining.declineReason')} errors={errors} value={values['decline-reason']} />
                <Button secondary>{t('joining.decline')}</Button>
              </PostForm>
            </div>
          ) : null}
        </div>
      ))}
    </section>
  );
}

function GuardianSection({ ctx, tb, record, errors, values }: { ctx: ViewContext; tb: string; record: JoiningRecord; errors: FormError[]; values: Form }) {
  const { t } = ctx;
  const base = `/timebanks/${tb}/members/${record.memberId}/joining`;
  return (
    <section aria-labelledby="guardians-title">
      <h2 id="guardians-title">{t('joining.guardians')}</h2>
      {record.minor ? <p>{t('joining.minor', { age: record.age ?? 0 })}</p> : null}
      {record.guardians.length === 0 ? <p>{t('joining.noGuardian')}</p> : null}
      <ul className="list">
        {record.guardians.map((g) => (
          <li key={g.id}>
            <p>
              {`${g.display_name} (${g.relationship})${g.phone ? ` – ${g.phone}` : ''}${g.email ? ` – ${g.email}` : ''}`}
              <br />
              {g.consent_method
                ? t('joining.consentGiven', { method: t(`joining.consent.${g.consent_method}`), date: g.consent_signed_on ?? '', by: g.consent_recorded_by_name ?? '–' })
                : t('joining.consentMissing')}
            </p>
            {g.consent_method ? null : (
              <PostForm action={`${base}/guardians/${g.id}/consent`} ctx={ctx}>
                <TextField id={`consent-${g.id}-signedOn`} type="date" label={t('joining.consentSignedOn')} hint={t('join.dateHint')} errors={errors} value={values[`consent-${g.id}-signedOn`]} width="short" />
                <Button secondary>{t('joining.recordConsent')}</Button>
              </PostForm>
            )}
          </li>
        ))}
      </ul>
      <details className="details">
        <summary>{t('joining.addGuardian')}</summary>
        <PostForm action={`${base}/guardians`} ctx={ctx}>
          <TextField id="g-displayName" label={t('join.guardianName')} errors={errors} value={values['g-displayName']} />
          <TextField id="g-relationship" label={t('join.guardianRelationship')} errors={errors} value={values['g-relationship']} />
          <TextField id="g-email" type="email" label={t('join.guardianEmail')} errors={errors} value={values['g-email']} />
          <TextField id="g-phone" type="tel" label={t('join.guardianPhone')} errors={errors} value={values['g-phone']} />
          <Checkbox id="g-consent" label={t('join.guardianConsentPaper')} errors={errors} checked={values['g-consent'] === 'yes'} />
          <TextField id="g-consentSignedOn" type="date" label={t('join.guardianSignedOn')} hint={t('join.dateHint')} errors={errors} value={values['g-consentSignedOn']} width="short" />
          <Button secondary>{t('joining.addGuardian')}</Button>
        </PostForm>
      </details>
    </section>
  );
}

function Answers({ ctx, answers }: { ctx: ViewContext; answers: ReferenceAnswers }) {
  const { t } = ctx;
  return (
    <dl className="summary-list">
      {QUESTIONS.map((q) => (
        <Fragment key={q}>
          <dt>{t(`reference.q.${q}`)}</dt>
          <dd>
            {t(`reference.rating.${answers[q].rating}`)}
            {answers[q].comment ? ` – ${answers[q].comment}` : ''}
          </dd>
        </Fragment>
      ))}
      <dt>{t('reference.freeText')}</dt>
      <dd>{answers.freeText ?? ''}</dd>
    </dl>
  );
}

function ReferenceItem({ ctx, tb, memberId, r, errors, values }: { ctx: ViewContext; tb: string; memberId: string; r: StaffReference; errors: FormError[]; values: Form }) {
  const { t } = ctx;
  const id = `verdict-${r.id}-`;
  return (
    <li>
      <h3>{t('reference.from', { name: r.referee_name, relationship: r.relationship })}</h3>
      <p>
        {t('reference.asked', { date: day(r.requested_at), by: r.requested_by_name ?? '–' })}
        {r.referee_phone ? ` – ${r.referee_phone}` : ''}
        {r.referee_email ? ` – ${r.referee_email}` : ''}
      </p>
      {r.answers ? (
        <>
          <p>{t('reference.answered', { date: day(r.answered_at), via: t(`reference.via.${r.answered_via ?? 'link'}`), by: r.answer_recorded_by_name ?? r.referee_name })}</p>
          <Answers ctx={ctx} answers={r.answers} />
        </>
      ) : (
        <p>
          {t('reference.waiting', { date: day(r.token_expires_at) })} <a href={`/timebanks/${tb}/references/${r.id}/answers`}>{t('reference.recordCall')}</a>
        </p>
      )}
      {r.verdict ? (
        <p>
          <strong>{t(`reference.verdict.${r.verdict}`)}</strong> – {`${day(r.verdict_at)} – ${r.verdict_by_name ?? ''} – ${r.verdict_reason ?? ''}`}
        </p>
      ) : r.answers ? (
        <PostForm action={`/timebanks/${tb}/members/${memberId}/joining/references/${r.id}/verdict`} ctx={ctx}>
          <Radios
            id={`${id}verdict`}
            label={t('reference.verdictLabel')}
            errors={errors}
            value={values[`${id}verdict`]}
            options={[
              { value: 'satisfactory', label: t('reference.verdict.satisfactory') },
              { value: 'unsatisfactory', label: t('reference.verdict.unsatisfactory') },
            ]}
          />
          <TextArea id={`${id}reason`} label={t('reference.verdictReason')} errors={errors} value={values[`${id}reason`]} />
          <Button secondary>{t('reference.saveVerdict')}</Button>
        </PostForm>
      ) : null}
    </li>
  );
}

function ReferenceSection(props: { ctx: ViewContext; tb: string; memberId: string; references: StaffReference[]; errors: FormError[]; values: Form }) {
  const { ctx, tb, memberId, errors, values } = props;
  const { t } = ctx;
  return (
    <section aria-labelledby="references-title">
      <h2 id="references-title">{t('reference.title')}</h2>
      {props.references.length === 0 ? <p>{t('reference.none')}</p> : null}
      <ul className="list">
        {props.references.map((r) => (
          <ReferenceItem key={r.id} ctx={ctx} tb={tb} memberId={memberId} r={r} errors={errors} values={values} />
        ))}
      </ul>
      <h3>{t('reference.request')}</h3>
      <PostForm action={`/timebanks/${tb}/members/${memberId}/joining/references`} ctx={ctx}>
        <TextField id="ref-refereeName" label={t('reference.refereeName')} errors={errors} value={values['ref-refereeName']} />
        <TextField id="ref-relationship" label={t('reference.relationship')} hint={t('reference.relationshipHint')} errors={errors} value={values['ref-relationship']} />
        <TextField id="ref-email" type="email" label={t('reference.email')} hint={t('reference.contactHint')} errors={errors} value={values['ref-email']} />
        <TextField id="ref-phone" type="tel" label={t('reference.phone')} errors={errors} value={values['ref-phone']} />
        <Button secondary>{t('reference.requestButton')}</Button>
      </PostForm>
    </section>
  );
}

function AgreementSection({ ctx, tb, memberId, status, errors, values }: { ctx: ViewContext; tb: string; memberId: string; status: AgreementStatus; errors: FormError[]; values: Form }) {
  const { t } = ctx;
  const { version, signature } = status;
  return (
    <section aria-labelledby="agreement-title">
      <h2 id="agreement-title">{t('agreement.title')}</h2>
      {!version ? (
        <p>{t('agreement.noVersion')}</p>
      ) : signature ? (
        <p>
          {t('agreement.signed', { version: version.version, date: signature.signed_on, method: t(`joining.consent.${signature.method}`) })}
          {signature.recorded_by_name ? ` – ${t('agreement.recordedBy', { name: signature.recorded_by_name })}` : ''}
        </p>
      ) : (
        <>
          <p>{t('agreement.notSigned', { version: version.version })}</p>
          <PostForm action={`/timebanks/${tb}/members/${memberId}/joining/agreement`} ctx={ctx}>
            <input type="hidden" name="paper-versionId" value={version.id} />
            <TextField id="paper-signedOn" type="date" label={t('agreement.paperSignedOn')} hint={t('join.dateHint')} errors={errors} value={values['paper-signedOn']} width="short" />
            <Button secondary>{t('agreement.recordPaper')}</Button>
          </PostForm>
        </>
      )}
    </section>
  );
}

/** One screen for a call about a member's joining: application, guardian, references, agreement. */
export function MemberJoiningPage(props: {
  ctx: ViewContext;
  timebank: { id: string; name: string };
  record: JoiningRecord;
  references: StaffReference[];
  agreement: AgreementStatus;
  errors: FormError[];
  values: Form;
}) {
  const { ctx, timebank, record, errors, values } = props;
  const { t } = ctx;
  const tb = timebank.id;
  return (
    <Layout ctx={ctx} title={t('joining.title', { name: record.displayName })} errors={errors}>
      <h1>{t('joining.title', { name: record.displayName })}</h1>
      <dl className="summary-list">
        <dt>{t('members.status')}</dt>
        <dd>{t(`status.${record.status}`)}</dd>
        <dt>{t('join.birthDate')}</dt>
        <dd>{record.birthDate ? `${record.birthDate} (${t('joining.age', { age: record.age ?? 0 })})` : t('joining.unknown')}</dd>
      </dl>
      <p>
        <a href={`/people/${record.personId}`}>{t('joining.fullRecord')}</a>
      </p>
      <ApplicationSection ctx={ctx} tb={tb} record={record} errors={errors} values={values} />
      <GuardianSection ctx={ctx} tb={tb} record={record} errors={errors} values={values} />
      <ReferenceSection ctx={ctx} tb={tb} memberId={record.memberId} references={props.references} errors={errors} values={values} />
      <AgreementSection ctx={ctx} tb={tb} memberId={record.memberId} status={props.agreement} errors={errors} values={values} />
    </Layout>
  );
}

/** The referee's questions: on the public page behind the link, or for a broker on a call. */
export function ReferenceAnswerPage(props: { ctx: ViewContext; title: string; intro: string; action: string; errors: FormError[]; values: Form }) {
  const { ctx, errors, values } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={props.title} errors={errors}>
      <h1>{props.title}</h1>
      <p>{props.intro}</p>
      <PostForm action={props.action} ctx={ctx}>
        {QUESTIONS.map((q) => (
          <div key={q}>
            <Radios
              id={`${q}-rating`}
              label={t(`reference.q.${q}`)}
              hint={t(`reference.qHint.${q}`)}
              errors={errors}
              value={values[`${q}-rating`]}
              options={RATINGS.map((r) => ({ value: r, label: t(`reference.rating.${r}`) }))}
            />
            <TextArea id={`${q}-comment`} label={t('reference.comment')} errors={errors} value={values[`${q}-comment`]} rows={2} />
          </div>
        ))}
        <TextArea id="freeText" label={t('reference.freeText')} hint={t('reference.freeTextHint')} errors={errors} value={values.freeText} rows={5} />
        <Button>{t('reference.send')}</Button>
      </PostForm>
    </Layout>
  );
}

export function MessagePage({ ctx, title, text, status }: { ctx: ViewContext; title: string; text: string; status?: string }) {
  return (
    <Layout ctx={ctx} title={title}>
      <h1>{title}</h1>
      <p>{text}</p>
      {status ? <p>{status}</p> : null}
    </Layout>
  );
}

/** The timebank's agreement for staff: the current version, who has not signed it, and (coordinators) a new version. */
export function AgreementAdminPage(props: {
  ctx: ViewContext;
  timebank: { id: string; name: string };
  version: Version | null;
  unsigned: { member_id: string; display_name: string; phone: string | null }[];
  canPublish: boolean;
  draft: { bodyEn: string; bodyPl: string };
  errors: FormError[];
}) {
  const { ctx, timebank, version, errors } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('agreement.adminTitle', { timebank: timebank.name })} errors={errors}>
      <h1>{t('agreement.adminTitle', { timebank: timebank.name })}</h1>
      {version ? (
        <>
          <h2>{t('agreement.versionTitle', { version: version.version, date: day(version.published_at) })}</h2>
          <AgreementText ctx={ctx} bodyEn={version.body_en} bodyPl={version.body_pl} />
          <h2>{t('agreement.unsignedTitle', { count: props.unsigned.length })}</h2>
          <ul className="list">
            {props.unsigned.map((m) => (
              <li key={m.member_id}>
                <a href={`/timebanks/${timebank.id}/members/${m.member_id}/joining`}>{m.display_name}</a>
                {m.phone ? ` – ${m.phone}` : ''}
              </li>
            ))}
          </ul>
        </>
      ) : (
        <p>{t('agreement.noVersion')}</p>
      )}
      {props.canPublish ? (
        <>
          <h2>{t('agreement.publishTitle')}</h2>
          <p>{t('agreement.publishHint')}</p>
          <PostForm action={`/timebanks/${timebank.id}/agreement`} ctx={ctx}>
            <TextArea id="bodyEn" label={t('agreement.bodyEn')} errors={errors} value={props.draft.bodyEn} rows={14} />
            <TextArea id="bodyPl" label={t('agreement.bodyPl')} errors={errors} value={props.draft.bodyPl} rows={14} />
            <Button>{t('agreement.publish')}</Button>
          </PostForm>
        </>
      ) : null}
    </Layout>
  );
}

/** A member's own view: the agreement to sign, and their references (that they exist, and the verdict). */
export function MyMembershipPage(props: { ctx: ViewContext; timebank: { id: string; name: string } | null; agreement: AgreementStatus | null; references: OwnReference[]; errors: FormError[] }) {
  const { ctx, agreement, errors } = props;
  const { t } = ctx;
  const version = agreement?.version;
  return (
    <Layout ctx={ctx} title={t('membership.title')} errors={errors}>
      <h1>{t('membership.title')}</h1>
      <section aria-labelledby="my-agreement-title">
        <h2 id="my-agreement-title">{t('agreement.title')}</h2>
        {!version || !props.timebank ? (
          <p>{t('agreement.noVersion')}</p>
        ) : (
          <>
            <p>{t('agreement.versionTitle', { version: version.version, date: day(version.published_at) })}</p>
            <AgreementText ctx={ctx} bodyEn={version.body_en} bodyPl={version.body_pl} />
            {agreement?.signature ? (
              <p>
                <strong>{t('agreement.youSigned', { date: agreement.signature.signed_on })}</strong>
              </p>
            ) : ctx.principal?.actingFor ? (
              <p>{t('agreement.actingFor')}</p>
            ) : (
              <PostForm action="/me/membership/sign" ctx={ctx}>
                <input type="hidden" name="timebankId" value={props.timebank.id} />
                <input type="hidden" name="versionId" value={version.id} />
                <Button>{t('agreement.sign')}</Button>
              </PostForm>
            )}
          </>
        )}
      </section>
      <section aria-labelledby="my-references-title">
        <h2 id="my-references-title">{t('reference.title')}</h2>
        {props.references.length === 0 ? <p>{t('reference.none')}</p> : null}
        <ul className="list">
          {props.references.map((r) => (
            <li key={r.id}>
              {`${r.refereeName} – ${r.verdict ? t(`reference.verdict.${r.verdict}`) : r.answered ? t('membership.refAnswered') : t('membership.refWaiting')}`}
            </li>
          ))}
        </ul>
      </section>
    </Layout>
  );
}
