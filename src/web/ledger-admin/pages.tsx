// The ledger's settings as pages: a timebank's default limits and pending-hours rules (its
// coordinator), one account's own limits with a reason (a coordinator), and the clearing
// limits between linked timebanks (the network admin, on the flows page). Plain forms.
import type { ClearingFlow, LedgerSettings } from '../../modules/ledger/types.ts';
import { Button, PostForm, SelectField, TextField } from '../components.tsx';
import { duration } from '../hours/format.ts';
import { FlowsTable } from '../hours/pages.tsx';
import { Layout } from '../layout.tsx';
import type { FormError, ViewContext } from '../view.ts';
import { hoursText } from './hours-input.ts';

type Values = Record<string, string | undefined>;

/** The form's first values from the settings as stored. */
export function settingsValues(s: LedgerSettings): Values {
  return {
    floor: hoursText(-s.balanceMinutesMin),
    ceiling: s.balanceMinutesMax === null ? '' : hoursText(s.balanceMinutesMax),
    confirmation: s.confirmationRequired ? 'yes' : 'no',
    timeoutDays: s.pendingTimeoutDays === null ? '' : String(s.pendingTimeoutDays),
    timeoutAction: s.pendingTimeoutAction,
    starter: hoursText(s.starterMinutes),
  };
}

export function LedgerSettingsPage(props: {
  ctx: ViewContext;
  timebankId: string;
  timebankName: string;
  values: Values;
  errors: FormError[];
}) {
  const { ctx, values, errors } = props;
  const { t } = ctx;
  const title = t('ledgerSettings.title', { timebank: props.timebankName });
  return (
    <Layout ctx={ctx} title={title} errors={errors}>
      <h1>{title}</h1>
      <p>{t('ledgerSettings.intro')}</p>
      <PostForm action={`/timebanks/${props.timebankId}/ledger-settings`} ctx={ctx}>
        <h2>{t('ledgerSettings.limits')}</h2>
        <TextField id="floor" label={t('ledgerSettings.floor')} hint={t('ledgerSettings.floorHint')} value={values.floor} errors={errors} width="short" />
        <TextField id="ceiling" label={t('ledgerSettings.ceiling')} hint={t('ledgerSettings.ceilingHint')} value={values.ceiling} errors={errors} width="short" />
        <h2>{t('ledgerSettings.pending')}</h2>
        <SelectField
          id="confirmation"
          label={t('ledgerSettings.confirmation')}
          hint={t('ledgerSettings.confirmationHint')}
          value={values.confirmation}
          errors={errors}
          options={[
            { value: 'yes', label: t('ledgerSettings.yes') },
            { value: 'no', label: t('ledgerSettings.no') },
          ]}
        />
        <TextField
          id="timeoutDays"
          label={t('ledgerSettings.timeoutDays')}
          hint={t('ledgerSettings.timeoutDaysHint')}
          value={values.timeoutDays}
          errors={errors}
          inputMode="numeric"
          width="short"
        />
        <SelectField
          id="timeoutAction"
          label={t('ledgerSettings.timeoutAction')}
          value={values.timeoutAction}
          errors={errors}
          options={[
            { value: 'post', label: t('ledgerSettings.timeoutPost') },
            { value: 'void', label: t('ledgerSettings.timeoutVoid') },
          ]}
        />
        <h2>{t('ledgerSettings.starterHeading')}</h2>
        <TextField id="starter" label={t('ledgerSettings.starter')} hint={t('ledgerSettings.starterHint')} value={values.starter} errors={errors} width="short" />
        <Button>{t('ledgerSettings.save')}</Button>
      </PostForm>
    </Layout>
  );
}

export interface LimitsView {
  accountId: string;
  holderName: string;
  balanceMinutes: number;
  limits: { balanceMinutesMin: number | null; balanceMinutesMax: number | null; source: string };
  reason: string | null;
  timebankId: string;
}

const limitText = (ctx: ViewContext, minutes: number | null) => (minutes === null ? ctx.t('accountLimits.none') : duration(ctx.t, minutes));

export function AccountLimitsPage(props: { ctx: ViewContext; view: LimitsView; values: Values; errors: FormError[] }) {
  const { ctx, view, values, errors } = props;
  const { t } = ctx;
  const title = t('accountLimits.title', { name: view.holderName });
  const own = view.limits.source === 'account';
  return (
    <Layout ctx={ctx} title={title} errors={errors}>
      <h1>{title}</h1>
      <dl className="summary-list">
        <dt>{t('accountLimits.balance')}</dt>
        <dd>{duration(t, view.balanceMinutes)}</dd>
        <dt>{t('accountLimits.floorNow')}</dt>
        <dd>{limitText(ctx, view.limits.balanceMinutesMin)}</dd>
        <dt>{t('accountLimits.ceilingNow')}</dt>
        <dd>{limitText(ctx, view.limits.balanceMinutesMax)}</dd>
        <dt>{t('accountLimits.source')}</dt>
        <dd>{own ? t('accountLimits.sourceAccount', { reason: view.reason ?? '' }) : t('accountLimits.sourceTimebank')}</dd>
      </dl>
      <PostForm action={`/accounts/${view.accountId}/limits`} ctx={ctx}>
        <h2>{t('accountLimits.override')}</h2>
        <TextField id="floor" label={t('ledgerSettings.floor')} hint={t('ledgerSettings.floorHint')} value={values.floor} errors={errors} width="short" />
        <TextField id="ceiling" label={t('ledgerSettings.ceiling')} hint={t('ledgerSettings.ceilingHint')} value={values.ceiling} errors={errors} width="short" />
        <TextField id="reason" label={t('accountLimits.reason')} hint={t('accountLimits.reasonHint')} value={values.reason} errors={errors} />
        <Button>{t('accountLimits.save')}</Button>
      </PostForm>
      {own ? (
        <PostForm action={`/accounts/${view.accountId}/limits/reset`} ctx={ctx}>
          <h2>{t('accountLimits.reset')}</h2>
          <TextField id="resetReason" label={t('accountLimits.reason')} value={values.resetReason} errors={errors} />
          <Button secondary>{t('accountLimits.reset')}</Button>
        </PostForm>
      ) : null}
      <p>
        <a href={`/timebanks/${view.timebankId}/ledger-settings`}>{t('accountLimits.timebankLink')}</a>
      </p>
    </Layout>
  );
}

/** The network admin's flows between timebanks, with the forms to change a clearing limit and
 * to link two more timebanks. */
export function ClearingPage(props: {
  ctx: ViewContext;
  flows: ClearingFlow[];
  timebanks: { id: string; name: string }[];
  values: Values;
  errors: FormError[];
}) {
  const { ctx, flows, values, errors } = props;
  const { t } = ctx;
  const options = props.timebanks.map((tb) => ({ value: tb.id, label: tb.name }));
  return (
    <Layout ctx={ctx} title={t('flows.title')} errors={errors}>
      <h1>{t('flows.title')}</h1>
      <FlowsTable ctx={ctx} flows={flows} />
      {flows.length > 0 ? (
        <PostForm action="/network/links/clearing-limit" ctx={ctx}>
          <h2>{t('clearing.change')}</h2>
          <SelectField
            id="link"
            label={t('clearing.link')}
            value={values.link}
            errors={errors}
            options={flows.map((f) => ({ value: `${f.timebankAId}:${f.timebankBId}`, label: `${f.timebankAName} – ${f.timebankBName}` }))}
          />
          <TextField id="limit" label={t('clearing.limit')} hint={t('clearing.limitHint')} value={values.limit} errors={errors} width="short" />
          <TextField id="reason" label={t('accountLimits.reason')} value={values.reason} errors={errors} />
          <Button>{t('clearing.save')}</Button>
        </PostForm>
      ) : null}
      <PostForm action="/network/links" ctx={ctx}>
        <h2>{t('clearing.new')}</h2>
        <SelectField id="first" label={t('clearing.first')} value={values.first} errors={errors} options={options} />
        <SelectField id="second" label={t('clearing.second')} value={values.second} errors={errors} options={options} />
        <TextField id="newLimit" label={t('clearing.limit')} hint={t('clearing.limitHint')} value={values.newLimit} errors={errors} width="short" />
        <Button secondary>{t('clearing.linkButton')}</Button>
      </PostForm>
    </Layout>
  );
}
