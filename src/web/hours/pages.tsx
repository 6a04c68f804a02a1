// The hours pages: balance and statement, pending hours to confirm, recording hours, giving
// hours, a broker's paper sheet, a transfer and its reversal, and flows between timebanks.
// All are plain forms: they work with JavaScript off.
import type { ReactNode } from 'react';
import type { ClearingFlow, StatementEntry, Transfer } from '../../modules/ledger/types.ts';
import { Button, PostForm, SelectField, TextField } from '../components.tsx';
import { Layout } from '../layout.tsx';
import type { FormError, ViewContext } from '../view.ts';
import { CATEGORIES, categoryLabel, change, duration, KINDS } from './format.ts';

export interface AccountSummary {
  id: string;
  timebankName: string;
  organisationName: string | null;
  balanceMinutes: number;
  availableMinutes: number | null;
}

export interface PendingItem {
  transfer: Transfer;
  otherName: string;
  /** true: this account pays, so its holder confirms or declines. */
  toConfirm: boolean;
}

const accountLabel = (a: AccountSummary) => (a.organisationName ? `${a.organisationName} (${a.timebankName})` : a.timebankName);

function Balance({ ctx, account, given, received }: { ctx: ViewContext; account: AccountSummary; given: number; received: number }) {
  const { t } = ctx;
  return (
    <dl className="summary-list">
      <dt>{t('hours.balance')}</dt>
      <dd className="balance">{duration(t, account.balanceMinutes)}</dd>
      {account.availableMinutes !== null ? (
        <>
          <dt>{t('hours.available')}</dt>
          <dd>{duration(t, account.availableMinutes)}</dd>
        </>
      ) : null}
      <dt>{t('hours.given')}</dt>
      <dd>{duration(t, given)}</dd>
      <dt>{t('hours.received')}</dt>
      <dd>{duration(t, received)}</dd>
    </dl>
  );
}

function Pending({ ctx, items }: { ctx: ViewContext; items: PendingItem[] }) {
  const { t } = ctx;
  return (
    <section aria-labelledby="pending-title">
      <h2 id="pending-title">{t('hours.pendingTitle')}</h2>
      {items.length === 0 ? <p>{t('hours.pendingNone')}</p> : null}
      <ul className="list">
        {items.map(({ transfer: tr, otherName, toConfirm }) => {
          const values = { name: otherName, category: categoryLabel(t, tr.category), duration: duration(t, tr.minutes) };
          return (
            <li key={tr.id} className="pending-item">
              <p>{toConfirm ? t('hours.pendingToYou', values) : t('hours.pendingFromYou', values)}</p>
              {toConfirm ? (
                <div className="button-group">
                  <PostForm action={`/hours/pending/${tr.id}/confirm`} ctx={ctx} className="inline-form">
                    <input type="hidden" name="resolveId" value={crypto.randomUUID()} />
                    <Button>{`${t('hours.confirm')}`}</Button>
                  </PostForm>
                  <PostForm action={`/hours/pending/${tr.id}/decline`} ctx={ctx} className="inline-form">
                    <input type="hidden" name="resolveId" value={crypto.randomUUID()} />
                    <Button secondary>{t('hours.decline')}</Button>
                  </PostForm>
                </div>
              ) : null}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

function Statement(props: { ctx: ViewContext; accountId: string; entries: StatementEntry[]; nextBefore: number | null; kind: string; canOpen: boolean }) {
  const { ctx, accountId, entries, nextBefore, kind, canOpen } = props;
  const { t } = ctx;
  const dateFmt = new Intl.DateTimeFormat(ctx.locale === 'pl' ? 'pl-PL' : 'en-GB', { dateStyle: 'medium', timeZone: ctx.timeZone });
  return (
    <section aria-labelledby="statement-title">
      <h2 id="statement-title">{t('hours.statement')}</h2>
      <form method="get" action="/hours" className="filters">
        <input type="hidden" name="account" value={accountId} />
        <SelectField
          id="kind"
          label={t('hours.kindFilter')}
          value={kind}
          errors={[]}
          options={[{ value: '', label: t('hours.allKinds') }, ...KINDS.map((k) => ({ value: k, label: t(`kind.${k}`) }))]}
        />
        <Button secondary>{t('hours.filter')}</Button>
      </form>
      {entries.length === 0 ? (
        <p>{t('hours.statementNone')}</p>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t('hours.date')}</th>
              <th scope="col">{t('hours.what')}</th>
              <th scope="col">{t('hours.with')}</th>
              <th scope="col" className="numeric">
                {t('hours.change')}
              </th>
              <th scope="col" className="numeric">
                {t('hours.after')}
              </th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr key={e.entrySeq}>
                <td>{dateFmt.format(e.createdAt)}</td>
                <td>
                  {canOpen ? <a href={`/transfers/${e.transferId}`}>{t(`kind.${e.kind}`)}</a> : t(`kind.${e.kind}`)}
                  {` · ${categoryLabel(t, e.category)}`}
                  {e.memo ? <span className="hint">{` – ${e.memo}`}</span> : null}
                </td>
                <td>{e.counterpartyName}</td>
                <td className="numeric">{change(t, e.changeMinutes)}</td>
                <td className="numeric">{duration(t, e.balanceAfterMinutes)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p>
        {nextBefore ? (
          <a href={`/hours?${new URLSearchParams({ account: accountId, before: String(nextBefore), ...(kind ? { kind } : {}) })}`}>{t('hours.older')}</a>
        ) : null}
      </p>
      <p>
        <a href={`/api/v1/accounts/${accountId}/statement.csv`} download>
          {t('hours.csv')}
        </a>
      </p>
    </section>
  );
}

export function HoursPage(props: {
  ctx: ViewContext;
  title: string;
  accounts: AccountSummary[];
  current: AccountSummary | null;
  given: number;
  received: number;
  pending: PendingItem[];
  entries: StatementEntry[];
  nextBefore: number | null;
  kind: string;
  canOpenTransfers: boolean;
  /** A coordinator of the account's timebank may change its limits. */
  canSetLimits?: boolean;
}) {
  const { ctx, current } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={props.title}>
      <h1>{props.title}</h1>
      {!current ? (
        <p>{t('hours.noAccount')}</p>
      ) : (
        <>
          {props.accounts.length > 1 ? (
            <form method="get" action="/hours" className="filters">
              <SelectField
                id="account"
                label={t('hours.account')}
                value={current.id}
                errors={[]}
                options={props.accounts.map((a) => ({ value: a.id, label: accountLabel(a) }))}
              />
              <Button secondary>{t('hours.choose')}</Button>
            </form>
          ) : null}
          <Balance ctx={ctx} account={current} given={props.given} received={props.received} />
          <p className="actions">
            <a href="/hours/record">{t('hours.recordLink')}</a>
            <a href="/hours/give">{t('hours.give')}</a>
            {props.canSetLimits ? <a href={`/accounts/${current.id}/limits`}>{t('hours.limitsLink')}</a> : null}
          </p>
          <Pending ctx={ctx} items={props.pending} />
          <Statement
            ctx={ctx}
            accountId={current.id}
            entries={props.entries}
            nextBefore={props.nextBefore}
            kind={props.kind}
            canOpen={props.canOpenTransfers}
          />
        </>
      )}
    </Layout>
  );
}

export interface Choice {
  value: string;
  label: string;
}

export function RecordHoursPage(props: { ctx: ViewContext; people: Choice[]; errors: FormError[]; values: Record<string, string | undefined>; forStaff: boolean }) {
  const { ctx, people, errors, values } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('record.hours.title')} errors={errors}>
      <h1>{t('record.hours.title')}</h1>
      <p className="hint">{t('record.hours.hint')}</p>
      {people.length === 0 ? (
        <p>{t('record.hours.nobody')}</p>
      ) : (
        <PostForm action="/hours/record" ctx={ctx}>
          <input type="hidden" name="id" value={values.id ?? crypto.randomUUID()} />
          <SelectField
            id="counterparty"
            label={t('record.hours.whom')}
            hint={props.forStaff ? undefined : t('record.hours.whomHint')}
            value={values.counterparty ?? ''}
            errors={errors}
            options={[{ value: '', label: '' }, ...people]}
          />
          <HoursMinutes ctx={ctx} errors={errors} values={values} />
          <CategorySelect ctx={ctx} errors={errors} value={values.category} />
          <TextField id="memo" label={t('record.hours.memo')} value={values.memo} errors={errors} />
          <Button>{t('record.hours.submit')}</Button>
        </PostForm>
      )}
    </Layout>
  );
}

export function HoursMinutes({ ctx, errors, values, suffix = '' }: { ctx: ViewContext; errors: FormError[]; values: Record<string, string | undefined>; suffix?: string }) {
  const { t } = ctx;
  return (
    <div className="duration">
      <TextField id={`hours${suffix}`} name={`hours${suffix}`} label={t('record.hours.hours')} errors={errors} value={values[`hours${suffix}`]} inputMode="numeric" width="short" />
      <TextField
        id={`minutes${suffix}`}
        name={`minutes${suffix}`}
        label={t('record.hours.minutes')}
        errors={errors}
        value={values[`minutes${suffix}`]}
        inputMode="numeric"
        width="short"
      />
    </div>
  );
}

export function CategorySelect({ ctx, errors, value, suffix = '' }: { ctx: ViewContext; errors: FormError[]; value: string | undefined; suffix?: string }) {
  const { t } = ctx;
  return (
    <SelectField
      id={`category${suffix}`}
      name={`category${suffix}`}
      label={t('record.hours.category')}
      value={value ?? ''}
      errors={errors}
      options={[{ value: '', label: '' }, ...CATEGORIES.map((c) => ({ value: c, label: categoryLabel(t, c) }))]}
    />
  );
}

export function GivePage(props: { ctx: ViewContext; choices: Choice[]; errors: FormError[]; values: Record<string, string | undefined> }) {
  const { ctx, choices, errors, values } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('give.title')} errors={errors}>
      <h1>{t('give.title')}</h1>
      <p className="hint">{t('give.hint')}</p>
      <PostForm action="/hours/give" ctx={ctx}>
        <input type="hidden" name="id" value={values.id ?? crypto.randomUUID()} />
        <SelectField id="counterparty" label={t('give.to')} value={values.counterparty ?? ''} errors={errors} options={[{ value: '', label: '' }, ...choices]} />
        <HoursMinutes ctx={ctx} errors={errors} values={values} />
        <CategorySelect ctx={ctx} errors={errors} value={values.category} />
        <TextField id="memo" label={t('record.hours.memo')} value={values.memo} errors={errors} />
        <Button>{t('give.submit')}</Button>
      </PostForm>
    </Layout>
  );
}

export const SHEET_LINES = 8;

export function SheetPage(props: { ctx: ViewContext; timebankId: string; members: Choice[]; errors: FormError[]; values: Record<string, string | undefined> }) {
  const { ctx, members, errors, values } = props;
  const { t } = ctx;
  const options = [{ value: '', label: t('sheet.nobody') }, ...members];
  return (
    <Layout ctx={ctx} title={t('sheet.title')} errors={errors}>
      <h1>{t('sheet.title')}</h1>
      <p className="hint">{t('sheet.hint')}</p>
      <PostForm action={`/timebanks/${props.timebankId}/sheet`} ctx={ctx}>
        <input type="hidden" name="batchId" value={values.batchId ?? crypto.randomUUID()} />
        {Array.from({ length: SHEET_LINES }, (_, i) => {
          const n = i + 1;
          return (
            <fieldset key={n} className="fieldset sheet-line">
              <legend>{t('sheet.line', { n })}</legend>
              <SelectField id={`giver-${n}`} name={`giver-${n}`} label={t('sheet.giver')} value={values[`giver-${n}`] ?? ''} errors={errors} options={options} />
              <SelectField id={`receiver-${n}`} name={`receiver-${n}`} label={t('sheet.receiver')} value={values[`receiver-${n}`] ?? ''} errors={errors} options={options} />
              <HoursMinutes ctx={ctx} errors={errors} values={values} suffix={`-${n}`} />
              <CategorySelect ctx={ctx} errors={errors} value={values[`category-${n}`]} suffix={`-${n}`} />
            </fieldset>
          );
        })}
        <Button>{t('sheet.submit')}</Button>
      </PostForm>
    </Layout>
  );
}

export interface TransferDetail {
  transfer: Transfer;
  fromName: string;
  toName: string;
  recordedByName: string | null;
  onBehalfOfName: string | null;
  reversal: Transfer | undefined;
  resolution: Transfer | undefined;
}

/**
 * One transfer, whole: who paid and who received, when, what for, its state, who recorded it and
 * for whom, what it belongs to, and what came after it (its reversal; the confirmation or
 * decline of pending hours), with the coordinator's reversal form while it can still be reversed.
 */
export function TransferPage(props: {
  ctx: ViewContext;
  detail: TransferDetail;
  canReverse: boolean;
  errors: FormError[];
}) {
  const { ctx, detail: d, canReverse, errors } = props;
  const { t } = ctx;
  const tr = d.transfer;
  const when = new Intl.DateTimeFormat(ctx.locale === 'pl' ? 'pl-PL' : 'en-GB', {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: ctx.timeZone,
  });
  const link = (x: Transfer, label: string) => (
    <a href={`/transfers/${x.id}`}>{`${label}: ${when.format(x.createdAt)}`}</a>
  );
  const row = (label: string, value: ReactNode) => (
    <div>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  );
  const recorded =
    d.recordedByName && d.onBehalfOfName
      ? t('transfer.byFor', { by: d.recordedByName, for: d.onBehalfOfName })
      : (d.recordedByName ?? t('transfer.bySystem'));
  return (
    <Layout ctx={ctx} title={t('transfer.title')} errors={errors}>
      <h1>{`${t('transfer.title')}: ${t(`kind.${tr.kind}`)}`}</h1>
      <dl className="summary-list">
        {row(t('hours.date'), when.format(tr.createdAt))}
        {row(t('transfer.from'), d.fromName)}
        {row(t('transfer.to'), d.toName)}
        {row(t('hours.change'), duration(t, tr.minutes))}
        {row(t('hours.what'), categoryLabel(t, tr.category))}
        {row(t('transfer.state'), t(`transfer.phase.${tr.phase}`))}
        {row(t('transfer.recordedBy'), recorded)}
        {tr.memo ? row(t('transfer.memo'), tr.memo) : null}
        {tr.reason ? row(t('transfer.reason'), tr.reason) : null}
        {tr.exchangeId
          ? row(
              t('transfer.exchange'),
              <a href={`/exchanges/${tr.exchangeId}`}>{t('transfer.openExchange')}</a>,
            )
          : null}
        {tr.activityId
          ? row(
              t('transfer.activity'),
              <a href={`/activities/${tr.activityId}`}>{t('transfer.openActivity')}</a>,
            )
          : null}
        {tr.reversesTransferId
          ? row(
              t('transfer.reverses'),
              <a href={`/transfers/${tr.reversesTransferId}`}>{t('transfer.original')}</a>,
            )
          : null}
        {tr.pendingId
          ? row(
              t('transfer.resolves'),
              <a href={`/transfers/${tr.pendingId}`}>{t('transfer.pendingHours')}</a>,
            )
          : null}
        {d.resolution
          ? row(
              t(d.resolution.phase === 'void_pending' ? 'transfer.declined' : 'transfer.confirmed'),
              link(d.resolution, t(`transfer.phase.${d.resolution.phase}`)),
            )
          : null}
        {d.reversal
          ? row(t('transfer.reversedBy'), link(d.reversal, d.reversal.reason ?? t('kind.reversal')))
          : null}
      </dl>
      {canReverse && !d.reversal ? (
        <PostForm action={`/transfers/${tr.id}/reverse`} ctx={ctx}>
          <h2>{t('transfer.reverse')}</h2>
          <input type="hidden" name="id" value={crypto.randomUUID()} />
          <TextField
            id="reason"
            label={t('transfer.reason')}
            hint={t('transfer.reasonHint')}
            errors={errors}
          />
          <Button secondary>{t('transfer.reverse')}</Button>
        </PostForm>
      ) : null}
      <p>
        <a href="/hours">{t('transfer.back')}</a>
      </p>
    </Layout>
  );
}

/** Flows and the net position between every two linked timebanks. */
export function FlowsTable({ ctx, flows }: { ctx: ViewContext; flows: ClearingFlow[] }) {
  const { t } = ctx;
  if (flows.length === 0) return <p>{t('flows.none')}</p>;
  return (
    <table className="table">
      <thead>
        <tr>
          <th scope="col">{t('flows.pair')}</th>
          <th scope="col" className="numeric">
            {t('flows.aToB')}
          </th>
          <th scope="col" className="numeric">
            {t('flows.bToA')}
          </th>
          <th scope="col">{t('flows.net')}</th>
          <th scope="col" className="numeric">
            {t('flows.limit')}
          </th>
        </tr>
      </thead>
      <tbody>
        {flows.map((f) => (
          <tr key={`${f.timebankAId}:${f.timebankBId}`}>
            <td>{`${f.timebankAName} – ${f.timebankBName}`}</td>
            <td className="numeric">{duration(t, f.paidFromAToBMinutes)}</td>
            <td className="numeric">{duration(t, f.paidFromBToAMinutes)}</td>
            <td>
              {f.netOwedByBToAMinutes === 0
                ? t('flows.even')
                : f.netOwedByBToAMinutes > 0
                  ? t('flows.netText', { debtor: f.timebankBName, creditor: f.timebankAName, duration: duration(t, f.netOwedByBToAMinutes) })
                  : t('flows.netText', { debtor: f.timebankAName, creditor: f.timebankBName, duration: duration(t, -f.netOwedByBToAMinutes) })}
            </td>
            <td className="numeric">{duration(t, f.clearingLimitMinutes)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
