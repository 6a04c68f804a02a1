// The outbox's front door: other modules call enqueueNotification(tx, event) with the
// transaction of the event itself, so the notification exists exactly when the event does.
// It only inserts; routing (mail, digest, phone list) and sending happen in the worker.
import type { Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { newId } from '../../lib/ids.ts';
import type { Locale } from '../../web/i18n/i18n.ts';
import type { NotificationKind, NotificationPayloads } from './kinds.ts';
import { brokersOf, insertNotifications } from './queries.ts';

export type Recipient =
  /** A person in the network: in the app, and by mail, digest or phone list as they chose. */
  | { personId: string }
  /** Someone without an account (a referee): mail only, in the given language. */
  | { email: string; locale: Locale }
  /** Every broker of a timebank. */
  | { brokersOf: string };

export interface NotificationEvent<K extends NotificationKind = NotificationKind> {
  networkId: string;
  kind: K;
  recipient: Recipient;
  payload: NotificationPayloads[K];
  /** The timebank the event belongs to (whose coordinators see failed mail). */
  timebankId: string | null;
  at: Date;
}

/** Writes the notification(s) of an event in the caller's transaction; returns how many. */
export async function enqueueNotification<K extends NotificationKind>(
  tx: Transaction<DB>,
  event: NotificationEvent<K>,
): Promise<number> {
  const base = {
    networkId: event.networkId,
    kind: event.kind,
    timebankId: event.timebankId,
    payload: event.payload,
    at: event.at,
  };
  const r = event.recipient;
  if ('email' in r) {
    const email = r.email.trim().toLowerCase();
    if (!/^[^\s@]+@[^\s@]+$/.test(email))
      throw new RangeError('enqueueNotification: not an email address');
    await insertNotifications(tx, [
      { ...base, id: newId(), recipientPersonId: null, recipientEmail: email, locale: r.locale },
    ]);
    return 1;
  }
  const people = 'personId' in r ? [r.personId] : await brokersOf(tx, event.networkId, r.brokersOf);
  await insertNotifications(
    tx,
    people.map((personId) => ({
      ...base,
      id: newId(),
      recipientPersonId: personId,
      recipientEmail: null,
      locale: 'en',
    })),
  );
  return people.length;
}
