// The hours settings pages over real HTTP with JavaScript off: a coordinator's timebank
// defaults and account limits, the network admin's clearing limits, and every refusal.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorld, type World } from '../../../test/support/fixtures.ts';
import { Client, startTestServer, type TestServer } from '../../../test/support/http.ts';
import { systemClock } from '../../lib/clock.ts';
import { newId } from '../../lib/ids.ts';
import { silentLogger } from '../../lib/log.ts';
import { systemActor } from '../../modules/audit/record.ts';
import { createLedger, type Ledger } from '../../modules/ledger/service.ts';
import { hoursText, readHours } from './hours-input.ts';

let server: TestServer;
let world: World;
let ledger: Ledger;
let maryAccount: string;

async function signedIn(email: string | null) {
  const c = new Client(server.url);
  expect((await c.signIn(email!)).status).toBe(200);
  return c;
}

function form(c: Client, path: string, fields: Record<string, string>) {
  return c.request('POST', path, new URLSearchParams(fields).toString(), {
    'content-type': 'application/x-www-form-urlencoded',
  });
}

const settingsOf = (timebankId: string) => ledger.getSettings(world.networkA, timebankId);

beforeAll(async () => {
  server = await startTestServer();
  world = await createWorld(server.database.db);
  ledger = createLedger({ db: server.database.db, clock: systemClock, log: silentLogger });
  const actor = systemActor(world.networkA);
  await ledger.openTimebank(actor, { timebankId: world.north, settings: { balanceMinutesMin: -600 } });
  await ledger.openTimebank(actor, { timebankId: world.south });
  const member = await server.database.db
    .selectFrom('member')
    .where('person_id', '=', world.member.id)
    .select('id')
    .executeTakeFirstOrThrow();
  maryAccount = (await ledger.openMemberAccount(actor, { memberId: member.id })).id;
});
afterAll(async () => {
  await server.close();
});

describe('hours typed as hours or hours:minutes', () => {
  it('reads whole minutes and refuses decimals, signs and too much', () => {
    expect(readHours('10', 100)).toBe(600);
    expect(readHours(' 7:30 ', 100)).toBe(450);
    expect(readHours('0', 100)).toBe(0);
    for (const bad of ['1.5', '-3', '7:60', '7:5', '', 'ten', '101']) expect(readHours(bad, 100)).toBeNull();
    expect(hoursText(450)).toBe('7:30');
    expect(hoursText(600)).toBe('10');
  });
});

describe("a timebank's hours settings", () => {
  const page = () => `/timebanks/${world.north}/ledger-settings`;
  const good = {
    floor: '7:30',
    ceiling: '',
    confirmation: 'yes',
    timeoutDays: '10',
    timeoutAction: 'void',
    starter: '2',
  };

  it('lets the coordinator change them; the page shows what is stored', async () => {
    const coord = await signedIn(world.coordinatorNorth.email);
    const shown = await coord.get(page());
    expect(shown.status).toBe(200);
    expect(shown.text).toContain('value="10"'); // the overdraft of 600 minutes
    const saved = await form(coord, page(), good);
    expect(saved.status).toBe(303);
    expect(await settingsOf(world.north)).toMatchObject({
      balanceMinutesMin: -450,
      balanceMinutesMax: null,
      confirmationRequired: true,
      pendingTimeoutDays: 10,
      pendingTimeoutAction: 'void',
      starterMinutes: 120,
    });
    expect((await coord.get(page())).text).toContain('The hours settings are saved.');
  });

  it('refuses bad values field by field and changes nothing', async () => {
    const coord = await signedIn(world.coordinatorNorth.email);
    const before = await settingsOf(world.north);
    const bad = await form(coord, page(), { ...good, floor: '1.5', ceiling: 'lots', timeoutDays: '0', confirmation: 'maybe', starter: '500' });
    expect(bad.status).toBe(400);
    for (const field of ['floor', 'ceiling', 'timeoutDays', 'confirmation', 'starter']) {
      expect(bad.text).toContain(`href="#${field}"`);
    }
    expect(bad.text).toContain('value="lots"'); // what was typed stays in the form
    expect(await settingsOf(world.north)).toEqual(before);
  });

  it('keeps brokers, members, other coordinators and other networks out', async () => {
    const broker = await signedIn(world.brokerNorth.email);
    expect((await broker.get(page())).status).toBe(403);
    expect((await form(broker, page(), good)).status).toBe(403);
    const coord = await signedIn(world.coordinatorNorth.email);
    expect((await coord.get(`/timebanks/${world.south}/ledger-settings`)).status).toBe(403);
    expect((await coord.get(`/timebanks/${world.bTimebank}/ledger-settings`)).status).toBe(404);
    expect((await coord.get('/timebanks/not-an-id/ledger-settings')).status).toBe(404);
  });

  it('shows coordinators the link in the navigation, not brokers', async () => {
    const coord = await signedIn(world.coordinatorNorth.email);
    expect((await coord.get('/')).text).toContain(page());
    const broker = await signedIn(world.brokerNorth.email);
    expect((await broker.get('/')).text).not.toContain(page());
  });
});

describe("an account's own limits", () => {
  const page = () => `/accounts/${maryAccount}/limits`;

  it('lets a coordinator give an account its own limits with a reason, then end them', async () => {
    const coord = await signedIn(world.coordinatorNorth.email);
    expect((await coord.get(page())).status).toBe(200);
    const noReason = await form(coord, page(), { floor: '20', ceiling: '', reason: ' ' });
    expect(noReason.status).toBe(400);
    expect(noReason.text).toContain('href="#reason"');
    expect((await ledger.balance(world.networkA, maryAccount)).limits.source).toBe('timebank');

    const saved = await form(coord, page(), { floor: '20', ceiling: '40', reason: 'regular hospital lifts' });
    expect(saved.status).toBe(303);
    expect((await ledger.balance(world.networkA, maryAccount)).limits).toEqual({
      balanceMinutesMin: -1200,
      balanceMinutesMax: 2400,
      source: 'account',
    });
    const shown = await coord.get(page());
    expect(shown.text).toContain('regular hospital lifts');

    const noResetReason = await form(coord, `${page()}/reset`, { resetReason: '' });
    expect(noResetReason.status).toBe(400);
    const reset = await form(coord, `${page()}/reset`, { resetReason: 'lifts ended' });
    expect(reset.status).toBe(303);
    expect((await ledger.balance(world.networkA, maryAccount)).limits.source).toBe('timebank');
  });

  it('refuses a limit the balance already breaks, saying why', async () => {
    const actor = systemActor(world.networkA);
    const pot = await ledger.findAccount(world.networkA, { communityPotOf: world.north });
    await ledger.transfer(actor, {
      id: newId(),
      debitAccountId: pot!.id,
      creditAccountId: maryAccount,
      minutes: 180,
      kind: 'adjustment',
      category: 'other',
      reason: 'opening balance from paper records',
    });
    const coord = await signedIn(world.coordinatorNorth.email);
    const r = await form(coord, page(), { floor: '0', ceiling: '2', reason: 'cap' });
    expect(r.status).toBe(422);
    expect(r.text).toContain('A balance already lies outside that limit');
    expect((await ledger.balance(world.networkA, maryAccount)).limits.source).toBe('timebank');
  });

  it("keeps the member and brokers out, and links it from the account's hours for coordinators only", async () => {
    const mary = await signedIn(world.member.email);
    expect((await mary.get(page())).status).toBe(403);
    expect((await form(mary, page(), { floor: '100', ceiling: '', reason: 'mine' })).status).toBe(403);
    expect((await mary.get('/hours')).text).not.toContain(page());
    const broker = await signedIn(world.brokerNorth.email);
    expect((await broker.get(page())).status).toBe(403);
    const other = await signedIn(world.brokerB.email);
    expect((await other.get(page())).status).toBe(404);
  });
});

describe('clearing limits between timebanks', () => {
  it('lets the network admin link two timebanks and change their limit with a reason', async () => {
    const admin = await signedIn(world.admin.email);
    const same = await form(admin, '/network/links', { first: world.north, second: world.north, newLimit: '10' });
    expect(same.status).toBe(400);
    expect(same.text).toContain('href="#second"');
    const linked = await form(admin, '/network/links', { first: world.north, second: world.south, newLimit: '10' });
    expect(linked.status).toBe(303);
    const again = await form(admin, '/network/links', { first: world.south, second: world.north, newLimit: '12' });
    expect(again.status).toBe(422);
    expect(again.text).toContain('linked already');

    const flows = await admin.get('/network/flows');
    expect(flows.text).toContain('10 h 0 min');
    const [a, b] = [world.north, world.south].sort();
    const link = `${a}:${b}`;
    const bad = await form(admin, '/network/links/clearing-limit', { link, limit: '-1', reason: '' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('href="#limit"');
    expect(bad.text).toContain('href="#reason"');
    const changed = await form(admin, '/network/links/clearing-limit', { link, limit: '25:30', reason: 'more lifts to the hospital' });
    expect(changed.status).toBe(303);
    expect((await ledger.networkFlows(world.networkA))[0]!.clearingLimitMinutes).toBe(1530);
  });

  it('keeps coordinators and members out', async () => {
    const coord = await signedIn(world.coordinatorNorth.email);
    const r = await form(coord, '/network/links', { first: world.north, second: world.south, newLimit: '1' });
    expect(r.status).toBe(403);
    const mary = await signedIn(world.member.email);
    expect((await mary.get('/network/flows')).status).toBe(403);
  });
});
