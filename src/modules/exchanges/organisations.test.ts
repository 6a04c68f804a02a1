// Exchanges with organisations through the HTTP API: a cafe's request (its account pays the
// member who helps) and its offer (the member's account pays the cafe), each from proposal to
// confirmed hours with the balances checked; who acts for the organisation and who may not;
// thank-you notes from it; across timebanks through the clearing pair; and the refusals, which
// write nothing.
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addPerson, memberIdOf, type PersonFixture } from '../../../test/support/fixtures.ts';
import { Client } from '../../../test/support/http.ts';
import { newId } from '../../lib/ids.ts';
import { exchangesAcrossTimebanks } from '../outcomes/indicator-queries.ts';
import { AGREE, count, type ExchangeWorld, exchangeWorld, expectProblem, insertListing, signedIn } from './test-helpers.ts';

let w: ExchangeWorld;
let mary: Client;
let nina: Client;
let broker: Client;
/** Olga is the cafe's admin, Otto a member of it (both use its account); Cat is its contact. */
let olga: PersonFixture & { memberId: string; client: Client };
let otto: PersonFixture & { client: Client };
let cat: PersonFixture & { client: Client };
let cafe: string;
let emptyClub: string;

beforeAll(async () => {
  w = await exchangeWorld();
  mary = await signedIn(w, w.mary);
  nina = await signedIn(w, w.nina);
  broker = await signedIn(w, w.broker);
  const person = async (name: string) => {
    const p = await addPerson(w.db, w.world.networkA, { name, timebankId: w.world.north });
    return { ...p, memberId: await memberIdOf(w.db, p.id, w.world.north), client: await signedIn(w, p) };
  };
  olga = await person('Olga Owner');
  otto = await person('Otto Staff');
  cat = await person('Cat Contact');
  const coord = await signedIn(w, w.world.coordinatorNorth);
  cafe = (await coord.post(`/api/v1/timebanks/${w.world.north}/organisations`, { name: 'Harbour Cafe', kind: 'business' })).body.id;
  for (const [p, role] of [
    [olga, 'admin'],
    [otto, 'member'],
    [cat, 'contact'],
  ] as const) {
    expect((await coord.post(`/api/v1/organisations/${cafe}/people`, { personId: p.id, role })).status).toBe(201);
  }
  // An organisation only a contact acts for: nobody may use its account.
  emptyClub = (await coord.post(`/api/v1/timebanks/${w.world.north}/organisations`, { name: 'Empty Club', kind: 'voluntary' })).body.id;
  expect((await coord.post(`/api/v1/organisations/${emptyClub}/people`, { personId: cat.id, role: 'contact' })).status).toBe(201);
}, 60_000);
afterAll(async () => w?.server.close());

let day = 0;
/** Each test agrees on a day of its own, so no giver is booked by another test. */
function nextFreeDay(): string {
  day += 1;
  return new Date(Date.UTC(2026, 4, 1 + day)).toISOString().slice(0, 10);
}
const backToToday = () => w.clock.set(new Date('2026-01-15T10:00:00Z'));

const cafeListing = (o: Partial<Parameters<typeof insertListing>[1]> = {}) =>
  insertListing(w, { memberId: olga.memberId, organisationId: cafe, mode: 'outside', ...o });

async function balanceOf(owner: { memberId: string } | { organisationId: string }) {
  const account = await w.ledger.findAccount(w.world.networkA, owner);
  return account ? (await w.ledger.balance(w.world.networkA, account.id)).balanceMinutes : 0;
}

async function notified(personId: string, kind: string, exchangeId: string) {
  const rows = await w.db.selectFrom('notification').where('recipient_person_id', '=', personId).where('kind', '=', kind).select('payload').execute();
  return rows.some((r) => JSON.stringify(r.payload).includes(exchangeId));
}

const occ = (id: string, o: string, step: string) => `/api/v1/exchanges/${id}/occurrences/${o}/${step}`;

describe("an organisation's request: the cafe needs its windows cleaned", () => {
  it('goes proposed -> agreed -> done -> hours -> confirmed; the cafe pays from its account and Nina earns', async () => {
    const listingId = await cafeListing({ title: 'Window cleaning' });
    const proposed = await nina.post('/api/v1/exchanges', { listingId, giverMemberIds: [w.nina.memberId] });
    expect(proposed.status, proposed.text).toBe(201);
    const id = proposed.body.id as string;
    expect(proposed.body.receiver).toEqual({ memberId: null, organisationId: cafe, name: 'Harbour Cafe', timebankId: w.world.north });
    expect(proposed.body.givers).toEqual([{ memberId: w.nina.memberId, organisationId: null, name: 'Nina Giver', timebankId: w.world.north }]);
    // The people who act for the cafe with its account are asked; its contact is not.
    expect(await notified(olga.id, 'asked_to_help', id)).toBe(true);
    expect(await notified(otto.id, 'asked_to_help', id)).toBe(true);
    expect(await notified(cat.id, 'asked_to_help', id)).toBe(false);

    // Olga and Otto are the receiver; the contact and strangers do not see it.
    expect((await olga.client.get(`/api/v1/exchanges/${id}`)).body.myRoles).toEqual(['receiver']);
    expect((await cat.client.get(`/api/v1/exchanges/${id}`)).status).toBe(404);
    expect((await mary.get(`/api/v1/exchanges/${id}`)).status).toBe(404);
    expectProblem(await cat.client.post(`/api/v1/exchanges/${id}/agree`, AGREE), 404, 'not_found');

    const date = nextFreeDay();
    const agreed = await olga.client.post(`/api/v1/exchanges/${id}/agree`, { ...AGREE, date, place: 'Harbour Cafe, Quay St' });
    expect(agreed.status, agreed.text).toBe(200);
    expect(await notified(w.nina.id, 'exchange_agreed', id)).toBe(true);
    expect(await notified(otto.id, 'exchange_agreed', id)).toBe(true);
    expect(await notified(olga.id, 'exchange_agreed', id)).toBe(false);
    const occurrenceId = agreed.body.occurrences[0].id as string;

    w.clock.set(new Date(`${date}T12:00:00Z`));
    try {
      expect((await otto.client.post(occ(id, occurrenceId, 'done'))).status).toBe(200);
      // The receiver does not record hours; the member who gave does.
      expectProblem(await olga.client.post(occ(id, occurrenceId, 'hours'), { id: newId(), minutes: 90 }), 403, 'forbidden');
      const requestId = newId();
      const hours = await nina.post(occ(id, occurrenceId, 'hours'), { id: requestId, minutes: 90 });
      expect(hours.status, hours.text).toBe(201);
      expect(hours.body.occurrences[0].hours).toEqual([{ giverMemberId: w.nina.memberId, giverOrganisationId: null, minutes: 90, transferId: requestId, phase: 'pending' }]);
      const cafeAccount = await w.ledger.findAccount(w.world.networkA, { organisationId: cafe });
      expect(await w.ledger.getTransfer(w.world.networkA, requestId)).toMatchObject({ phase: 'pending', minutes: 90, kind: 'exchange', debitAccountId: cafeAccount!.id, exchangeId: id });
      // "Hours to confirm" goes to the people who use the cafe's account (the ledger's trigger).
      expect(await notified(olga.id, 'hours_to_confirm', requestId)).toBe(true);
      // The giver does not confirm her own hours.
      expectProblem(await nina.post(occ(id, occurrenceId, 'confirm')), 403, 'forbidden');
      const confirmed = await olga.client.post(occ(id, occurrenceId, 'confirm'));
      expect(confirmed.status, confirmed.text).toBe(200);
      expect(confirmed.body.status).toBe('confirmed');
      expect(await balanceOf({ organisationId: cafe })).toBe(-90);
      expect(await balanceOf({ memberId: w.nina.memberId })).toBe(90);

      // The cafe thanks Nina, written by Olga; Nina's profile shows it from the cafe.
      const thanked = await olga.client.post(`/api/v1/exchanges/${id}/thanks`, { toMemberId: w.nina.memberId, text: 'Sparkling windows!', showOnProfile: true });
      expect(thanked.status, thanked.text).toBe(201);
      expect(thanked.body.thanks[0]).toMatchObject({ fromMemberId: null, fromOrganisationId: cafe, toMemberId: w.nina.memberId });
      expectProblem(await otto.client.post(`/api/v1/exchanges/${id}/thanks`, { toMemberId: w.nina.memberId, text: 'Again', showOnProfile: false }), 409, 'conflict', '/body/toMemberId');
      const profile = await mary.get(`/api/v1/timebanks/${w.world.north}/members/${w.nina.memberId}/thanks`);
      expect(profile.body.items.map((n: { fromName: string; text: string }) => [n.fromName, n.text])).toContainEqual(['Harbour Cafe', 'Sparkling windows!']);
      const written = await w.db.selectFrom('thank_you').where('exchange_id', '=', id).select(['written_by_person_id']).executeTakeFirstOrThrow();
      expect(written.written_by_person_id).toBe(olga.id);
      // Notes go to members: thanking the cafe is refused, and nothing is written.
      const notes = await count(w, 'thank_you');
      expectProblem(await nina.post(`/api/v1/exchanges/${id}/thanks`, { toMemberId: cafe, text: 'Lovely tea after', showOnProfile: true }), 422, 'thanks_to_organisation', '/body/toMemberId');
      expect(await count(w, 'thank_you')).toBe(notes);
    } finally {
      backToToday();
    }

    // Olga's exchanges include the cafe's, named by it; Mary's do not.
    const list = await olga.client.get('/api/v1/exchanges');
    expect(list.body.mine.find((x: { id: string }) => x.id === id)).toMatchObject({ organisationName: 'Harbour Cafe', state: 'confirmed' });
    expect((await mary.get('/api/v1/exchanges')).body.mine.some((x: { id: string }) => x.id === id)).toBe(false);
    // Nina, who gave, has it among her own (not as an organisation's).
    expect((await nina.get('/api/v1/exchanges')).body.mine.find((x: { id: string }) => x.id === id)).toMatchObject({ organisationName: null });
  });

  it('is shown in the calendar feed of the people acting for the cafe, named by it', async () => {
    const listingId = await cafeListing({ title: 'Painting the sign' });
    const id = (await nina.post('/api/v1/exchanges', { listingId, giverMemberIds: [w.nina.memberId] })).body.id as string;
    expect((await olga.client.post(`/api/v1/exchanges/${id}/agree`, { ...AGREE, date: nextFreeDay() })).status).toBe(200);
    const feedOf = async (c: Client) => {
      const made = await c.post('/api/v1/calendar/feed');
      return (await new Client(w.server.url).get(new URL(made.body.url).pathname)).text.replace(/\r\n[ \t]/g, '');
    };
    expect(await feedOf(olga.client)).toContain('SUMMARY:Painting the sign (Harbour Cafe)');
    expect(await feedOf(cat.client)).not.toContain(id);
  });
});

describe("an organisation's offer: teas at the cafe", () => {
  it('goes from proposal to confirmed hours; Mary pays from her account and the cafe earns; a broker may act for the cafe', async () => {
    const before = { cafe: await balanceOf({ organisationId: cafe }), mary: await balanceOf({ memberId: w.mary.memberId }) };
    const listingId = await cafeListing({ kind: 'offer', title: 'Tea and cake' });
    const proposed = await mary.post('/api/v1/exchanges', { listingId, receiverMemberId: w.mary.memberId, note: 'Thursday afternoon?' });
    expect(proposed.status, proposed.text).toBe(201);
    const id = proposed.body.id as string;
    expect(proposed.body.givers).toEqual([{ memberId: null, organisationId: cafe, name: 'Harbour Cafe', timebankId: w.world.north }]);
    expect(await notified(olga.id, 'asked_to_help', id)).toBe(true);
    expect((await otto.client.get(`/api/v1/exchanges/${id}`)).body.myRoles).toEqual(['giver']);
    expect((await nina.get(`/api/v1/exchanges/${id}`)).status).toBe(404);
    // The cafe gives: no member givers to choose.
    expectProblem(await broker.post(`/api/v1/exchanges/${id}/agree`, { ...AGREE, giverMemberIds: [w.nina.memberId] }), 422, 'listing_party', '/body/giverMemberIds');
    const date = nextFreeDay();
    const agreed = await otto.client.post(`/api/v1/exchanges/${id}/agree`, { ...AGREE, date, place: 'Harbour Cafe' });
    expect(agreed.status, agreed.text).toBe(200);
    const occurrenceId = agreed.body.occurrences[0].id as string;
    w.clock.set(new Date(`${date}T12:00:00Z`));
    try {
      // No-show names a member: the cafe is not one.
      expectProblem(await mary.post(occ(id, occurrenceId, 'no-show'), { memberId: cafe, reason: 'Closed' }), 400, 'validation_failed', '/body/memberId');
      expect((await mary.post(occ(id, occurrenceId, 'done'))).status).toBe(200);
      // A broker of the cafe's timebank records the hours for it (the giver).
      const requestId = newId();
      const hours = await broker.post(occ(id, occurrenceId, 'hours'), { id: requestId, minutes: 30 });
      expect(hours.status, hours.text).toBe(201);
      expect(hours.body.occurrences[0].hours).toEqual([{ giverMemberId: null, giverOrganisationId: cafe, minutes: 30, transferId: requestId, phase: 'pending' }]);
      const again = await broker.post(occ(id, occurrenceId, 'hours'), { id: requestId, minutes: 30 });
      expect(again.headers.get('idempotency-hit')).toBe('true');
      expectProblem(await olga.client.post(occ(id, occurrenceId, 'hours'), { id: newId(), minutes: 30 }), 409, 'hours_already_recorded', '/params/occurrenceId');
      expect(await notified(w.mary.id, 'hours_to_confirm', requestId)).toBe(true);
      expectProblem(await olga.client.post(occ(id, occurrenceId, 'confirm')), 403, 'forbidden');
      expect((await mary.post(occ(id, occurrenceId, 'confirm'))).status).toBe(200);
      expect(await balanceOf({ organisationId: cafe })).toBe(before.cafe + 30);
      expect(await balanceOf({ memberId: w.mary.memberId })).toBe(before.mary - 30);
      // The cafe (its giver) thanks Mary, through Olga.
      const thanked = await olga.client.post(`/api/v1/exchanges/${id}/thanks`, { toMemberId: w.mary.memberId, text: 'Come again!', showOnProfile: false });
      expect(thanked.status, thanked.text).toBe(201);
      expect(thanked.body.thanks[0]).toMatchObject({ fromOrganisationId: cafe, toMemberId: w.mary.memberId });
    } finally {
      backToToday();
    }
  });

  it('is disputed by the receiver and resolved by a broker with other minutes, through the cafe’s account', async () => {
    const listingId = await cafeListing({ kind: 'offer', title: 'Soup lunch' });
    const id = (await mary.post('/api/v1/exchanges', { listingId, receiverMemberId: w.mary.memberId })).body.id as string;
    const date = nextFreeDay();
    const occurrenceId = (await olga.client.post(`/api/v1/exchanges/${id}/agree`, { ...AGREE, date })).body.occurrences[0].id as string;
    const before = await balanceOf({ organisationId: cafe });
    w.clock.set(new Date(`${date}T12:00:00Z`));
    try {
      await olga.client.post(occ(id, occurrenceId, 'done'));
      expect((await olga.client.post(occ(id, occurrenceId, 'hours'), { id: newId(), minutes: 120 })).status).toBe(201);
      expect((await mary.post(occ(id, occurrenceId, 'dispute'), { reason: 'It was half an hour' })).status).toBe(200);
      expectProblem(await olga.client.post(occ(id, occurrenceId, 'resolve'), { outcome: 'post', reason: 'x' }), 403, 'forbidden');
      const resolved = await broker.post(occ(id, occurrenceId, 'resolve'), { outcome: 'adjust', minutes: 30, reason: 'Agreed on the phone' });
      expect(resolved.status, resolved.text).toBe(200);
      expect(await balanceOf({ organisationId: cafe })).toBe(before + 30);
    } finally {
      backToToday();
    }
  });
});

describe('across timebanks', () => {
  it("lets Sam of South clean the cafe's windows on a request shown to the network; the hours clear through the linked pair", async () => {
    const listingId = await cafeListing({ title: 'Gutter clearing', visibility: 'network' });
    const sam = await signedIn(w, w.sam);
    const proposed = await sam.post('/api/v1/exchanges', { listingId, giverMemberIds: [w.sam.memberId] });
    expect(proposed.status, proposed.text).toBe(201);
    const id = proposed.body.id as string;
    const date = nextFreeDay();
    const occurrenceId = (await olga.client.post(`/api/v1/exchanges/${id}/agree`, { ...AGREE, date })).body.occurrences[0].id as string;
    const before = { cafe: await balanceOf({ organisationId: cafe }), sam: await balanceOf({ memberId: w.sam.memberId }) };
    const flowsBefore = (await w.ledger.networkFlows(w.world.networkA))[0];
    w.clock.set(new Date(`${date}T12:00:00Z`));
    try {
      await sam.post(occ(id, occurrenceId, 'done'));
      expect((await sam.post(occ(id, occurrenceId, 'hours'), { id: newId(), minutes: 45 })).status).toBe(201);
      const legs = await w.db.selectFrom('transfer').where('exchange_id', '=', id).select(['timebank_id', 'phase']).execute();
      expect(new Set(legs.map((l) => l.timebank_id))).toEqual(new Set([w.world.north, w.world.south]));
      expect((await otto.client.post(occ(id, occurrenceId, 'confirm'))).status).toBe(200);
      expect(await balanceOf({ organisationId: cafe })).toBe(before.cafe - 45);
      expect(await balanceOf({ memberId: w.sam.memberId })).toBe(before.sam + 45);
      const flows = (await w.ledger.networkFlows(w.world.networkA))[0]!;
      const moved = (f: typeof flows | undefined) => (f ? f.paidFromAToBMinutes + f.paidFromBToAMinutes : 0);
      expect(moved(flows) - moved(flowsBefore)).toBe(45);
      // The outcome indicator counts it for either side's timebank (the cafe's is North).
      const scope = { networkId: w.world.networkA, timebankId: null, areaId: null, categorySlug: null, from: '2026-01-01', to: '2026-12-31' };
      expect((await exchangesAcrossTimebanks(w.db, scope)).value).toBe(1);
      expect((await exchangesAcrossTimebanks(w.db, { ...scope, timebankId: w.world.north })).value).toBe(1);
      expect((await exchangesAcrossTimebanks(w.db, { ...scope, timebankId: w.world.south })).value).toBe(1);
    } finally {
      backToToday();
    }
  });
});

describe("a person's data export", () => {
  const exported = async (c: Client, personId: string) => {
    const r = await fetch(new URL(`/api/v1/people/${personId}/export`, w.server.url), { headers: { cookie: [...c.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } });
    expect(r.status).toBe(200);
    const files = unzipSync(new Uint8Array(await r.arrayBuffer()));
    return (f: string) => JSON.parse(strFromU8(files[f]!));
  };

  it("keeps a member's exchanges with an organisation and its notes to them; the organisation's own are not its people's data", async () => {
    const ninas = await exported(nina, w.nina.id);
    const windows = ninas('exchanges.json').find((e: { what: string }) => e.what === 'Window cleaning');
    expect(windows).toMatchObject({ role: 'giver', state: 'agreed', occurrences: [expect.objectContaining({ state: 'confirmed' })] });
    expect(ninas('thanks.json')).toContainEqual(expect.objectContaining({ body: 'Sparkling windows!', direction: 'received' }));
    const olgas = await exported(olga.client, olga.id);
    expect(olgas('exchanges.json')).toEqual([]);
  });
});

describe('refusals, which write nothing', () => {
  it('refuses parties that do not fit an organisation’s listing, its own people on the other side, and an organisation nobody acts for', async () => {
    const request = await cafeListing({ title: 'Chairs mended' });
    const offer = await cafeListing({ kind: 'offer', title: 'Coffee' });
    const clubListing = await insertListing(w, { memberId: olga.memberId, organisationId: emptyClub, title: 'Leaflets' });
    const exchanges = await w.db.selectFrom('exchange').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const events = await count(w, 'exchange_event');
    const post = (c: Client, body: Record<string, unknown>) => c.post('/api/v1/exchanges', body);
    expectProblem(await post(nina, { listingId: request, receiverMemberId: w.mary.memberId, giverMemberIds: [w.nina.memberId] }), 422, 'listing_party', '/body/receiverMemberId');
    expectProblem(await post(nina, { listingId: request }), 400, 'validation_failed', '/body/giverMemberIds');
    expectProblem(await post(mary, { listingId: offer, receiverMemberId: w.mary.memberId, giverMemberIds: [w.nina.memberId] }), 422, 'listing_party', '/body/giverMemberIds');
    expectProblem(await post(broker, { listingId: offer }), 400, 'validation_failed', '/body/receiverMemberId');
    // Olga acts for the cafe: she does not give to it, nor take what it offers.
    expectProblem(await post(olga.client, { listingId: request, giverMemberIds: [olga.memberId] }), 422, 'organisation_self', '/body/giverMemberIds/0');
    expectProblem(await post(broker, { listingId: request, giverMemberIds: [w.nina.memberId, olga.memberId] }), 422, 'organisation_self', '/body/giverMemberIds/1');
    expectProblem(await post(olga.client, { listingId: offer, receiverMemberId: olga.memberId }), 422, 'organisation_self', '/body/receiverMemberId');
    // Nobody acts for the club with its account: nobody could agree or confirm for it.
    expectProblem(await post(nina, { listingId: clubListing, giverMemberIds: [w.nina.memberId] }), 422, 'organisation_inactive', '/body/listingId');
    // A member not of the listing's timebank, on a listing shown to the timebank only.
    const sam = await signedIn(w, w.sam);
    expectProblem(await post(sam, { listingId: request, giverMemberIds: [w.sam.memberId] }), 400, 'validation_failed', '/body/giverMemberIds/0');
    const after = await w.db.selectFrom('exchange').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(exchanges.n));
    expect(await count(w, 'exchange_event')).toBe(events);
  });

  it('refuses a broker choosing one of the cafe’s own people as a giver when agreeing or changing', async () => {
    const listingId = await cafeListing({ title: 'Menu boards' });
    const id = (await nina.post('/api/v1/exchanges', { listingId, giverMemberIds: [w.nina.memberId] })).body.id as string;
    expectProblem(await broker.post(`/api/v1/exchanges/${id}/agree`, { ...AGREE, date: nextFreeDay(), giverMemberIds: [olga.memberId] }), 422, 'organisation_self', '/body/giverMemberIds/0');
    expect((await broker.post(`/api/v1/exchanges/${id}/agree`, { ...AGREE, date: nextFreeDay() })).status).toBe(200);
    expectProblem(await broker.post(`/api/v1/exchanges/${id}/change`, { giverMemberIds: [w.nina.memberId, olga.memberId] }), 422, 'organisation_self', '/body/giverMemberIds/1');
    const v = await broker.get(`/api/v1/exchanges/${id}`);
    expect(v.body.givers.map((g: { memberId: string }) => g.memberId)).toEqual([w.nina.memberId]);
  });

  it('keeps the data honest: one receiver, no member givers beside a giving organisation', async () => {
    const e = await w.db.selectFrom('exchange').where('giver_organisation_id', '=', cafe).select(['id']).executeTakeFirstOrThrow();
    await expect(
      w.db.insertInto('exchange_giver').values({ network_id: w.world.networkA, exchange_id: e.id, member_id: w.nina.memberId, position: 0 }).execute(),
    ).rejects.toThrow(/no member givers/);
    await expect(w.db.updateTable('exchange').set({ receiver_organisation_id: cafe }).where('id', '=', e.id).execute()).rejects.toThrow(/exchange_one_receiver/);
  });
});
