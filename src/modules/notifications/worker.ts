// The outbox worker. Each run: route new notifications (mail, digest, phone list or none, by
// the recipient's choices and whether they have a working address), make the weekly digests
// that are due, then send due mail. Deliveries are claimed with FOR UPDATE SKIP LOCKED and
// leased, so several workers (or a restarted one) never send the same mail twice while both
// live, and a worker that stops mid-send leaves its mail to the next after the lease.
import type { Kysely } from 'kysely';
import nodemailer, { type SendMailOptions } from 'nodemailer';
import { publicBaseUrl, type Config, type SmtpConfig } from '../../config.ts';
import type { DB } from '../../db/schema.ts';
import type { Clock } from '../../lib/clock.ts';
import { newId } from '../../lib/ids.ts';
import { createReferenceLinks, referencePath } from '../references/links.ts';
import type { Logger } from '../../lib/log.ts';
import { isLocale, type Locale } from '../../web/i18n/i18n.ts';
import { DIGEST, isKind, linkPathOf, type NotificationKind } from './kinds.ts';
import { accountNames } from '../ledger/holders.ts';
import * as q from './queries.ts';
import { type Rendered, renderDigest, renderMail, subjectOf, templateValues } from './templates.ts';
import { createUnsubscribeTokens, type UnsubscribeClaim } from './unsubscribe-token.ts';

/** What the worker needs of a mail transport (nodemailer's Transporter has it). */
export interface MailTransport {
  sendMail(message: SendMailOptions): Promise<unknown>;
  close(): void;
}

export function createSmtpTransport(smtp: SmtpConfig): MailTransport {
  return nodemailer.createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.tls === 'tls',
    requireTLS: smtp.tls === 'starttls',
    ignoreTLS: smtp.tls === 'none',
    ...(smtp.user ? { auth: { user: smtp.user, pass: smtp.password ?? '' } } : {}),
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 60_000,
  });
}

export interface WorkerOptions {
  db: Kysely<DB>;
  clock: Clock;
  log: Logger;
  config: Config;
  /** null: mail is not configured; deliveries wait in the outbox. */
  transport: MailTransport | null;
  /** Attempts before a delivery fails for good (default 8). */
  maxAttempts?: number;
  /** First retry delay; doubles each attempt up to 6 hours (default 60 s). */
  retryBaseMs?: number;
  /** How long a claimed delivery belongs to this worker (default 5 min). */
  leaseMs?: number;
  batchSize?: number;
}

export interface RunResult {
  routed: number;
  digests: number;
  sent: number;
  retried: number;
  failed: number;
}

const DAY_MS = 24 * 3600 * 1000;

/** Monday 00:00 UTC of the week of `d`. */
export function weekStart(d: Date): Date {
  const day = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
  return new Date(day.getTime() - ((day.getUTCDay() + 6) % 7) * DAY_MS);
}

/** A 5xx for the recipient (RCPT TO): the address itself is refused; no retry will help. */
function addressRefused(err: unknown): boolean {
  const e = err as { responseCode?: number; command?: string; code?: string };
  return (
    typeof e.responseCode === 'number' &&
    e.responseCode >= 500 &&
    e.responseCode < 600 &&
    (e.command === 'RCPT TO' || e.code === 'EENVELOPE')
  );
}

function errorText(err: unknown): string {
  const e = err as { response?: string; message?: string };
  return String(e.response ?? e.message ?? err);
}

interface Outgoing {
  to: string;
  personId: string | null;
  rendered: Rendered;
  unsubscribeUrl: string;
}

export function createNotificationWorker(opts: WorkerOptions) {
  const { db, clock, log, config, transport } = opts;
  const maxAttempts = opts.maxAttempts ?? 8;
  const retryBaseMs = opts.retryBaseMs ?? 60_000;
  const leaseMs = opts.leaseMs ?? 5 * 60_000;
  const batchSize = opts.batchSize ?? 50;
  const base = publicBaseUrl(config);
  const tokens = createUnsubscribeTokens(config.secretKey);
  const referenceLinks = createReferenceLinks(config.secretKey);
  const fromDomain = (
    config.smtp?.from.match(/@([^>\s]+)/)?.[1] ?? new URL(base).hostname
  ).toLowerCase();

  const unsubscribeUrl = (claim: UnsubscribeClaim) =>
    `${base}/unsubscribe?token=${tokens.sign(claim)}`;

  /** Decides where each new notification goes. */
  async function route(): Promise<number> {
    return db.transaction().execute(async (tx) => {
      const rows = await q.claimUnrouted(tx, batchSize);
      const now = clock.now();
      for (const n of rows) {
        const where = decide(n);
        await q.setRoute(tx, n.network_id, n.id, where, now);
        if (where === 'mail') {
          await q.insertDelivery(tx, {
            networkId: n.network_id,
            id: newId(),
            notificationId: n.id,
            digestPersonId: null,
            digestWeek: null,
            timebankId: n.timebank_id,
            at: now,
          });
        } else if (where === 'phone' && n.recipient_person_id && n.phone_timebank_id) {
          await q.insertPhoneCall(tx, {
            networkId: n.network_id,
            id: newId(),
            notificationId: n.id,
            timebankId: n.phone_timebank_id,
            personId: n.recipient_person_id,
            at: now,
          });
        }
      }
      return rows.length;
    });
  }

  function decide(n: q.UnroutedRow): 'mail' | 'digest' | 'phone' | 'none' {
    if (n.recipient_email) return n.email_opted_out ? 'none' : 'mail';
    const channel = n.channel ?? 'mail';
    if (channel === 'none') return 'none';
    if (!n.person_email || n.address_refused) return n.phone_timebank_id ? 'phone' : 'none';
    return channel;
  }

  /** Gathers the digest notifications of weeks that have ended into one mail per person. */
  async function makeDigests(): Promise<number> {
    const now = clock.now();
    const thisWeek = weekStart(now);
    const lastWeek = new Date(thisWeek.getTime() - 7 * DAY_MS).toISOString().slice(0, 10);
    const people = await q.digestCandidates(db, thisWeek, batchSize);
    let made = 0;
    for (const c of people) {
      await db
        .transaction()
        .execute(async (tx) => {
          const id = newId();
          const inserted = await q.insertDelivery(tx, {
            networkId: c.network_id,
            id,
            notificationId: null,
            digestPersonId: c.recipient_person_id,
            digestWeek: lastWeek,
            timebankId: c.timebank_id,
            at: now,
          });
          // Another worker made this week's digest: what it left waits for next week's.
          if (!inserted) return;
          const attached = await q.attachToDigest(
            tx,
            c.network_id,
            c.recipient_person_id,
            thisWeek,
            id,
          );
          if (attached === 0) throw new EmptyDigest();
          made++;
        })
        .catch((err: unknown) => {
          if (!(err instanceof EmptyDigest)) throw err;
        });
    }
    return made;
  }

  async function compose(d: q.ClaimedDelivery): Promise<Outgoing | string> {
    if (d.notification_id) {
      const n = await q.mailContext(db, d.network_id, d.notification_id);
      if (!n || !isKind(n.kind)) return 'unknown notification';
      const to = n.recipient_email ?? n.person_email;
      if (!to) return 'no email address';
      const localeRaw = n.recipient_person_id ? n.person_locale : n.notification_locale;
      const locale: Locale = isLocale(localeRaw) ? localeRaw : 'en';
      const recipient = n.recipient_person_id ? { personId: n.recipient_person_id } : { email: to };
      const url = unsubscribeUrl({ networkId: d.network_id, recipient, kind: n.kind });
      const payload = n.payload as Record<string, unknown>;
      const values = await valuesFor(d.network_id, locale, payload);
      const link =
        n.kind === 'reference_request' && typeof payload.referenceId === 'string'
          ? `${base}${referencePath(referenceLinks.tokenFor(d.network_id, payload.referenceId).token)}`
          : linkFor(n.kind, payload, n.timebank_id);
      const rendered = renderMail(n.kind, locale, values, link, {
        recipientName: n.person_name,
        unsubscribeUrl: url,
        kind: n.kind,
      });
      return { to, personId: n.recipient_person_id, rendered, unsubscribeUrl: url };
    }
    const personId = d.digest_person_id as string;
    const person = await q.personForMail(db, d.network_id, personId);
    if (!person?.email) return 'no email address';
    const locale: Locale = isLocale(person.locale) ? person.locale : 'en';
    const items = [];
    for (const n of await q.digestItems(db, d.network_id, d.id)) {
      if (!isKind(n.kind)) continue;
      const payload = n.payload as Record<string, unknown>;
      items.push({
        subject: subjectOf(n.kind, locale, await valuesFor(d.network_id, locale, payload)),
        linkUrl: linkFor(n.kind, payload, n.timebank_id),
      });
    }
    const url = unsubscribeUrl({ networkId: d.network_id, recipient: { personId }, kind: DIGEST });
    const rendered = renderDigest(locale, items, {
      recipientName: person.display_name,
      unsubscribeUrl: url,
      kind: DIGEST,
    });
    return { to: person.email, personId, rendered, unsubscribeUrl: url };
  }

  async function valuesFor(networkId: string, locale: Locale, payload: Record<string, unknown>) {
    const other = typeof payload.other_account_id === 'string' ? payload.other_account_id : null;
    const names = other ? await accountNames(db, networkId, [other]) : new Map<string, string>();
    return templateValues(locale, payload, other ? { name: names.get(other) ?? '' } : {});
  }

  function linkFor(
    kind: NotificationKind,
    payload: Record<string, unknown>,
    timebankId: string | null,
  ): string {
    const path = linkPathOf(kind, payload, timebankId);
    return /^https?:\/\//.test(path) ? path : `${base}${path}`;
  }

  async function sendOne(d: q.ClaimedDelivery, t: MailTransport, result: RunResult): Promise<void> {
    const out = await compose(d);
    const now = () => clock.now();
    if (typeof out === 'string') {
      await q.markFailed(db, d, out, null, now(), false);
      result.failed++;
      return;
    }
    try {
      await t.sendMail({
        from: config.smtp?.from,
        to: out.to,
        subject: out.rendered.subject,
        text: out.rendered.text,
        html: out.rendered.html,
        messageId: `<${d.id}@${fromDomain}>`,
        headers: {
          'List-Unsubscribe': `<${out.unsubscribeUrl}>`,
          'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
          'Auto-Submitted': 'auto-generated',
        },
      });
      await q.markSent(db, d, out.to, now());
      result.sent++;
    } catch (err) {
      const text = errorText(err);
      if (addressRefused(err)) {
        await db.transaction().execute(async (tx) => {
          await q.markFailed(tx, d, text, out.to, now(), true);
          if (out.personId) {
            await q.recordAddressProblem(tx, {
              networkId: d.network_id,
              personId: out.personId,
              email: out.to,
              reason: text,
              deliveryId: d.id,
              at: now(),
            });
          }
        });
        log.warn({ deliveryId: d.id, response: text }, 'mail address refused');
        result.failed++;
      } else if (d.attempts >= maxAttempts) {
        await q.markFailed(db, d, text, out.to, now(), false);
        log.error(
          { deliveryId: d.id, attempts: d.attempts, response: text },
          'mail failed for good',
        );
        result.failed++;
      } else {
        const delay = Math.min(retryBaseMs * 2 ** (d.attempts - 1), 6 * 3600 * 1000);
        await q.markRetry(db, d, text, out.to, new Date(now().getTime() + delay));
        log.info(
          { deliveryId: d.id, attempts: d.attempts, retryInMs: delay, response: text },
          'mail will be retried',
        );
        result.retried++;
      }
    }
  }

  async function send(result: RunResult): Promise<void> {
    if (!transport) return;
    const now = clock.now();
    const claimed = await q.claimDue(db, now, new Date(now.getTime() + leaseMs), batchSize);
    for (const d of claimed) await sendOne(d, transport, result);
  }

  /** One pass: route, digest, send. Tests call it; the server calls it on a timer. */
  async function runOnce(): Promise<RunResult> {
    const result: RunResult = { routed: 0, digests: 0, sent: 0, retried: 0, failed: 0 };
    for (;;) {
      const n = await route();
      result.routed += n;
      if (n < batchSize) break;
    }
    result.digests = await makeDigests();
    await send(result);
    return result;
  }

  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> | null = null;
  let stopped = false;

  /** Runs every `intervalMs` until stop(); one pass at a time. */
  function start(intervalMs = 10_000): void {
    const tick = () => {
      if (running || stopped) return;
      running = runOnce()
        .then((r) => {
          if (r.sent || r.failed || r.retried) log.info(r, 'notifications run');
        })
        .catch((err: unknown) => log.error({ err }, 'notifications run failed'))
        .finally(() => {
          running = null;
        });
    };
    tick();
    timer = setInterval(tick, intervalMs);
    timer.unref();
  }

  async function stop(): Promise<void> {
    stopped = true;
    if (timer) clearInterval(timer);
    await running;
    transport?.close();
  }

  return { runOnce, start, stop, mailConfigured: transport !== null };
}

class EmptyDigest extends Error {}

export type NotificationWorker = ReturnType<typeof createNotificationWorker>;
