// Listings through the API: posting (for oneself, by a broker for a member who phoned), the
// refusals of bad input (nothing written), editing, closing, renewing, who may see and change
// what, the sweep that lapses listings and reminds their owners, and followers told of new ones.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../lib/clock.ts';
import { newId } from '../../lib/ids.ts';
import { silentLogger } from '../../lib/log.ts';
import { addPerson, createWorld, memberIdOf, type World } from '../../../test/support/fixtures.ts';
import { Client, startTestServer, type TestServer } from '../../../test/support/http.ts';
import { addDays, addMonths, isoDay } from './rules.ts';
import { createListings } from './service.ts';

let server: TestServer;
let world: World;
let northArea: string;
let southArea: string;
const today = isoDay(new Date());
// One session per person for the whole file: sign-ins are rate limited.
const sessions = new Map<string, Client>();
const signedIn = async (email: string | null) => {
  const known = sessions.get(email!);
  if (known) return known;
  const c = new Client(server.url);
  expect((await c.signIn(email!)).status).toBe(200);
  sessions.set(email!, c);
  return c;
};
const url = (tb: string, rest = '') => `/api/v1/timebanks/${tb}/listings${rest}`;
const count = async () => Number((await server.database.db.selectFrom('listing').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
const request = (extra: Record<string, unknown> = {}) => ({
  kind: 'request',
  title: 'Lift to the hospital',
  description: 'Outpatients at 10:00 on Tuesday',
  categorySlug: 'transport-errands.lifts',
  mode: 'outside',
  ...extra,
});

beforeAll(async () => {
  server = await startTestServer();
  world = await createWorld(server.database.db);
  const db = server.database.db;
  northArea = newId();
  southArea = newId();
  await db.insertInto('area').values({ network_id: world.networkA, id: northArea, timebank_id: world.north, name: 'Innellan', kind: 'village' }).execute();
  await db.insertInto('area').values({ network_id: world.networkA, id: southArea, timebank_id: world.south, name: 'Toward', kind: 'village' }).execute();
});
afterAll(async () => {
  await server.close();
});

describe('posting a listing', () => {
  it('posts a request for the member signed in, lapsing in three months, with the category and who did it', async () => {
    const member = await signedIn(world.member.email);
    const r = await member.post(url(world.north), request({ areaId: northArea, languages: ['en', 'GD'] }));
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({
      kind: 'request',
      title: 'Lift to the hospital',
      ownerName: world.member.name,
      category: { slug: 'transport-errands.lifts', name: 'Lifts by car', parentName: 'Transport and errands', minimumAge: 18 },
      area: { id: northArea, name: 'Innellan' },
      when: { kind: 'flexible' },
      checkNeeded: false,
      language: 'en',
      languages: ['en', 'gd'],
      visibility: 'timebank',
      status: 'open',
      expiresOn: addMonths(today, 3),
      takenByPhone: false,
      createdByOther: false,
      canManage: true,
    });
    const audit = await server.database.db.selectFrom('audit_event').where('subject_id', '=', r.body.id).selectAll().executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ action: 'listing.create', actor_person_id: world.member.id, on_behalf_of_person_id: null, timebank_id: world.north });
  });

  it('takes the need of a check from the category, and a one-off day or a weekly weekday', async () => {
    const member = await signedIn(world.member.email);
    const day = addDays(today, 10);
    const visit = await member.post(url(world.north), request({ title: 'Visits on Tuesdays', categorySlug: 'companionship.visiting', mode: 'home', when: { kind: 'recurring', weekday: 2, part: 'afternoon' } }));
    expect(visit.status).toBe(201);
    expect(visit.body).toMatchObject({ checkNeeded: true, checkByBroker: false, when: { kind: 'recurring', weekday: 2, everyWeeks: 1, part: 'afternoon' } });
    const once = await member.post(url(world.north), request({ when: { kind: 'one_off', on: day, note: 'outpatients' } }));
    expect(once.status).toBe(201);
    // A one-off listing lapses after its day unless told otherwise.
    expect(once.body).toMatchObject({ when: { kind: 'one_off', on: day, note: 'outpatients' }, expiresOn: day });
  });

  it('lets a broker record a request taken by phone for a member, attributed to the broker on behalf of the member', async () => {
    const broker = await signedIn(world.brokerNorth.email);
    const olive = await memberIdOf(server.database.db, world.offline.id, world.north);
    const r = await broker.post(url(world.north), request({ title: 'Bedding changed', categorySlug: 'home-garden.laundry', mode: 'home', memberId: olive, takenByPhone: true, checkNeeded: true }));
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ memberId: olive, ownerName: world.offline.name, takenByPhone: true, createdByOther: true, createdByName: world.brokerNorth.name, checkNeeded: true, checkByBroker: true });
    const row = await server.database.db.selectFrom('listing').where('id', '=', r.body.id).selectAll().executeTakeFirstOrThrow();
    expect(row).toMatchObject({ created_by_person_id: world.brokerNorth.id, check_set_by_person_id: world.brokerNorth.id, taken_by_phone: true });
    const audit = await server.database.db.selectFrom('audit_event').where('subject_id', '=', r.body.id).selectAll().executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ actor_person_id: world.brokerNorth.id, on_behalf_of_person_id: world.offline.id });
    // Olive's listings, as her broker sees them.
    const hers = await broker.get(`/api/v1/timebanks/${world.north}/members/${olive}/listings`);
    expect(hers.status).toBe(200);
    expect(hers.body.items.map((i: { title: string }) => i.title)).toEqual(['Bedding changed']);
  });

  it('posts for the member a broker acts for', async () => {
    const broker = await signedIn(world.brokerNorth.email);
    expect((await broker.request('PUT', '/api/v1/session/acting-for', { personId: world.offline.id })).status).toBe(200);
    const r = await broker.post(url(world.north), request({ title: 'Shopping on Friday', categorySlug: 'transport-errands.shopping' }));
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ ownerName: world.offline.name, createdByOther: true });
    expect((await broker.request('DELETE', '/api/v1/session/acting-for')).status).toBeLessThan(300);
  });

  it('lets an organisation’s people post for it', async () => {
    const db = server.database.db;
    const org = newId();
    await db.insertInto('organisation').values({ network_id: world.networkA, id: org, timebank_id: world.north, name: 'Lunch Club', kind: 'voluntary' }).execute();
    await db.insertInto('organisation_person').values({ network_id: world.networkA, organisation_id: org, person_id: world.member.id }).execute();
    const member = await signedIn(world.member.email);
    const r = await member.post(url(world.north), request({ kind: 'lend', title: 'Tables and chairs', categorySlug: 'lending', mode: 'outside', organisationId: org }));
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ organisationId: org, memberId: null, ownerName: 'Lunch Club' });
    const south = await signedIn(world.southMember.email);
    expect((await south.post(url(world.north), request({ organisationId: org }))).status).toBe(403);
  });
});

describe('bad input is refused with the field, and nothing is written', () => {
  const cases: [string, Record<string, unknown>, number, string][] = [
    ['no category', { categorySlug: undefined }, 400, '/body/categorySlug'],
    ['a category that is not a slug', { categorySlug: 'Not a slug' }, 400, '/body/categorySlug'],
    ['an unknown category', { categorySlug: 'home-garden.moon-landing' }, 400, '/body/categorySlug'],
    ['an expiry in the past (already expired)', { expiresOn: addDays(today, -1) }, 400, '/body/expiresOn'],
    ['an expiry more than twelve months ahead', { expiresOn: addDays(addMonths(today, 12), 1) }, 400, '/body/expiresOn'],
    ['an expiry that is no day', { expiresOn: '2026-02-30' }, 400, '/body/expiresOn'],
    ['a title too long', { title: 'x'.repeat(121) }, 400, '/body/title'],
    ['a title too short', { title: 'ab' }, 400, '/body/title'],
    ['a description too long', { description: 'x'.repeat(4001) }, 400, '/body/description'],
    ['a note on the time too long', { when: { kind: 'flexible', note: 'x'.repeat(201) } }, 400, '/body/when/note'],
    ['a one-off day that has passed', { when: { kind: 'one_off', on: addDays(today, -2) } }, 400, '/body/when/on'],
    ['a one-off day after the expiry', { when: { kind: 'one_off', on: addDays(today, 20) }, expiresOn: addDays(today, 10) }, 400, '/body/when/on'],
    ['a weekday out of range', { when: { kind: 'recurring', weekday: 8 } }, 400, '/body/when/weekday'],
    ['an area of another timebank', { areaId: 'SOUTH' }, 400, '/body/areaId'],
    ['a language that is no code', { language: 'english' }, 400, '/body/language'],
    ['a language tag that is none', { languages: ['en', 'x!'] }, 400, '/body/languages/1'],
    ['an unknown kind', { kind: 'swap' }, 400, '/body/kind'],
    ['an unknown field', { price: 5 }, 400, '/body/price'],
    ['a member who is not of this timebank', { memberId: 'SOUTH_MEMBER' }, 400, '/body/memberId'],
  ];
  it.each(cases)('refuses %s', async (_name, extra, status, path) => {
    const member = await signedIn(world.member.email);
    const before = await count();
    const body: Record<string, unknown> = request(extra);
    if (body.areaId === 'SOUTH') body.areaId = southArea;
    if (body.memberId === 'SOUTH_MEMBER') body.memberId = await memberIdOf(server.database.db, world.southMember.id, world.south);
    for (const k of Object.keys(body)) if (body[k] === undefined) delete body[k];
    const r = await member.post(url(world.north), body);
    expect(r.status).toBe(status);
    expect(r.headers.get('content-type')).toContain('application/problem+json');
    expect(r.body.errors.map((e: { path: string }) => e.path)).toContain(path);
    expect(await count()).toBe(before);
  });

  it('refuses a category the timebank hides', async () => {
    const coord = await signedIn(world.coordinatorNorth.email);
    expect((await coord.request('PATCH', `/api/v1/timebanks/${world.north}/categories/creative.photography`, { hidden: true })).status).toBe(200);
    const member = await signedIn(world.member.email);
    const before = await count();
    const r = await member.post(url(world.north), request({ categorySlug: 'creative.photography' }));
    expect(r.status).toBe(400);
    expect(r.body.errors[0]).toMatchObject({ path: '/body/categorySlug', message: 'this category is not in use in this timebank' });
    expect(await count()).toBe(before);
    // South does not hide it.
    const south = await signedIn(world.southMember.email);
    expect((await south.post(url(world.south), request({ categorySlug: 'creative.photography' }))).status).toBe(201);
    await coord.request('PATCH', `/api/v1/timebanks/${world.north}/categories/creative.photography`, { hidden: false });
    // A listing whose category is hidden later keeps it, and can still be edited; it cannot be moved into it.
    const posted = (await member.post(url(world.north), request({ categorySlug: 'creative.photography' }))).body.id;
    const other = (await member.post(url(world.north), request())).body.id;
    await coord.request('PATCH', `/api/v1/timebanks/${world.north}/categories/creative.photography`, { hidden: true });
    expect((await member.request('PATCH', url(world.north, `/${posted}`), { title: 'Photos of the gala' })).status).toBe(200);
    const into = await member.request('PATCH', url(world.north, `/${other}`), { categorySlug: 'creative.photography' });
    expect(into.status).toBe(400);
    expect(into.body.errors[0].path).toBe('/body/categorySlug');
    await coord.request('PATCH', `/api/v1/timebanks/${world.north}/categories/creative.photography`, { hidden: false });
  });

  it('refuses an offer in a category with a minimum age from a member younger than that', async () => {
    const db = server.database.db;
    const teen = await addPerson(db, world.networkA, { name: 'Tina Teen', timebankId: world.north });
    await db.updateTable('person').set({ birth_date: addDays(today, -15 * 366), birth_year: Number(today.slice(0, 4)) - 15 }).where('id', '=', teen.id).execute();
    const c = await signedIn(teen.email);
    const before = await count();
    const r = await c.post(url(world.north), request({ kind: 'offer', title: 'Lifts in my car' }));
    expect(r.status).toBe(422);
    expect(r.body).toMatchObject({ code: 'too_young', errors: [{ path: '/body/categorySlug' }] });
    expect(await count()).toBe(before);
    // Asking for a lift is fine at any age; offering to walk dogs too.
    expect((await c.post(url(world.north), request({ title: 'A lift to football' }))).status).toBe(201);
    expect((await c.post(url(world.north), request({ kind: 'offer', title: 'Dog walking', categorySlug: 'home-garden.pets' }))).status).toBe(201);
  });

  it('refuses a member who is not active or paused, and a member saying a check is needed or taking a request by phone', async () => {
    const db = server.database.db;
    const applicant = await addPerson(db, world.networkA, { name: 'Andy Applied', timebankId: world.north, status: 'applied' });
    const broker = await signedIn(world.brokerNorth.email);
    const before = await count();
    const applied = await broker.post(url(world.north), request({ memberId: await memberIdOf(db, applicant.id, world.north) }));
    expect(applied.status).toBe(422);
    expect(applied.body).toMatchObject({ code: 'member_not_active', errors: [{ path: '/body/memberId' }] });
    const member = await signedIn(world.member.email);
    const check = await member.post(url(world.north), request({ checkNeeded: true }));
    expect(check.status).toBe(403);
    expect(check.body.errors[0].path).toBe('/body/checkNeeded');
    const phone = await member.post(url(world.north), request({ takenByPhone: true }));
    expect(phone.status).toBe(403);
    expect(await count()).toBe(before);
  });

  it('refuses to post for someone else unless staff, and in a timebank of another network', async () => {
    const member = await signedIn(world.member.email);
    const olive = await memberIdOf(server.database.db, world.offline.id, world.north);
    const before = await count();
    expect((await member.post(url(world.north), request({ memberId: olive }))).status).toBe(403);
    expect((await member.post(url(world.bTimebank), request())).status).toBe(404);
    // Not a member of South: no listing of one's own there.
    const noMember = await member.post(url(world.south), request());
    expect(noMember.status).toBe(403);
    expect(noMember.body.errors[0].path).toBe('/body/memberId');
    expect(await count()).toBe(before);
  });
});

describe('editing, closing and renewing', () => {
  let id: string;
  beforeAll(async () => {
    const member = await signedIn(world.member.email);
    id = (await member.post(url(world.north), request({ title: 'Help with the hedge', categorySlug: 'home-garden.gardening', mode: 'outside' }))).body.id;
  });

  it('lets the owner edit, keeps the category’s check, and records who changed what', async () => {
    const member = await signedIn(world.member.email);
    const r = await member.request('PATCH', url(world.north, `/${id}`), { title: 'Help with the hedge and lawn', visibility: 'network', when: { kind: 'recurring', weekday: 6, everyWeeks: 2 } });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ title: 'Help with the hedge and lawn', visibility: 'network', when: { kind: 'recurring', weekday: 6, everyWeeks: 2 } });
    const moved = await member.request('PATCH', url(world.north, `/${id}`), { categorySlug: 'care-of-others.respite' });
    expect(moved.body.checkNeeded).toBe(true);
    const back = await member.request('PATCH', url(world.north, `/${id}`), { categorySlug: 'home-garden.gardening' });
    expect(back.body.checkNeeded).toBe(false);
    const audits = await server.database.db.selectFrom('audit_event').where('subject_id', '=', id).where('action', '=', 'listing.update').select('actor_person_id').execute();
    expect(audits).toHaveLength(3);
  });

  it('refuses bad edits with the field, changing nothing', async () => {
    const member = await signedIn(world.member.email);
    for (const [body, path] of [
      [{ categorySlug: 'home-garden.nothing' }, '/body/categorySlug'],
      [{ title: 'x'.repeat(121) }, '/body/title'],
      [{ areaId: southArea }, '/body/areaId'],
      [{ expiresOn: addDays(today, 3) }, '/body/expiresOn'],
    ] as const) {
      const r = await member.request('PATCH', url(world.north, `/${id}`), body);
      expect(r.status).toBe(400);
      expect(r.body.errors[0].path).toBe(path);
    }
    expect((await member.get(url(world.north, `/${id}`))).body.title).toBe('Help with the hedge and lawn');
  });

  it('lets a broker of the timebank edit and ask for a check, and keeps other members and timebanks out', async () => {
    const broker = await signedIn(world.brokerNorth.email);
    const r = await broker.request('PATCH', url(world.north, `/${id}`), { checkNeeded: true });
    expect(r.body).toMatchObject({ checkNeeded: true, checkByBroker: true });
    // The owner cannot take the broker's word back.
    const member = await signedIn(world.member.email);
    expect((await member.request('PATCH', url(world.north, `/${id}`), { checkNeeded: false })).status).toBe(403);
    expect((await member.request('PATCH', url(world.north, `/${id}`), { title: 'Still the hedge' })).body.checkNeeded).toBe(true);
    await broker.request('PATCH', url(world.north, `/${id}`), { checkNeeded: false });
    // A member of the same timebank sees it but may not change it; South's broker neither.
    const other = await signedIn((await addPerson(server.database.db, world.networkA, { name: 'Nora North', timebankId: world.north })).email);
    expect((await other.get(url(world.north, `/${id}`))).body.canManage).toBe(false);
    expect((await other.request('PATCH', url(world.north, `/${id}`), { title: 'Mine now' })).status).toBe(403);
    const southBroker = await signedIn((await addPerson(server.database.db, world.networkA, { name: 'Sid South', timebankId: world.south, roles: [['broker', world.south]] })).email);
    expect((await southBroker.post(url(world.north, `/${id}/close`))).status).toBe(403);
    const b = await signedIn(world.brokerB.email);
    expect((await b.get(url(world.north, `/${id}`))).status).toBe(404);
    expect((await b.post(url(world.north, `/${id}/close`))).status).toBe(404);
  });

  it('closes once, refuses to edit or renew a closed listing', async () => {
    const member = await signedIn(world.member.email);
    const closed = await member.post(url(world.north, `/${id}/close`));
    expect(closed.status).toBe(200);
    expect(closed.body.status).toBe('closed');
    const again = await member.post(url(world.north, `/${id}/close`));
    expect(again.status).toBe(422);
    expect(again.body.code).toBe('already_closed');
    expect((await member.request('PATCH', url(world.north, `/${id}`), { title: 'Reopened?' })).body.code).toBe('listing_not_open');
    expect((await member.post(url(world.north, `/${id}/renew`), {})).body.code).toBe('listing_closed');
    // Another member no longer sees it.
    const south = await signedIn(world.southMember.email);
    expect((await south.get(url(world.north, `/${id}`))).status).toBe(404);
  });

  it('renews until a day given, refusing one in the past or too far', async () => {
    const member = await signedIn(world.member.email);
    const fresh = (await member.post(url(world.north), request({ title: 'Ironing' , categorySlug: 'home-garden.laundry' }))).body.id;
    const r = await member.post(url(world.north, `/${fresh}/renew`), { expiresOn: addMonths(today, 6) });
    expect(r.status).toBe(200);
    expect(r.body.expiresOn).toBe(addMonths(today, 6));
    expect(r.body.renewedAt).not.toBeNull();
    for (const expiresOn of [addDays(today, -1), addMonths(today, 13)]) {
      const bad = await member.post(url(world.north, `/${fresh}/renew`), { expiresOn });
      expect(bad.status).toBe(400);
      expect(bad.body.errors[0].path).toBe('/body/expiresOn');
    }
    expect((await member.get(url(world.north, `/${fresh}`))).body.expiresOn).toBe(addMonths(today, 6));
  });
});

describe('who sees a listing', () => {
  it('shows a network-visible listing to the other timebanks of the network, and a timebank one only in its timebank', async () => {
    const member = await signedIn(world.member.email);
    const local = (await member.post(url(world.north), request({ title: 'Local only' }))).body.id;
    const wide = (await member.post(url(world.north), request({ title: 'For the whole network', visibility: 'network' }))).body.id;
    const south = await signedIn(world.southMember.email);
    expect((await south.get(url(world.north, `/${wide}`))).status).toBe(200);
    expect((await south.get(url(world.north, `/${local}`))).status).toBe(404);
    const admin = await signedIn(world.admin.email);
    expect((await admin.get(url(world.north, `/${local}`))).status).toBe(404);
    const memberB = await signedIn(world.memberB.email);
    expect((await memberB.get(url(world.north, `/${wide}`))).status).toBe(404);
    const anon = new Client(server.url);
    expect((await anon.get(url(world.north, `/${wide}`))).status).toBe(401);
  });
});

describe('the sweep', () => {
  it('reminds the owner once before the last day, again after a renewal moves it, and lapses it after', async () => {
    const db = server.database.db;
    const clock = new ManualClock(new Date(`${today}T09:00:00Z`));
    const listings = createListings({ db, clock, log: silentLogger });
    const member = await signedIn(world.member.email);
    const id = (await member.post(url(world.north), request({ title: 'Soon lapsing', expiresOn: addDays(today, 10) }))).body.id;
    const reminders = () =>
      db.selectFrom('notification').where('kind', '=', 'listing_lapsing').where('recipient_person_id', '=', world.member.id).select('payload').execute();
    const before = (await reminders()).length;
    await listings.sweep();
    expect((await reminders()).length).toBe(before);
    clock.set(new Date(`${addDays(today, 4)}T09:00:00Z`));
    expect((await listings.sweep()).reminded).toBeGreaterThanOrEqual(1);
    const sent = (await reminders()).map((r) => r.payload as { listingTitle: string; daysLeft: number; linkPath: string });
    expect(sent.find((p) => p.listingTitle === 'Soon lapsing')).toMatchObject({ daysLeft: 6, linkPath: `/timebanks/${world.north}/listings/${id}` });
    await listings.sweep();
    expect((await reminders()).filter((r) => (r.payload as { listingTitle: string }).listingTitle === 'Soon lapsing')).toHaveLength(1);
    // Past the last day: lapsed, and said so by the system.
    clock.set(new Date(`${addDays(today, 11)}T09:00:00Z`));
    expect((await listings.sweep()).lapsed).toBeGreaterThanOrEqual(1);
    const row = await db.selectFrom('listing').where('id', '=', id).select(['status', 'lapsed_at']).executeTakeFirstOrThrow();
    expect(row.status).toBe('lapsed');
    const audit = await db.selectFrom('audit_event').where('subject_id', '=', id).where('action', '=', 'listing.lapse').select('actor_person_id').executeTakeFirstOrThrow();
    expect(audit.actor_person_id).toBeNull();
    // Renewed (on the real today), it is open again and reminded again before its new day.
    const renewed = await member.post(url(world.north, `/${id}/renew`), { expiresOn: addDays(today, 30) });
    expect(renewed.body).toMatchObject({ status: 'open', expiresOn: addDays(today, 30) });
    clock.set(new Date(`${addDays(today, 25)}T09:00:00Z`));
    await listings.sweep();
    expect((await reminders()).filter((r) => (r.payload as { listingTitle: string }).listingTitle === 'Soon lapsing')).toHaveLength(2);
  });
});

describe('following categories', () => {
  it('tells followers of the category or its top level of a new listing, in the same transaction, but not the poster, other timebanks (unless the listing is network-wide) or networks', async () => {
    const db = server.database.db;
    const nina = await addPerson(db, world.networkA, { name: 'Nina Follows', timebankId: world.north });
    const ninaMember = await memberIdOf(db, nina.id, world.north);
    const southMember = await memberIdOf(db, world.southMember.id, world.south);
    const n = await signedIn(nina.email);
    const set = await n.request('PUT', `/api/v1/timebanks/${world.north}/members/${ninaMember}/subscriptions`, { categories: ['home-garden'] });
    expect(set.status).toBe(200);
    expect(set.body.items).toEqual([{ slug: 'home-garden', name: 'Home and garden' }]);
    const s = await signedIn(world.southMember.email);
    expect((await s.request('PUT', `/api/v1/timebanks/${world.south}/members/${southMember}/subscriptions`, { categories: ['home-garden.gardening'] })).status).toBe(200);
    const member = await signedIn(world.member.email);
    expect((await member.request('PUT', `/api/v1/timebanks/${world.north}/members/${await memberIdOf(db, world.member.id, world.north)}/subscriptions`, { categories: ['home-garden'] })).status).toBe(200);
    const told = (personId: string) =>
      db.selectFrom('notification').where('kind', '=', 'listing_new_in_category').where('recipient_person_id', '=', personId).select('payload').execute();
    await member.post(url(world.north), request({ title: 'Weeding wanted', categorySlug: 'home-garden.gardening' }));
    expect((await told(nina.id)).map((r) => r.payload)).toEqual([
      expect.objectContaining({ listingTitle: 'Weeding wanted', categoryName: 'Gardening', authorName: world.member.name }),
    ]);
    expect(await told(world.southMember.id)).toHaveLength(0);
    expect(await told(world.member.id)).toHaveLength(0);
    await member.post(url(world.north), request({ title: 'Lawn mowing, anyone in the network', categorySlug: 'home-garden.gardening', visibility: 'network' }));
    expect(await told(nina.id)).toHaveLength(2);
    expect((await told(world.southMember.id)).map((r) => (r.payload as { listingTitle: string }).listingTitle)).toEqual(['Lawn mowing, anyone in the network']);
    expect(await told(world.memberB.id)).toHaveLength(0);
    // Another category: nobody.
    await member.post(url(world.north), request({ title: 'Tablet help', categorySlug: 'digital-help.phones-tablets' }));
    expect(await told(nina.id)).toHaveLength(2);
  });

  it('refuses categories the timebank does not have, and other people’s subscriptions', async () => {
    const db = server.database.db;
    const mary = await memberIdOf(db, world.member.id, world.north);
    const member = await signedIn(world.member.email);
    const bad = await member.request('PUT', `/api/v1/timebanks/${world.north}/members/${mary}/subscriptions`, { categories: ['home-garden', 'home-garden.nothing'] });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toBe('/body/categories/1');
    expect((await member.get(`/api/v1/timebanks/${world.north}/members/${mary}/subscriptions`)).body.items).toEqual([{ slug: 'home-garden', name: 'Home and garden' }]);
    const south = await signedIn(world.southMember.email);
    expect((await south.get(`/api/v1/timebanks/${world.north}/members/${mary}/subscriptions`)).status).toBe(404);
    const broker = await signedIn(world.brokerNorth.email);
    expect((await broker.request('PUT', `/api/v1/timebanks/${world.north}/members/${mary}/subscriptions`, { categories: ['home-garden', 'transport-errands'] })).status).toBe(200);
  });
});
