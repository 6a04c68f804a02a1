// The outbox end to end: ledger events become notifications in the posting's transaction, the
// worker routes and sends them to a real SMTP server in the test, retries while it is down,
// and nothing arrives twice.
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { addPerson, createWorld, type World } from '../../../test/support/fixtures.ts';
import { TestSmtp } from '../../../test/support/smtp.ts';
import { type Config, testConfig } from '../../config.ts';
import { newId } from '../../lib/ids.ts';
import { silentLogger } from '../../lib/log.ts';
import type { Actor } from '../audit/record.ts';
import { exchange, expectCode, type LedgerHarness, ledgerHarness } from '../ledger/test-helpers.ts';
import { enqueueNotification, type Recipient } from './enqueue.ts';
import type { NotificationKind, NotificationPayloads } from './kinds.ts';
import * as q from './queries.ts';
import {
  createNotificationWorker,
  createSmtpTransport,
  weekStart,
  type WorkerOptions,
} from './worker.ts';

let h: LedgerHarness;
let w: World;
let smtp: TestSmtp;
let config: Config;
let coord: Actor;
const accounts = new Map<string, string>();

async function openAccount(personId: string): Promise<string> {
  const m = await h.database.db
    .selectFrom('member')
    .select('id')
    .where('person_id', '=', personId)
    .executeTakeFirstOrThrow();
  const a = await h.ledger.openMemberAccount(coord, { memberId: m.id });
  accounts.set(personId, a.id);
  return a.id;
}

function worker(extra: Partial<WorkerOptions> = {}) {
  return createNotificationWorker({
    db: h.database.db,
    clock: h.clock,
    log: silentLogger,
    config,
    transport: createSmtpTransport(config.smtp!),
    retryBaseMs: 1000,
    maxAttempts: 3,
    ...extra,
  });
}

const notificationsOf = (personId: string) =>
  h.database.db
    .selectFrom('notification')
    .selectAll()
    .where('recipient_person_id', '=', personId)
    .orderBy('created_at')
    .execute();

/** Enqueues one event in its own transaction, as a module would in the event's. */
function notify<K extends NotificationKind>(
  kind: K,
  recipient: Recipient,
  payload: NotificationPayloads[K],
) {
  return h.database.db.transaction().execute((tx) =>
    enqueueNotification(tx, {
      networkId: w.networkA,
      kind,
      recipient,
      payload,
      timebankId: w.north,
      at: h.clock.now(),
    }),
  );
}

async function drain(): Promise<void> {
  // Everything routed and sent; the test's own pending mail goes out now.
  await worker().runOnce();
}

beforeAll(async () => {
  h = await ledgerHarness();
  w = await createWorld(h.database.db);
  smtp = new TestSmtp();
  await smtp.start();
  config = testConfig({
    publicUrl: 'https://tb.example.org',
    smtp: smtp.config(),
  });
  coord = {
    networkId: w.networkA,
    personId: w.coordinatorNorth.id,
    onBehalfOfPersonId: null,
    requestId: null,
  };
  await h.ledger.openTimebank(coord, {
    timebankId: w.north,
    settings: { balanceMinutesMin: -600 },
  });
  for (const p of [w.member, w.offline, w.brokerNorth, w.coordinatorNorth]) await openAccount(p.id);
});

afterAll(async () => {
  await smtp.stop();
  await h.database.close();
});

beforeEach(async () => {
  await drain();
  smtp.received = [];
  smtp.refuseRecipients.clear();
  smtp.refuseMessages = null;
});

describe('ledger events (the AFTER INSERT trigger on transfer)', () => {
  it('tells the payer about pending hours, and the giver when they are confirmed, but not the recorder', async () => {
    const mary = accounts.get(w.member.id)!;
    const cora = accounts.get(w.coordinatorNorth.id)!;
    const recorder: Actor = { ...coord, personId: w.member.id };
    const before = (await notificationsOf(w.coordinatorNorth.id)).length;
    const pending = exchange(cora, mary, 90, { category: 'gardening' });
    await h.ledger.recordPending(recorder, pending);
    const toConfirm = (await notificationsOf(w.coordinatorNorth.id)).slice(before);
    expect(toConfirm.map((n) => n.kind)).toEqual(['hours_to_confirm']);
    expect(toConfirm[0]!.payload).toMatchObject({
      transfer_id: pending.id,
      minutes: 90,
      account_id: cora,
      other_account_id: mary,
    });
    expect(toConfirm[0]!.timebank_id).toBe(w.north);
    const maryBefore = (await notificationsOf(w.member.id)).length;
    await h.ledger.confirmPending(
      { ...coord, personId: w.coordinatorNorth.id },
      { id: newId(), pendingId: pending.id },
    );
    const confirmed = (await notificationsOf(w.member.id)).slice(maryBefore);
    expect(confirmed.map((n) => n.kind)).toEqual(['hours_confirmed']);
    // The confirmer is not told about their own confirmation.
    expect((await notificationsOf(w.coordinatorNorth.id)).length).toBe(before + 1);
  });

  it('tells the receiver of a gift, and nobody about a plain posted exchange', async () => {
    const mary = accounts.get(w.member.id)!;
    const bob = accounts.get(w.brokerNorth.id)!;
    const bobBefore = (await notificationsOf(w.brokerNorth.id)).length;
    const maryBefore = (await notificationsOf(w.member.id)).length;
    await h.ledger.transfer(
      { ...coord, personId: w.member.id },
      exchange(mary, bob, 30, { kind: 'gift' }),
    );
    await h.ledger.transfer(coord, exchange(mary, bob, 45));
    const bobs = (await notificationsOf(w.brokerNorth.id)).slice(bobBefore);
    expect(bobs.map((n) => n.kind)).toEqual(['gift_received']);
    expect((await notificationsOf(w.member.id)).length).toBe(maryBefore);
  });

  it('writes nothing when the posting is refused: the notification lives and dies with the transfer', async () => {
    const mary = accounts.get(w.member.id)!;
    const bob = accounts.get(w.brokerNorth.id)!;
    const count = async () =>
      Number(
        (
          await sql<{ n: number }>`select count(*)::int as n from notification`.execute(
            h.database.db,
          )
        ).rows[0]!.n,
      );
    const before = await count();
    await expectCode(
      h.ledger.recordPending(
        { ...coord, personId: w.brokerNorth.id },
        exchange(mary, bob, 100_000, { reason: 'too much' }),
      ),
      'overdraft_limit',
    );
    expect(await count()).toBe(before);
  });
});

describe('sending', () => {
  it('sends each mail once, rendered in the recipient language, with Message-ID and one-click unsubscribe headers', async () => {
    await h.database.db
      .updateTable('person')
      .set({ locale: 'pl' })
      .where('id', '=', w.brokerNorth.id)
      .execute();
    const mary = accounts.get(w.member.id)!;
    const bob = accounts.get(w.brokerNorth.id)!;
    await h.ledger.transfer(
      { ...coord, personId: w.member.id },
      exchange(mary, bob, 150, { kind: 'gift' }),
    );
    const r = await worker().runOnce();
    expect(r.sent).toBe(1);
    expect(await worker().runOnce()).toMatchObject({ sent: 0 });
    const [mail] = smtp.to(w.brokerNorth.email!);
    expect(smtp.received).toHaveLength(1);
    expect(mail!.subject).toBe(`${w.member.name} podarował(a) Ci 2 godz. 30 min`);
    const deliveryId = /^<([0-9a-f-]{36})@tb\.example\.org>$/.exec(mail!.messageId)?.[1];
    const delivery = await h.database.db
      .selectFrom('notification_delivery')
      .select(['status', 'to_address'])
      .where('id', '=', deliveryId!)
      .executeTakeFirstOrThrow();
    expect(delivery).toEqual({ status: 'sent', to_address: w.brokerNorth.email });
    expect(mail!.headers.get('list-unsubscribe')).toMatch(
      /^<https:\/\/tb\.example\.org\/unsubscribe\?token=[\w-]+\.[\w-]+>$/,
    );
    expect(mail!.headers.get('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    expect(mail!.from).toBe('noreply@tb.example.org');
    await h.database.db
      .updateTable('person')
      .set({ locale: 'en' })
      .where('id', '=', w.brokerNorth.id)
      .execute();
  });

  it('keeps every mail while the SMTP server is down and delivers each exactly once when it returns', async () => {
    const people = await Promise.all(
      [1, 2, 3, 4, 5].map((i) =>
        addPerson(h.database.db, w.networkA, {
          name: `Down Test ${i}`,
          email: `down${i}@example.test`,
          timebankId: w.north,
        }),
      ),
    );
    const enqueueAll = async (tag: string) => {
      for (const p of people)
        await notify(
          'application_waiting',
          { personId: p.id },
          { applicantName: `Applicant ${tag}`, memberId: newId(), personId: p.id },
        );
    };
    await enqueueAll('first');
    // Half goes out, then the server stops mid-run.
    const first = await worker({ batchSize: 2 }).runOnce();
    expect(first.sent).toBe(2);
    await smtp.stop();
    const down = await worker().runOnce();
    expect(down).toMatchObject({ sent: 0, retried: 3 });
    await enqueueAll('second');
    expect(await worker().runOnce()).toMatchObject({ sent: 0, retried: 5, failed: 0 });
    await smtp.start();
    // Not due yet: nothing is sent before the backoff ends.
    expect((await worker().runOnce()).sent).toBe(0);
    h.clock.advance(10_000);
    const back = await worker().runOnce();
    expect(back).toMatchObject({ sent: 8, failed: 0 });
    for (const p of people) {
      const mails = smtp.to(p.email!);
      expect(mails.map((m) => m.subject).sort()).toEqual([
        'New application: Applicant first',
        'New application: Applicant second',
      ]);
      expect(new Set(mails.map((m) => m.messageId)).size).toBe(2);
    }
    h.clock.advance(3600_000);
    expect((await worker().runOnce()).sent).toBe(0);
    expect(smtp.received).toHaveLength(10);
  });

  it('lets a second worker (a restart) send what the first claimed and never finished, once', async () => {
    const p = await addPerson(h.database.db, w.networkA, {
      name: 'Restart Test',
      email: 'restart@example.test',
      timebankId: w.north,
    });
    await notify(
      'recheck_due',
      { personId: p.id },
      { personName: 'Someone', scheme: 'PVG', dueOn: '2026-03-01', personId: p.id, memberId: '00000000-0000-4000-8000-000000000001', checkId: '00000000-0000-4000-8000-000000000002' },
    );
    // The first worker routes, claims, and dies before sending (no transport).
    const first = createNotificationWorker({
      db: h.database.db,
      clock: h.clock,
      log: silentLogger,
      config,
      transport: null,
    });
    await first.runOnce();
    const now = h.clock.now();
    const claimed = await q.claimDue(h.database.db, now, new Date(now.getTime() + 5 * 60_000), 10);
    expect(claimed).toHaveLength(1);
    // A second worker while the lease holds: nothing to take.
    expect((await worker().runOnce()).sent).toBe(0);
    h.clock.advance(5 * 60_000 + 1);
    expect((await worker().runOnce()).sent).toBe(1);
    expect((await worker().runOnce()).sent).toBe(0);
    expect(smtp.to('restart@example.test')).toHaveLength(1);
  });

  it('never sends a mail twice when two workers run at the same time', async () => {
    const people = await Promise.all(
      [1, 2, 3, 4, 5, 6].map((i) =>
        addPerson(h.database.db, w.networkA, {
          name: `Race ${i}`,
          email: `race${i}@example.test`,
          timebankId: w.north,
        }),
      ),
    );
    for (const p of people)
      await notify(
        'listing_lapsing',
        { personId: p.id },
        { listingTitle: 'Ironing', lapsesOn: '2026-02-01', daysLeft: 3 },
      );
    const [a, b] = await Promise.all([
      worker({ batchSize: 3 }).runOnce(),
      worker({ batchSize: 3 }).runOnce(),
    ]);
    await worker().runOnce();
    expect(a.sent + b.sent).toBeLessThanOrEqual(6);
    for (const p of people) expect(smtp.to(p.email!)).toHaveLength(1);
    expect(smtp.received[0]!.subject).toBe('Your listing "Ironing" lapses in 3 days');
  });

  it('leaves mail in the outbox when no SMTP server is configured, and sends it once one is', async () => {
    const p = await addPerson(h.database.db, w.networkA, {
      name: 'No Smtp',
      email: 'nosmtp@example.test',
      timebankId: w.north,
    });
    await notify(
      'asked_to_help',
      { personId: p.id },
      { askerName: 'Bob', what: 'a lift to the surgery' },
    );
    const idle = createNotificationWorker({
      db: h.database.db,
      clock: h.clock,
      log: silentLogger,
      config: testConfig(),
      transport: null,
    });
    expect(idle.mailConfigured).toBe(false);
    expect(await idle.runOnce()).toMatchObject({ routed: 1, sent: 0 });
    const d = await h.database.db
      .selectFrom('notification_delivery as d')
      .innerJoin('notification as n', 'n.id', 'd.notification_id')
      .select('d.status')
      .where('n.recipient_person_id', '=', p.id)
      .executeTakeFirstOrThrow();
    expect(d.status).toBe('pending');
    expect((await worker().runOnce()).sent).toBe(1);
    expect(smtp.to('nosmtp@example.test')).toHaveLength(1);
  });
});

describe('refusals', () => {
  it('records an address refused with 550 against the person, fails the mail at once, and routes later notifications to the phone list', async () => {
    const p = await addPerson(h.database.db, w.networkA, {
      name: 'Bad Address',
      email: 'bad@example.test',
      timebankId: w.north,
    });
    smtp.refuseRecipients.add('bad@example.test');
    const send = () =>
      notify(
        'exchange_agreed',
        { personId: p.id },
        { otherName: 'Ann', what: 'gardening', whenText: 'Tuesday 10:00' },
      );
    await send();
    expect(await worker().runOnce()).toMatchObject({ sent: 0, failed: 1, retried: 0 });
    const problem = await h.database.db
      .selectFrom('notification_address_problem')
      .selectAll()
      .where('person_id', '=', p.id)
      .executeTakeFirstOrThrow();
    expect(problem.email).toBe('bad@example.test');
    expect(problem.reason).toMatch(/550/);
    const failed = await q.failedDeliveries(h.database.db, w.networkA, w.north, 50);
    expect(failed.find((f) => f.person_id === p.id)).toMatchObject({
      address_refused: true,
      attempts: 1,
      to_address: 'bad@example.test',
    });
    await send();
    await worker().runOnce();
    const calls = await q.phoneCalls(h.database.db, w.networkA, w.north, true, 100);
    expect(calls.filter((c) => c.person_id === p.id)).toHaveLength(1);
    expect(
      (await q.addressProblems(h.database.db, w.networkA, w.north)).map((a) => a.person_id),
    ).toContain(p.id);
    expect(smtp.received).toHaveLength(0);
  });

  it('retries a message the server refuses with backoff, then fails it for good; a resend delivers it once', async () => {
    const p = await addPerson(h.database.db, w.networkA, {
      name: 'Refused Msg',
      email: 'refused@example.test',
      timebankId: w.north,
    });
    smtp.refuseMessages = 554;
    await notify(
      'exchange_cancelled',
      { personId: p.id },
      { otherName: 'Ann', what: 'gardening', whenText: 'Tuesday', reason: 'Rain.' },
    );
    expect(await worker().runOnce()).toMatchObject({ retried: 1 });
    const row = () =>
      h.database.db
        .selectFrom('notification_delivery as d')
        .innerJoin('notification as n', 'n.id', 'd.notification_id')
        .select(['d.id', 'd.status', 'd.attempts', 'd.next_attempt_at', 'd.last_error'])
        .where('n.recipient_person_id', '=', p.id)
        .executeTakeFirstOrThrow();
    const r1 = await row();
    expect(r1).toMatchObject({ status: 'pending', attempts: 1 });
    expect(r1.next_attempt_at.getTime() - h.clock.now().getTime()).toBe(1000);
    h.clock.advance(1000);
    expect(await worker().runOnce()).toMatchObject({ retried: 1 });
    expect((await row()).next_attempt_at.getTime() - h.clock.now().getTime()).toBe(2000);
    h.clock.advance(2000);
    expect(await worker().runOnce()).toMatchObject({ failed: 1 });
    const r3 = await row();
    expect(r3).toMatchObject({ status: 'failed', attempts: 3 });
    expect(r3.last_error).toMatch(/554/);
    h.clock.advance(3600_000);
    expect((await worker().runOnce()).retried).toBe(0);
    smtp.refuseMessages = null;
    expect(
      await q.resend(h.database.db, w.networkA, r3.id, h.clock.now(), w.coordinatorNorth.id),
    ).toBe(true);
    expect((await worker().runOnce()).sent).toBe(1);
    expect(smtp.to('refused@example.test')).toHaveLength(1);
  });
});

describe('routing by choice', () => {
  it('puts notifications of members without email on their broker phone list, and sends them nothing', async () => {
    const olive = accounts.get(w.offline.id)!;
    const mary = accounts.get(w.member.id)!;
    await h.ledger.recordPending({ ...coord, personId: w.member.id }, exchange(olive, mary, 60));
    await worker().runOnce();
    const calls = await q.phoneCalls(h.database.db, w.networkA, w.north, true, 100);
    const olives = calls.filter((c) => c.person_id === w.offline.id);
    expect(olives.map((c) => c.kind)).toEqual(['hours_to_confirm']);
    expect(smtp.received).toHaveLength(0);
    expect(
      await q.markPhoned(
        h.database.db,
        w.networkA,
        olives[0]!.id,
        h.clock.now(),
        w.brokerNorth.id,
        'she will confirm',
      ),
    ).toBe(true);
    expect(
      await q.markPhoned(
        h.database.db,
        w.networkA,
        olives[0]!.id,
        h.clock.now(),
        w.brokerNorth.id,
        null,
      ),
    ).toBe(false);
  });

  it('sends nothing for a kind set to none, and keeps it in the app', async () => {
    const p = await addPerson(h.database.db, w.networkA, {
      name: 'Quiet One',
      email: 'quiet@example.test',
      timebankId: w.north,
    });
    await q.upsertPreference(h.database.db, {
      networkId: w.networkA,
      personId: p.id,
      kind: 'recheck_due',
      channel: 'none',
      at: h.clock.now(),
      by: p.id,
    });
    await notify(
      'recheck_due',
      { personId: p.id },
      { personName: 'X', scheme: 'DBS', dueOn: '2026-02-01', personId: p.id, memberId: '00000000-0000-4000-8000-000000000001', checkId: '00000000-0000-4000-8000-000000000002' },
    );
    await worker().runOnce();
    expect(smtp.received).toHaveLength(0);
    const [n] = await notificationsOf(p.id);
    expect(n!.route).toBe('none');
    expect(await q.unreadCount(h.database.db, w.networkA, p.id)).toBe(1);
  });

  it('mails a referee (an address, no account) in the language given, and honours their opt-out', async () => {
    const send = () =>
      notify(
        'reference_request',
        { email: 'Referee@Example.test', locale: 'pl' },
        {
          memberName: 'Zofia',
          timebankName: 'Północ',
          referenceId,
          expiresOn: '2026-12-31',
        },
      );
    const referenceId = newId();
    await send();
    await worker().runOnce();
    const [mail] = smtp.to('referee@example.test');
    expect(mail!.subject).toBe('Zofia podał(a) Cię jako osobę polecającą');
    // The link is made from the reference's id when the mail is rendered, never stored.
    const text = mail!.raw.replace(/=\r?\n/g, '');
    expect(text).toMatch(
      new RegExp(`https://tb\\.example\\.org/references/answer/${w.networkA}\\.[A-Za-z0-9_-]{43}`),
    );
    await q.insertEmailOptout(
      h.database.db,
      w.networkA,
      'referee@example.test',
      'reference_request',
      h.clock.now(),
    );
    await send();
    await worker().runOnce();
    expect(smtp.to('referee@example.test')).toHaveLength(1);
  });
});

describe('weekly digest', () => {
  it('gathers the week of digest choices into one mail per member, in their language, once the week has ended', async () => {
    const p = await addPerson(h.database.db, w.networkA, {
      name: 'Digest Reader',
      email: 'digest@example.test',
      timebankId: w.north,
    });
    await h.database.db
      .updateTable('person')
      .set({ locale: 'pl' })
      .where('id', '=', p.id)
      .execute();
    for (const kind of ['listing_new_in_category', 'listing_lapsing'] as const) {
      await q.upsertPreference(h.database.db, {
        networkId: w.networkA,
        personId: p.id,
        kind,
        channel: 'digest',
        at: h.clock.now(),
        by: p.id,
      });
    }
    h.clock.set(new Date('2026-03-03T09:00:00Z')); // a Tuesday
    const enqueue = (kind: 'listing_new_in_category' | 'listing_lapsing', title: string) =>
      kind === 'listing_lapsing'
        ? notify(
            kind,
            { personId: p.id },
            { listingTitle: title, lapsesOn: '2026-03-10', daysLeft: 5 },
          )
        : notify(
            kind,
            { personId: p.id },
            { listingTitle: title, categoryName: 'Ogród', authorName: 'Ann' },
          );
    await enqueue('listing_new_in_category', 'Koszenie <trawy>');
    h.clock.advance(2 * 24 * 3600_000);
    await enqueue('listing_lapsing', 'Prasowanie');
    await enqueue('listing_new_in_category', 'Zakupy');
    expect(await worker().runOnce()).toMatchObject({ digests: 0, sent: 0 });
    h.clock.set(new Date('2026-03-09T00:30:00Z')); // the next Monday
    expect(await worker().runOnce()).toMatchObject({ digests: 1, sent: 1 });
    expect(await worker().runOnce()).toMatchObject({ digests: 0, sent: 0 });
    const mails = smtp.to('digest@example.test');
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toBe('Twój tydzień: 3 powiadomienia');
    expect(mails[0]!.raw).toContain('Koszenie &lt;trawy&gt;');
    expect(mails[0]!.headers.get('list-unsubscribe')).toMatch(/unsubscribe/);
    const week = await h.database.db
      .selectFrom('notification_delivery')
      .select(sql<string>`to_char(digest_week, 'YYYY-MM-DD')`.as('week'))
      .where('digest_person_id', '=', p.id)
      .executeTakeFirstOrThrow();
    expect(week.week).toBe('2026-03-02');
  });

  it('starts weeks on Monday in UTC', () => {
    expect(weekStart(new Date('2026-03-08T23:59:59Z')).toISOString()).toBe(
      '2026-03-02T00:00:00.000Z',
    );
    expect(weekStart(new Date('2026-03-09T00:00:00Z')).toISOString()).toBe(
      '2026-03-09T00:00:00.000Z',
    );
  });
});
