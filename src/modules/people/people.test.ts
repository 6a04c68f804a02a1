import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorld, type World } from '../../../test/support/fixtures.ts';
import { Client, startTestServer, type TestServer } from '../../../test/support/http.ts';

let server: TestServer;
let world: World;
const signedIn = async (email: string | null) => {
  const c = new Client(server.url);
  const r = await c.signIn(email!);
  expect(r.status).toBe(200);
  return c;
};

beforeAll(async () => {
  server = await startTestServer();
  world = await createWorld(server.database.db);
});
afterAll(async () => {
  await server.close();
});

describe('registering members', () => {
  it('lets a broker register a member with no email and no password, recorded as done by the broker', async () => {
    const broker = await signedIn(world.brokerNorth.email);
    const r = await broker.post(`/api/v1/timebanks/${world.north}/members`, { displayName: 'Morag Paper-Form', phone: '01369 700100', birthYear: 1934 });
    expect(r.status).toBe(201);
    expect(r.body.status).toBe('active');
    const record = await broker.get(`/api/v1/people/${r.body.personId}`);
    expect(record.body.person).toMatchObject({ displayName: 'Morag Paper-Form', email: null, canSignIn: false });
    expect(record.body.history[0]).toMatchObject({ action: 'member.register', by: world.brokerNorth.name });
  });

  it('refuses an email someone already uses, naming the field', async () => {
    const broker = await signedIn(world.brokerNorth.email);
    const r = await broker.post(`/api/v1/timebanks/${world.north}/members`, { displayName: 'Copy Cat', email: world.member.email });
    expect(r.status).toBe(409);
    expect(r.body.errors).toEqual([{ path: '/body/email', message: 'already in use' }]);
  });

  it('refuses an area of another timebank', async () => {
    const coord = await signedIn(world.coordinatorNorth.email);
    const area = await coord.post(`/api/v1/timebanks/${world.north}/areas`, { name: 'Dunoon', kind: 'town' });
    expect(area.status).toBe(201);
    const broker = await signedIn(world.brokerNorth.email);
    const ok = await broker.post(`/api/v1/timebanks/${world.north}/members`, { displayName: 'In Dunoon', areaId: area.body.id });
    expect(ok.status).toBe(201);
    const southArea = await server.database.db
      .insertInto('area')
      .values({ network_id: world.networkA, id: '0190f0c0-0000-7000-8000-000000000001', timebank_id: world.south, name: 'Rothesay', kind: 'town' })
      .execute();
    expect(southArea).toBeDefined();
    const bad = await broker.post(`/api/v1/timebanks/${world.north}/members`, { displayName: 'Wrong Area', areaId: '0190f0c0-0000-7000-8000-000000000001' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toBe('/body/areaId');
  });

  it('does not let a member register people', async () => {
    const member = await signedIn(world.member.email);
    const r = await member.post(`/api/v1/timebanks/${world.north}/members`, { displayName: 'Nope' });
    expect(r.status).toBe(403);
    expect(r.body.code).toBe('forbidden');
  });
});

describe('who may read whom', () => {
  it('lets a member read everything held about themself, and no one else', async () => {
    const member = await signedIn(world.member.email);
    const own = await member.get(`/api/v1/people/${world.member.id}`);
    expect(own.status).toBe(200);
    expect(own.body.memberships[0]).toMatchObject({ timebankId: world.north, status: 'active' });
    expect((await member.get(`/api/v1/people/${world.offline.id}`)).status).toBe(404);
  });

  it('keeps a broker of one timebank out of members of another timebank and another network', async () => {
    const broker = await signedIn(world.brokerNorth.email);
    expect((await broker.get(`/api/v1/people/${world.offline.id}`)).status).toBe(200);
    expect((await broker.get(`/api/v1/people/${world.southMember.id}`)).status).toBe(404);
    expect((await broker.get(`/api/v1/timebanks/${world.south}/members`)).status).toBe(403);
    expect((await broker.get(`/api/v1/people/${world.memberB.id}`)).status).toBe(404);
    expect((await broker.get(`/api/v1/timebanks/${world.bTimebank}/members`)).status).toBe(404);
    const list = await broker.get(`/api/v1/timebanks/${world.north}/members?q=olive`);
    expect(list.body.items.map((m: { personId: string }) => m.personId)).toEqual([world.offline.id]);
  });

  it('gives a commissioner and a network admin no person’s data', async () => {
    for (const who of [world.commissioner, world.admin]) {
      const c = await signedIn(who.email);
      expect((await c.get(`/api/v1/people/${world.member.id}`)).status).toBe(404);
      expect((await c.get(`/api/v1/timebanks/${world.north}/members`)).status).toBe(403);
      expect((await c.request('PUT', '/api/v1/session/acting-for', { personId: world.member.id })).status).toBe(404);
    }
  });
});

describe('acting for a member', () => {
  it('lets a broker act for a member of their timebank; writes name the broker and the member', async () => {
    const broker = await signedIn(world.brokerNorth.email);
    const r = await broker.request('PUT', '/api/v1/session/acting-for', { personId: world.offline.id });
    expect(r.status).toBe(200);
    expect((await broker.get('/api/v1/me')).body.actingFor).toEqual({ personId: world.offline.id, displayName: world.offline.name });
    const events = await server.database.db
      .selectFrom('audit_event')
      .where('action', '=', 'session.act_for')
      .where('on_behalf_of_person_id', '=', world.offline.id)
      .select(['actor_person_id', 'on_behalf_of_person_id'])
      .execute();
    expect(events).toContainEqual({ actor_person_id: world.brokerNorth.id, on_behalf_of_person_id: world.offline.id });
    expect((await broker.request('DELETE', '/api/v1/session/acting-for')).status).toBe(204);
    expect((await broker.get('/api/v1/me')).body.actingFor).toBeNull();
  });

  it('refuses acting for a member of another timebank or for oneself', async () => {
    const broker = await signedIn(world.brokerNorth.email);
    expect((await broker.request('PUT', '/api/v1/session/acting-for', { personId: world.southMember.id })).status).toBe(404);
    expect((await broker.request('PUT', '/api/v1/session/acting-for', { personId: world.brokerNorth.id })).status).toBe(404);
  });
});

describe('member status', () => {
  async function memberIdOf(personId: string) {
    const row = await server.database.db.selectFrom('member').where('person_id', '=', personId).select('id').executeTakeFirstOrThrow();
    return row.id;
  }

  it('pauses a member until a date and refuses a pause without one', async () => {
    const broker = await signedIn(world.brokerNorth.email);
    const memberId = await memberIdOf(world.offline.id);
    const url = `/api/v1/timebanks/${world.north}/members/${memberId}/status`;
    const noDate = await broker.post(url, { status: 'paused' });
    expect(noDate.status).toBe(400);
    expect(noDate.body.errors[0].path).toBe('/body/pausedUntil');
    const ok = await broker.post(url, { status: 'paused', pausedUntil: '2099-06-01' });
    expect(ok.status).toBe(200);
    const back = await broker.post(url, { status: 'active' });
    expect(back.body.status).toBe('active');
  });

  it('refuses a transition that makes no sense', async () => {
    const broker = await signedIn(world.brokerNorth.email);
    const memberId = await memberIdOf(world.offline.id);
    const r = await broker.post(`/api/v1/timebanks/${world.north}/members/${memberId}/status`, { status: 'applied' });
    expect(r.status).toBe(422);
    expect(r.body.code).toBe('status_transition');
  });

  it('suspends a member (coordinator only, with a reason) and ends all their sessions at once', async () => {
    const target = await signedIn(world.member.email);
    const second = await signedIn(world.member.email);
    const memberId = await memberIdOf(world.member.id);
    const url = `/api/v1/timebanks/${world.north}/members/${memberId}/status`;
    const broker = await signedIn(world.brokerNorth.email);
    expect((await broker.post(url, { status: 'suspended', reason: 'complaint' })).status).toBe(403);
    const coord = await signedIn(world.coordinatorNorth.email);
    expect((await coord.post(url, { status: 'suspended' })).status).toBe(400);
    const r = await coord.post(url, { status: 'suspended', reason: 'complaint under review' });
    expect(r.status).toBe(200);
    expect(r.body.sessionsEnded).toBeGreaterThanOrEqual(2);
    expect((await target.get('/api/v1/me')).status).toBe(401);
    expect((await second.get('/api/v1/me')).status).toBe(401);
    const again = await new Client(server.url).post('/api/v1/auth/sign-in', { email: world.member.email, password: 'correct horse battery' });
    expect(again.status).toBe(403);
    expect(again.body.code).toBe('person_suspended');
    expect((await coord.post(url, { status: 'active' })).status).toBe(200);
    expect((await new Client(server.url).signIn(world.member.email!)).status).toBe(200);
  });
});

describe('timebanks and roles', () => {
  it('lets a coordinator make a member a broker, and refuses a broker doing it', async () => {
    const coord = await signedIn(world.coordinatorNorth.email);
    const broker = await signedIn(world.brokerNorth.email);
    const body = { personId: world.offline.id, role: 'broker', timebankId: world.north };
    expect((await broker.post('/api/v1/role-grants', body)).status).toBe(403);
    expect((await coord.post('/api/v1/role-grants', body)).status).toBe(201);
    expect((await coord.post('/api/v1/role-grants', body)).status).toBe(409);
  });

  it('lets a coordinator change their timebank’s settings and a network admin add a timebank', async () => {
    const coord = await signedIn(world.coordinatorNorth.email);
    const r = await coord.request('PATCH', `/api/v1/timebanks/${world.north}`, { defaultLocale: 'pl' });
    expect(r.status).toBe(200);
    expect(r.body.defaultLocale).toBe('pl');
    expect((await coord.request('PATCH', `/api/v1/timebanks/${world.south}`, { name: 'Mine now' })).status).toBe(403);
    const admin = await signedIn(world.admin.email);
    const created = await admin.post('/api/v1/timebanks', { slug: 'east', name: 'East' });
    expect(created.status).toBe(201);
    expect((await admin.post('/api/v1/timebanks', { slug: 'east', name: 'East again' })).status).toBe(409);
    expect((await admin.post('/api/v1/timebanks', { slug: 'Bad Slug!', name: 'x' })).body.errors[0].path).toBe('/body/slug');
  });

  it("sets the zone of a timebank's diary, and refuses a zone nobody knows without changing it", async () => {
    const coord = await signedIn(world.coordinatorNorth.email);
    const before = await coord.get(`/api/v1/timebanks/${world.north}`);
    expect(before.body.timeZone).toBe('Europe/London');
    const bad = await coord.request('PATCH', `/api/v1/timebanks/${world.north}`, { timeZone: 'Europe/Atlantis', name: 'Renamed' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toBe('/body/timeZone');
    const after = await coord.get(`/api/v1/timebanks/${world.north}`);
    expect(after.body).toMatchObject({ timeZone: 'Europe/London', name: before.body.name });
    const set = await coord.request('PATCH', `/api/v1/timebanks/${world.north}`, { timeZone: 'Europe/Warsaw' });
    expect(set.status).toBe(200);
    expect(set.body.timeZone).toBe('Europe/Warsaw');
    await coord.request('PATCH', `/api/v1/timebanks/${world.north}`, { timeZone: 'Europe/London' });
  });
});
