// Restrictions, preferences and availability over real HTTP, and the query functions the
// matching engine will use.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorld, type World } from '../../../test/support/fixtures.ts';
import { type Client, startTestServer, type TestServer } from '../../../test/support/http.ts';
import { ManualClock } from '../../lib/clock.ts';
import { silentLogger } from '../../lib/log.ts';
import { createPeople } from '../people/service.ts';
import { addDays, isoDay } from '../safeguarding/subject.ts';
import { memberIdOf as memberIdIn, signedIn as signIn } from '../safeguarding/test-helpers.ts';
import { availabilityOf, availableOn, createPreferences, isAvailableAt, preferencesOf, restrictionsOf } from './service.ts';

let server: TestServer;
let world: World;
let broker: Client;
let member: Client;
let mary: string;
let maryBase: string;
const today = isoDay(new Date());

const signedIn = (email: string | null) => signIn(server, email);
const memberIdOf = (personId: string, timebankId: string) => memberIdIn(server.database.db, personId, timebankId);
const lastAudit = (action: string) =>
  server.database.db.selectFrom('audit_event').where('action', '=', action).selectAll().orderBy('at', 'desc').orderBy('id', 'desc').executeTakeFirstOrThrow();

beforeAll(async () => {
  server = await startTestServer();
  world = await createWorld(server.database.db);
  broker = await signedIn(world.brokerNorth.email);
  member = await signedIn(world.member.email);
  mary = await memberIdOf(world.member.id, world.north);
  maryBase = `/api/v1/timebanks/${world.north}/members/${mary}`;
});
afterAll(async () => {
  await server.close();
});

describe('restrictions', () => {
  it('are set by a broker, with who set them and when, and kept as they were when set again', async () => {
    const r = await broker.request('PUT', `${maryBase}/restrictions`, { kinds: ['no_home_visits', 'two_person_visits'], note: 'Phone before visiting.' });
    expect(r.status).toBe(200);
    expect(r.body.items.map((i: { kind: string }) => i.kind)).toEqual(['no_home_visits', 'note', 'two_person_visits']);
    expect(r.body.items[0].setByName).toBe(world.brokerNorth.name);
    const firstSetAt = r.body.items[0].setAt;
    const coord = await signedIn(world.coordinatorNorth.email);
    const again = await coord.request('PUT', `${maryBase}/restrictions`, { kinds: ['no_home_visits', 'only_met_before'], note: 'Phone before visiting.' });
    const byKind = Object.fromEntries(again.body.items.map((i: { kind: string }) => [i.kind, i]));
    expect(Object.keys(byKind)).toEqual(['no_home_visits', 'note', 'only_met_before']);
    expect(byKind.no_home_visits).toMatchObject({ setAt: firstSetAt, setByName: world.brokerNorth.name });
    expect(byKind.only_met_before.setByName).toBe(world.coordinatorNorth.name);
    const audit = await lastAudit('member.restrictions');
    expect(audit).toMatchObject({ actor_person_id: world.coordinatorNorth.id, on_behalf_of_person_id: world.member.id });
    expect(audit.detail).toMatchObject({ added: ['only_met_before'], removed: ['two_person_visits'] });
    const forMatching = await restrictionsOf(server.database.db, world.networkA, mary);
    expect(forMatching.kinds).toEqual(['no_home_visits', 'only_met_before']);
    expect(forMatching.note).toBe('Phone before visiting.');
  });

  it('may be read by the member but not set by them', async () => {
    expect((await member.get(`${maryBase}/restrictions`)).status).toBe(200);
    const r = await member.request('PUT', `${maryBase}/restrictions`, { kinds: [] });
    expect(r.status).toBe(404);
  });

  it('refuses an unknown kind and an oversized note, naming the field', async () => {
    const bad = await broker.request('PUT', `${maryBase}/restrictions`, { kinds: ['no_cats'] });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toBe('/body/kinds/0');
    const long = await broker.request('PUT', `${maryBase}/restrictions`, { kinds: [], note: 'x'.repeat(2001) });
    expect(long.status).toBe(400);
    expect(long.body.errors[0].path).toBe('/body/note');
    expect((await restrictionsOf(server.database.db, world.networkA, mary)).kinds).toEqual(['no_home_visits', 'only_met_before']);
  });

  it('are hidden from brokers of other timebanks and networks', async () => {
    const south = await memberIdOf(world.southMember.id, world.south);
    expect((await broker.get(`/api/v1/timebanks/${world.south}/members/${south}/restrictions`)).status).toBe(404);
    const brokerB = await signedIn(world.brokerB.email);
    expect((await brokerB.get(`${maryBase}/restrictions`)).status).toBe(404);
  });
});

describe('preferences', () => {
  let area: string;
  beforeAll(async () => {
    const coord = await signedIn(world.coordinatorNorth.email);
    area = (await coord.post(`/api/v1/timebanks/${world.north}/areas`, { name: 'Dunoon', kind: 'town' })).body.id;
  });

  it('are set by the member, with languages as canonical BCP 47 tags', async () => {
    const r = await member.request('PUT', `${maryBase}/preferences`, { weekendOnly: true, timesOfDay: ['evening', 'morning'], areaIds: [area], languages: ['EN-gb', 'gd', 'pl'] });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ weekendOnly: true, timesOfDay: ['morning', 'evening'], languages: ['en-GB', 'gd', 'pl'], areas: [{ id: area, name: 'Dunoon' }], updatedByName: world.member.name });
    expect((await lastAudit('member.preferences')).on_behalf_of_person_id).toBeNull();
  });

  it('may be set by a broker for the member, recorded as the broker on behalf of the member', async () => {
    const r = await broker.request('PUT', `${maryBase}/preferences`, { weekendOnly: false, timesOfDay: [], areaIds: [], languages: ['en'] });
    expect(r.status).toBe(200);
    expect(r.body.updatedByName).toBe(world.brokerNorth.name);
    const stored = await preferencesOf(server.database.db, world.networkA, mary);
    expect(stored).toMatchObject({ weekendOnly: false, languages: ['en'], onBehalfOfPersonId: world.member.id });
    expect(await lastAudit('member.preferences')).toMatchObject({ actor_person_id: world.brokerNorth.id, on_behalf_of_person_id: world.member.id });
  });

  it('refuses an area of another timebank and a malformed language tag, naming each, and changes nothing', async () => {
    const southArea = await server.database.db
      .insertInto('area')
      .values({ network_id: world.networkA, id: '0190f0c0-0000-7000-8000-0000000000aa', timebank_id: world.south, name: 'Rothesay', kind: 'town' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const r = await member.request('PUT', `${maryBase}/preferences`, { weekendOnly: true, timesOfDay: [], areaIds: [area, southArea.id], languages: ['en', 'english!'] });
    expect(r.status).toBe(400);
    expect(r.body.errors).toEqual([
      { path: '/body/areaIds/1', message: 'not an area of this timebank' },
      { path: '/body/languages/1', message: 'not a BCP 47 language tag (such as en, gd, pl or pt-BR)' },
    ]);
    expect((await preferencesOf(server.database.db, world.networkA, mary)).weekendOnly).toBe(false);
  });

  it("does not let a member set another member's preferences", async () => {
    const olive = await memberIdOf(world.offline.id, world.north);
    const r = await member.request('PUT', `/api/v1/timebanks/${world.north}/members/${olive}/preferences`, { weekendOnly: true, timesOfDay: [], areaIds: [], languages: [] });
    expect(r.status).toBe(404);
  });
});

describe('the same change sent several times at once', () => {
  it('is answered 200 each time, for restrictions and availability alike (each replaces a set of rows)', async () => {
    const times = <T,>(n: number, f: () => Promise<T>) => Promise.all(Array.from({ length: n }, f));
    const restrictions = await times(6, () => broker.request('PUT', `${maryBase}/restrictions`, { kinds: ['no_home_visits'], note: 'Phone first.' }));
    expect(restrictions.map((r) => r.status)).toEqual(new Array(6).fill(200));
    const windows = await times(6, () => member.request('PUT', `${maryBase}/availability`, { windows: [{ weekday: 2, part: 'morning' }] }));
    expect(windows.map((r) => r.status)).toEqual(new Array(6).fill(200));
    expect((await member.get(`${maryBase}/availability`)).body.windows).toEqual([{ weekday: 2, part: 'morning' }]);
  });
});

describe('availability', () => {
  it('keeps weekly windows, and answers whether a member is free at a part of a day', async () => {
    const r = await member.request('PUT', `${maryBase}/availability`, {
      windows: [
        { weekday: 1, part: 'morning' },
        { weekday: 6, part: 'afternoon' },
        { weekday: 6, part: 'afternoon' },
      ],
    });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ status: 'active', pausedUntil: null, windows: [{ weekday: 1, part: 'morning' }, { weekday: 6, part: 'afternoon' }] });
    const a = await availabilityOf(server.database.db, world.networkA, mary);
    expect(isAvailableAt(a, '2026-11-30', 'morning')).toBe(true); // a Monday
    expect(isAvailableAt(a, '2026-11-30', 'evening')).toBe(false);
    expect(isAvailableAt(a, '2026-12-05', 'afternoon')).toBe(true); // a Saturday
  });

  it('refuses a day outside Monday..Sunday and an unknown part of the day', async () => {
    const r = await member.request('PUT', `${maryBase}/availability`, { windows: [{ weekday: 8, part: 'morning' }, { weekday: 1, part: 'night' }] });
    expect(r.status).toBe(400);
    expect(r.body.errors.map((e: { path: string }) => e.path)).toEqual(['/body/windows/0/weekday', '/body/windows/1/part']);
  });

  it('pauses the membership through the people status rules, and refuses a pause that ends today', async () => {
    const bad = await member.post(`${maryBase}/availability/pause`, { pausedUntil: today });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([{ path: '/body/pausedUntil', message: 'must be after today' }]);
    const until = addDays(today, 14);
    const r = await member.post(`${maryBase}/availability/pause`, { pausedUntil: until });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ status: 'paused', pausedUntil: until });
    expect(await lastAudit('member.status')).toMatchObject({ actor_person_id: world.member.id, subject_id: world.member.id });
    const a = await availabilityOf(server.database.db, world.networkA, mary);
    expect(availableOn(a, until)).toBe(false);
    expect(availableOn(a, addDays(until, 1))).toBe(true);
    const twice = await member.post(`${maryBase}/availability/pause`, { pausedUntil: until });
    expect(twice.status).toBe(422);
    expect(twice.body.code).toBe('status_transition');
  });

  it('lets a broker end the pause early for the member', async () => {
    const r = await broker.post(`${maryBase}/availability/resume`);
    expect(r.status).toBe(200);
    expect(r.body.status).toBe('active');
    expect(await lastAudit('member.status')).toMatchObject({ actor_person_id: world.brokerNorth.id, on_behalf_of_person_id: world.member.id });
    const again = await broker.post(`${maryBase}/availability/resume`);
    expect(again.status).toBe(422);
    expect(again.body.code).toBe('not_paused');
  });

  it('resumes pauses whose last day has passed when the sweep runs', async () => {
    const until = addDays(today, 3);
    expect((await member.post(`${maryBase}/availability/pause`, { pausedUntil: until })).status).toBe(200);
    const db = server.database.db;
    const clock = new ManualClock(new Date(`${until}T12:00:00Z`));
    const people = createPeople({ db, clock, log: silentLogger });
    const prefs = createPreferences({ db, clock, log: silentLogger, people });
    expect(await prefs.resumeEndedPauses()).toBe(0);
    clock.set(new Date(`${addDays(until, 1)}T00:30:00Z`));
    expect(await prefs.resumeEndedPauses()).toBe(1);
    const a = await availabilityOf(db, world.networkA, mary);
    expect(a).toMatchObject({ status: 'active', pausedUntil: null });
    expect(await lastAudit('member.status')).toMatchObject({ actor_person_id: null, subject_id: world.member.id });
  });

  it("hides a member's availability from other members and other timebanks", async () => {
    const other = await signedIn(world.southMember.email);
    expect((await other.get(`${maryBase}/availability`)).status).toBe(404);
    expect((await other.post(`${maryBase}/availability/pause`, { pausedUntil: addDays(today, 5) })).status).toBe(404);
  });
});
