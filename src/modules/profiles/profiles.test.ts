import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../lib/ids.ts';
import { createWorld, memberIdOf as memberIdIn, type World } from '../../../test/support/fixtures.ts';
import { Client, startTestServer, type TestServer } from '../../../test/support/http.ts';

let server: TestServer;
let world: World;
let areaNorth: string;
let areaSouth: string;
const signedIn = async (email: string | null) => {
  const c = new Client(server.url);
  expect((await c.signIn(email!)).status).toBe(200);
  return c;
};
const memberIdOf = (personId: string, timebankId: string) => memberIdIn(server.database.db, personId, timebankId);
const url = (timebankId: string, memberId: string) => `/api/v1/timebanks/${timebankId}/members/${memberId}/profile`;

beforeAll(async () => {
  server = await startTestServer();
  world = await createWorld(server.database.db);
  areaNorth = newId();
  areaSouth = newId();
  await server.database.db
    .insertInto('area')
    .values([
      { network_id: world.networkA, id: areaNorth, timebank_id: world.north, name: 'Dunoon', kind: 'town' },
      { network_id: world.networkA, id: areaSouth, timebank_id: world.south, name: 'Rothesay', kind: 'town' },
    ])
    .execute();
});
afterAll(async () => {
  await server.close();
});

const full = () => ({
  offer: { categories: ['home-garden.gardening', 'digital-help'], text: 'Weeding, and help with phones' },
  want: { categories: ['transport-errands.lifts'], text: 'A lift to Oban on Tuesdays' },
  skill: { categories: ['practical-skills.bikes'] },
  interest: { categories: ['creative.photography'], text: 'Birds' },
  head: { categories: ['learning-teaching.languages'], text: 'Polish and Gaelic' },
  hands: { categories: ['creative.knitting-sewing'], text: 'I knit' },
  heart: { categories: [], text: 'Nobody should be lonely' },
  languages: ['en', 'pl'],
  areaIds: [areaNorth],
});

describe('my profile', () => {
  it('starts empty, then keeps what the member writes, with category names in their language', async () => {
    const member = await signedIn(world.member.email);
    const id = await memberIdOf(world.member.id, world.north);
    const empty = await member.get(url(world.north, id));
    expect(empty.status).toBe(200);
    expect(empty.body).toMatchObject({ memberId: id, personId: world.member.id, languages: [], areas: [], directoryOptOut: false, updatedAt: null });
    expect(empty.body.sections.offer).toEqual({ categories: [], text: null });
    const saved = await member.request('PUT', url(world.north, id), full());
    expect(saved.status).toBe(200);
    expect(saved.body.sections.offer.categories).toEqual([
      { slug: 'digital-help', name: 'Digital help' },
      { slug: 'home-garden.gardening', name: 'Gardening' },
    ]);
    expect(saved.body.sections.heart).toEqual({ categories: [], text: 'Nobody should be lonely' });
    expect(saved.body.areas).toEqual([{ id: areaNorth, name: 'Dunoon' }]);
    expect(saved.body.languages).toEqual(['en', 'pl']);
    const pl = await member.get(`${url(world.north, id)}?locale=pl`);
    expect(pl.body.sections.offer.categories[1]).toEqual({ slug: 'home-garden.gardening', name: 'Ogrodnictwo' });
  });

  it('replaces the whole profile on each save and drops repeats', async () => {
    const member = await signedIn(world.member.email);
    const id = await memberIdOf(world.member.id, world.north);
    const r = await member.request('PUT', url(world.north, id), {
      offer: { categories: ['creative', 'creative'], text: '  ' },
      languages: ['en', 'en'],
      directoryOptOut: true,
    });
    expect(r.status).toBe(200);
    expect(r.body.sections.offer).toEqual({ categories: [{ slug: 'creative', name: 'Creative' }], text: null });
    expect(r.body.sections.want.categories).toEqual([]);
    expect(r.body.areas).toEqual([]);
    expect(r.body.languages).toEqual(['en']);
    expect(r.body.directoryOptOut).toBe(true);
  });

  it('refuses categories and areas of another timebank, naming each bad field, and changes nothing', async () => {
    const member = await signedIn(world.member.email);
    const id = await memberIdOf(world.member.id, world.north);
    await member.request('PUT', url(world.north, id), full());
    // An added subcategory of South is not a category of North.
    await server.database.db
      .insertInto('timebank_category')
      .values({ network_id: world.networkA, timebank_id: world.south, slug: 'creative.south-only', custom: true, name_en: 'South only', name_pl: null, minimum_age: null, check_needed: null, updated_by_person_id: null })
      .execute();
    const bad = await member.request('PUT', url(world.north, id), {
      ...full(),
      offer: { categories: ['home-garden.gardening', 'creative.south-only'] },
      want: { categories: ['no-such'] },
      areaIds: [areaNorth, areaSouth],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([
      { path: '/body/offer/categories/1', message: 'not a category of this timebank' },
      { path: '/body/want/categories/0', message: 'not a category of this timebank' },
      { path: '/body/areaIds/1', message: 'not an area of this timebank' },
    ]);
    const after = await member.get(url(world.north, id));
    expect(after.body.sections.want.text).toBe('A lift to Oban on Tuesdays');
  });

  it('refuses a hidden category for new entries', async () => {
    const coord = await signedIn(world.coordinatorNorth.email);
    await coord.request('PATCH', `/api/v1/timebanks/${world.north}/categories/lending.tools`, { hidden: true });
    const member = await signedIn(world.member.email);
    const id = await memberIdOf(world.member.id, world.north);
    const r = await member.request('PUT', url(world.north, id), { offer: { categories: ['lending.tools'] } });
    expect(r.status).toBe(400);
    expect(r.body.errors[0].path).toBe('/body/offer/categories/0');
  });

  it('refuses oversized and malformed input, naming the field', async () => {
    const member = await signedIn(world.member.email);
    const id = await memberIdOf(world.member.id, world.north);
    const cases: [unknown, RegExp][] = [
      [{ offer: { categories: [], text: 'x'.repeat(501) } }, /offer\/text/],
      [{ offer: { categories: Array.from({ length: 21 }, (_, i) => `creative.c${i}`) } }, /offer\/categories/],
      [{ languages: ['English'] }, /languages\/0/],
      [{ languages: Array.from({ length: 11 }, () => 'en') }, /languages/],
      [{ areaIds: ['not-a-uuid'] }, /areaIds\/0/],
      [{ offer: { categories: ['Not A Slug'] } }, /offer\/categories\/0/],
      [{ phone: '01632 960000' }, /body/],
    ];
    for (const [body, path] of cases) {
      const r = await member.request('PUT', url(world.north, id), body);
      expect(r.status, JSON.stringify(body).slice(0, 60)).toBe(400);
      expect(r.body.errors[0].path).toMatch(path);
    }
  });
});

describe('who may read and edit a profile', () => {
  it('does not let a member read or edit another member', async () => {
    const member = await signedIn(world.member.email);
    const other = await memberIdOf(world.offline.id, world.north);
    expect((await member.get(url(world.north, other))).status).toBe(404);
    expect((await member.request('PUT', url(world.north, other), full())).status).toBe(404);
  });

  it('lets a broker edit for a member, recorded as done by the broker on the member’s behalf', async () => {
    const broker = await signedIn(world.brokerNorth.email);
    const id = await memberIdOf(world.offline.id, world.north);
    const r = await broker.request('PUT', url(world.north, id), { offer: { categories: ['home-garden.cooking'], text: 'Shortbread' } });
    expect(r.status).toBe(200);
    const audit = await server.database.db
      .selectFrom('audit_event')
      .where('action', '=', 'profile.update')
      .where('subject_id', '=', world.offline.id)
      .select(['actor_person_id', 'on_behalf_of_person_id'])
      .executeTakeFirstOrThrow();
    expect(audit).toEqual({ actor_person_id: world.brokerNorth.id, on_behalf_of_person_id: world.offline.id });
    // The same while acting for her.
    expect((await broker.request('PUT', '/api/v1/session/acting-for', { personId: world.offline.id })).status).toBe(200);
    expect((await broker.request('PUT', url(world.north, id), { want: { categories: ['companionship.visiting'] } })).status).toBe(200);
    await broker.request('DELETE', '/api/v1/session/acting-for');
  });

  it('answers 404 for members of another timebank or network, and for a member id under the wrong timebank', async () => {
    const broker = await signedIn(world.brokerNorth.email);
    const south = await memberIdOf(world.southMember.id, world.south);
    const b = await memberIdOf(world.memberB.id, world.bTimebank);
    const north = await memberIdOf(world.member.id, world.north);
    expect((await broker.get(url(world.south, south))).status).toBe(404);
    expect((await broker.request('PUT', url(world.south, south), full())).status).toBe(404);
    expect((await broker.get(url(world.bTimebank, b))).status).toBe(404);
    expect((await broker.get(url(world.north, b))).status).toBe(404);
    expect((await broker.get(url(world.south, north))).status).toBe(404);
    for (const who of [world.admin, world.commissioner]) {
      const c = await signedIn(who.email);
      expect((await c.get(url(world.north, north))).status).toBe(404);
    }
    expect((await new Client(server.url).get(url(world.north, north))).status).toBe(401);
  });
});
