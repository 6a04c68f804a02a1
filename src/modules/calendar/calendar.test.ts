import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorld, type World } from '../../../test/support/fixtures.ts';
import { Client, startTestServer, type TestServer } from '../../../test/support/http.ts';
import { systemClock } from '../../lib/clock.ts';
import { silentLogger } from '../../lib/log.ts';
import { systemActor } from '../audit/record.ts';
import { createLedger } from '../ledger/service.ts';

let server: TestServer;
let world: World;
const HOUR = 3_600_000;
const at = (h: number) => new Date(Date.now() + h * HOUR).toISOString();
const signedIn = async (email: string | null) => {
  const c = new Client(server.url);
  expect((await c.signIn(email!)).status).toBe(200);
  return c;
};
/** The path of a feed URL on the test server. */
const pathOf = (url: string) => new URL(url).pathname;
const anonymous = () => new Client(server.url);

beforeAll(async () => {
  server = await startTestServer();
  world = await createWorld(server.database.db);
  await createLedger({ db: server.database.db, clock: systemClock, log: silentLogger }).openTimebank(systemActor(world.networkA), { timebankId: world.north });
});
afterAll(async () => {
  await server.close();
});

describe("a person's calendar feed", () => {
  it('lists the activities the person is registered for, at a secret URL that regenerating replaces', async () => {
    const coord = await signedIn(world.coordinatorNorth.email);
    const base = { description: 'Bring an apron', categorySlug: 'creative', place: 'Village hall', payer: 'community_pot', minutesPerAttendee: 60 };
    const gala = (await coord.post(`/api/v1/timebanks/${world.north}/activities`, { ...base, title: 'Baking for the gala', startsAt: at(24), endsAt: at(26) })).body;
    const other = (await coord.post(`/api/v1/timebanks/${world.north}/activities`, { ...base, title: 'Drop-in, not mine', startsAt: at(30), endsAt: at(31) })).body;
    const member = await signedIn(world.member.email);
    expect((await member.post(`/api/v1/activities/${gala.id}/registrations`)).status).toBe(201);

    expect((await member.get('/api/v1/calendar/feed')).body).toEqual({ active: false, createdAt: null });
    const made = await member.post('/api/v1/calendar/feed');
    expect(made.status).toBe(201);
    expect(made.body.url).toMatch(/\/calendar\/[0-9a-f-]{36}\.[A-Za-z0-9_-]{43}\.ics$/);
    expect((await member.get('/api/v1/calendar/feed')).body.active).toBe(true);

    const feed = await anonymous().get(pathOf(made.body.url));
    expect(feed.status).toBe(200);
    expect(feed.headers.get('content-type')).toMatch(/^text\/calendar/);
    expect(feed.text).toContain('SUMMARY:Baking for the gala');
    expect(feed.text).toContain(`UID:activity-${gala.id}@`);
    expect(feed.text).toContain('LOCATION:Village hall');
    expect(feed.text).not.toContain(other.id);

    // Only the hash of the secret is stored.
    const secret = made.body.url.split('.').at(-2);
    const row = await server.database.db.selectFrom('calendar_feed').selectAll().where('person_id', '=', world.member.id).executeTakeFirstOrThrow();
    expect(Buffer.from(row.token_hash).toString('hex')).not.toContain(Buffer.from(secret).toString('hex'));
    expect(JSON.stringify(row)).not.toContain(secret);

    // A cancelled activity stays in the feed, marked cancelled, with the same UID.
    await coord.post(`/api/v1/activities/${gala.id}/cancel`, { reason: 'the oven broke' });
    const after = await anonymous().get(pathOf(made.body.url));
    expect(after.text).toContain('STATUS:CANCELLED');
    expect(after.text).toContain(`UID:activity-${gala.id}@`);

    const again = await member.post('/api/v1/calendar/feed');
    expect(again.body.url).not.toBe(made.body.url);
    expect((await anonymous().get(pathOf(made.body.url))).status).toBe(404);
    expect((await anonymous().get(pathOf(again.body.url))).status).toBe(200);

    expect((await member.request('DELETE', '/api/v1/calendar/feed')).body).toEqual({ active: false, createdAt: null });
    expect((await anonymous().get(pathOf(again.body.url))).status).toBe(404);
  });

  it('lists what a coordinator organises', async () => {
    const coord = await signedIn(world.coordinatorNorth.email);
    const made = await coord.post('/api/v1/calendar/feed');
    const feed = await anonymous().get(pathOf(made.body.url));
    expect(feed.text).toContain('SUMMARY:Drop-in\\, not mine');
  });

  it('answers 404 to a forged, altered or malformed token, and needs a session to make one', async () => {
    const member = await signedIn(world.member.email);
    const made = await member.post('/api/v1/calendar/feed');
    const path = pathOf(made.body.url);
    const altered = path.replace(/.(\.ics)$/, (m, ics) => `${m[0] === 'A' ? 'B' : 'A'}${ics}`);
    const otherNetwork = path.replace(world.networkA, world.networkB);
    for (const p of [altered, otherNetwork, '/calendar/nonsense', `/calendar/${world.networkA}.${'A'.repeat(43)}.ics`, path.replace(/\.ics$/, 'x.ics')]) {
      const r = await anonymous().get(p);
      expect(r.status, p).toBe(404);
      expect(r.text).not.toContain('BEGIN:VCALENDAR');
    }
    expect((await anonymous().get(path.replace(/\.ics$/, ''))).status).toBe(200);
    expect((await anonymous().post('/api/v1/calendar/feed')).status).toBe(401);
    expect((await anonymous().get('/api/v1/calendar/feed')).status).toBe(401);
  });
});
