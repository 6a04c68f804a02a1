// The community asset map through the API and its pages: the figures per area x category from
// conversations, listings, profiles and exchanges; the gaps; pillars; the public figures
// suppressed (and their CSV); the lists behind a cell and inviting them to meet as an activity;
// area boundaries as GeoJSON, refused when invalid, not polygons or overlapping, with the path.
import { renderToStaticMarkup } from 'react-dom/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '../../../test/support/http.ts';
import { newId } from '../../lib/ids.ts';
import { GeoMap } from '../../web/assetmap/geo.tsx';
import { AGREE, agreed, type ExchangeWorld, exchangeWorld, insertListing, propose, signedIn } from '../exchanges/test-helpers.ts';
import { rankGaps } from './service.ts';

let w: ExchangeWorld;
let mary: Client;
let nina: Client;
let ned: Client;
let broker: Client;
let coordinator: Client;
let commissioner: Client;
let innellan: string;
let toward: string;
const tb = () => w.world.north;
const api = (rest: string) => `/api/v1/timebanks/${tb()}${rest}`;

/** A square of side `d` degrees with its south-west corner at (lon, lat). */
const square = (lon: number, lat: number, d: number) => ({
  type: 'Polygon',
  coordinates: [
    [
      [lon, lat],
      [lon + d, lat],
      [lon + d, lat + d],
      [lon, lat + d],
      [lon, lat],
    ],
  ],
});
const feature = (name: string, geometry: unknown) => ({ type: 'Feature', properties: { name }, geometry });
const collection = (...features: unknown[]) => ({ geojson: { type: 'FeatureCollection', features } });

/** An exchange on a request of the receiver's, given by the giver, with its hour recorded. */
async function exchangeDone(receiver: { c: Client; memberId: string }, giver: { c: Client; memberId: string }, date: string) {
  const listingId = await insertListing(w, { memberId: receiver.memberId, title: 'Tidy the garden' });
  const id = await propose(giver.c, listingId, receiver.memberId, [giver.memberId]);
  const r = await agreed(receiver.c, id, { ...AGREE, date });
  return { id, occurrenceId: r.occurrences[0]!.id };
}

beforeAll(async () => {
  w = await exchangeWorld();
  const db = w.db;
  innellan = newId();
  toward = newId();
  await db.insertInto('area').values({ network_id: w.world.networkA, id: innellan, timebank_id: tb(), name: 'Innellan', kind: 'village' }).execute();
  await db.insertInto('area').values({ network_id: w.world.networkA, id: toward, timebank_id: tb(), name: 'Toward', kind: 'village' }).execute();
  await db.updateTable('member').set({ area_id: innellan }).where('id', 'in', [w.mary.memberId, w.nina.memberId]).execute();
  await db.updateTable('member').set({ area_id: toward }).where('id', '=', w.ned.memberId).execute();
  [mary, nina, ned, broker] = await Promise.all([signedIn(w, w.mary), signedIn(w, w.nina), signedIn(w, w.ned), signedIn(w, w.broker)]);
  [coordinator, commissioner] = await Promise.all([signedIn(w, w.world.coordinatorNorth), signedIn(w, w.world.commissioner)]);
  // Ned, in Toward: a conversation, gardening, 10 hours a month. Mary: she needs lifts.
  const c = (await ned.post(api('/conversations'), {})).body.id;
  await ned.request('PATCH', api(`/conversations/${c}`), { handsText: 'Digging, hedges', handsCategories: ['home-garden.gardening'], hoursPerMonth: 10, ways: ['join_group'] });
  expect((await ned.post(api(`/conversations/${c}/complete`), {})).status).toBe(200);
  const m = (await mary.post(api('/conversations'), {})).body.id;
  await mary.request('PATCH', api(`/conversations/${m}`), { helpText: 'Lifts to the surgery', helpCategories: ['transport-errands.lifts'], hoursPerMonth: 0 });
  expect((await mary.post(api(`/conversations/${m}/complete`), {})).status).toBe(200);
  // Nina offers in home-garden in Innellan; Mary and Nina each help the other (pillars).
  await insertListing(w, { memberId: w.nina.memberId, kind: 'offer', title: 'Weeding' });
  const one = await exchangeDone({ c: mary, memberId: w.mary.memberId }, { c: nina, memberId: w.nina.memberId }, '2026-01-20');
  const two = await exchangeDone({ c: nina, memberId: w.nina.memberId }, { c: mary, memberId: w.mary.memberId }, '2026-01-21');
  w.clock.set(new Date('2026-01-22T12:00:00Z'));
  for (const [c2, x] of [
    [nina, one],
    [mary, two],
  ] as const) {
    expect((await c2.post(`/api/v1/exchanges/${x.id}/occurrences/${x.occurrenceId}/done`)).status).toBe(200);
    const h = await c2.post(`/api/v1/exchanges/${x.id}/occurrences/${x.occurrenceId}/hours`, { id: newId(), minutes: 60 });
    expect(h.status, h.text).toBe(201);
  }
  // The survey: Ned would do more, 3 extra hours.
  await ned.request('PUT', api(`/members/${w.ned.memberId}/survey`), { coProducesNow: true, wouldDoMore: true, ways: ['design_service'], extraHoursPerMonth: 3 });
  expect((await coordinator.post(api('/asset-map/refresh'), {})).status).toBe(200);
}, 90_000);
afterAll(async () => w?.server.close());

describe('the map', () => {
  it('counts capability, need and exchanges per area and top category, with areas, gaps and the trend', async () => {
    const r = await broker.get(api('/asset-map'));
    expect(r.status, r.text).toBe(200);
    expect(r.body.audience).toBe('staff');
    expect(r.body.month).toBe('2026-01-01');
    const cell = (area: string, cat: string) => r.body.cells.find((c: { areaId: string; category: string }) => c.areaId === area && c.category === cat);
    const v = (n: { value: number }) => n.value;
    const garden = cell(innellan, 'home-garden');
    // Innellan, home and garden: Nina offers; Mary and Nina each asked (two open requests); two exchanges done.
    expect([v(garden.peopleOffering), v(garden.needPeople), v(garden.requestsOpen), v(garden.exchangesDone)]).toEqual([1, 2, 2, 2]);
    const towardGarden = cell(toward, 'home-garden');
    expect([v(towardGarden.peopleOffering), v(towardGarden.hoursOffered), v(towardGarden.needPeople), v(towardGarden.exchangesDone)]).toEqual([1, 10, 0, 0]);
    const lifts = cell(innellan, 'transport-errands');
    expect([v(lifts.peopleOffering), v(lifts.needPeople), v(lifts.requestsOpen)]).toEqual([0, 1, 0]);
    expect(r.body.categories.map((c: { name: string }) => c.name)).toEqual(['Home and garden', 'Transport and errands']);
    // Gaps: in Innellan, two in need of home and garden help with one to give it, and Mary's lifts
    // with nobody to give them, rank the same (more people first); Ned's gardening is unused.
    expect(r.body.gaps.needs.map((c: { areaId: string; category: string; score: number }) => [c.areaId, c.category, c.score])).toEqual([
      [innellan, 'home-garden', 100],
      [innellan, 'transport-errands', 100],
    ]);
    expect(r.body.gaps.unused.map((c: { areaId: string }) => c.areaId)).toEqual([toward]);
    const areas = Object.fromEntries(r.body.areaTotals.map((a: { areaId: string; pillars: { value: number }; surveyExtraHours: { value: number } }) => [a.areaId, a]));
    expect(areas[innellan].pillars.value).toBe(2);
    expect(areas[toward].surveyExtraHours.value).toBe(3);
    expect(r.body.trend.map((t: { month: string }) => t.month)).toEqual(['2026-01-01']);
  });

  it('answers several readers at once, each rewriting the month the same way', async () => {
    const all = await Promise.all(Array.from({ length: 6 }, () => broker.get(api('/asset-map'))));
    expect(all.map((r) => r.status)).toEqual(new Array(6).fill(200));
    expect(new Set(all.map((r) => JSON.stringify(r.body.cells))).size).toBe(1);
  });

  it('ranks needs by need per person able to help, and unused capability by the people offering', () => {
    const c = (area_id: string, people_offering: number, need_people: number, exchanges_done = 0) => ({ area_id, category_top: 'x', people_offering, hours_offered: 0, need_people, requests_open: 0, exchanges_done });
    const g = rankGaps([c('a', 4, 4), c('b', 0, 2), c('c', 1, 9), c('d', 3, 0), c('e', 5, 0, 1)]);
    expect(g.needs.map((x) => x.area_id)).toEqual(['c', 'b', 'a']);
    expect(g.unused.map((x) => x.area_id)).toEqual(['a', 'd', 'c']);
  });

  it('gives the public figures with small numbers suppressed, to a commissioner and as CSV; members get nothing', async () => {
    const r = await commissioner.get(api('/asset-map'));
    expect(r.status, r.text).toBe(200);
    expect(r.body.audience).toBe('public');
    const garden = r.body.cells.find((c: { areaId: string; category: string }) => c.areaId === toward && c.category === 'home-garden');
    expect(garden.peopleOffering).toEqual({ value: null, suppressed: true });
    // Ned's hours would tell about Ned: suppressed with the count of people.
    expect(garden.hoursOffered).toEqual({ value: null, suppressed: true });
    expect(garden.needPeople).toEqual({ value: 0, suppressed: false });
    const csv = await commissioner.get(api('/asset-map/export?table=cells'));
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(csv.text.split('\r\n')[0]).toBe('month,area,category,people_offering,hours_offered_per_month,people_in_need,requests_open,exchanges_done_12_months');
    expect(csv.text).toContain('2026-01-01,Toward,Home and garden,<5,<5,0,0,0');
    const staffCsv = await broker.get(api('/asset-map/export?table=areas'));
    expect(staffCsv.text).toContain('2026-01-01,Innellan,2,2,1,0,0,0,0');
    expect((await broker.get(api('/asset-map/export?table=areas&audience=public'))).text).toContain('2026-01-01,Innellan,<5,<5,<5,0,0,0,0');
    expect((await mary.get(api('/asset-map'))).status).toBe(403);
    expect((await mary.get(api('/asset-map/export?table=cells'))).status).toBe(403);
  });

  it('renders the matrix as a table with a link behind each cell, for staff', async () => {
    const page = await broker.get('/asset-map');
    expect(page.status).toBe(200);
    expect(page.text).toContain('<table class="table heat-map">');
    expect(page.text).toContain(`/asset-map/cell?areaId=${innellan}&amp;category=home-garden`);
  });
});

describe('behind a cell', () => {
  it('lists who could help and who needs it', async () => {
    const r = await broker.get(api(`/asset-map/cells/${innellan}/home-garden`));
    expect(r.status, r.text).toBe(200);
    expect(r.body.capable.map((p: { name: string; sources: string[] }) => [p.name, p.sources])).toEqual([['Nina Giver', ['listing']]]);
    expect(r.body.needing.map((p: { name: string }) => p.name).sort()).toEqual([w.mary.name, 'Nina Giver'].sort());
    expect((await mary.get(api(`/asset-map/cells/${innellan}/home-garden`))).status).toBe(403);
  });

  it('invites them to meet as an activity with each registered; someone not in the cell is refused and nothing written', async () => {
    const activities = async () => Number((await w.db.selectFrom('activity').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const before = await activities();
    const body = { areaId: innellan, category: 'home-garden', title: 'Garden helpers meet', startsAt: '2026-02-02T18:00:00Z', endsAt: '2026-02-02T19:00:00Z', minutesPerAttendee: 60 };
    const bad = await coordinator.post(api('/asset-map/invitations'), { ...body, memberIds: [w.ned.memberId] });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([{ path: '/body/memberIds/0', message: 'not among the people of this cell' }]);
    expect(await activities()).toBe(before);
    // A broker may see the lists, but activities are the coordinators' to create.
    expect((await broker.post(api('/asset-map/invitations'), { ...body, memberIds: [w.nina.memberId] })).status).toBe(403);
    const r = await coordinator.post(api('/asset-map/invitations'), { ...body, memberIds: [w.nina.memberId, w.mary.memberId] });
    expect(r.status, r.text).toBe(201);
    expect(r.body.registered.sort()).toEqual([w.nina.memberId, w.mary.memberId].sort());
    const regs = await w.db.selectFrom('activity_registration').where('activity_id', '=', r.body.activityId).select('member_id').execute();
    expect(regs).toHaveLength(2);
  });

  it('lists the pillars: people who gave and received', async () => {
    const r = await broker.get(api('/asset-map/pillars'));
    expect(r.body.count).toBe(2);
    expect(r.body.items.map((p: { name: string; givenMinutes: number }) => [p.name, p.givenMinutes]).sort()).toEqual([
      [w.mary.name, 60],
      ['Nina Giver', 60],
    ]);
  });
});

describe('area boundaries', () => {
  const count = async () => (await w.db.selectFrom('area_boundary').select('area_id').execute()).length;

  it('takes a polygon per area; neighbours may share a border', async () => {
    const r = await coordinator.request('PUT', api('/area-boundaries'), collection(feature('Innellan', square(-4.95, 55.89, 0.02)), feature('toward', square(-4.93, 55.89, 0.02))));
    expect(r.status, r.text).toBe(200);
    expect(r.body.areas).toBe(2);
    const back = await broker.get(api('/area-boundaries'));
    expect(back.body.features.map((f: { properties: { name: string } }) => f.properties.name)).toEqual(['Innellan', 'Toward']);
    const page = await coordinator.get('/asset-map/geo?metric=capability');
    expect(page.status).toBe(200);
    expect(page.text).toContain('<svg role="img"');
    expect(page.text).toContain('Toward: 1');
  });

  it('refuses what is not GeoJSON polygons, with the path, keeping the boundaries there were', async () => {
    const cases: [unknown, number, string, string][] = [
      [{ geojson: { type: 'Feature' } }, 400, 'invalid_geojson', '/body/geojson/type'],
      [collection(feature('Innellan', { type: 'Point', coordinates: [-4.9, 55.9] })), 400, 'invalid_geojson', '/body/geojson/features/0/geometry/type'],
      [collection(feature('Innellan', { type: 'Polygon', coordinates: [[[-4.9, 55.9], [-4.8, 55.9], [-4.8, 56], [-4.9, 56]]] })), 400, 'invalid_geojson', '/body/geojson/features/0/geometry/coordinates/0'],
      [collection(feature('Innellan', { type: 'Polygon', coordinates: [[[-4.9, 95], [-4.8, 55.9], [-4.8, 56], [-4.9, 95]]] })), 400, 'invalid_geojson', '/body/geojson/features/0/geometry/coordinates/0/0'],
      [collection(feature('Dunoon', square(-4.9, 55.9, 0.01))), 400, 'invalid_geojson', '/body/geojson/features/0/properties'],
      [collection(feature('Innellan', square(-4.95, 55.89, 0.02)), feature('Toward', square(-4.94, 55.9, 0.02))), 422, 'areas_overlap', '/body/geojson/features/1/geometry'],
      [collection(feature('Innellan', square(-4.95, 55.89, 0.04)), feature('Toward', square(-4.94, 55.9, 0.01))), 422, 'areas_overlap', '/body/geojson/features/1/geometry'],
    ];
    for (const [body, status, code, path] of cases) {
      const r = await coordinator.request('PUT', api('/area-boundaries'), body);
      expect(r.status, JSON.stringify(body)).toBe(status);
      expect(r.body.code).toBe(code);
      expect(r.body.errors[0].path).toBe(path);
    }
    expect(await count()).toBe(2);
    expect((await broker.request('PUT', api('/area-boundaries'), collection(feature('Innellan', square(0, 0, 1))))).status).toBe(403);
  });

  it('lays map tiles under the areas when a tile server is set, and draws the areas alone when not', () => {
    const shapes = [{ areaId: 'a', name: 'Innellan', geometry: square(-4.95, 55.89, 0.02) as never, value: 3, label: 'Innellan: 3', centre: [-4.94, 55.9] as [number, number] }];
    const bbox: [number, number, number, number] = [-4.95, 55.89, -4.93, 55.91];
    const tiled = renderToStaticMarkup(<GeoMap shapes={shapes} bbox={bbox} title="Areas" hue={0} tileTemplate="https://tiles.example.test/{z}/{x}/{y}.png" />);
    expect(tiled).toMatch(/<img src="https:\/\/tiles\.example\.test\/\d+\/\d+\/\d+\.png"/);
    const bare = renderToStaticMarkup(<GeoMap shapes={shapes} bbox={bbox} title="Areas" hue={0} />);
    expect(bare).not.toContain('<img');
    expect(bare).toContain('<path d="M');
  });
});
