// The conversation, survey, assets and boundary pages with JavaScript off: plain GETs and form
// posts answered with a page or a redirect. A conversation left half-way through the pages is
// kept and resumed; bad answers come back as an error summary with the values given.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorld, type World } from '../../../test/support/fixtures.ts';
import { Client, startTestServer, type TestServer } from '../../../test/support/http.ts';

let server: TestServer;
let world: World;
const sessions = new Map<string, Client>();
const signedIn = async (email: string | null) => {
  const known = sessions.get(email!);
  if (known) return known;
  const c = new Client(server.url);
  expect((await c.signIn(email!)).status).toBe(200);
  sessions.set(email!, c);
  return c;
};
function form(c: Client, path: string, fields: [string, string][]) {
  return c.request('POST', path, new URLSearchParams([...fields, ['_csrf', c.csrf!]]).toString(), { 'content-type': 'application/x-www-form-urlencoded' });
}
const drafts = () => server.database.db.selectFrom('capability_conversation').selectAll().execute();

beforeAll(async () => {
  server = await startTestServer();
  world = await createWorld(server.database.db);
});
afterAll(async () => server.close());

describe('the conversation through the pages', () => {
  it('is left half-way, kept, resumed at the next step, and finished', async () => {
    const mary = await signedIn(world.member.email);
    const home = await mary.get('/conversation');
    expect(home.status).toBe(200);
    expect(home.text).toContain('Start the conversation');
    const start = await form(mary, '/conversation', []);
    expect(start.status).toBe(303);
    const head = start.headers.get('location')!;
    expect(head).toMatch(/\/conversations\/[0-9a-f-]+\/steps\/head$/);
    const page = await mary.get(head);
    expect(page.text).toContain('Step 1 of 6');
    expect(page.text).toContain('value="learning-teaching"');
    const next = await form(mary, head, [['text', 'Gaelic songs'], ['categories', 'learning-teaching'], ['action', 'next']]);
    expect(next.headers.get('location')).toBe(head.replace(/head$/, 'hands'));
    // She stops at the second step: saved, and the draft says where.
    const stop = await form(mary, head.replace(/head$/, 'hands'), [['text', 'Knitting'], ['action', 'stop']]);
    expect(stop.headers.get('location')).toBe('/conversation');
    expect((await mary.get('/conversation')).text).toContain('saved up to &quot;What you can do&quot;');
    const resumed = await form(mary, '/conversation', []);
    expect(resumed.headers.get('location')).toBe(head.replace(/head$/, 'heart'));
    expect((await mary.get(head)).text).toContain('Gaelic songs');
    expect(await drafts()).toHaveLength(1);
    // The last step: hours that are not a number are refused with the value kept.
    const time = head.replace(/head$/, 'time');
    const bad = await form(mary, time, [['hoursPerMonth', 'lots'], ['ways', 'join_group'], ['action', 'next']]);
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('Error:');
    expect(bad.text).toContain('Give a whole number of hours from 0 to 160');
    expect(bad.text).toContain('value="lots"');
    const done = await form(mary, time, [['hoursPerMonth', '5'], ['ways', 'join_group'], ['ways', 'help_one_person'], ['action', 'next']]);
    expect(done.headers.get('location')).toBe('/conversation');
    const [c] = await drafts();
    expect(c).toMatchObject({ status: 'complete', head_text: 'Gaelic songs', hands_text: 'Knitting', hours_per_month: 5, ways: ['join_group', 'help_one_person'] });
  });
});

describe('the survey and the assets register', () => {
  it('takes the survey; a missing answer comes back with the error', async () => {
    const mary = await signedIn(world.member.email);
    const bad = await form(mary, '/survey', [['coProducesNow', ''], ['wouldDoMore', 'yes'], ['extraHoursPerMonth', '2']]);
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('Choose yes or no');
    const ok = await form(mary, '/survey', [['coProducesNow', 'no'], ['wouldDoMore', 'yes'], ['ways', 'design_service'], ['extraHoursPerMonth', '2']]);
    expect(ok.status).toBe(303);
    expect((await mary.get('/survey')).text).toContain('You answered on');
  });

  it('lets a broker add an asset that members then see; members have no form', async () => {
    const broker = await signedIn(world.brokerNorth.email);
    const bad = await form(broker, '/assets', [['kind', 'place'], ['name', 'x']]);
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('Give a name of 2 to 120 characters');
    const ok = await form(broker, '/assets', [['kind', 'place'], ['name', 'Church hall kitchen'], ['contact', '01369 000000'], ['membersMayUse', 'yes']]);
    expect(ok.status).toBe(303);
    const mary = await signedIn(world.member.email);
    const list = await mary.get('/assets');
    expect(list.text).toContain('Church hall kitchen');
    expect(list.text).not.toContain('Add to the register');
    expect((await form(mary, '/assets', [['kind', 'place'], ['name', 'Mine']])).status).toBe(403);
  });
});

describe('area boundaries through the page', () => {
  it('shows where the GeoJSON is wrong, keeping the text', async () => {
    const coordinator = await signedIn(world.coordinatorNorth.email);
    expect((await coordinator.get('/asset-map/areas')).text).toContain('No area has a boundary yet.');
    const notJson = await form(coordinator, '/asset-map/areas', [['geojson', '{oops']]);
    expect(notJson.status).toBe(400);
    expect(notJson.text).toContain('This is not JSON');
    const point = JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { name: 'Nowhere' }, geometry: { type: 'Point', coordinates: [0, 0] } }] });
    const r = await form(coordinator, '/asset-map/areas', [['geojson', point]]);
    expect(r.status).toBe(400);
    expect(r.text).toContain('/features/0/geometry/type: not a polygon (Point)');
    expect(r.text).toContain('Nowhere');
    const geo = await coordinator.get('/asset-map/geo');
    expect(geo.text).toContain('No area boundaries yet');
  });
});
