import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../lib/clock.ts';
import { newId } from '../../lib/ids.ts';
import { silentLogger } from '../../lib/log.ts';
import { addPerson, createWorld, memberIdOf as memberIdIn, type PersonFixture, type World } from '../../../test/support/fixtures.ts';
import { Client, startTestServer, type TestServer } from '../../../test/support/http.ts';
import { systemActor } from '../audit/record.ts';
import { createLedger } from '../ledger/service.ts';

let server: TestServer;
let world: World;
let dunoon: string;
let kirn: string;
const others: Record<string, PersonFixture> = {};
const signedIn = async (email: string | null) => {
  const c = new Client(server.url);
  expect((await c.signIn(email!)).status).toBe(200);
  return c;
};
const memberIdOf = (personId: string, timebankId: string) => memberIdIn(server.database.db, personId, timebankId);
const dir = (q = '') => `/api/v1/timebanks/${world.north}/directory${q}`;
const names = (items: { displayName: string }[]) => items.map((i) => i.displayName).sort();

beforeAll(async () => {
  server = await startTestServer();
  const db = server.database.db;
  world = await createWorld(db);
  dunoon = newId();
  kirn = newId();
  await db
    .insertInto('area')
    .values([
      { network_id: world.networkA, id: dunoon, timebank_id: world.north, name: 'Dunoon', kind: 'town' },
      { network_id: world.networkA, id: kirn, timebank_id: world.north, name: 'Kirn', kind: 'village' },
    ])
    .execute();
  for (const status of ['applied', 'active', 'left'] as const) {
    others[status] = await addPerson(db, world.networkA, { name: `Nina ${status}`, timebankId: world.north, status, password: false });
  }
  others.paused = others.active!;
  await db.updateTable('member').set({ status: 'paused', paused_until: '2099-01-01' }).where('person_id', '=', others.paused.id).execute();
  others.child = await addPerson(db, world.networkA, { name: 'Finlay Child', email: null, timebankId: world.north });
  await db.updateTable('person').set({ birth_year: new Date().getUTCFullYear() - 9 }).where('id', '=', others.child.id).execute();
  others.optOut = await addPerson(db, world.networkA, { name: 'Orla Optout', email: null, timebankId: world.north });
  await db.updateTable('member').set({ area_id: dunoon }).where('person_id', '=', world.member.id).execute();
  // Profiles: Mary offers gardening and helps in Kirn; Olive offers baking; Orla opted out.
  const broker = await signedIn(world.brokerNorth.email);
  const put = (personId: string, body: unknown) =>
    memberIdOf(personId, world.north).then((id) => broker.request('PUT', `/api/v1/timebanks/${world.north}/members/${id}/profile`, body));
  expect((await put(world.member.id, { offer: { categories: ['home-garden.gardening'], text: 'Weeding' }, areaIds: [kirn] })).status).toBe(200);
  expect((await put(world.offline.id, { offer: { categories: ['home-garden.cooking'] }, skill: { categories: ['creative.writing'] } })).status).toBe(200);
  expect((await put(others.optOut.id, { offer: { categories: ['home-garden.gardening'] }, directoryOptOut: true })).status).toBe(200);
  expect((await put(others.paused!.id, { offer: { categories: ['home-garden.gardening'] } })).status).toBe(200);
});
afterAll(async () => {
  await server.close();
});

describe('the member directory', () => {
  it('is off until a coordinator turns it on', async () => {
    const member = await signedIn(world.member.email);
    const r = await member.get(dir());
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ visibility: 'off', items: [], total: 0 });
  });

  it('shows names and areas of active adult members who did not opt out, and nothing else', async () => {
    const coord = await signedIn(world.coordinatorNorth.email);
    const set = await coord.request('PUT', dir('/settings'), { visibility: 'names_areas' });
    expect(set.status).toBe(200);
    const member = await signedIn(world.member.email);
    const r = await member.get(dir());
    expect(r.body.visibility).toBe('names_areas');
    expect(names(r.body.items)).toEqual(names([world.member, world.offline, world.brokerNorth, world.coordinatorNorth].map((p) => ({ displayName: p.name }))));
    const mary = r.body.items.find((i: { displayName: string }) => i.displayName === world.member.name);
    expect(mary).toEqual({ memberId: await memberIdOf(world.member.id, world.north), displayName: world.member.name, areas: ['Dunoon', 'Kirn'] });
    expect(r.text).not.toMatch(/example\.test|birth|phone|email|Weeding|gardening/i);
    // Asking for offers when they are not shown filters nothing and shows none.
    const byCategory = await member.get(dir('?category=home-garden'));
    expect(byCategory.body.total).toBe(4);
  });

  it('adds offers when the timebank shows them, and filters by name, area and category', async () => {
    const coord = await signedIn(world.coordinatorNorth.email);
    await coord.request('PUT', dir('/settings'), { visibility: 'names_areas_offers' });
    const member = await signedIn(world.member.email);
    const r = await member.get(dir('?locale=pl'));
    const mary = r.body.items.find((i: { displayName: string }) => i.displayName === world.member.name);
    expect(mary.offers).toEqual({ categories: [{ slug: 'home-garden.gardening', name: 'Ogrodnictwo' }], text: 'Weeding' });
    expect(names((await member.get(dir('?category=home-garden'))).body.items)).toEqual(names([{ displayName: world.member.name }, { displayName: world.offline.name }]));
    expect(names((await member.get(dir('?category=home-garden.gardening'))).body.items)).toEqual([world.member.name]);
    expect(names((await member.get(dir(`?areaId=${kirn}`))).body.items)).toEqual([world.member.name]);
    expect(names((await member.get(dir('?q=olive'))).body.items)).toEqual([world.offline.name]);
    const page = await member.get(dir('?limit=1&offset=1'));
    expect(page.body.items).toHaveLength(1);
    expect(page.body.total).toBe(4);
  });

  it('lets active and paused members and staff read it; not applicants, people who left, network roles or other timebanks', async () => {
    const db = server.database.db;
    const withPassword = async (name: string, status: 'applied' | 'left' | 'paused') => {
      const p = await addPerson(db, world.networkA, { name, timebankId: world.north, status: status === 'paused' ? 'active' : status });
      if (status === 'paused') await db.updateTable('member').set({ status, paused_until: '2099-01-01' }).where('person_id', '=', p.id).execute();
      return signedIn(p.email);
    };
    expect((await (await withPassword('Pat Paused', 'paused')).get(dir())).status).toBe(200);
    expect((await (await withPassword('Ann Applied', 'applied')).get(dir())).status).toBe(403);
    expect((await (await withPassword('Len Left', 'left')).get(dir())).status).toBe(403);
    expect((await (await signedIn(world.brokerNorth.email)).get(dir())).status).toBe(200);
    expect((await (await signedIn(world.commissioner.email)).get(dir())).status).toBe(403);
    expect((await (await signedIn(world.admin.email)).get(dir())).status).toBe(403);
    expect((await (await signedIn(world.southMember.email)).get(dir())).status).toBe(403);
    expect((await (await signedIn(world.memberB.email)).get(dir())).status).toBe(404);
  });

  it('lets only a coordinator of the timebank change the setting, and refuses a bad value', async () => {
    const member = await signedIn(world.member.email);
    expect((await member.request('PUT', dir('/settings'), { visibility: 'off' })).status).toBe(403);
    const broker = await signedIn(world.brokerNorth.email);
    expect((await broker.request('PUT', dir('/settings'), { visibility: 'off' })).status).toBe(403);
    const coord = await signedIn(world.coordinatorNorth.email);
    const bad = await coord.request('PUT', dir('/settings'), { visibility: 'everything' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toBe('/body/visibility');
    expect((await coord.request('PUT', `/api/v1/timebanks/${world.bTimebank}/directory/settings`, { visibility: 'off' })).status).toBe(404);
    const audit = await server.database.db.selectFrom('audit_event').where('action', '=', 'directory.visibility').select(['actor_person_id', 'detail']).execute();
    expect(audit.map((a) => a.actor_person_id)).toEqual([world.coordinatorNorth.id, world.coordinatorNorth.id]);
  });

  it('leaves out a member whose date of birth says they are not 18 yet, even in the year they turn 18', async () => {
    const db = server.database.db;
    const coord = await signedIn(world.coordinatorNorth.email);
    expect((await coord.request('PUT', dir('/settings'), { visibility: 'names_areas' })).status).toBe(200);
    // Born 18 years ago tomorrow (a minor today) and 18 years ago today (an adult today; the
    // 29th of February 18 years back is the 28th, as in PostgreSQL).
    const yearsAgo18 = (days: number) => {
      const d = new Date(Date.now() + days * 86_400_000);
      const year = d.getUTCFullYear() - 18;
      const md = d.toISOString().slice(5, 10);
      const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
      return `${year}-${md === '02-29' && !leap ? (days > 0 ? '03-01' : '02-28') : md}`;
    };
    const born = async (name: string, birthDate: string) => {
      const p = await addPerson(db, world.networkA, { name, email: null, timebankId: world.north, password: false });
      await db.updateTable('person').set({ birth_date: birthDate, birth_year: Number(birthDate.slice(0, 4)) }).where('id', '=', p.id).execute();
    };
    await born('Tam Turns Eighteen Tomorrow', yearsAgo18(1));
    await born('Ada Adult Today', yearsAgo18(0));
    const member = await signedIn(world.member.email);
    const r = await member.get(dir('?limit=200'));
    expect(r.status).toBe(200);
    expect(names(r.body.items)).toContain('Ada Adult Today');
    expect(names(r.body.items)).not.toContain('Tam Turns Eighteen Tomorrow');
  });
});

describe("the broker's member search", () => {
  const search = (q: string) => `/api/v1/timebanks/${world.north}/members${q}`;

  it('filters by area (home or profile) and by what members can do, a top level taking in its subcategories', async () => {
    const broker = await signedIn(world.brokerNorth.email);
    expect(names((await broker.get(search(`?areaId=${kirn}`))).body.items)).toEqual([world.member.name]);
    expect(names((await broker.get(search(`?areaId=${dunoon}`))).body.items)).toEqual([world.member.name]);
    const gardening = names((await broker.get(search('?category=home-garden.gardening'))).body.items);
    expect(gardening).toEqual([others.paused!.name, world.member.name, others.optOut!.name].sort());
    expect(names((await broker.get(search('?category=creative'))).body.items)).toEqual([world.offline.name]);
    expect(names((await broker.get(search('?category=home-garden&status=active'))).body.items)).toEqual(
      [world.member.name, world.offline.name, others.optOut!.name].sort(),
    );
    const bad = await broker.get(search('?category=Not%20a%20slug'));
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toMatch(/category/);
  });

  it('shows the last activity, the later of the last transfer and the last sign-in, and filters by it', async () => {
    const db = server.database.db;
    const clock = new ManualClock(new Date('2025-03-10T12:00:00Z'));
    const ledger = createLedger({ db, clock, log: silentLogger });
    const actor = systemActor(world.networkA);
    await ledger.openTimebank(actor, { timebankId: world.north, settings: { balanceMinutesMin: -600, confirmationRequired: false, starterMinutes: 0 } });
    const olive = await ledger.openMemberAccount(actor, { memberId: await memberIdOf(world.offline.id, world.north) });
    const cora = await ledger.openMemberAccount(actor, { memberId: await memberIdOf(world.coordinatorNorth.id, world.north) });
    await ledger.transfer(actor, { id: newId(), debitAccountId: cora.id, creditAccountId: olive.id, minutes: 90, kind: 'exchange', category: 'gardening' });
    const broker = await signedIn(world.brokerNorth.email);
    const all = await broker.get(search('?limit=200'));
    const by = new Map<string, string | null>(all.body.items.map((i: { displayName: string; lastActivityAt: string | null }) => [i.displayName, i.lastActivityAt]));
    expect(by.get(world.offline.name)).toBe('2025-03-10T12:00:00.000Z');
    expect(by.get(others.optOut!.name)).toBeNull();
    // The broker signed in just now; Cora's sign-in is later than her transfer.
    expect(Date.parse(by.get(world.brokerNorth.name)!)).toBeGreaterThan(Date.parse('2026-01-01'));
    expect(Date.parse(by.get(world.coordinatorNorth.name)!)).toBeGreaterThan(Date.parse('2026-01-01'));
    const today = new Date().toISOString().slice(0, 10);
    const inactive = names((await broker.get(search(`?inactiveSince=${today}&limit=200`))).body.items);
    expect(inactive).toContain(world.offline.name);
    expect(inactive).toContain(others.optOut!.name);
    expect(inactive).not.toContain(world.brokerNorth.name);
    const sinceMarch = names((await broker.get(search('?activeSince=2025-03-01&inactiveSince=2025-04-01'))).body.items);
    expect(sinceMarch).toEqual([world.offline.name]);
    expect((await broker.get(search('?activeSince=2025-02-30'))).status).toBe(400);
  });
});
