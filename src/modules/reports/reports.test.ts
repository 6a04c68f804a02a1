import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addPerson, createWorld, type World } from '../../../test/support/fixtures.ts';
import { Client, startTestServer, type TestServer } from '../../../test/support/http.ts';
import { suppress } from './service.ts';

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
  for (let i = 0; i < 6; i++) await addPerson(server.database.db, world.networkA, { name: `Extra ${i}`, timebankId: world.north, email: null });
});
afterAll(async () => {
  await server.close();
});

describe('membership report', () => {
  it('suppresses counts from 1 to 4 and publishes 0 and 5 or more', () => {
    expect(suppress(0)).toEqual({ value: 0, suppressed: false });
    expect(suppress(1)).toEqual({ value: null, suppressed: true });
    expect(suppress(4)).toEqual({ value: null, suppressed: true });
    expect(suppress(5)).toEqual({ value: 5, suppressed: false });
  });

  it('gives a commissioner aggregates for the network with small numbers hidden', async () => {
    const c = await signedIn(world.commissioner.email);
    const r = await c.get('/api/v1/reports/membership');
    expect(r.status).toBe(200);
    const north = r.body.timebanks.find((t: { timebankId: string }) => t.timebankId === world.north);
    // North: Mary, Olive, Bob, Cora and six extras are active.
    expect(north.members.active).toEqual({ value: 10, suppressed: false });
    const south = r.body.timebanks.find((t: { timebankId: string }) => t.timebankId === world.south);
    expect(south.members.active).toEqual({ value: null, suppressed: true });
    expect(JSON.stringify(r.body)).not.toContain(world.member.name);
    expect(r.body.timebanks.map((t: { timebankId: string }) => t.timebankId)).not.toContain(world.bTimebank);
  });

  it('lets a coordinator read their own timebank only, and refuses members and brokers', async () => {
    const coord = await signedIn(world.coordinatorNorth.email);
    expect((await coord.get(`/api/v1/reports/membership?timebankId=${world.north}`)).status).toBe(200);
    expect((await coord.get(`/api/v1/reports/membership?timebankId=${world.south}`)).status).toBe(403);
    expect((await coord.get('/api/v1/reports/membership')).status).toBe(403);
    const broker = await signedIn(world.brokerNorth.email);
    expect((await broker.get(`/api/v1/reports/membership?timebankId=${world.north}`)).status).toBe(403);
    const other = await signedIn(world.brokerB.email);
    expect((await other.get(`/api/v1/reports/membership?timebankId=${world.north}`)).status).toBe(404);
  });
});
