// The profile pages with JavaScript off: plain GETs and form posts, answered with a page or a
// redirect; errors come back as a GOV.UK error summary with the values given.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../lib/ids.ts';
import { createWorld, memberIdOf, type World } from '../../../test/support/fixtures.ts';
import { Client, startTestServer, type TestServer } from '../../../test/support/http.ts';

let server: TestServer;
let world: World;
let area: string;
const signedIn = async (email: string | null) => {
  const c = new Client(server.url);
  expect((await c.signIn(email!)).status).toBe(200);
  return c;
};
function form(c: Client, path: string, fields: [string, string][]) {
  return c.request('POST', path, new URLSearchParams([...fields, ['_csrf', c.csrf!]]).toString(), { 'content-type': 'application/x-www-form-urlencoded' });
}

beforeAll(async () => {
  server = await startTestServer();
  world = await createWorld(server.database.db);
  area = newId();
  await server.database.db.insertInto('area').values({ network_id: world.networkA, id: area, timebank_id: world.north, name: 'Innellan', kind: 'village' }).execute();
});
afterAll(async () => {
  await server.close();
});

describe('my profile page', () => {
  it('shows an empty profile, then saves the form and shows what was saved', async () => {
    const member = await signedIn(world.member.email);
    const view = await member.get('/profile');
    expect(view.status).toBe(200);
    expect(view.text).toContain('My profile');
    expect(view.text).toContain('href="/profile/edit"');
    const edit = await member.get('/profile/edit');
    expect(edit.text).toContain('name="offer-categories" value="home-garden.gardening"');
    expect(edit.text).toContain('Innellan');
    const saved = await form(member, '/profile/edit', [
      ['offer-categories', 'home-garden.gardening'],
      ['offer-categories', 'digital-help.phones-tablets'],
      ['offer-text', 'Weeding on Saturdays'],
      ['heart-text', 'Lonely neighbours'],
      ['languages', 'en, PL'],
      ['areaIds', area],
    ]);
    expect(saved.status).toBe(303);
    expect(saved.headers.get('location')).toBe('/profile');
    const after = await member.get('/profile');
    expect(after.text).toContain('Phones and tablets, Gardening — Weeding on Saturdays');
    expect(after.text).toContain('Lonely neighbours');
    expect(after.text).toContain('en, pl');
    expect(after.text).toContain('Innellan');
    const pl = await member.get('/profile?lang=pl');
    expect(pl.text).toContain('Ogrodnictwo');
  });

  it('comes back with an error summary and the values given, saving nothing', async () => {
    const member = await signedIn(world.member.email);
    const r = await form(member, '/profile/edit', [
      ['offer-text', 'x'.repeat(501)],
      ['want-categories', 'creative.not-here'],
      ['languages', 'English'],
    ]);
    expect(r.status).toBe(400);
    expect(r.text).toContain('error-summary');
    expect(r.text).toContain('href="#offer-text"');
    expect(r.text).toContain('Keep it to 500 characters or fewer');
    expect(r.text).toContain('href="#languages"');
    expect(r.text).toContain('value="English"');
    const other = await form(member, '/profile/edit', [['want-categories', 'creative.not-here']]);
    expect(other.status).toBe(400);
    expect(other.text).toContain('href="#want-categories"');
    expect((await member.get('/profile')).text).toContain('Weeding on Saturdays');
  });

  it('lets a broker edit a member’s profile from the member list, and keeps members out of each other’s', async () => {
    const broker = await signedIn(world.brokerNorth.email);
    const olive = await memberIdOf(server.database.db, world.offline.id, world.north);
    const base = `/timebanks/${world.north}/members/${olive}/profile`;
    const list = await broker.get(`/timebanks/${world.north}/members?category=home-garden`);
    expect(list.status).toBe(200);
    expect(list.text).toContain('Last activity');
    const saved = await form(broker, `${base}/edit`, [['hands-categories', 'creative.knitting-sewing'], ['hands-text', 'Knits for the lunch club']]);
    expect(saved.status).toBe(303);
    expect(saved.headers.get('location')).toBe(base);
    const view = await broker.get(base);
    expect(view.text).toContain(`Profile of ${world.offline.name}`);
    expect(view.text).toContain('Knits for the lunch club');
    const skilled = await broker.get(`/timebanks/${world.north}/members?category=creative`);
    expect(skilled.text).toContain(world.offline.name);
    expect(skilled.text).not.toContain(world.member.name);
    const member = await signedIn(world.member.email);
    expect((await member.get(base)).status).toBe(404);
    expect((await form(member, `${base}/edit`, [['hands-text', 'mine now']])).status).toBe(404);
    const south = await memberIdOf(server.database.db, world.southMember.id, world.south);
    expect((await broker.get(`/timebanks/${world.south}/members/${south}/profile`)).status).toBe(404);
  });
});

describe('the coordinator’s categories page', () => {
  it('renames, sets an age and adds a subcategory through forms, and shows errors on the page', async () => {
    const coord = await signedIn(world.coordinatorNorth.email);
    const page = await coord.get(`/timebanks/${world.north}/categories`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Home and garden');
    const renamed = await form(coord, `/timebanks/${world.north}/categories/creative.photography`, [
      ['nameEn', 'Photos and film'],
      ['namePl', ''],
      ['minimumAge', '14'],
      ['checkNeeded', 'no'],
      ['hidden', 'no'],
    ]);
    expect(renamed.status).toBe(303);
    const after = await coord.get(`/timebanks/${world.north}/categories`);
    expect(after.text).toContain('Photos and film');
    const added = await form(coord, `/timebanks/${world.north}/categories`, [['parentSlug', 'home-garden'], ['nameEn', 'Peat cutting'], ['minimumAge', '']]);
    expect(added.status).toBe(303);
    expect((await coord.get(`/timebanks/${world.north}/categories`)).text).toContain('Peat cutting');
    const badAge = await form(coord, `/timebanks/${world.north}/categories/creative`, [['minimumAge', 'ten'], ['checkNeeded', 'no'], ['hidden', 'no']]);
    expect(badAge.status).toBe(400);
    expect(badAge.text).toContain('href="#minimumAge-creative"');
    expect(badAge.text).toContain('Enter the minimum age as a whole number');
    const noName = await form(coord, `/timebanks/${world.north}/categories`, [['parentSlug', 'creative'], ['nameEn', '']]);
    expect(noName.status).toBe(400);
    expect(noName.text).toContain('href="#nameEn"');
  });

  it('is for coordinators only', async () => {
    const broker = await signedIn(world.brokerNorth.email);
    expect((await broker.get(`/timebanks/${world.north}/categories`)).status).toBe(403);
    const member = await signedIn(world.member.email);
    expect((await form(member, `/timebanks/${world.north}/categories/creative`, [['hidden', 'yes']])).status).toBe(403);
    expect((await member.get('/')).text).not.toContain('/categories');
  });
});

describe('the member directory page', () => {
  it('says there is none until the coordinator chooses what members see, then lists names without contact details', async () => {
    const member = await signedIn(world.member.email);
    const url = `/timebanks/${world.north}/directory`;
    expect((await member.get('/')).text).toContain(`href="${url}"`);
    expect((await member.get(url)).text).toContain('This timebank does not show a members directory.');
    const coord = await signedIn(world.coordinatorNorth.email);
    const set = await form(coord, `${url}/settings`, [['visibility', 'names_areas_offers']]);
    expect(set.status).toBe(303);
    const page = await member.get(url);
    expect(page.text).toContain(world.offline.name);
    expect(page.text).toContain('Knitting and sewing');
    expect(page.text).not.toContain('@example.test');
    expect(page.text).not.toContain('name="visibility"');
    const filtered = await member.get(`${url}?q=olive`);
    expect(filtered.text).toContain(world.offline.name);
    expect(filtered.text).not.toContain(world.brokerNorth.name);
    expect((await form(member, `${url}/settings`, [['visibility', 'off']])).status).toBe(403);
    expect((await form(coord, `${url}/settings`, [['visibility', 'everyone']])).status).toBe(400);
  });
});
