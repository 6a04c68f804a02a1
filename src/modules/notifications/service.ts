// Notifications as people use them: the list in the app and what is unread, choices per kind,
// unsubscribing from a mail's link, and the staff's tools (failed mail and resending it, the
// "to phone" list). Sending is the worker's (worker.ts); writing is enqueue.ts.
import type { Kysely } from 'kysely';
import type { Config } from '../../config.ts';
import type { DB } from '../../db/schema.ts';
import type { Clock } from '../../lib/clock.ts';
import { DomainError, notFound } from '../../lib/errors.ts';
import { isLocale, type Locale } from '../../web/i18n/i18n.ts';
import { type Actor, recordAudit } from '../audit/record.ts';
import { type Principal, subjectPersonId } from '../auth/principal.ts';
import { authorize } from '../policy/policy.ts';
import { timebankResource } from '../tenancy/guard.ts';
import { DIGEST, isKind, KIND_NAMES, linkPathOf, type NotificationKind } from './kinds.ts';
import { accountNames } from '../ledger/holders.ts';
import * as q from './queries.ts';
import type { Channel } from './tables.ts';
import { subjectOf, templateValues } from './templates.ts';
import { createUnsubscribeTokens, type UnsubscribeClaim } from './unsubscribe-token.ts';

export interface NotificationItem {
  id: string;
  kind: NotificationKind;
  title: string;
  /** The page it is about, in this site. */
  href: string;
  createdAt: Date;
  read: boolean;
}

export function createNotifications({
  db,
  clock,
  config,
}: {
  db: Kysely<DB>;
  clock: Clock;
  config: Config;
}) {
  const tokens = createUnsubscribeTokens(config.secretKey);
  const localeOf = (p: Principal): Locale => (isLocale(p.locale) ? p.locale : 'en');

  /** Whose notifications: the member a broker acts for, or the person themself. */
  async function subject(p: Principal): Promise<string> {
    const personId = subjectPersonId(p);
    if (personId !== p.personId) {
      const timebankIds = await q.timebanksOfPerson(db, p.networkId, personId);
      authorize(p, 'person.read', {
        type: 'person',
        networkId: p.networkId,
        personId,
        timebankIds,
      });
    }
    return personId;
  }

  /** Titles in the reader's language; names of the other side come from the account. */
  async function titles(
    networkId: string,
    locale: Locale,
    rows: { kind: string; payload: unknown }[],
  ): Promise<string[]> {
    const accountIds = rows
      .map((r) => (r.payload as { other_account_id?: unknown }).other_account_id)
      .filter((v): v is string => typeof v === 'string');
    const names = await accountNames(db, networkId, [...new Set(accountIds)]);
    return rows.map((r) => {
      if (!isKind(r.kind)) return r.kind;
      const payload = r.payload as Record<string, unknown>;
      const other = typeof payload.other_account_id === 'string' ? payload.other_account_id : null;
      return subjectOf(
        r.kind,
        locale,
        templateValues(locale, payload, other ? { name: names.get(other) ?? '' } : {}),
      );
    });
  }

  async function list(
    p: Principal,
    page: { limit: number; offset: number },
    locale: Locale = localeOf(p),
  ) {
    const personId = await subject(p);
    const rows = await q.listForPerson(db, p.networkId, personId, page.limit, page.offset);
    const texts = await titles(p.networkId, locale, rows);
    const items: NotificationItem[] = rows.map((r, i) => ({
      id: r.id,
      kind: r.kind as NotificationKind,
      title: texts[i] as string,
      href: isKind(r.kind) ? linkPathOf(r.kind, r.payload, r.timebank_id) : '/',
      createdAt: r.created_at,
      read: r.read_at !== null,
    }));
    return { items, unread: await q.unreadCount(db, p.networkId, personId) };
  }

  async function unreadCount(p: Principal): Promise<number> {
    return q.unreadCount(db, p.networkId, await subject(p));
  }

  async function markRead(p: Principal, actor: Actor, ids: string[] | 'all'): Promise<number> {
    const personId = await subject(p);
    return db.transaction().execute(async (tx) => {
      const n = await q.markRead(tx, p.networkId, personId, ids, clock.now());
      if (n > 0) {
        await recordAudit(tx, actor, {
          action: 'notification.read',
          subjectType: 'person',
          subjectId: personId,
          detail: { count: n, all: ids === 'all' },
        });
      }
      return n;
    });
  }

  async function preferences(p: Principal): Promise<Record<NotificationKind, Channel>> {
    const rows = await q.preferencesOf(db, p.networkId, await subject(p));
    const out = Object.fromEntries(KIND_NAMES.map((k) => [k, 'mail'])) as Record<
      NotificationKind,
      Channel
    >;
    for (const r of rows) if (isKind(r.kind)) out[r.kind] = r.channel;
    return out;
  }

  async function setPreferences(
    p: Principal,
    actor: Actor,
    choices: Partial<Record<NotificationKind, Channel>>,
  ) {
    const personId = await subject(p);
    const entries = Object.entries(choices) as [NotificationKind, Channel][];
    await db.transaction().execute(async (tx) => {
      for (const [kind, channel] of entries) {
        await q.upsertPreference(tx, {
          networkId: p.networkId,
          personId,
          kind,
          channel,
          at: clock.now(),
          by: p.personId,
        });
      }
      await recordAudit(tx, actor, {
        action: 'notification.preferences',
        subjectType: 'person',
        subjectId: personId,
        detail: choices,
      });
    });
    return preferences(p);
  }

  /** What a token says, for the confirmation page; null when it is not genuine. */
  function readToken(token: string): UnsubscribeClaim | null {
    return tokens.verify(token);
  }

  /** Stops mail of the token's kind; a forged or altered token changes nothing. */
  async function unsubscribe(token: string): Promise<UnsubscribeClaim> {
    const claim = tokens.verify(token);
    if (!claim)
      throw new DomainError(
        'unsubscribe_invalid',
        'this unsubscribe link is not valid; nothing was changed',
      );
    const { networkId, recipient, kind } = claim;
    const now = clock.now();
    await db.transaction().execute(async (tx) => {
      if ('email' in recipient) {
        await q.insertEmailOptout(tx, networkId, recipient.email, kind, now);
      } else {
        if (!(await q.personExists(tx, networkId, recipient.personId))) throw notFound('person');
        const current = await q.preferencesOf(tx, networkId, recipient.personId);
        // A digest's link stops the digest: every kind that went to it now goes nowhere.
        const kinds =
          kind === DIGEST
            ? current.filter((c) => c.channel === 'digest').map((c) => c.kind)
            : [kind];
        for (const k of kinds) {
          await q.upsertPreference(tx, {
            networkId,
            personId: recipient.personId,
            kind: k,
            channel: 'none',
            at: now,
            by: null,
          });
        }
      }
      const personId = 'personId' in recipient ? recipient.personId : null;
      await recordAudit(
        tx,
        { networkId, personId: null, onBehalfOfPersonId: personId, requestId: null },
        {
          action: 'notification.unsubscribe',
          subjectType: personId ? 'person' : 'email',
          subjectId: personId,
          detail: { kind, ...('email' in recipient ? { email: recipient.email } : {}) },
        },
      );
    });
    return claim;
  }

  async function outbox(p: Principal, timebankId: string) {
    authorize(p, 'notification.outbox', await timebankResource(db, p, timebankId));
    const [counts, failed] = await Promise.all([
      q.deliveryCounts(db, p.networkId, timebankId),
      q.failedDeliveries(db, p.networkId, timebankId, 200),
    ]);
    return { mailConfigured: config.smtp !== null, counts, failed };
  }

  async function resend(p: Principal, actor: Actor, timebankId: string, deliveryId: string) {
    authorize(p, 'notification.outbox', await timebankResource(db, p, timebankId));
    const d = await q.findDelivery(db, p.networkId, deliveryId);
    if (!d || d.timebank_id !== timebankId) throw notFound('delivery');
    if (d.status !== 'failed')
      throw new DomainError('conflict', `the mail is ${d.status}, not failed`);
    await db.transaction().execute(async (tx) => {
      if (!(await q.resend(tx, p.networkId, deliveryId, clock.now(), p.personId)))
        throw new DomainError('conflict', 'the mail is no longer failed');
      await recordAudit(tx, actor, {
        action: 'notification.resend',
        subjectType: 'notification_delivery',
        subjectId: deliveryId,
        timebankId,
        detail: { attempts: d.attempts },
      });
    });
    return { id: deliveryId, status: 'pending' as const };
  }

  async function phoneList(p: Principal, timebankId: string, locale: Locale = localeOf(p)) {
    authorize(p, 'notification.phoneList', await timebankResource(db, p, timebankId));
    const [open, done, problems] = await Promise.all([
      q.phoneCalls(db, p.networkId, timebankId, true, 500),
      q.phoneCalls(db, p.networkId, timebankId, false, 50),
      q.addressProblems(db, p.networkId, timebankId),
    ]);
    const [openTitles, doneTitles] = await Promise.all([
      titles(p.networkId, locale, open),
      titles(p.networkId, locale, done),
    ]);
    const shape = (rows: q.PhoneCallRow[], texts: string[]) =>
      rows.map((r, i) => ({
        id: r.id,
        personId: r.person_id,
        personName: r.person_name,
        phone: r.phone,
        what: texts[i] as string,
        createdAt: r.created_at,
        doneAt: r.done_at,
        doneBy: r.done_by_name,
      }));
    return {
      open: shape(open, openTitles),
      done: shape(done, doneTitles),
      addressProblems: problems,
    };
  }

  async function markPhoned(
    p: Principal,
    actor: Actor,
    timebankId: string,
    callId: string,
    note: string | null,
  ) {
    authorize(p, 'notification.phoneList', await timebankResource(db, p, timebankId));
    const c = await q.findPhoneCall(db, p.networkId, callId);
    if (!c || c.timebank_id !== timebankId) throw notFound('phone call');
    if (c.done_at) throw new DomainError('conflict', 'already marked as phoned');
    await db.transaction().execute(async (tx) => {
      if (!(await q.markPhoned(tx, p.networkId, callId, clock.now(), p.personId, note)))
        throw new DomainError('conflict', 'already marked as phoned');
      await recordAudit(tx, actor, {
        action: 'notification.phoned',
        subjectType: 'person',
        subjectId: c.person_id,
        timebankId,
        detail: { callId, note },
      });
    });
    return { id: callId, done: true };
  }

  return {
    list,
    unreadCount,
    markRead,
    preferences,
    setPreferences,
    readToken,
    unsubscribe,
    outbox,
    resend,
    phoneList,
    markPhoned,
  };
}

export type Notifications = ReturnType<typeof createNotifications>;
