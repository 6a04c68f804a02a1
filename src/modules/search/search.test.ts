// Searching listings through the API: stemming in the listing's language, close spellings,
// filters, and what a searcher sees (own timebank, network-visible listings of the others,
// never another network's, never closed, lapsed or expired ones).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../lib/ids.ts';
import { createWorld, type World } from '../../../test/support/fixtures.ts';
import { Client, startTestServer, type TestServer } from '../../../test/support/http.ts';
import { addDays, isoDay } from '../listings/rules.ts';

let server: TestServer;
let world: World;
let area: string;
const sessions = new Map<string, Client>();
const signedIn = async (email: string | null) => {
  const known = sessions.get(email!);
  if (known) return known;
  const c = new Client(server.url);
  expect((await c.signIn(email!)).status).toBe(200);
  sessions.set(email!, c);
  return c;
};
const search = async (as: string | null, timebankId: string, query: Record<string, string>) => {
  const c = await signedIn(as);
  return c.get(`/api/v1/timebanks/${timebankId}/listings?${new URLSearchParams(query)}`);
};
const titles = (r: { body: { items: { title: string }[] } }) => r.body.items.map((i) => i.title).sort();

beforeAll(async () => {
  server = await startTestServer();
  world = await createWorld(server.database.db);
  area = newId();
  await server.database.db.insertInto('area').values({ network_id: world.networkA, id: area, timebank_id: world.north, name: 'Innellan', kind: 'village' }).execute();
  const post = async (as: string | null, tb: string, body: Record<string, unknown>) => {
    const c = await signedIn(as);
    const r = await c.post(`/api/v1/timebanks/${tb}/listings`, { mode: 'home', kind: 'offer', ...body });
    if (r.status !== 201) throw new Error(`${r.status} ${r.text}`);
    return r.body.id as string;
  };
  const m = world.member.email;
  await post(m, world.north, { title: 'Gardening and weeding', description: 'I love digging the vegetable beds', categorySlug: 'home-garden.gardening', mode: 'outside', areaId: area });
  await post(m, world.north, { title: 'Lawnmower to lend', kind: 'lend', categorySlug: 'lending.garden-equipment', mode: 'outside' });
  await post(m, world.north, { title: 'Lift to the hospital', kind: 'request', categorySlug: 'transport-errands.lifts', mode: 'outside' });
  await post(m, world.north, { title: 'Pomoc w ogrodzie', description: 'Kopanie grządek i sadzenie kwiatów', categorySlug: 'home-garden.gardening', language: 'pl' });
  await post(m, world.north, { title: 'Help with a new smartphone', categorySlug: 'digital-help.phones-tablets', mode: 'online' });
  await post(m, world.north, { title: 'Helping hands for house moves', description: 'carrying boxes', categorySlug: 'practical-skills.diy', mode: 'outside' });
  await post(world.southMember.email, world.south, { title: 'Gardens in South, network-wide', categorySlug: 'home-garden.gardening', visibility: 'network' });
  await post(world.southMember.email, world.south, { title: 'Garden work in South only', categorySlug: 'home-garden.gardening' });
  await post(world.memberB.email, world.bTimebank, { title: 'Gardening in network B', categorySlug: 'home-garden.gardening', visibility: 'network' });
  const closed = await post(m, world.north, { title: 'Gardening closed', categorySlug: 'home-garden.gardening' });
  await (await signedIn(m)).post(`/api/v1/timebanks/${world.north}/listings/${closed}/close`);
  // Expired but not yet swept: still 'open' in the table, past its last day.
  const expired = await post(m, world.north, { title: 'Gardening expired', categorySlug: 'home-garden.gardening' });
  await server.database.db.updateTable('listing').set({ expires_on: addDays(isoDay(new Date()), -1) }).where('id', '=', expired).execute();
});
afterAll(async () => {
  await server.close();
});

describe('words', () => {
  it('finds the forms of English words (stemming), in titles and descriptions, title matches first', async () => {
    const r = await search(world.member.email, world.north, { q: 'garden' });
    expect(r.status).toBe(200);
    expect(titles(r)).toEqual(['Gardening and weeding', 'Gardens in South, network-wide']);
    expect(r.body.items.every((i: { match: string }) => i.match === 'text')).toBe(true);
    expect(r.body.similar).toBe(false);
    expect(titles(await search(world.member.email, world.north, { q: 'digs vegetables' }))).toEqual(['Gardening and weeding']);
    const help = await search(world.member.email, world.north, { q: 'helping' });
    expect(help.body.items.map((i: { title: string }) => i.title)).toEqual(['Helping hands for house moves', 'Help with a new smartphone']);
  });

  it('finds Polish words as written (no Polish stemmer: the simple configuration)', async () => {
    expect(titles(await search(world.member.email, world.north, { q: 'ogrodzie' }))).toEqual(['Pomoc w ogrodzie']);
    expect(titles(await search(world.member.email, world.north, { q: 'grządek', language: 'pl' }))).toEqual(['Pomoc w ogrodzie']);
  });

  it('finds titles spelled like the words when the words find nothing, and says so', async () => {
    const r = await search(world.member.email, world.north, { q: 'lawnmover' });
    expect(titles(r)).toEqual(['Lawnmower to lend']);
    expect(r.body.items[0].match).toBe('similar');
    expect(r.body.similar).toBe(true);
    expect(titles(await search(world.member.email, world.north, { q: 'smarphone' }))).toEqual(['Help with a new smartphone']);
    expect(titles(await search(world.member.email, world.north, { q: 'zzyzx quokka' }))).toEqual([]);
  });
});

describe('category names', () => {
  it('shows each listing’s category as its own timebank names it', async () => {
    const coord = await signedIn(world.coordinatorNorth.email);
    expect((await coord.request('PATCH', `/api/v1/timebanks/${world.north}/categories/home-garden.gardening`, { nameEn: 'Gardens and allotments' })).status).toBe(200);
    const r = await search(world.member.email, world.north, { q: 'garden' });
    const names = Object.fromEntries(r.body.items.map((i: { title: string; category: { name: string } }) => [i.title, i.category.name]));
    expect(names).toEqual({ 'Gardening and weeding': 'Gardens and allotments', 'Gardens in South, network-wide': 'Gardening' });
    const pl = await search(world.member.email, world.north, { q: 'garden', locale: 'pl' });
    expect(pl.body.items.map((i: { category: { name: string } }) => i.category.name)).toEqual(['Ogrodnictwo', 'Ogrodnictwo']);
    await coord.request('PATCH', `/api/v1/timebanks/${world.north}/categories/home-garden.gardening`, { nameEn: null });
  });
});

describe('filters', () => {
  it('by category: a top level takes in its subcategories', async () => {
    expect(titles(await search(world.member.email, world.north, { category: 'home-garden' }))).toEqual(['Gardening and weeding', 'Gardens in South, network-wide', 'Pomoc w ogrodzie']);
    expect(titles(await search(world.member.email, world.north, { category: 'lending.garden-equipment' }))).toEqual(['Lawnmower to lend']);
    expect(titles(await search(world.member.email, world.north, { q: 'garden', category: 'lending' }))).toEqual([]);
  });

  it('by area, mode and kind', async () => {
    expect(titles(await search(world.member.email, world.north, { areaId: area }))).toEqual(['Gardening and weeding']);
    expect(titles(await search(world.member.email, world.north, { mode: 'online' }))).toEqual(['Help with a new smartphone']);
    expect(titles(await search(world.member.email, world.north, { kind: 'request' }))).toEqual(['Lift to the hospital']);
    expect(titles(await search(world.member.email, world.north, { kind: 'lend', mode: 'outside' }))).toEqual(['Lawnmower to lend']);
  });

  it('pages through the newest first', async () => {
    const first = await search(world.member.email, world.north, { limit: '3' });
    expect(first.body.items).toHaveLength(3);
    expect(first.body.hasMore).toBe(true);
    const second = await search(world.member.email, world.north, { limit: '3', offset: '3' });
    const last = await search(world.member.email, world.north, { limit: '3', offset: '6' });
    expect(last.body.hasMore).toBe(false);
    const all = [...first.body.items, ...second.body.items, ...last.body.items].map((i: { id: string }) => i.id);
    expect(new Set(all).size).toBe(all.length);
    expect(all.length).toBe(7);
  });
});

describe('what a searcher sees', () => {
  it('the own timebank’s open listings and the network-visible ones of the others, marked as from elsewhere', async () => {
    const north = await search(world.member.email, world.north, { q: 'gardening' });
    expect(north.body.items.find((i: { title: string }) => i.title.startsWith('Gardens in South'))).toMatchObject({ elsewhere: true, timebankName: 'South' });
    const all = titles(await search(world.member.email, world.north, {}));
    expect(all).not.toContain('Garden work in South only');
    expect(all).not.toContain('Gardening in network B');
    expect(all).not.toContain('Gardening closed');
    expect(all).not.toContain('Gardening expired');
    const south = titles(await search(world.southMember.email, world.south, { q: 'garden' }));
    expect(south).toEqual(['Garden work in South only', 'Gardens in South, network-wide']);
    expect(titles(await search(world.memberB.email, world.bTimebank, { q: 'garden' }))).toEqual(['Gardening in network B']);
  });

  it('refuses people who do not belong to the timebank, other networks and nobody signed in', async () => {
    expect((await search(world.southMember.email, world.north, {})).status).toBe(403);
    expect((await search(world.admin.email, world.north, {})).status).toBe(403);
    expect((await search(world.commissioner.email, world.north, {})).status).toBe(403);
    expect((await search(world.memberB.email, world.north, {})).status).toBe(404);
    expect((await new Client(server.url).get(`/api/v1/timebanks/${world.north}/listings`)).status).toBe(401);
    expect((await search(world.brokerNorth.email, world.north, {})).status).toBe(200);
  });

  it('refuses a bad query with the field', async () => {
    for (const [query, path] of [
      [{ limit: '0' }, '/querystring/limit'],
      [{ offset: '10000' }, '/querystring/offset'],
      [{ category: 'No Slug' }, '/querystring/category'],
      [{ mode: 'bus' }, '/querystring/mode'],
      [{ q: 'x'.repeat(201) }, '/querystring/q'],
      [{ colour: 'red' }, '/querystring/colour'],
    ] as const) {
      const r = await search(world.member.email, world.north, query);
      expect(r.status).toBe(400);
      expect(r.body.errors[0].path).toBe(path);
    }
    const otherNetworkArea = await search(world.member.email, world.north, { areaId: newId() });
    expect(otherNetworkArea.status).toBe(400);
    expect(otherNetworkArea.body.errors[0].path).toBe('/querystring/areaId');
  });
});
