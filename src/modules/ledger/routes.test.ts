// The ledger through the HTTP API: who may move whose minutes, idempotency, pending hours,
// limits, reversals, statements and clearing between timebanks.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorld, type World } from '../../../test/support/fixtures.ts';
import { Client, startTestServer, type TestServer } from '../../../test/support/http.ts';
import { systemClock } from '../../lib/clock.ts';
import { newId } from '../../lib/ids.ts';
import { silentLogger } from '../../lib/log.ts';
import { systemActor } from '../audit/record.ts';
import { createLedger } from './service.ts';

let server: TestServer;
let world: World;
const acc: Record<string, string> = {};
const signedIn = async (email: string | null) => {
  const c = new Client(server.url);
  expect((await c.signIn(email!)).status).toBe(200);
  return c;
};
const memberIdOf = async (personId: string) =>
  (
    await server.database.db
      .selectFrom('member')
      .where('person_id', '=', personId)
      .select('id')
      .executeTakeFirstOrThrow()
  ).id;

beforeAll(async () => {
  server = await startTestServer();
  world = await createWorld(server.database.db);
  const ledger = createLedger({ db: server.database.db, clock: systemClock, log: silentLogger });
  const actor = systemActor(world.networkA);
  await ledger.openTimebank(actor, {
    timebankId: world.north,
    settings: { balanceMinutesMin: -600 },
  });
  await ledger.openTimebank(actor, { timebankId: world.south });
  await ledger.linkTimebanks(actor, {
    timebankIds: [world.north, world.south],
    clearingLimitMinutes: 600,
  });
  const broker = await signedIn(world.brokerNorth.email);
  for (const [key, person] of [
    ['member', world.member],
    ['offline', world.offline],
  ] as const) {
    const r = await broker.get(
      `/api/v1/timebanks/${world.north}/members/${await memberIdOf(person.id)}/account`,
    );
    expect(r.status).toBe(200);
    acc[key] = r.body.accountId;
  }
  const southBroker = world.southMember;
  const south = await signedIn(southBroker.email);
  acc.south = (await south.get('/api/v1/accounts')).body.items[0].id;
});
afterAll(async () => {
  await server.close();
});

const gift = (minutes: number, from = acc.member!, to = acc.offline!) => ({
  id: newId(),
  debitAccountId: from,
  creditAccountId: to,
  minutes,
  kind: 'gift',
  category: 'birthday',
});

describe('moving minutes', () => {
  it('lets a member gift hours from their own account, and replays the same id as a hit', async () => {
    const member = await signedIn(world.member.email);
    const body = gift(60);
    const first = await member.post('/api/v1/transfers', body);
    expect(first.status).toBe(201);
    expect(first.body.transfers[0]).toMatchObject({
      minutes: 60,
      kind: 'gift',
      phase: 'posted',
      recordedByPersonId: world.member.id,
    });
    const again = await member.post('/api/v1/transfers', body);
    expect(again.status).toBe(200);
    expect(again.headers.get('idempotency-hit')).toBe('true');
    expect(again.body.transfers[0].id).toBe(body.id);
    const other = await member.post('/api/v1/transfers', { ...body, minutes: 61 });
    expect(other.status).toBe(409);
    expect(other.body.code).toBe('idempotency_conflict');
    const mine = await member.get('/api/v1/accounts');
    expect(mine.body.items[0].balance.balanceMinutes).toBe(-60);
  });

  it("refuses spending someone else's account, and hides accounts of other people", async () => {
    const member = await signedIn(world.member.email);
    const r = await member.post('/api/v1/transfers', gift(30, acc.offline, acc.member));
    expect(r.status).toBe(404);
    expect((await member.get(`/api/v1/accounts/${acc.offline}`)).status).toBe(404);
    const otherNetwork = await signedIn(world.brokerB.email);
    expect((await otherNetwork.get(`/api/v1/accounts/${acc.member}`)).status).toBe(404);
    expect((await otherNetwork.post('/api/v1/transfers', gift(10))).status).toBe(404);
  });

  it('refuses bad minutes, the same account twice, and more than a day without a reason', async () => {
    const member = await signedIn(world.member.email);
    for (const minutes of [0, -5, 1.5]) {
      const r = await member.post('/api/v1/transfers', gift(minutes));
      expect(r.status).toBe(400);
      expect(r.body.errors[0].path).toBe('/body/minutes');
    }
    const same = await member.post('/api/v1/transfers', gift(10, acc.member, acc.member));
    expect(same.status).toBe(422);
    expect(same.body.code).toBe('same_account');
    const long = await member.post('/api/v1/transfers', gift(1500));
    expect(long.status).toBe(422);
    expect(long.body.code).toBe('reason_required');
  });

  it('refuses a transfer that would take the payer below the overdraft floor, writing nothing', async () => {
    const member = await signedIn(world.member.email);
    const before = (await member.get(`/api/v1/accounts/${acc.member}`)).body.balance.balanceMinutes;
    const r = await member.post('/api/v1/transfers', { ...gift(600), reason: 'big gift' });
    expect(r.status).toBe(422);
    expect(r.body.code).toBe('overdraft_limit');
    expect((await member.get(`/api/v1/accounts/${acc.member}`)).body.balance.balanceMinutes).toBe(
      before,
    );
  });
});

describe('pending hours', () => {
  it('records hours given as pending; the other party confirms and they post', async () => {
    const helper = await signedIn(world.member.email);
    const claim = {
      id: newId(),
      debitAccountId: acc.offline,
      creditAccountId: acc.member,
      minutes: 90,
      kind: 'exchange',
      category: 'gardening',
    };
    const r = await helper.post('/api/v1/transfers', claim);
    expect(r.status).toBe(201);
    expect(r.body.transfers[0].phase).toBe('pending');
    // Olive has no computer: her broker acts for her and confirms.
    const broker = await signedIn(world.brokerNorth.email);
    expect(
      (await broker.request('PUT', '/api/v1/session/acting-for', { personId: world.offline.id }))
        .status,
    ).toBe(200);
    const pending = await broker.get(`/api/v1/accounts/${acc.offline}/pending`);
    expect(pending.body.items.map((t: { id: string }) => t.id)).toContain(claim.id);
    const confirm = await broker.post(`/api/v1/transfers/${claim.id}/confirm`, { id: newId() });
    expect(confirm.status).toBe(201);
    expect(confirm.body.transfers[0]).toMatchObject({
      phase: 'post_pending',
      recordedByPersonId: world.brokerNorth.id,
      onBehalfOfPersonId: world.offline.id,
    });
    const twice = await broker.post(`/api/v1/transfers/${claim.id}/decline`, { id: newId() });
    expect(twice.status).toBe(422);
    expect(twice.body.code).toBe('already_resolved');
  });

  it('does not let the helper confirm their own claim', async () => {
    const helper = await signedIn(world.member.email);
    const claim = {
      id: newId(),
      debitAccountId: acc.offline,
      creditAccountId: acc.member,
      minutes: 30,
      kind: 'exchange',
      category: 'shopping',
    };
    expect((await helper.post('/api/v1/transfers', claim)).status).toBe(201);
    expect(
      (await helper.post(`/api/v1/transfers/${claim.id}/confirm`, { id: newId() })).status,
    ).toBe(404);
  });
});

describe('reversals and statements', () => {
  it('lets a coordinator reverse with a reason; the original stays, brokers may not', async () => {
    const member = await signedIn(world.member.email);
    const t = gift(15);
    await member.post('/api/v1/transfers', t);
    const broker = await signedIn(world.brokerNorth.email);
    expect(
      (await broker.post(`/api/v1/transfers/${t.id}/reverse`, { id: newId(), reason: 'mistake' }))
        .status,
    ).toBe(403);
    const coord = await signedIn(world.coordinatorNorth.email);
    const r = await coord.post(`/api/v1/transfers/${t.id}/reverse`, {
      id: newId(),
      reason: 'entered twice',
    });
    expect(r.status).toBe(201);
    expect(r.body.transfers[0]).toMatchObject({
      kind: 'reversal',
      reversesTransferId: t.id,
      reason: 'entered twice',
    });
    expect((await member.get(`/api/v1/transfers/${t.id}`)).body.phase).toBe('posted');
  });

  it('pages the statement with running balances, filters by kind, and downloads CSV', async () => {
    const member = await signedIn(world.member.email);
    const page1 = await member.get(`/api/v1/accounts/${acc.member}/statement?limit=2`);
    expect(page1.status).toBe(200);
    expect(page1.body.entries).toHaveLength(2);
    expect(page1.body.nextBefore).not.toBeNull();
    const page2 = await member.get(
      `/api/v1/accounts/${acc.member}/statement?limit=2&before=${page1.body.nextBefore}`,
    );
    expect(page2.body.entries[0].entrySeq).toBeLessThan(page1.body.entries[1].entrySeq);
    const [newer, older] = page1.body.entries;
    expect(newer.balanceAfterMinutes - newer.changeMinutes).toBe(older.balanceAfterMinutes);
    const gifts = await member.get(`/api/v1/accounts/${acc.member}/statement?kind=gift`);
    expect(gifts.body.entries.every((e: { kind: string }) => e.kind === 'gift')).toBe(true);
    const bad = await member.get(`/api/v1/accounts/${acc.member}/statement?kind=bribe`);
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toBe('/querystring/kind');
    const csv = await member.get(`/api/v1/accounts/${acc.member}/statement.csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(csv.text.split('\n')[0]).toMatch(/minutes/i);
  });
});

describe('across timebanks', () => {
  it('clears a gift to a member of a linked timebank through the clearing pair; the network admin sees the flow', async () => {
    const member = await signedIn(world.member.email);
    const r = await member.post('/api/v1/transfers', gift(45, acc.member, acc.south));
    expect(r.status).toBe(201);
    expect(r.body.transfers.length).toBe(2);
    const admin = await signedIn(world.admin.email);
    const flows = await admin.get('/api/v1/network/flows');
    expect(flows.status).toBe(200);
    const flow = flows.body.items[0];
    expect(Math.abs(flow.netOwedByBToAMinutes)).toBe(45);
    expect((await member.get('/api/v1/network/flows')).status).toBe(403);
    const commissioner = await signedIn(world.commissioner.email);
    expect((await commissioner.get('/api/v1/network/flows')).status).toBe(403);
    expect((await commissioner.get(`/api/v1/accounts/${acc.member}`)).status).toBe(404);
  });

  it('refuses a transfer beyond the clearing limit', async () => {
    const coord = await signedIn(world.coordinatorNorth.email);
    await coord.request('PUT', `/api/v1/accounts/${acc.offline}/limits`, {
      balanceMinutesMin: -5000,
      balanceMinutesMax: null,
      reason: 'trusted',
    });
    const broker = await signedIn(world.brokerNorth.email);
    const r = await broker.post('/api/v1/transfers', {
      ...gift(700, acc.offline, acc.south),
      reason: 'big',
    });
    expect(r.status).toBe(422);
    expect(r.body.code).toBe('clearing_limit');
  });
});

describe("an account's own limits", () => {
  it('a coordinator overrides them with a reason and ends the override with a reason; others are refused', async () => {
    const coord = await signedIn(world.coordinatorNorth.email);
    const set = await coord.request('PUT', `/api/v1/accounts/${acc.member}/limits`, {
      balanceMinutesMin: -1200,
      balanceMinutesMax: 6000,
      reason: 'drives people to hospital every week',
    });
    expect(set.status).toBe(200);
    let seen = await coord.get(`/api/v1/accounts/${acc.member}`);
    expect(seen.body.balance.limits).toEqual({ balanceMinutesMin: -1200, balanceMinutesMax: 6000, source: 'account' });
    expect(seen.body.limitReason).toBe('drives people to hospital every week');

    const member = await signedIn(world.member.email);
    const own = await member.post(`/api/v1/accounts/${acc.member}/limits/reset`, { reason: 'mine' });
    expect(own.status).toBe(403);
    const noReason = await coord.post(`/api/v1/accounts/${acc.member}/limits/reset`, { reason: ' ' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.errors[0].path).toBe('/body/reason');
    expect((await coord.get(`/api/v1/accounts/${acc.member}`)).body.balance.limits.source).toBe('account');

    const reset = await coord.post(`/api/v1/accounts/${acc.member}/limits/reset`, { reason: 'back to normal' });
    expect(reset.status).toBe(200);
    expect(reset.body).toMatchObject({ limitOverride: false, limitReason: null });
    seen = await coord.get(`/api/v1/accounts/${acc.member}`);
    expect(seen.body.balance.limits.source).toBe('timebank');
    expect(seen.body.limitReason).toBeNull();
  });
});
