// Exchanges through the HTTP API: every step of the state machine, good and bad, who may take
// it, the refusals that write nothing, hours through the ledger, across timebanks, and
// notifications in the outbox.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '../../../test/support/http.ts';
import { newId } from '../../lib/ids.ts';
import {
  AGREE,
  agreed,
  count,
  type ExchangeWorld,
  exchangeWorld,
  expectProblem,
  insertListing,
  propose,
  signedIn,
} from './test-helpers.ts';

let w: ExchangeWorld;
let mary: Client;
let nina: Client;
let ned: Client;
let broker: Client;

beforeAll(async () => {
  w = await exchangeWorld();
  mary = await signedIn(w, w.mary);
  nina = await signedIn(w, w.nina);
  ned = await signedIn(w, w.ned);
  broker = await signedIn(w, w.broker);
}, 60_000);
afterAll(async () => w?.server.close());

const HOUR = 3_600_000;
/** After the agreed Tuesday 10:00. */
const afterTheVisit = () => w.clock.set(new Date('2026-01-20T12:00:00Z'));
const backToToday = () => w.clock.set(new Date('2026-01-15T10:00:00Z'));

async function notificationsOf(personId: string, kind: string) {
  return w.db
    .selectFrom('notification')
    .where('recipient_person_id', '=', personId)
    .where('kind', '=', kind)
    .selectAll()
    .execute();
}

/** A request of Mary's that Nina proposes to help with, agreed for next Tuesday. */
async function agreedExchange(
  opts: {
    body?: Record<string, unknown>;
    givers?: string[];
    listing?: Parameters<typeof insertListing>[1];
  } = {},
) {
  const listingId = await insertListing(w, opts.listing ?? { memberId: w.mary.memberId });
  const id = await propose(nina, listingId, w.mary.memberId, opts.givers ?? [w.nina.memberId]);
  const r = await agreed(mary, id, opts.body ?? { ...AGREE, date: nextFreeDay() });
  return { id, listingId, occurrenceId: r.occurrences[0]!.id };
}

/** Each test agrees on a day of its own, so no giver is booked by another test. */
let day = 0;
function nextFreeDay(): string {
  day += 1;
  return new Date(Date.UTC(2026, 3, 1 + day)).toISOString().slice(0, 10);
}

describe('proposing', () => {
  it('proposes an exchange on a request: Mary receives, Nina gives; Mary is asked, Nina is not told of her own act', async () => {
    const listingId = await insertListing(w, {
      memberId: w.mary.memberId,
      title: 'Shopping on Friday',
    });
    const r = await nina.post('/api/v1/exchanges', {
      listingId,
      receiverMemberId: w.mary.memberId,
      giverMemberIds: [w.nina.memberId],
      note: 'I can do Fridays',
    });
    expect(r.status, r.text).toBe(201);
    expect(r.body).toMatchObject({
      state: 'proposed',
      status: 'proposed',
      what: 'Shopping on Friday',
      category: 'home-garden',
      myRoles: ['giver'],
    });
    expect(r.body.events.map((e: { kind: string }) => e.kind)).toEqual(['proposed']);
    expect(r.body.events[0].actorName).toBe(w.nina.name);
    const asked = await notificationsOf(w.mary.id, 'asked_to_help');
    expect(
      asked.some((n) => (n.payload as { linkPath: string }).linkPath === `/exchanges/${r.body.id}`),
    ).toBe(true);
    expect((await notificationsOf(w.nina.id, 'asked_to_help')).length).toBe(0);
  });

  it('refuses a closed or expired listing, and parties that do not fit the listing, writing nothing', async () => {
    const closed = await insertListing(w, { memberId: w.mary.memberId, status: 'closed' });
    const expired = await insertListing(w, { memberId: w.mary.memberId, expiresOn: '2026-01-01' });
    const open = await insertListing(w, { memberId: w.mary.memberId });
    const before = await count(w, 'exchange_event');
    expectProblem(
      await nina.post('/api/v1/exchanges', {
        listingId: closed,
        receiverMemberId: w.mary.memberId,
        giverMemberIds: [w.nina.memberId],
      }),
      422,
      'listing_not_open',
      '/body/listingId',
    );
    expectProblem(
      await nina.post('/api/v1/exchanges', {
        listingId: expired,
        receiverMemberId: w.mary.memberId,
        giverMemberIds: [w.nina.memberId],
      }),
      422,
      'listing_not_open',
      '/body/listingId',
    );
    // The receiver of a request is who asked.
    expectProblem(
      await nina.post('/api/v1/exchanges', {
        listingId: open,
        receiverMemberId: w.ned.memberId,
        giverMemberIds: [w.nina.memberId],
      }),
      422,
      'listing_party',
      '/body/receiverMemberId',
    );
    // The receiver cannot also give; no more than two givers.
    expectProblem(
      await mary.post('/api/v1/exchanges', {
        listingId: open,
        receiverMemberId: w.mary.memberId,
        giverMemberIds: [w.mary.memberId],
      }),
      400,
      'validation_failed',
      '/body/giverMemberIds/0',
    );
    expectProblem(
      await nina.post('/api/v1/exchanges', {
        listingId: open,
        receiverMemberId: w.mary.memberId,
        giverMemberIds: [w.nina.memberId, w.ned.memberId, w.broker.id],
      }),
      400,
      'validation_failed',
    );
    // A listing shown to its timebank only: Sam of South cannot give.
    expectProblem(
      await broker.post('/api/v1/exchanges', {
        listingId: open,
        receiverMemberId: w.mary.memberId,
        giverMemberIds: [w.sam.memberId],
      }),
      400,
      'validation_failed',
      '/body/giverMemberIds/0',
    );
    expect(await count(w, 'exchange_event')).toBe(before);
  });

  it('lets only the people in it, or a broker, propose it', async () => {
    const listingId = await insertListing(w, { memberId: w.mary.memberId });
    // Ned proposes Nina as the giver: he is not in it.
    expectProblem(
      await ned.post('/api/v1/exchanges', {
        listingId,
        receiverMemberId: w.mary.memberId,
        giverMemberIds: [w.nina.memberId],
      }),
      403,
      'forbidden',
    );
    const sam = await signedIn(w, w.sam);
    expectProblem(
      await sam.post('/api/v1/exchanges', {
        listingId,
        receiverMemberId: w.mary.memberId,
        giverMemberIds: [w.nina.memberId],
      }),
      404,
      'not_found',
    );
    const r = await broker.post('/api/v1/exchanges', {
      listingId,
      receiverMemberId: w.mary.memberId,
      giverMemberIds: [w.nina.memberId],
    });
    expect(r.status).toBe(201);
    expect(r.body.myRoles).toEqual(['broker']);
    // Someone outside it cannot read it.
    expectProblem(await ned.get(`/api/v1/exchanges/${r.body.id}`), 404, 'not_found');
  });
});

describe('agreeing', () => {
  it('agrees date, time, place, givers and travel expenses in money; tells the others; the story says who and when', async () => {
    const listingId = await insertListing(w, { memberId: w.mary.memberId });
    const id = await propose(nina, listingId, w.mary.memberId, [w.nina.memberId]);
    const expenses = { amountMinor: 450, currency: 'GBP', what: 'bus fare', payer: 'receiver' };
    const r = await mary.post(`/api/v1/exchanges/${id}/agree`, {
      ...AGREE,
      date: nextFreeDay(),
      giverMemberIds: [w.nina.memberId, w.ned.memberId],
      expenses,
    });
    expect(r.status, r.text).toBe(200);
    expect(r.body).toMatchObject({
      state: 'agreed',
      status: 'agreed',
      place: "Mary's house",
      durationMinutes: 60,
      expenses,
      repeat: null,
    });
    expect(r.body.givers.map((g: { memberId: string }) => g.memberId)).toEqual([
      w.nina.memberId,
      w.ned.memberId,
    ]);
    expect(r.body.occurrences).toHaveLength(1);
    expect(
      r.body.events.map((e: { kind: string; actorName: string }) => [e.kind, e.actorName]),
    ).toEqual([
      ['proposed', w.nina.name],
      ['agreed', w.mary.name],
    ]);
    expect((await notificationsOf(w.nina.id, 'exchange_agreed')).length).toBeGreaterThan(0);
    expect((await notificationsOf(w.ned.id, 'exchange_agreed')).length).toBeGreaterThan(0);
    // Agreed once: agreeing again is refused.
    expectProblem(
      await mary.post(`/api/v1/exchanges/${id}/agree`, { ...AGREE, date: nextFreeDay() }),
      409,
      'invalid_transition',
    );
  });

  it('refuses expenses entered as hours or as a fraction, and a currency that is not one; nothing written', async () => {
    const listingId = await insertListing(w, { memberId: w.mary.memberId });
    const id = await propose(nina, listingId, w.mary.memberId, [w.nina.memberId]);
    const before = await count(w, 'exchange_event');
    const body = (expenses: Record<string, unknown>) => ({
      ...AGREE,
      date: nextFreeDay(),
      expenses: { what: 'bus', payer: 'receiver', ...expenses },
    });
    expectProblem(
      await mary.post(`/api/v1/exchanges/${id}/agree`, body({ amountMinor: 2, currency: 'hours' })),
      422,
      'expenses_not_money',
      '/body/expenses/currency',
    );
    expectProblem(
      await mary.post(`/api/v1/exchanges/${id}/agree`, body({ amountMinor: 2, currency: 'h' })),
      422,
      'expenses_not_money',
      '/body/expenses/currency',
    );
    expectProblem(
      await mary.post(`/api/v1/exchanges/${id}/agree`, body({ amountMinor: 1.5, currency: 'GBP' })),
      422,
      'expenses_not_money',
      '/body/expenses/amountMinor',
    );
    expectProblem(
      await mary.post(
        `/api/v1/exchanges/${id}/agree`,
        body({ amountMinor: -100, currency: 'GBP' }),
      ),
      422,
      'expenses_not_money',
      '/body/expenses/amountMinor',
    );
    expectProblem(
      await mary.post(`/api/v1/exchanges/${id}/agree`, body({ amountMinor: 100, currency: 'XYZ' })),
      422,
      'expenses_not_money',
      '/body/expenses/currency',
    );
    expectProblem(
      await mary.post(
        `/api/v1/exchanges/${id}/agree`,
        body({ amountMinor: '1:30', currency: 'GBP' }),
      ),
      400,
      'validation_failed',
      '/body/expenses/amountMinor',
    );
    expect(await count(w, 'exchange_event')).toBe(before);
    expect((await mary.get(`/api/v1/exchanges/${id}`)).body.state).toBe('proposed');
  });

  it('refuses a time already past', async () => {
    const listingId = await insertListing(w, { memberId: w.mary.memberId });
    const id = await propose(nina, listingId, w.mary.memberId, [w.nina.memberId]);
    expectProblem(
      await mary.post(`/api/v1/exchanges/${id}/agree`, { ...AGREE, date: '2026-01-14' }),
      422,
      'in_the_past',
      '/body/date',
    );
  });

  it('refuses a giver without a valid check when the listing needs one, and agrees once the check is recorded', async () => {
    const listingId = await insertListing(w, { memberId: w.mary.memberId, checkNeeded: true });
    const id = await propose(nina, listingId, w.mary.memberId, [w.nina.memberId]);
    const date = nextFreeDay();
    const before = await count(w, 'exchange_event');
    const r = await mary.post(`/api/v1/exchanges/${id}/agree`, { ...AGREE, date });
    expectProblem(r, 422, 'giver_check_missing', '/body/giverMemberIds/0');
    expect(r.body.detail).toContain(w.nina.name);
    expect(await count(w, 'exchange_event')).toBe(before);
    const check = await broker.post(
      `/api/v1/timebanks/${w.world.north}/members/${w.nina.memberId}/safeguarding/checks`,
      {
        scheme: 'pvg',
        level: 'pvg_level_2',
        workforce: 'adults',
        roleTitle: 'Befriender',
        regulatedWork: true,
        issuedOn: '2025-06-01',
        decision: 'cleared',
        decidedByPersonId: w.broker.id,
        decidedOn: '2025-06-02',
      },
    );
    expect(check.status, check.text).toBe(201);
    await agreed(mary, id, { ...AGREE, date });
  });

  it('refuses a giver who is paused on the day, or restricted from home visits or hospital appointments, or only visits with a second giver', async () => {
    // Ned is away until the 10th of February.
    const paused = await broker.post(
      `/api/v1/timebanks/${w.world.north}/members/${w.ned.memberId}/availability/pause`,
      { pausedUntil: '2026-02-10' },
    );
    expect(paused.status, paused.text).toBe(200);
    const listingId = await insertListing(w, { memberId: w.mary.memberId, mode: 'home' });
    const withNed = await propose(broker, listingId, w.mary.memberId, [w.ned.memberId]);
    expectProblem(
      await mary.post(`/api/v1/exchanges/${withNed}/agree`, { ...AGREE, date: '2026-02-05' }),
      422,
      'giver_paused',
      '/body/giverMemberIds/0',
    );
    // From the day after the pause, he can.
    await agreed(mary, withNed, { ...AGREE, date: '2026-02-11' });

    const restrict = (kinds: string[]) =>
      broker.request(
        'PUT',
        `/api/v1/timebanks/${w.world.north}/members/${w.nina.memberId}/restrictions`,
        { kinds, note: null },
      );
    try {
      expect((await restrict(['no_home_visits'])).status).toBe(200);
      const home = await propose(nina, listingId, w.mary.memberId, [w.nina.memberId]);
      expectProblem(
        await mary.post(`/api/v1/exchanges/${home}/agree`, { ...AGREE, date: nextFreeDay() }),
        422,
        'giver_restricted',
        '/body/giverMemberIds/0',
      );
      const online = await insertListing(w, { memberId: w.mary.memberId, mode: 'online' });
      await agreed(mary, await propose(nina, online, w.mary.memberId, [w.nina.memberId]), {
        ...AGREE,
        date: nextFreeDay(),
      });

      expect((await restrict(['no_hospital_appointments'])).status).toBe(200);
      const hospital = await insertListing(w, { memberId: w.mary.memberId, mode: 'outside', title: 'Lift to the hospital for my scan' });
      expectProblem(
        await mary.post(`/api/v1/exchanges/${await propose(nina, hospital, w.mary.memberId, [w.nina.memberId])}/agree`, { ...AGREE, date: nextFreeDay() }),
        422,
        'giver_restricted',
        '/body/giverMemberIds/0',
      );

      expect((await restrict(['two_person_visits'])).status).toBe(200);
      const pair = await propose(nina, listingId, w.mary.memberId, [w.nina.memberId]);
      const date = nextFreeDay();
      expectProblem(
        await mary.post(`/api/v1/exchanges/${pair}/agree`, { ...AGREE, date }),
        422,
        'giver_restricted',
        '/body/giverMemberIds/0',
      );
      // With a second giver (Ned, back from holiday) it is agreed.
      await agreed(mary, pair, {
        ...AGREE,
        date: '2026-02-12',
        time: '16:00',
        giverMemberIds: [w.nina.memberId, w.ned.memberId],
      });
    } finally {
      expect((await restrict([])).status).toBe(200);
    }
  });

  it('refuses a giver already booked at an overlapping time, and books the next free hour', async () => {
    const date = nextFreeDay();
    await agreedExchange({ body: { ...AGREE, date, time: '10:00', durationMinutes: 90 } });
    const listingId = await insertListing(w, { memberId: w.mary.memberId, mode: 'outside' });
    const id = await propose(nina, listingId, w.mary.memberId, [w.nina.memberId]);
    const before = await count(w, 'exchange_occurrence');
    const r = await mary.post(`/api/v1/exchanges/${id}/agree`, { ...AGREE, date, time: '11:00' });
    expectProblem(r, 422, 'giver_booked', '/body/giverMemberIds/0');
    expect(await count(w, 'exchange_occurrence')).toBe(before);
    await agreed(mary, id, { ...AGREE, date, time: '11:30' });
  });
});

describe('after agreement', () => {
  it('refuses "done" before the time, then goes done -> hours recorded (pending, with the category) -> confirmed', async () => {
    const { id, occurrenceId } = await agreedExchange({ body: { ...AGREE } });
    expectProblem(
      await nina.post(`/api/v1/exchanges/${id}/occurrences/${occurrenceId}/done`),
      422,
      'not_yet',
    );
    afterTheVisit();
    try {
      const done = await nina.post(`/api/v1/exchanges/${id}/occurrences/${occurrenceId}/done`);
      expect(done.body.status).toBe('done');
      // The receiver does not record her own hours; the giver (or a broker) does.
      expectProblem(
        await mary.post(`/api/v1/exchanges/${id}/occurrences/${occurrenceId}/hours`, {
          id: newId(),
          minutes: 60,
        }),
        403,
        'forbidden',
      );
      const requestId = newId();
      const hours = await nina.post(`/api/v1/exchanges/${id}/occurrences/${occurrenceId}/hours`, {
        id: requestId,
        minutes: 75,
      });
      expect(hours.status, hours.text).toBe(201);
      expect(hours.headers.get('idempotency-hit')).toBe('false');
      expect(hours.body.status).toBe('hours_recorded');
      expect(hours.body.occurrences[0].hours).toEqual([
        { giverMemberId: w.nina.memberId, giverOrganisationId: null, minutes: 75, transferId: requestId, phase: 'pending' },
      ]);
      const transfer = await w.ledger.getTransfer(w.world.networkA, requestId);
      expect(transfer).toMatchObject({
        phase: 'pending',
        minutes: 75,
        kind: 'exchange',
        category: 'home-garden',
        exchangeId: id,
      });
      // "Hours to confirm" goes to Mary, by the ledger's trigger in the same transaction.
      expect(
        (await notificationsOf(w.mary.id, 'hours_to_confirm')).some(
          (n) => (n.payload as { transfer_id: string }).transfer_id === requestId,
        ),
      ).toBe(true);
      // The same request again answers as the first time; another one is refused with 409.
      const again = await nina.post(`/api/v1/exchanges/${id}/occurrences/${occurrenceId}/hours`, {
        id: requestId,
        minutes: 75,
      });
      expect(again.status).toBe(200);
      expect(again.headers.get('idempotency-hit')).toBe('true');
      const transfers = await count(w, 'transfer');
      expectProblem(
        await nina.post(`/api/v1/exchanges/${id}/occurrences/${occurrenceId}/hours`, {
          id: newId(),
          minutes: 60,
        }),
        409,
        'hours_already_recorded',
        '/params/occurrenceId',
      );
      expectProblem(
        await nina.post(`/api/v1/exchanges/${id}/occurrences/${occurrenceId}/hours`, {
          id: requestId,
          minutes: 60,
        }),
        409,
        'idempotency_conflict',
      );
      expect(await count(w, 'transfer')).toBe(transfers);
      // Only the receiver (or a broker) confirms.
      expectProblem(
        await nina.post(`/api/v1/exchanges/${id}/occurrences/${occurrenceId}/confirm`),
        403,
        'forbidden',
      );
      const confirmed = await mary.post(
        `/api/v1/exchanges/${id}/occurrences/${occurrenceId}/confirm`,
      );
      expect(confirmed.status, confirmed.text).toBe(200);
      expect(confirmed.body.status).toBe('confirmed');
      expect(confirmed.body.occurrences[0].hours[0].phase).toBe('posted');
      expect(confirmed.body.events.map((e: { kind: string }) => e.kind)).toEqual([
        'proposed',
        'agreed',
        'done',
        'hours_recorded',
        'confirmed',
      ]);
      expectProblem(
        await mary.post(`/api/v1/exchanges/${id}/occurrences/${occurrenceId}/confirm`),
        409,
        'invalid_transition',
      );
    } finally {
      backToToday();
    }
  });

  it('refuses to confirm or dispute hours the ledger already resolved (on the hours page), and says so', async () => {
    const date = nextFreeDay();
    const { id, occurrenceId } = await agreedExchange({ body: { ...AGREE, date } });
    w.clock.set(new Date(`${date}T12:00:00Z`));
    try {
      await nina.post(`/api/v1/exchanges/${id}/occurrences/${occurrenceId}/done`);
      const requestId = newId();
      await nina.post(`/api/v1/exchanges/${id}/occurrences/${occurrenceId}/hours`, { id: requestId, minutes: 30 });
      const viaLedger = await mary.post(`/api/v1/transfers/${requestId}/confirm`, { id: newId() });
      expect(viaLedger.status, viaLedger.text).toBe(201);
      const events = await count(w, 'exchange_event');
      expectProblem(await mary.post(`/api/v1/exchanges/${id}/occurrences/${occurrenceId}/confirm`), 422, 'already_resolved');
      expectProblem(await mary.post(`/api/v1/exchanges/${id}/occurrences/${occurrenceId}/dispute`, { reason: 'late' }), 422, 'already_resolved');
      expect(await count(w, 'exchange_event')).toBe(events);
      expect((await mary.get(`/api/v1/exchanges/${id}`)).body.occurrences[0].hours[0].phase).toBe('posted');
    } finally {
      backToToday();
    }
  });

  it('refuses hours for an occurrence not done yet', async () => {
    const { id, occurrenceId } = await agreedExchange();
    expectProblem(
      await nina.post(`/api/v1/exchanges/${id}/occurrences/${occurrenceId}/hours`, {
        id: newId(),
        minutes: 60,
      }),
      409,
      'invalid_transition',
      '/params/occurrenceId',
    );
  });

  it('refuses one of two racing recordings of hours with 409, and books one transfer per giver', async () => {
    const date = nextFreeDay();
    const { id, occurrenceId } = await agreedExchange({
      body: { ...AGREE, date },
      givers: [w.nina.memberId, w.ned.memberId],
    });
    w.clock.set(new Date(`${date}T12:00:00Z`));
    try {
      await nina.post(`/api/v1/exchanges/${id}/occurrences/${occurrenceId}/done`);
      const [a, b] = await Promise.all([
        nina.post(`/api/v1/exchanges/${id}/occurrences/${occurrenceId}/hours`, {
          id: newId(),
          minutes: 60,
        }),
        ned.post(`/api/v1/exchanges/${id}/occurrences/${occurrenceId}/hours`, {
          id: newId(),
          minutes: 60,
        }),
      ]);
      expect([a.status, b.status].sort()).toEqual([201, 409]);
      expect([a.body.code, b.body.code]).toContain('hours_already_recorded');
      const hours = await w.db
        .selectFrom('exchange_hours')
        .where('occurrence_id', '=', occurrenceId)
        .selectAll()
        .execute();
      expect(hours.map((h) => h.giver_member_id).sort()).toEqual(
        [w.nina.memberId, w.ned.memberId].sort(),
      );
    } finally {
      backToToday();
    }
  });

  it('is disputed by the receiver and resolved by a broker only, who may settle on other minutes', async () => {
    const { id, occurrenceId } = await agreedExchange({ body: { ...AGREE } });
    afterTheVisit();
    try {
      await nina.post(`/api/v1/exchanges/${id}/occurrences/${occurrenceId}/done`);
      const requestId = newId();
      await nina.post(`/api/v1/exchanges/${id}/occurrences/${occurrenceId}/hours`, {
        id: requestId,
        minutes: 180,
      });
      const disputed = await mary.post(
        `/api/v1/exchanges/${id}/occurrences/${occurrenceId}/dispute`,
        { reason: 'It took an hour' },
      );
      expect(disputed.body.status).toBe('disputed');
      expectProblem(
        await mary.post(`/api/v1/exchanges/${id}/occurrences/${occurrenceId}/confirm`),
        409,
        'invalid_transition',
      );
      expectProblem(
        await nina.post(`/api/v1/exchanges/${id}/occurrences/${occurrenceId}/resolve`, {
          outcome: 'post',
          reason: 'mine',
        }),
        403,
        'forbidden',
      );
      expectProblem(
        await broker.post(`/api/v1/exchanges/${id}/occurrences/${occurrenceId}/resolve`, {
          outcome: 'adjust',
          reason: 'phoned both',
        }),
        400,
        'validation_failed',
        '/body/minutes',
      );
      const resolved = await broker.post(
        `/api/v1/exchanges/${id}/occurrences/${occurrenceId}/resolve`,
        { outcome: 'adjust', minutes: 60, reason: 'phoned both' },
      );
      expect(resolved.status, resolved.text).toBe(200);
      expect(resolved.body.status).toBe('resolved');
      expect(resolved.body.occurrences[0]).toMatchObject({ resolution: 'adjust' });
      expect(resolved.body.occurrences[0].hours[0].phase).toBe('voided');
      const booked = await w.db
        .selectFrom('transfer')
        .where('exchange_id', '=', id)
        .where('phase', '=', 'posted')
        .select(['minutes', 'reason', 'recorded_by_person_id'])
        .execute();
      expect(booked).toEqual([
        { minutes: 60, reason: 'phoned both', recorded_by_person_id: w.broker.id },
      ]);
      expect(resolved.body.events.at(-1)).toMatchObject({
        kind: 'resolved',
        actorName: w.broker.name,
      });
    } finally {
      backToToday();
    }
  });

  it('records a no-show with who and why', async () => {
    const { id, occurrenceId } = await agreedExchange({ body: { ...AGREE } });
    afterTheVisit();
    try {
      expectProblem(
        await mary.post(`/api/v1/exchanges/${id}/occurrences/${occurrenceId}/no-show`, {
          memberId: w.ned.memberId,
          reason: 'x',
        }),
        400,
        'validation_failed',
        '/body/memberId',
      );
      const r = await mary.post(`/api/v1/exchanges/${id}/occurrences/${occurrenceId}/no-show`, {
        memberId: w.nina.memberId,
        reason: 'Did not come, no call',
      });
      expect(r.body.occurrences[0]).toMatchObject({
        state: 'no_show',
        noShowMemberId: w.nina.memberId,
        reason: 'Did not come, no call',
      });
      expect(r.body.status).toBe('no_show');
      expectProblem(
        await nina.post(`/api/v1/exchanges/${id}/occurrences/${occurrenceId}/done`),
        409,
        'invalid_transition',
      );
    } finally {
      backToToday();
    }
  });

  it('records changes to an agreed exchange with what it was and what it became, and tells the others', async () => {
    const { id, occurrenceId } = await agreedExchange();
    const date = nextFreeDay();
    const r = await nina.post(`/api/v1/exchanges/${id}/change`, {
      place: 'The church hall',
      expenses: { amountMinor: 300, currency: 'gbp', what: 'parking', payer: 'timebank' },
      occurrence: { occurrenceId, date, time: '14:00' },
      reason: 'Mary asked',
    });
    expect(r.status, r.text).toBe(200);
    expect(r.body).toMatchObject({
      place: 'The church hall',
      expenses: { amountMinor: 300, currency: 'GBP', what: 'parking', payer: 'timebank' },
    });
    // 14:00 in London in April is 13:00 UTC (British Summer Time).
    expect(r.body.occurrences[0].startsAt).toBe(`${date}T13:00:00.000Z`);
    const changed = r.body.events.at(-1);
    expect(changed).toMatchObject({ kind: 'changed', actorName: w.nina.name });
    expect(changed.detail.before.place).toBe("Mary's house");
    expect(changed.detail.after.place).toBe('The church hall');
    expect(changed.detail.reason).toBe('Mary asked');
    expect(
      (await notificationsOf(w.mary.id, 'exchange_changed')).some(
        (n) => (n.payload as { linkPath: string }).linkPath === `/exchanges/${id}`,
      ),
    ).toBe(true);
    expectProblem(
      await nina.post(`/api/v1/exchanges/${id}/change`, { place: 'The church hall' }),
      400,
      'validation_failed',
      '/body',
    );
    // Moving it onto a time Nina is booked is refused, and nothing changes.
    const other = await agreedExchange({ body: { ...AGREE, date: nextFreeDay() } });
    const busy = (
      await mary.get(`/api/v1/exchanges/${other.id}`)
    ).body.occurrences[0].startsAt.slice(0, 10);
    const before = await count(w, 'exchange_event');
    expectProblem(
      await nina.post(`/api/v1/exchanges/${id}/change`, {
        occurrence: { occurrenceId, date: busy, time: '10:30' },
      }),
      422,
      'giver_booked',
      '/body/giverMemberIds/0',
    );
    expect(await count(w, 'exchange_event')).toBe(before);
  });

  it('cancels a proposed exchange, and an agreed one with its reason, telling the others; not twice', async () => {
    const listingId = await insertListing(w, { memberId: w.mary.memberId });
    const proposed = await propose(nina, listingId, w.mary.memberId, [w.nina.memberId]);
    expectProblem(
      await mary.post(`/api/v1/exchanges/${proposed}/cancel`, {}),
      400,
      'validation_failed',
      '/body/reason',
    );
    const r = await mary.post(`/api/v1/exchanges/${proposed}/cancel`, { reason: 'Found help' });
    expect(r.body).toMatchObject({ state: 'cancelled', cancelledReason: 'Found help' });
    const { id } = await agreedExchange();
    const c = await nina.post(`/api/v1/exchanges/${id}/cancel`, { reason: 'I am ill' });
    expect(c.body).toMatchObject({ state: 'cancelled', status: 'cancelled' });
    expect(c.body.occurrences[0]).toMatchObject({ state: 'cancelled', reason: 'I am ill' });
    expect(c.body.events.at(-1)).toMatchObject({
      kind: 'cancelled',
      actorName: w.nina.name,
      detail: { reason: 'I am ill', occurrencesCancelled: 1 },
    });
    const told = await notificationsOf(w.mary.id, 'exchange_cancelled');
    expect(told.some((n) => (n.payload as { reason?: string }).reason === 'I am ill')).toBe(true);
    expectProblem(
      await nina.post(`/api/v1/exchanges/${id}/cancel`, { reason: 'again' }),
      409,
      'invalid_transition',
    );
    expectProblem(
      await nina.post(`/api/v1/exchanges/${id}/agree`, { ...AGREE, date: nextFreeDay() }),
      409,
      'invalid_transition',
    );
  });

  it('lets a broker take every step for a member without email, acting for her; the story names both', async () => {
    const olive = {
      ...w.world.offline,
      memberId: (
        await w.db
          .selectFrom('member')
          .where('person_id', '=', w.world.offline.id)
          .select('id')
          .executeTakeFirstOrThrow()
      ).id,
    };
    const listingId = await insertListing(w, { memberId: olive.memberId });
    const acting = await signedIn(w, w.broker);
    expect(
      (await acting.request('PUT', '/api/v1/session/acting-for', { personId: olive.id })).status,
    ).toBe(200);
    const id = await propose(acting, listingId, olive.memberId, [w.nina.memberId]);
    const date = nextFreeDay();
    await agreed(acting, id, { ...AGREE, date });
    w.clock.set(new Date(`${date}T12:00:00Z`));
    try {
      const occurrenceId = (await acting.get(`/api/v1/exchanges/${id}`)).body.occurrences[0].id;
      expect(
        (await acting.post(`/api/v1/exchanges/${id}/occurrences/${occurrenceId}/done`)).status,
      ).toBe(200);
      expect(
        (
          await acting.post(`/api/v1/exchanges/${id}/occurrences/${occurrenceId}/hours`, {
            id: newId(),
            minutes: 60,
          })
        ).status,
      ).toBe(201);
      const r = await acting.post(`/api/v1/exchanges/${id}/occurrences/${occurrenceId}/confirm`);
      expect(r.body.status).toBe('confirmed');
      expect(r.body.myRoles).toEqual(['receiver', 'broker']);
      expect(r.body.events.at(-1)).toMatchObject({
        kind: 'confirmed',
        actorName: w.broker.name,
        onBehalfOfName: olive.name,
      });
    } finally {
      backToToday();
    }
  });
});

describe('recurring exchanges', () => {
  it('makes weekly occurrences until a day, each with its own hours; hours twice for one occurrence refused', async () => {
    const listingId = await insertListing(w, {
      memberId: w.mary.memberId,
      title: 'Bedding changed every Tuesday',
    });
    const id = await propose(ned, listingId, w.mary.memberId, [w.ned.memberId]);
    const r = await agreed(mary, id, {
      ...AGREE,
      date: '2026-03-03',
      time: '09:00',
      repeat: { weekdays: [2], until: '2026-03-31' },
    });
    expect(r.occurrences.map((o) => o.startsAt)).toEqual([
      '2026-03-03T09:00:00.000Z',
      '2026-03-10T09:00:00.000Z',
      '2026-03-17T09:00:00.000Z',
      '2026-03-24T09:00:00.000Z',
      '2026-03-31T08:00:00.000Z',
    ]);
    expect(r.occurrences).toHaveLength(5);
    // British Summer Time starts on 29 March: the wall-clock time stays 09:00.
    expect(r.occurrences.at(-1)!.startsAt).toBe('2026-03-31T08:00:00.000Z');
    w.clock.set(new Date('2026-03-18T12:00:00Z'));
    try {
      const [first, second] = r.occurrences;
      for (const o of [first!, second!]) {
        expect((await ned.post(`/api/v1/exchanges/${id}/occurrences/${o.id}/done`)).status).toBe(
          200,
        );
        expect(
          (
            await ned.post(`/api/v1/exchanges/${id}/occurrences/${o.id}/hours`, {
              id: newId(),
              minutes: 45,
            })
          ).status,
        ).toBe(201);
      }
      expectProblem(
        await ned.post(`/api/v1/exchanges/${id}/occurrences/${first!.id}/hours`, {
          id: newId(),
          minutes: 45,
        }),
        409,
        'hours_already_recorded',
      );
      const v = (await mary.get(`/api/v1/exchanges/${id}`)).body;
      expect(v.status).toBe('agreed');
      expect(v.repeat).toEqual({ weekdays: [2], until: '2026-03-31', count: null });
      expect(v.occurrences.map((o: { state: string }) => o.state)).toEqual([
        'hours_recorded',
        'hours_recorded',
        'agreed',
        'agreed',
        'agreed',
      ]);
      // Cancelling one occurrence leaves the others.
      const c = await mary.post(`/api/v1/exchanges/${id}/cancel`, {
        reason: 'In hospital that week',
        occurrenceId: v.occurrences[3].id,
      });
      expect(c.body.occurrences.map((o: { state: string }) => o.state)).toEqual([
        'hours_recorded',
        'hours_recorded',
        'agreed',
        'cancelled',
        'agreed',
      ]);
      expect(c.body.state).toBe('agreed');
    } finally {
      backToToday();
    }
  });

  it('makes a number of occurrences on several weekdays, and refuses a rule with no end, too many, or none', async () => {
    const listingId = await insertListing(w, { memberId: w.mary.memberId, mode: 'online' });
    const id = await propose(ned, listingId, w.mary.memberId, [w.ned.memberId]);
    const bad = (repeat: Record<string, unknown>) =>
      mary.post(`/api/v1/exchanges/${id}/agree`, { ...AGREE, date: '2026-06-01', repeat });
    expectProblem(await bad({ weekdays: [1] }), 400, 'validation_failed', '/body/repeat');
    expectProblem(
      await bad({ weekdays: [1], until: '2026-07-01', count: 3 }),
      400,
      'validation_failed',
      '/body/repeat',
    );
    expectProblem(
      await bad({ weekdays: [1, 2, 3, 4, 5], until: '2027-06-01' }),
      422,
      'too_many_occurrences',
      '/body/repeat/until',
    );
    expectProblem(
      await bad({ weekdays: [7], until: '2026-06-03' }),
      400,
      'validation_failed',
      '/body/repeat/weekdays',
    );
    const r = await agreed(mary, id, {
      ...AGREE,
      date: '2026-06-01',
      repeat: { weekdays: [1, 4], count: 4 },
    });
    expect(r.occurrences.map((o) => o.startsAt.slice(0, 10))).toEqual([
      '2026-06-01',
      '2026-06-04',
      '2026-06-08',
      '2026-06-11',
    ]);
  });
});

describe('across timebanks', () => {
  it('lets Sam of South give to Mary of North on a listing shown to the network; the hours clear through the linked pair', async () => {
    const listingId = await insertListing(w, {
      memberId: w.mary.memberId,
      visibility: 'network',
      mode: 'outside',
    });
    const sam = await signedIn(w, w.sam);
    const id = await propose(sam, listingId, w.mary.memberId, [w.sam.memberId]);
    const date = nextFreeDay();
    const r = await agreed(mary, id, { ...AGREE, date });
    const occurrenceId = r.occurrences[0]!.id;
    w.clock.set(new Date(`${date}T12:00:00Z`));
    try {
      await sam.post(`/api/v1/exchanges/${id}/occurrences/${occurrenceId}/done`);
      const requestId = newId();
      expect(
        (
          await sam.post(`/api/v1/exchanges/${id}/occurrences/${occurrenceId}/hours`, {
            id: requestId,
            minutes: 90,
          })
        ).status,
      ).toBe(201);
      const legs = await w.db
        .selectFrom('transfer')
        .where('exchange_id', '=', id)
        .select(['timebank_id', 'phase', 'minutes'])
        .execute();
      expect(legs).toHaveLength(2);
      expect(new Set(legs.map((l) => l.timebank_id))).toEqual(
        new Set([w.world.north, w.world.south]),
      );
      expect(
        (await mary.post(`/api/v1/exchanges/${id}/occurrences/${occurrenceId}/confirm`)).status,
      ).toBe(200);
      const samAccount = await w.ledger.findAccount(w.world.networkA, { memberId: w.sam.memberId });
      expect((await w.ledger.balance(w.world.networkA, samAccount!.id)).balanceMinutes).toBe(90);
      const flows = await w.ledger.networkFlows(w.world.networkA);
      expect(flows[0]!.paidFromAToBMinutes + flows[0]!.paidFromBToAMinutes).toBe(90);
    } finally {
      backToToday();
    }
  });
});

describe('thank-you notes', () => {
  it('are written after the help by either side; shown on the profile only when the writer agrees and the recipient does not hide them', async () => {
    const { id, occurrenceId } = await agreedExchange();
    expectProblem(
      await mary.post(`/api/v1/exchanges/${id}/thanks`, {
        toMemberId: w.nina.memberId,
        text: 'Thank you!',
        showOnProfile: true,
      }),
      422,
      'not_yet',
    );
    const v = (await mary.get(`/api/v1/exchanges/${id}`)).body;
    w.clock.set(new Date(new Date(v.occurrences[0].startsAt).getTime() + 2 * HOUR));
    try {
      await nina.post(`/api/v1/exchanges/${id}/occurrences/${occurrenceId}/done`);
      const mine = await mary.post(`/api/v1/exchanges/${id}/thanks`, {
        toMemberId: w.nina.memberId,
        text: 'Lovely clean sheets',
        showOnProfile: true,
      });
      expect(mine.status, mine.text).toBe(201);
      expect(
        (
          await nina.post(`/api/v1/exchanges/${id}/thanks`, {
            toMemberId: w.mary.memberId,
            text: 'Great tea',
            showOnProfile: false,
          })
        ).status,
      ).toBe(201);
      expectProblem(
        await mary.post(`/api/v1/exchanges/${id}/thanks`, {
          toMemberId: w.nina.memberId,
          text: 'Again',
          showOnProfile: true,
        }),
        409,
        'conflict',
      );
      expectProblem(
        await mary.post(`/api/v1/exchanges/${id}/thanks`, {
          toMemberId: w.mary.memberId,
          text: 'Me',
          showOnProfile: true,
        }),
        400,
        'validation_failed',
        '/body/toMemberId',
      );
      expectProblem(
        await broker.post(`/api/v1/exchanges/${id}/thanks`, {
          toMemberId: w.nina.memberId,
          text: 'From staff',
          showOnProfile: true,
        }),
        403,
        'forbidden',
      );
      // Ned reads the notes on Nina's and Mary's profiles: only the one shown.
      const ninaNotes = await ned.get(
        `/api/v1/timebanks/${w.world.north}/members/${w.nina.memberId}/thanks`,
      );
      expect(ninaNotes.body.items.map((n: { text: string }) => n.text)).toContain(
        'Lovely clean sheets',
      );
      const maryNotes = await ned.get(
        `/api/v1/timebanks/${w.world.north}/members/${w.mary.memberId}/thanks`,
      );
      expect(maryNotes.body.items.map((n: { text: string }) => n.text)).not.toContain('Great tea');
      // Mary sees her own, private one included.
      expect(
        (
          await mary.get(`/api/v1/timebanks/${w.world.north}/members/${w.mary.memberId}/thanks`)
        ).body.items.map((n: { text: string }) => n.text),
      ).toContain('Great tea');
      // Nina hides hers; only she may.
      const noteId = mine.body.thanks.find(
        (n: { text: string }) => n.text === 'Lovely clean sheets',
      ).id;
      expectProblem(
        await mary.request('PUT', `/api/v1/thank-yous/${noteId}/hidden`, { hidden: true }),
        404,
        'not_found',
      );
      expect(
        (await nina.request('PUT', `/api/v1/thank-yous/${noteId}/hidden`, { hidden: true })).body,
      ).toEqual({ id: noteId, hiddenByRecipient: true });
      const after = await ned.get(
        `/api/v1/timebanks/${w.world.north}/members/${w.nina.memberId}/thanks`,
      );
      expect(after.body.items.map((n: { text: string }) => n.text)).not.toContain(
        'Lovely clean sheets',
      );
      // Another network's member reads nothing.
      const outsider = await signedIn(w, w.world.memberB);
      expect(
        (await outsider.get(`/api/v1/timebanks/${w.world.north}/members/${w.nina.memberId}/thanks`))
          .status,
      ).toBe(404);
    } finally {
      backToToday();
    }
  });
});

describe('my exchanges', () => {
  it('lists the exchanges I give or receive in, and for a broker those of the timebank', async () => {
    const { id } = await agreedExchange();
    const mine = await nina.get('/api/v1/exchanges');
    expect(mine.body.mine.map((e: { id: string }) => e.id)).toContain(id);
    expect(mine.body.timebank).toEqual([]);
    const staff = await broker.get(`/api/v1/exchanges?timebankId=${w.world.north}`);
    expect(staff.body.timebank.map((e: { id: string }) => e.id)).toContain(id);
    const sam = await signedIn(w, w.sam);
    expect((await sam.get(`/api/v1/exchanges?timebankId=${w.world.north}`)).body.timebank).toEqual(
      [],
    );
  });
});
