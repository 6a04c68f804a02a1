// Notification pages: a person's list, their choices per kind, the unsubscribe confirmation
// (public), a coordinator's failed mail, and a broker's "to phone" list. Plain forms.
import type { NotificationItem } from '../../modules/notifications/service.ts';
import { Button, PostForm, SelectField, TextField } from '../components.tsx';
import { Layout } from '../layout.tsx';
import type { FormError, ViewContext } from '../view.ts';

const when = (ctx: ViewContext, d: Date | string) =>
  new Intl.DateTimeFormat(ctx.locale === 'pl' ? 'pl-PL' : 'en-GB', {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: 'UTC',
  }).format(new Date(d));

export function NotificationsPage({
  ctx,
  items,
  unread,
}: {
  ctx: ViewContext;
  items: NotificationItem[];
  unread: number;
}) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('notifications.title')}>
      <h1>{t('notifications.title')}</h1>
      <p>{t('notifications.unread', { count: unread })}</p>
      <p>
        <a href="/notifications/settings">{t('notifications.settingsLink')}</a>
      </p>
      {items.length === 0 ? <p>{t('notifications.none')}</p> : null}
      {unread > 0 ? (
        <PostForm action="/notifications/read" ctx={ctx}>
          <input type="hidden" name="all" value="true" />
          <Button secondary>{t('notifications.markAllRead')}</Button>
        </PostForm>
      ) : null}
      <ul className="list">
        {items.map((n) => (
          <li key={n.id} className={n.read ? 'notification' : 'notification notification--unread'}>
            <p>
              {n.read ? null : <strong className="tag">{t('notifications.new')} </strong>}
              <a href={n.href}>{n.title}</a>
            </p>
            <p className="hint">{when(ctx, n.createdAt)}</p>
            {n.read ? null : (
              <PostForm action="/notifications/read" ctx={ctx} className="inline-form">
                <input type="hidden" name="id" value={n.id} />
                <Button secondary>{t('notifications.markRead')}</Button>
              </PostForm>
            )}
          </li>
        ))}
      </ul>
    </Layout>
  );
}

export function SettingsPage(props: {
  ctx: ViewContext;
  kinds: { kind: string; label: string; channel: string }[];
  errors: FormError[];
}) {
  const { ctx, kinds, errors } = props;
  const { t } = ctx;
  const options = [
    { value: 'mail', label: t('notifications.channel.mail') },
    { value: 'digest', label: t('notifications.channel.digest') },
    { value: 'none', label: t('notifications.channel.none') },
  ];
  return (
    <Layout ctx={ctx} title={t('notifications.settingsTitle')} errors={errors}>
      <h1>{t('notifications.settingsTitle')}</h1>
      <p>{t('notifications.settingsHint')}</p>
      <PostForm action="/notifications/settings" ctx={ctx}>
        {kinds.map((k) => (
          <SelectField
            key={k.kind}
            id={`kind-${k.kind}`}
            name={k.kind}
            label={k.label}
            options={options}
            value={k.channel}
            errors={errors}
          />
        ))}
        <Button>{t('notifications.save')}</Button>
      </PostForm>
    </Layout>
  );
}

export function UnsubscribePage(props: {
  ctx: ViewContext;
  token: string;
  kindLabel: string | null;
  done: boolean;
}) {
  const { ctx, token, kindLabel, done } = props;
  const { t } = ctx;
  if (kindLabel === null) {
    return (
      <Layout ctx={ctx} title={t('unsubscribe.invalidTitle')}>
        <h1>{t('unsubscribe.invalidTitle')}</h1>
        <p>{t('unsubscribe.invalid')}</p>
      </Layout>
    );
  }
  return (
    <Layout ctx={ctx} title={t('unsubscribe.title')}>
      <h1>{t('unsubscribe.title')}</h1>
      {done ? (
        <p role="status">{t('unsubscribe.done', { kind: kindLabel })}</p>
      ) : (
        <>
          <p>{t('unsubscribe.confirm', { kind: kindLabel })}</p>
          <PostForm action={`/unsubscribe?token=${encodeURIComponent(token)}`} ctx={ctx}>
            <Button>{t('unsubscribe.button')}</Button>
          </PostForm>
        </>
      )}
    </Layout>
  );
}

export interface FailedRow {
  id: string;
  what: string;
  personName: string | null;
  toAddress: string | null;
  attempts: number;
  lastError: string | null;
  addressRefused: boolean;
  failedAt: Date | null;
}

export function OutboxPage(props: {
  ctx: ViewContext;
  timebank: { id: string; name: string };
  mailConfigured: boolean;
  counts: { pending: number; sending: number; sent: number; failed: number };
  failed: FailedRow[];
}) {
  const { ctx, timebank, mailConfigured, counts, failed } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('outbox.title', { timebank: timebank.name })}>
      <h1>{t('outbox.title', { timebank: timebank.name })}</h1>
      {mailConfigured ? null : (
        <div className="banner banner--warning" role="status">
          <p>{t('outbox.notConfigured')}</p>
        </div>
      )}
      <dl className="summary-list">
        <dt>{t('outbox.pending')}</dt>
        <dd>{counts.pending + counts.sending}</dd>
        <dt>{t('outbox.sent')}</dt>
        <dd>{counts.sent}</dd>
        <dt>{t('outbox.failed')}</dt>
        <dd>{counts.failed}</dd>
      </dl>
      <h2>{t('outbox.failedTitle')}</h2>
      {failed.length === 0 ? <p>{t('outbox.noneFailed')}</p> : null}
      <ul className="list">
        {failed.map((d) => (
          <li key={d.id}>
            <p>
              <strong>{d.personName ?? d.toAddress}</strong>: {d.what}
            </p>
            <p className="hint">
              {d.addressRefused
                ? t('outbox.addressRefused', { address: d.toAddress ?? '' })
                : t('outbox.attempts', { count: d.attempts })}
              {d.failedAt ? ` · ${when(ctx, d.failedAt)}` : ''}
            </p>
            {d.lastError ? <p className="hint">{d.lastError}</p> : null}
            <PostForm
              action={`/timebanks/${timebank.id}/outbox/${d.id}/resend`}
              ctx={ctx}
              className="inline-form"
            >
              <Button secondary>{t('outbox.resend')}</Button>
            </PostForm>
          </li>
        ))}
      </ul>
    </Layout>
  );
}

interface CallRow {
  id: string;
  personId: string;
  personName: string;
  phone: string | null;
  what: string;
  createdAt: Date;
  doneAt: Date | null;
  doneBy: string | null;
}

export function PhoneListPage(props: {
  ctx: ViewContext;
  timebank: { id: string; name: string };
  open: CallRow[];
  done: CallRow[];
  problems: {
    person_id: string;
    person_name: string;
    phone: string | null;
    email: string;
    reason: string;
  }[];
  errors: FormError[];
}) {
  const { ctx, timebank, open, done, problems, errors } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('phone.title')} errors={errors}>
      <h1>{t('phone.title')}</h1>
      <p>{t('phone.hint')}</p>
      {open.length === 0 ? <p>{t('phone.none')}</p> : null}
      <ul className="list">
        {open.map((c) => (
          <li key={c.id}>
            <p>
              <a href={`/people/${c.personId}`}>{c.personName}</a>
              {' · '}
              {c.phone ? <a href={`tel:${c.phone}`}>{c.phone}</a> : t('phone.noPhone')}
            </p>
            <p>{c.what}</p>
            <p className="hint">{when(ctx, c.createdAt)}</p>
            <PostForm action={`/timebanks/${timebank.id}/to-phone/${c.id}/done`} ctx={ctx}>
              <TextField id={`note-${c.id}`} name="note" label={t('phone.note')} errors={errors} />
              <Button secondary>{t('phone.done')}</Button>
            </PostForm>
          </li>
        ))}
      </ul>
      <h2>{t('phone.problemsTitle')}</h2>
      {problems.length === 0 ? <p>{t('phone.noProblems')}</p> : null}
      <ul className="list">
        {problems.map((a) => (
          <li key={`${a.person_id}-${a.email}`}>
            <p>
              <a href={`/people/${a.person_id}`}>{a.person_name}</a>:{' '}
              {t('phone.refused', { address: a.email })}
            </p>
            <p className="hint">{a.reason}</p>
          </li>
        ))}
      </ul>
      {done.length ? (
        <>
          <h2>{t('phone.doneTitle')}</h2>
          <ul className="list">
            {done.map((c) => (
              <li key={c.id}>
                <p>
                  {c.personName}: {c.what}
                </p>
                <p className="hint">
                  {t('phone.doneBy', {
                    name: c.doneBy ?? '',
                    when: c.doneAt ? when(ctx, c.doneAt) : '',
                  })}
                </p>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </Layout>
  );
}
