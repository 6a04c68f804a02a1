import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorld, type World } from '../../../test/support/fixtures.ts';
import { Client, startTestServer, type TestServer } from '../../../test/support/http.ts';

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

describe('organisations', () => {
  it('lets a coordinator take on a cafe and let a member act for it', async () => {
    const coord = await signedIn(world.coordinatorNorth.email);
    const r = await coord.post(`/api/v1/timebanks/${world.north}/organisations`, { name: 'Harbour Cafe', kind: 'business' });
    expect(r.status).toBe(201);
    const link = await coord.post(`/api/v1/organisations/${r.body.id}/people`, { personId: world.member.id });
    expect(link.status).toBe(201);
    const list = await coord.get(`/api/v1/timebanks/${world.north}/organisations`);
    expect(list.body.items).toEqual([{ id: r.body.id, name: 'Harbour Cafe', kind: 'business', description: null, people: 1 }]);
    const member = await signedIn(world.member.email);
    const record = await member.get(`/api/v1/people/${world.member.id}`);
    expect(record.body.organisations).toEqual([{ id: r.body.id, name: 'Harbour Cafe', kind: 'business' }]);
  });

  it('refuses a duplicate name, a bad kind, a broker, and a person from another timebank', async () => {
    const coord = await signedIn(world.coordinatorNorth.email);
    await coord.post(`/api/v1/timebanks/${world.north}/organisations`, { name: 'Youth Group', kind: 'voluntary' });
    const dup = await coord.post(`/api/v1/timebanks/${world.north}/organisations`, { name: 'youth group', kind: 'voluntary' });
    expect(dup.status).toBe(409);
    const kind = await coord.post(`/api/v1/timebanks/${world.north}/organisations`, { name: 'X', kind: 'charity' });
    expect(kind.status).toBe(400);
    expect(kind.body.errors[0].path).toBe('/body/kind');
    const broker = await signedIn(world.brokerNorth.email);
    expect((await broker.post(`/api/v1/timebanks/${world.north}/organisations`, { name: 'Y', kind: 'public' })).status).toBe(403);
    const org = (await coord.get(`/api/v1/timebanks/${world.north}/organisations`)).body.items[0];
    const outsider = await coord.post(`/api/v1/organisations/${org.id}/people`, { personId: world.southMember.id });
    expect(outsider.status).toBe(422);
    expect(outsider.body.code).toBe('not_a_member');
  });
});
