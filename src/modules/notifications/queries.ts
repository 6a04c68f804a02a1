// SQL of the notifications module: the outbox, deliveries, choices, the phone list.
import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Channel, DeliveryStatus, Route } from './tables.ts';

type Db = Kysely<DB> | Transaction<DB>;

export interface NewNotification {
  networkId: string;
  id: string;
  kind: string;
  recipientPersonId: string | null;
  recipientEmail: string | null;
  locale: string;
  timebankId: string | null;
  payload: unknown;
  at: Date;
}

export async function insertNotifications(db: Db, rows: NewNotification[]): Promise<void> {
  if (!rows.length) return;
  await db
    .insertInto('notification')
    .values(
      rows.map((r) => ({
        network_id: r.networkId,
        id: r.id,
        kind: r.kind,
        recipient_person_id: r.recipientPersonId,
        recipient_email: r.recipientEmail,
        locale: r.locale,
        timebank_id: r.timebankId,
        payload: JSON.stringify(r.payload),
        created_at: r.at,
      })),
    )
    .execute();
}

export async function brokersOf(db: Db, networkId: string, timebankId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('role_grant')
    .select('person_id')
    .distinct()
    .where('network_id', '=', networkId)
    .where('timebank_id', '=', timebankId)
    .where('role', '=', 'broker')
    .execute();
  return rows.map((r) => r.person_id);
}

// ---- routing ---------------------------------------------------------------------------

export interface UnroutedRow {
  network_id: string;
  id: string;
  kind: string;
  recipient_person_id: string | null;
  recipient_email: string | null;
  timebank_id: string | null;
  person_email: string | null;
  channel: Channel | null;
  address_refused: boolean;
  email_opted_out: boolean;
  /** The timebank whose brokers phone this person: the notification's, if a member there. */
  phone_timebank_id: string | null;
}

/** Locks a batch of notifications not yet routed (other workers skip them). */
export async function claimUnrouted(tx: Transaction<DB>, limit: number): Promise<UnroutedRow[]> {
  const r = await sql<UnroutedRow>`
    select n.network_id, n.id, n.kind, n.recipient_person_id, n.recipient_email, n.timebank_id,
      p.email as person_email, pref.channel,
      exists (select 1 from notification_address_problem ap where ap.network_id = n.network_id
        and ap.person_id = n.recipient_person_id and ap.email = p.email) as address_refused,
      exists (select 1 from notification_email_optout o where o.network_id = n.network_id
        and o.email = n.recipient_email and o.kind = n.kind) as email_opted_out,
      (select m.timebank_id from member m where m.network_id = n.network_id and m.person_id = n.recipient_person_id
        order by (m.timebank_id = n.timebank_id) desc nulls last, (m.status = 'left'), m.created_at limit 1)
        as phone_timebank_id
    from (
      select * from notification where route is null order by created_at limit ${limit}
      for update skip locked
    ) n
    left join person p on p.network_id = n.network_id and p.id = n.recipient_person_id
    left join notification_preference pref on pref.network_id = n.network_id
      and pref.person_id = n.recipient_person_id and pref.kind = n.kind`.execute(tx);
  return r.rows;
}

export async function setRoute(
  tx: Db,
  networkId: string,
  id: string,
  route: Route,
  at: Date,
): Promise<void> {
  await tx
    .updateTable('notification')
    .set({ route, routed_at: at })
    .where('network_id', '=', networkId)
    .where('id', '=', id)
    .execute();
}

export interface NewDelivery {
  networkId: string;
  id: string;
  notificationId: string | null;
  digestPersonId: string | null;
  digestWeek: string | null;
  timebankId: string | null;
  at: Date;
}

export async function insertDelivery(tx: Db, d: NewDelivery): Promise<boolean> {
  const r = await tx
    .insertInto('notification_delivery')
    .values({
      network_id: d.networkId,
      id: d.id,
      notification_id: d.notificationId,
      digest_person_id: d.digestPersonId,
      digest_week: d.digestWeek,
      timebank_id: d.timebankId,
      next_attempt_at: d.at,
      created_at: d.at,
    })
    .onConflict((oc) => oc.doNothing())
    .returning('id')
    .execute();
  return r.length === 1;
}

export async function insertPhoneCall(
  tx: Db,
  c: {
    networkId: string;
    id: string;
    notificationId: string;
    timebankId: string;
    personId: string;
    at: Date;
  },
): Promise<void> {
  await tx
    .insertInto('notification_phone_call')
    .values({
      network_id: c.networkId,
      id: c.id,
      notification_id: c.notificationId,
      timebank_id: c.timebankId,
      person_id: c.personId,
      created_at: c.at,
    })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

// ---- sending -----------------------------------------------------------------------------

export interface ClaimedDelivery {
  network_id: string;
  id: string;
  notification_id: string | null;
  digest_person_id: string | null;
  digest_week: string | null;
  attempts: number;
  lease_until: Date;
}

/**
 * Takes due deliveries: pending ones whose time has come, and 'sending' ones whose worker's
 * lease ran out (it stopped mid-send). Counts the attempt and leases them to this worker.
 */
export async function claimDue(
  db: Kysely<DB>,
  now: Date,
  leaseUntil: Date,
  limit: number,
): Promise<ClaimedDelivery[]> {
  const r = await sql<ClaimedDelivery>`
    update notification_delivery d
    set status = 'sending', lease_until = ${leaseUntil}, attempts = d.attempts + 1
    from (
      select network_id, id from notification_delivery
      where (status = 'pending' and next_attempt_at <= ${now}) or (status = 'sending' and lease_until <= ${now})
      order by next_attempt_at
      limit ${limit}
      for update skip locked
    ) due
    where d.network_id = due.network_id and d.id = due.id
    returning d.network_id, d.id, d.notification_id, d.digest_person_id, to_char(d.digest_week, 'YYYY-MM-DD') as digest_week,
      d.attempts, d.lease_until`.execute(db);
  return r.rows;
}

export interface MailContext {
  kind: string;
  payload: unknown;
  timebank_id: string | null;
  recipient_person_id: string | null;
  recipient_email: string | null;
  notification_locale: string;
  person_email: string | null;
  person_locale: string | null;
  person_name: string | null;
}

export async function mailContext(
  db: Db,
  networkId: string,
  notificationId: string,
): Promise<MailContext | undefined> {
  return db
    .selectFrom('notification as n')
    .leftJoin('person as p', (j) =>
      j.onRef('p.network_id', '=', 'n.network_id').onRef('p.id', '=', 'n.recipient_person_id'),
    )
    .select([
      'n.kind',
      'n.payload',
      'n.timebank_id',
      'n.recipient_person_id',
      'n.recipient_email',
      'n.locale as notification_locale',
      'p.email as person_email',
      'p.locale as person_locale',
      'p.display_name as person_name',
    ])
    .where('n.network_id', '=', networkId)
    .where('n.id', '=', notificationId)
    .executeTakeFirst();
}

export async function personForMail(db: Db, networkId: string, personId: string) {
  return db
    .selectFrom('person')
    .select(['email', 'locale', 'display_name'])
    .where('network_id', '=', networkId)
    .where('id', '=', personId)
    .executeTakeFirst();
}

export async function digestItems(db: Db, networkId: string, deliveryId: string) {
  return db
    .selectFrom('notification')
    .select(['id', 'kind', 'payload', 'timebank_id', 'created_at'])
    .where('network_id', '=', networkId)
    .where('digest_delivery_id', '=', deliveryId)
    .orderBy('created_at')
    .execute();
}

export async function markSent(
  db: Db,
  d: ClaimedDelivery,
  toAddress: string,
  at: Date,
): Promise<void> {
  await db
    .updateTable('notification_delivery')
    .set({
      status: 'sent',
      sent_at: at,
      lease_until: null,
      to_address: toAddress,
      last_error: null,
    })
    .where('network_id', '=', d.network_id)
    .where('id', '=', d.id)
    .where('status', '=', 'sending')
    .execute();
}

export async function markRetry(
  db: Db,
  d: ClaimedDelivery,
  error: string,
  toAddress: string | null,
  nextAt: Date,
): Promise<void> {
  await db
    .updateTable('notification_delivery')
    .set({
      status: 'pending',
      lease_until: null,
      next_attempt_at: nextAt,
      last_error: error.slice(0, 2000),
      to_address: toAddress,
    })
    .where('network_id', '=', d.network_id)
    .where('id', '=', d.id)
    .where('status', '=', 'sending')
    .execute();
}

export async function markFailed(
  db: Db,
  d: ClaimedDelivery,
  error: string,
  toAddress: string | null,
  at: Date,
  addressRefused: boolean,
): Promise<void> {
  await db
    .updateTable('notification_delivery')
    .set({
      status: 'failed',
      failed_at: at,
      lease_until: null,
      last_error: error.slice(0, 2000),
      to_address: toAddress,
      address_refused: addressRefused,
    })
    .where('network_id', '=', d.network_id)
    .where('id', '=', d.id)
    .where('status', '=', 'sending')
    .execute();
}

export async function recordAddressProblem(
  db: Db,
  p: {
    networkId: string;
    personId: string;
    email: string;
    reason: string;
    deliveryId: string;
    at: Date;
  },
): Promise<void> {
  await db
    .insertInto('notification_address_problem')
    .values({
      network_id: p.networkId,
      person_id: p.personId,
      email: p.email,
      reason: p.reason.slice(0, 2000),
      delivery_id: p.deliveryId,
      created_at: p.at,
    })
    .onConflict((oc) =>
      oc.columns(['network_id', 'person_id', 'email']).doUpdateSet({
        reason: p.reason.slice(0, 2000),
        delivery_id: p.deliveryId,
        created_at: p.at,
      }),
    )
    .execute();
}

// ---- digest ------------------------------------------------------------------------------

export interface DigestCandidate {
  network_id: string;
  recipient_person_id: string;
  timebank_id: string | null;
}

/** People with digest notifications made before `before` that no digest has taken yet. */
export async function digestCandidates(
  db: Db,
  before: Date,
  limit: number,
): Promise<DigestCandidate[]> {
  const r = await sql<DigestCandidate>`
    select n.network_id, n.recipient_person_id,
      (select m.timebank_id from member m where m.network_id = n.network_id and m.person_id = n.recipient_person_id
        order by (m.status = 'left'), m.created_at limit 1) as timebank_id
    from notification n
    where n.route = 'digest' and n.digest_delivery_id is null and n.created_at < ${before}
    group by n.network_id, n.recipient_person_id
    limit ${limit}`.execute(db);
  return r.rows;
}

/** Attaches a person's waiting digest notifications (made before `before`) to a delivery. */
export async function attachToDigest(
  tx: Transaction<DB>,
  networkId: string,
  personId: string,
  before: Date,
  deliveryId: string,
): Promise<number> {
  const r = await sql`
    update notification set digest_delivery_id = ${deliveryId}
    where (network_id, id) in (
      select network_id, id from notification
      where network_id = ${networkId} and recipient_person_id = ${personId} and route = 'digest'
        and digest_delivery_id is null and created_at < ${before}
      for update skip locked)`.execute(tx);
  return Number(r.numAffectedRows ?? 0);
}

// ---- reading -----------------------------------------------------------------------------

export async function listForPerson(
  db: Db,
  networkId: string,
  personId: string,
  limit: number,
  offset: number,
) {
  return db
    .selectFrom('notification')
    .select(['id', 'kind', 'payload', 'timebank_id', 'created_at', 'read_at'])
    .where('network_id', '=', networkId)
    .where('recipient_person_id', '=', personId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .offset(offset)
    .execute();
}

export async function unreadCount(db: Db, networkId: string, personId: string): Promise<number> {
  const r = await db
    .selectFrom('notification')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('network_id', '=', networkId)
    .where('recipient_person_id', '=', personId)
    .where('read_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function markRead(
  db: Db,
  networkId: string,
  personId: string,
  ids: string[] | 'all',
  at: Date,
): Promise<number> {
  let q = db
    .updateTable('notification')
    .set({ read_at: at })
    .where('network_id', '=', networkId)
    .where('recipient_person_id', '=', personId)
    .where('read_at', 'is', null);
  if (ids !== 'all')
    q = q.where('id', 'in', ids.length ? ids : ['00000000-0000-0000-0000-000000000000']);
  const r = await q.executeTakeFirst();
  return Number(r.numUpdatedRows);
}

export async function preferencesOf(db: Db, networkId: string, personId: string) {
  return db
    .selectFrom('notification_preference')
    .select(['kind', 'channel'])
    .where('network_id', '=', networkId)
    .where('person_id', '=', personId)
    .execute();
}

export async function upsertPreference(
  db: Db,
  p: {
    networkId: string;
    personId: string;
    kind: string;
    channel: Channel;
    at: Date;
    by: string | null;
  },
): Promise<void> {
  await db
    .insertInto('notification_preference')
    .values({
      network_id: p.networkId,
      person_id: p.personId,
      kind: p.kind,
      channel: p.channel,
      updated_at: p.at,
      updated_by_person_id: p.by,
    })
    .onConflict((oc) =>
      oc
        .columns(['network_id', 'person_id', 'kind'])
        .doUpdateSet({ channel: p.channel, updated_at: p.at, updated_by_person_id: p.by }),
    )
    .execute();
}

export async function insertEmailOptout(
  db: Db,
  networkId: string,
  email: string,
  kind: string,
  at: Date,
): Promise<void> {
  await db
    .insertInto('notification_email_optout')
    .values({ network_id: networkId, email, kind, created_at: at })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

export async function personExists(db: Db, networkId: string, personId: string): Promise<boolean> {
  const r = await db
    .selectFrom('person')
    .select('id')
    .where('network_id', '=', networkId)
    .where('id', '=', personId)
    .executeTakeFirst();
  return r !== undefined;
}

export interface DeliveryRow {
  id: string;
  status: DeliveryStatus;
  attempts: number;
  last_error: string | null;
  to_address: string | null;
  failed_at: Date | null;
  address_refused: boolean;
  created_at: Date;
  kind: string | null;
  person_id: string | null;
  person_name: string | null;
  recipient_email: string | null;
  digest_week: string | null;
}

export async function failedDeliveries(
  db: Db,
  networkId: string,
  timebankId: string,
  limit: number,
): Promise<DeliveryRow[]> {
  const r = await sql<DeliveryRow>`
    select d.id, d.status, d.attempts, d.last_error, d.to_address, d.failed_at, d.address_refused, d.created_at,
      coalesce(n.kind, 'digest') as kind, coalesce(n.recipient_person_id, d.digest_person_id) as person_id,
      p.display_name as person_name, n.recipient_email, to_char(d.digest_week, 'YYYY-MM-DD') as digest_week
    from notification_delivery d
    left join notification n on n.network_id = d.network_id and n.id = d.notification_id
    left join person p on p.network_id = d.network_id and p.id = coalesce(n.recipient_person_id, d.digest_person_id)
    where d.network_id = ${networkId} and d.timebank_id = ${timebankId} and d.status = 'failed'
    order by d.failed_at desc
    limit ${limit}`.execute(db);
  return r.rows;
}

export async function deliveryCounts(
  db: Db,
  networkId: string,
  timebankId: string,
): Promise<Record<DeliveryStatus, number>> {
  const rows = await db
    .selectFrom('notification_delivery')
    .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
    .where('network_id', '=', networkId)
    .where('timebank_id', '=', timebankId)
    .groupBy('status')
    .execute();
  const out: Record<DeliveryStatus, number> = { pending: 0, sending: 0, sent: 0, failed: 0 };
  for (const r of rows) out[r.status] = Number(r.n);
  return out;
}

export async function findDelivery(db: Db, networkId: string, id: string) {
  return db
    .selectFrom('notification_delivery')
    .select(['id', 'status', 'timebank_id', 'attempts'])
    .where('network_id', '=', networkId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function resend(
  db: Db,
  networkId: string,
  id: string,
  at: Date,
  by: string | null,
): Promise<boolean> {
  const r = await db
    .updateTable('notification_delivery')
    .set({
      status: 'pending',
      attempts: 0,
      next_attempt_at: at,
      failed_at: null,
      address_refused: false,
      resent_at: at,
      resent_by_person_id: by,
    })
    .where('network_id', '=', networkId)
    .where('id', '=', id)
    .where('status', '=', 'failed')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export interface PhoneCallRow {
  id: string;
  notification_id: string;
  person_id: string;
  person_name: string;
  phone: string | null;
  email: string | null;
  kind: string;
  payload: unknown;
  created_at: Date;
  done_at: Date | null;
  done_by_name: string | null;
}

export async function phoneCalls(
  db: Db,
  networkId: string,
  timebankId: string,
  open: boolean,
  limit: number,
): Promise<PhoneCallRow[]> {
  let q = db
    .selectFrom('notification_phone_call as c')
    .innerJoin('notification as n', (j) =>
      j.onRef('n.network_id', '=', 'c.network_id').onRef('n.id', '=', 'c.notification_id'),
    )
    .innerJoin('person as p', (j) =>
      j.onRef('p.network_id', '=', 'c.network_id').onRef('p.id', '=', 'c.person_id'),
    )
    .leftJoin('person as b', (j) =>
      j.onRef('b.network_id', '=', 'c.network_id').onRef('b.id', '=', 'c.done_by_person_id'),
    )
    .select([
      'c.id',
      'c.notification_id',
      'c.person_id',
      'p.display_name as person_name',
      'p.phone',
      'p.email',
      'n.kind',
      'n.payload',
      'c.created_at',
      'c.done_at',
      'b.display_name as done_by_name',
    ])
    .where('c.network_id', '=', networkId)
    .where('c.timebank_id', '=', timebankId);
  q = open
    ? q.where('c.done_at', 'is', null).orderBy('c.created_at', 'asc')
    : q.where('c.done_at', 'is not', null).orderBy('c.done_at', 'desc');
  return q.limit(limit).execute();
}

export async function findPhoneCall(db: Db, networkId: string, id: string) {
  return db
    .selectFrom('notification_phone_call')
    .select(['id', 'timebank_id', 'person_id', 'done_at'])
    .where('network_id', '=', networkId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function markPhoned(
  db: Db,
  networkId: string,
  id: string,
  at: Date,
  by: string,
  note: string | null,
): Promise<boolean> {
  const r = await db
    .updateTable('notification_phone_call')
    .set({ done_at: at, done_by_person_id: by, note })
    .where('network_id', '=', networkId)
    .where('id', '=', id)
    .where('done_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Addresses refused for good, of people who are members of the timebank. */
export async function addressProblems(db: Db, networkId: string, timebankId: string) {
  return (
    db
      .selectFrom('notification_address_problem as ap')
      .innerJoin('person as p', (j) =>
        j.onRef('p.network_id', '=', 'ap.network_id').onRef('p.id', '=', 'ap.person_id'),
      )
      .select([
        'ap.person_id',
        'p.display_name as person_name',
        'p.phone',
        'ap.email',
        'ap.reason',
        'ap.created_at',
      ])
      .where('ap.network_id', '=', networkId)
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom('member as m')
            .select('m.id')
            .whereRef('m.network_id', '=', 'ap.network_id')
            .whereRef('m.person_id', '=', 'ap.person_id')
            .where('m.timebank_id', '=', timebankId),
        ),
      )
      // Only while the person still has that address.
      .whereRef('p.email', '=', 'ap.email')
      .orderBy('ap.created_at', 'desc')
      .execute()
  );
}

export async function timebanksOfPerson(
  db: Db,
  networkId: string,
  personId: string,
): Promise<string[]> {
  const rows = await db
    .selectFrom('member')
    .select('timebank_id')
    .where('network_id', '=', networkId)
    .where('person_id', '=', personId)
    .execute();
  return rows.map((r) => r.timebank_id);
}
