import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorld, type World } from '../../../test/support/fixtures.ts';
import { Client, startTestServer, type TestServer } from '../../../test/support/http.ts';
import { categoriesFor, checkNeededFor, minimumAgeFor } from './service.ts';
import { SHIPPED, slugify, TAXONOMY } from './taxonomy.ts';

let server: TestServer;
let world: World;
const signedIn = async (email: string | null) => {
  const c = new Client(server.url);
  expect((await c.signIn(email!)).status).toBe(200);
  return c;
};

beforeAll(async () => {
  server = await startTestServer();
  world = await createWorld(server.database.db);
});
afterAll(async () => {
  await server.close();
});

describe('the shipped taxonomy', () => {
  it('has the ten top levels, each with subcategories, every name in English and Polish and every slug unique', () => {
    expect(TAXONOMY.map((t) => t.slug)).toEqual([
      'home-garden',
      'transport-errands',
      'companionship',
      'learning-teaching',
      'creative',
      'digital-help',
      'practical-skills',
      'care-of-others',
      'health-wellbeing',
      'lending',
    ]);
    const all = TAXONOMY.flatMap((t) => [t, ...t.subs]);
    expect(new Set(all.map((c) => c.slug)).size).toBe(all.length);
    expect(SHIPPED.size).toBe(all.length);
    for (const top of TAXONOMY) expect(top.subs.length).toBeGreaterThanOrEqual(4);
    for (const c of all) {
      expect(c.en.length).toBeGreaterThan(0);
      expect(c.pl.length).toBeGreaterThan(0);
    }
  });

  it('makes slugs of Polish names', () => {
    expect(slugify('Łódź: wiosłowanie!')).toBe('lodz-wioslowanie');
    expect(slugify('!!!')).toBe('');
  });
});

describe('a timebank edits its taxonomy', () => {
  it('lets members read it in their language, without hidden categories', async () => {
    const member = await signedIn(world.member.email);
    const en = await member.get(`/api/v1/timebanks/${world.north}/categories`);
    expect(en.status).toBe(200);
    expect(en.body.items[0]).toMatchObject({ slug: 'home-garden', name: 'Home and garden', parentSlug: null });
    expect(en.body.items[0].subs[0]).toMatchObject({ slug: 'home-garden.gardening', parentSlug: 'home-garden' });
    const pl = await member.get(`/api/v1/timebanks/${world.north}/categories?locale=pl`);
    expect(pl.body.items[0].name).toBe('Dom i ogród');
    expect((await member.get(`/api/v1/timebanks/${world.north}/categories?includeHidden=true`)).status).toBe(403);
  });

  it('lets a coordinator rename per locale, hide, set a minimum age and a check, and go back to the shipped name', async () => {
    const coord = await signedIn(world.coordinatorNorth.email);
    const url = `/api/v1/timebanks/${world.north}/categories/home-garden.pets`;
    const r = await coord.request('PATCH', url, { namePl: 'Zwierzęta', minimumAge: 14, checkNeeded: true });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ nameEn: 'Pet care and dog walking', namePl: 'Zwierzęta', renamed: true, minimumAge: 14, checkNeeded: true });
    const db = server.database.db;
    expect(await minimumAgeFor(db, world.networkA, world.north, 'home-garden.pets')).toBe(14);
    expect(await checkNeededFor(db, world.networkA, world.north, 'home-garden.pets')).toBe(true);
    // South keeps the shipped defaults.
    expect(await minimumAgeFor(db, world.networkA, world.south, 'home-garden.pets')).toBeNull();
    expect(await checkNeededFor(db, world.networkA, world.south, 'home-garden.pets')).toBe(false);
    const back = await coord.request('PATCH', url, { namePl: null, minimumAge: null, checkNeeded: null });
    expect(back.body).toMatchObject({ namePl: 'Opieka nad zwierzętami i spacery z psem', renamed: false, minimumAge: null, checkNeeded: false });
  });

  it('hides a top level with its subcategories, for members only', async () => {
    const coord = await signedIn(world.coordinatorNorth.email);
    expect((await coord.request('PATCH', `/api/v1/timebanks/${world.north}/categories/lending`, { hidden: true })).status).toBe(200);
    const visible = await categoriesFor(server.database.db, world.networkA, world.north, 'en');
    expect(visible.map((t) => t.slug)).not.toContain('lending');
    const all = await coord.get(`/api/v1/timebanks/${world.north}/categories?includeHidden=true`);
    const lending = all.body.items.find((t: { slug: string }) => t.slug === 'lending');
    expect(lending.hidden).toBe(true);
    expect(lending.subs.every((s: { hidden: boolean }) => s.hidden)).toBe(true);
    await coord.request('PATCH', `/api/v1/timebanks/${world.north}/categories/lending`, { hidden: false });
  });

  it('applies a top level minimum age and check to its subcategories', async () => {
    const coord = await signedIn(world.coordinatorNorth.email);
    await coord.request('PATCH', `/api/v1/timebanks/${world.north}/categories/creative`, { minimumAge: 12, checkNeeded: true });
    const db = server.database.db;
    expect(await minimumAgeFor(db, world.networkA, world.north, 'creative.photography')).toBe(12);
    expect(await checkNeededFor(db, world.networkA, world.north, 'creative.photography')).toBe(true);
    // A subcategory's own higher age wins.
    expect(await minimumAgeFor(db, world.networkA, world.north, 'transport-errands.lifts')).toBe(18);
    await coord.request('PATCH', `/api/v1/timebanks/${world.north}/categories/creative`, { minimumAge: null, checkNeeded: null });
  });

  it('adds a subcategory with a new slug that never clashes, in this timebank only', async () => {
    const coord = await signedIn(world.coordinatorNorth.email);
    const url = `/api/v1/timebanks/${world.north}/categories`;
    const a = await coord.post(url, { parentSlug: 'home-garden', nameEn: 'Peat cutting', namePl: 'Kopanie torfu', minimumAge: 16 });
    expect(a.status).toBe(201);
    expect(a.body.slug).toBe('home-garden.peat-cutting');
    const b = await coord.post(url, { parentSlug: 'home-garden', nameEn: 'Peat cutting' });
    expect(b.body.slug).toBe('home-garden.peat-cutting-2');
    const shippedClash = await coord.post(url, { parentSlug: 'home-garden', nameEn: 'Gardening' });
    expect(shippedClash.body.slug).toBe('home-garden.gardening-2');
    const polishOnly = await coord.post(url, { parentSlug: 'creative', namePl: 'Wycinanki łowickie' });
    expect(polishOnly.body.slug).toBe('creative.wycinanki-lowickie');
    const tree = await coord.get(`${url}?locale=pl`);
    const home = tree.body.items.find((t: { slug: string }) => t.slug === 'home-garden');
    expect(home.subs.find((s: { slug: string }) => s.slug === 'home-garden.peat-cutting')).toMatchObject({ name: 'Kopanie torfu', custom: true, minimumAge: 16 });
    const south = await categoriesFor(server.database.db, world.networkA, world.south, 'en');
    expect(south.flatMap((t) => t.subs.map((s) => s.slug))).not.toContain('home-garden.peat-cutting');
    // An added subcategory is renamed and hidden like a shipped one, but keeps one name.
    const lastName = await coord.request('PATCH', `${url}/creative.wycinanki-lowickie`, { namePl: null });
    expect(lastName.status).toBe(400);
    expect(lastName.body.errors[0].path).toBe('/body/namePl');
  });

  it('refuses bad input, naming the field', async () => {
    const coord = await signedIn(world.coordinatorNorth.email);
    const url = `/api/v1/timebanks/${world.north}/categories`;
    const noName = await coord.post(url, { parentSlug: 'creative' });
    expect(noName.status).toBe(400);
    expect(noName.body.errors[0].path).toBe('/body/nameEn');
    const underSub = await coord.post(url, { parentSlug: 'creative.photography', nameEn: 'Film' });
    expect(underSub.status).toBe(400);
    expect(underSub.body.errors[0].path).toBe('/body/parentSlug');
    const noLetters = await coord.post(url, { parentSlug: 'creative', nameEn: '???' });
    expect(noLetters.status).toBe(400);
    expect(noLetters.body.errors[0].path).toBe('/body/nameEn');
    const age = await coord.request('PATCH', `${url}/creative`, { minimumAge: 300 });
    expect(age.status).toBe(400);
    expect(age.body.errors[0].path).toMatch(/minimumAge/);
    const tooLong = await coord.request('PATCH', `${url}/creative`, { nameEn: 'x'.repeat(81) });
    expect(tooLong.status).toBe(400);
    expect((await coord.request('PATCH', `${url}/creative.no-such-thing`, { hidden: true })).status).toBe(404);
    expect((await coord.request('PATCH', `${url}/Not A Slug`, { hidden: true })).status).toBe(400);
  });

  it('keeps members, brokers and other timebanks and networks out of the editing', async () => {
    const member = await signedIn(world.member.email);
    expect((await member.request('PATCH', `/api/v1/timebanks/${world.north}/categories/creative`, { hidden: true })).status).toBe(403);
    const broker = await signedIn(world.brokerNorth.email);
    expect((await broker.post(`/api/v1/timebanks/${world.north}/categories`, { parentSlug: 'creative', nameEn: 'Film' })).status).toBe(403);
    const coord = await signedIn(world.coordinatorNorth.email);
    expect((await coord.request('PATCH', `/api/v1/timebanks/${world.south}/categories/creative`, { hidden: true })).status).toBe(403);
    expect((await coord.request('PATCH', `/api/v1/timebanks/${world.bTimebank}/categories/creative`, { hidden: true })).status).toBe(404);
    expect((await coord.get(`/api/v1/timebanks/${world.bTimebank}/categories`)).status).toBe(404);
    // An added subcategory of another timebank is not found here.
    const bCoordSlug = 'home-garden.peat-cutting';
    const southCoord = await server.database.db
      .selectFrom('timebank_category')
      .where('timebank_id', '=', world.south)
      .where('slug', '=', bCoordSlug)
      .select('slug')
      .executeTakeFirst();
    expect(southCoord).toBeUndefined();
    await expect(minimumAgeFor(server.database.db, world.networkA, world.south, bCoordSlug)).rejects.toMatchObject({ code: 'not_found' });
  });

  it('records every change in the audit log, by whom', async () => {
    const rows = await server.database.db
      .selectFrom('audit_event')
      .where('action', 'in', ['category.add', 'category.update'])
      .where('timebank_id', '=', world.north)
      .select(['actor_person_id'])
      .execute();
    expect(rows.length).toBeGreaterThan(5);
    expect(new Set(rows.map((r) => r.actor_person_id))).toEqual(new Set([world.coordinatorNorth.id]));
  });
});
