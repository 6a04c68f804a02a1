import type { personRecordOut } from '../../modules/people/routes.ts';
import { Button, PostForm, SelectField, TextField } from '../components.tsx';
import { Layout } from '../layout.tsx';
import { type RecordExtrasData, RecordExtras } from '../record/sections.tsx';
import type { FormError, ViewContext } from '../view.ts';

type PersonRecord = ReturnType<typeof personRecordOut>;

/** What was given in a membership's status form that came back with errors. */
export interface StatusForm {
  memberId: string;
  values: Record<string, string | undefined>;
}

type Membership = PersonRecord['memberships'][number];

/** A broker's form to change a membership's status: open, with the values given, after errors. */
function StatusChange(props: { ctx: ViewContext; membership: Membership; errors: FormError[]; given: StatusForm['values'] | undefined }) {
  const { ctx, membership: m, errors, given } = props;
  const { t } = ctx;
  return (
    <details className="details" open={given ? true : undefined}>
      <summary>{t('record.changeStatus')}</summary>
      <PostForm action={`/timebanks/${m.timebankId}/members/${m.memberId}/status`} ctx={ctx}>
        <SelectField
          id={`status-${m.memberId}`}
          name="status"
          label={t('record.status')}
          value={given?.status ?? m.status}
          errors={errors}
          options={(['active', 'paused', 'left', 'suspended'] as const).map((s) => ({ value: s, label: t(`status.${s}`) }))}
        />
        <TextField id={`pausedUntil-${m.memberId}`} name="pausedUntil" type="date" label={t('record.pausedUntil')} value={given?.pausedUntil} errors={errors} />
        <TextField id={`reason-${m.memberId}`} name="reason" label={t('record.reason')} value={given?.reason} errors={errors} />
        <Button secondary>{t('record.save')}</Button>
      </PostForm>
    </details>
  );
}

/** Everything held about a person: what they see of themself and what their broker sees. */
export function RecordPage(props: {
  ctx: ViewContext;
  record: PersonRecord;
  staffTimebankIds: string[];
  errors: FormError[];
  statusForm?: StatusForm | undefined;
  /** My record, notes and data rights (src/web/record). */
  extras?: RecordExtrasData | undefined;
}) {
  const { ctx, record, staffTimebankIds, errors, statusForm, extras } = props;
  const { t } = ctx;
  const { person } = record;
  return (
    <Layout ctx={ctx} title={t('record.title', { name: person.displayName })} errors={errors}>
      <h1>{t('record.title', { name: person.displayName })}</h1>
      <h2>{t('record.details')}</h2>
      <dl className="summary-list">
        <dt>{t('record.email')}</dt>
        <dd>{person.email ?? t('common.notSet')}</dd>
        <dt>{t('record.phone')}</dt>
        <dd>{person.phone ?? t('common.notSet')}</dd>
        <dt>{t('record.birthYear')}</dt>
        <dd>{person.birthYear ?? t('common.notSet')}</dd>
        <dt>{t('record.signIn')}</dt>
        <dd>{person.canSignIn ? t('record.yes') : t('record.no')}</dd>
      </dl>
      <h2>{t('record.memberships')}</h2>
      <ul className="list">
        {record.memberships.map((m) => (
          <li key={m.memberId}>
            {m.timebankName} – {t(`status.${m.status}`)}
            {m.pausedUntil ? ` (${t('record.pausedUntil')} ${m.pausedUntil})` : ''}
            {m.areaName ? ` – ${m.areaName}` : ''}
            {staffTimebankIds.includes(m.timebankId) ? (
              <>
                {' – '}
                <a href={`/timebanks/${m.timebankId}/members/${m.memberId}/safeguarding`}>{t('record.careScreen')}</a>
              </>
            ) : null}
            {staffTimebankIds.includes(m.timebankId) ? (
              <StatusChange ctx={ctx} membership={m} errors={errors} given={statusForm?.memberId === m.memberId ? statusForm.values : undefined} />
            ) : null}
          </li>
        ))}
      </ul>
      {ctx.principal?.personId === person.id ? (
        <p>
          <a href="/me/safeguarding">{t('record.myChecks')}</a>
        </p>
      ) : null}
      <h2>{t('record.roles')}</h2>
      {record.roles.length ? (
        <ul className="list">
          {record.roles.map((r) => (
            <li key={`${r.role}:${r.timebankId}`}>
              {t(`role.${r.role as 'broker'}`)} {r.timebankName ? `– ${r.timebankName}` : ''}
            </li>
          ))}
        </ul>
      ) : (
        <p>{t('record.none')}</p>
      )}
      <h2>{t('record.organisations')}</h2>
      {record.organisations.length ? (
        <ul className="list">
          {record.organisations.map((o) => (
            <li key={o.id}>
              <a href={`/organisations/${o.id}`}>{o.name}</a>
            </li>
          ))}
        </ul>
      ) : (
        <p>{t('record.none')}</p>
      )}
      <h2>{t('record.history')}</h2>
      {record.history.length ? (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t('record.when')}</th>
              <th scope="col">{t('record.what')}</th>
              <th scope="col">{t('record.by')}</th>
            </tr>
          </thead>
          <tbody>
            {record.history.map((h) => (
              <tr key={`${h.at}:${h.action}`}>
                <td>{new Date(h.at).toLocaleString(ctx.locale === 'pl' ? 'pl-PL' : 'en-GB', { timeZone: ctx.timeZone })}</td>
                <td>{h.action}</td>
                <td>{h.by ?? '–'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p>{t('record.noHistory')}</p>
      )}
      {extras ? <RecordExtras ctx={ctx} personId={person.id} displayName={person.displayName} data={extras} /> : null}
    </Layout>
  );
}
