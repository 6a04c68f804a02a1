import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorld, type World } from '../../../test/support/fixtures.ts';
import { Client, startTestServer, type TestServer } from '../../../test/support/http.ts';
import { addPerson } from '../../../test/support/fixtures.ts';
import { systemClock } from '../../lib/clock.ts';
import { newId } from '../../lib/ids.ts';
import { silentLogger } from '../../lib/log.ts';
import { systemActor } from '../audit/record.ts';
import { createLedger } from '../ledger/service.ts';

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

// ---- the roles people act for an organisation in (feat/record, docs/members.md)
describe('roles of the people acting for an organisation', () => {
  let coord: Client;
  let orgId: string;
  let ann: { id: string; client: Client };
  let con: { id: string; client: Client };
  let mel: { id: string; client: Client };
  let orgAccount: string;
  let potAccount: string;
  const people = () => `/api/v1/organisations/${orgId}/people`;
  // Donating from the organisation's account to the community pot: acting for the organisation.
  const donate = (from: string, to: string) => ({ id: newId(), debitAccountId: from, creditAccountId: to, minutes: 15, kind: 'donation', category: 'other' });

  beforeAll(async () => {
    coord = await signedIn(world.coordinatorNorth.email);
    const person = async (name: string) => {
      const p = await addPerson(server.database.db, world.networkA, { name, timebankId: world.north });
      return { id: p.id, client: await signedIn(p.email) };
    };
    ann = await person('Ann Admin');
    con = await person('Con Contact');
    mel = await person('Mel Member');
    orgId = (await coord.post(`/api/v1/timebanks/${world.north}/organisations`, { name: 'Lunch Club', kind: 'voluntary' })).body.id;
    const ledger = createLedger({ db: server.database.db, clock: systemClock, log: silentLogger });
    const actor = systemActor(world.networkA);
    await ledger.openTimebank(actor, { timebankId: world.north, settings: { balanceMinutesMin: -100_000 } });
    orgAccount = (await ledger.openOrganisationAccount(actor, { organisationId: orgId })).id;
    potAccount = (await ledger.findAccount(world.networkA, { communityPotOf: world.north }))!.id;
  });

  it('are given by a coordinator, listed with each person, and audited', async () => {
    expect((await coord.post(people(), { personId: ann.id, role: 'admin' })).body).toMatchObject({ role: 'admin' });
    expect((await coord.post(people(), { personId: con.id, role: 'contact' })).status).toBe(201);
    const list = await coord.get(people());
    expect(list.body.items.map((x: { displayName: string; role: string }) => [x.displayName, x.role])).toEqual([
      ['Ann Admin', 'admin'],
      ['Con Contact', 'contact'],
    ]);
    const audit = await server.database.db.selectFrom('audit_event').where('action', '=', 'organisation.add_person').where('subject_id', '=', con.id).selectAll().executeTakeFirstOrThrow();
    expect(audit.detail).toMatchObject({ organisationId: orgId, role: 'contact' });
  });

  it('are managed by the organisation’s admin too, but not by its other people or outsiders', async () => {
    expect((await ann.client.post(people(), { personId: mel.id, role: 'member' })).status).toBe(201);
    expect((await ann.client.request('PUT', `${people()}/${con.id}`, { role: 'member' })).status).toBe(200);
    expect((await ann.client.request('PUT', `${people()}/${con.id}`, { role: 'contact' })).status).toBe(200);
    expect((await mel.client.request('PUT', `${people()}/${con.id}`, { role: 'admin' })).status).toBe(403);
    expect((await mel.client.get(people())).status).toBe(200);
    const outsider = await signedIn(world.member.email);
    expect((await outsider.get(people())).status).toBe(404);
    expect((await outsider.request('DELETE', `${people()}/${con.id}`)).status).toBe(403);
    const south = await signedIn(world.southMember.email);
    expect((await south.get(people())).status).toBe(404);
  });

  it('refuses a role that does not exist, a second link, a stranger, and leaving the organisation with no admin', async () => {
    const bad = await coord.request('PUT', `${people()}/${con.id}`, { role: 'owner' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toBe('/body/role');
    expect((await coord.post(people(), { personId: con.id, role: 'member' })).status).toBe(409);
    expect((await coord.request('PUT', `${people()}/${world.member.id}`, { role: 'member' })).status).toBe(404);
    const last = await coord.request('PUT', `${people()}/${ann.id}`, { role: 'member' });
    expect(last.status).toBe(422);
    expect(last.body.code).toBe('last_admin');
    expect((await coord.request('DELETE', `${people()}/${ann.id}`)).status).toBe(422);
  });

  it('decide who may act for its account: a member or admin may give from it, a contact may not', async () => {
    expect((await mel.client.post('/api/v1/transfers', donate(orgAccount, potAccount))).status).toBe(201);
    expect((await ann.client.post('/api/v1/transfers', donate(orgAccount, potAccount))).status).toBe(201);
    expect((await con.client.post('/api/v1/transfers', donate(orgAccount, potAccount))).status).toBe(404);
    const accounts = await con.client.get('/api/v1/accounts');
    expect(JSON.stringify(accounts.body)).not.toContain(orgAccount);
    expect((await coord.request('PUT', `${people()}/${con.id}`, { role: 'member' })).status).toBe(200);
    expect((await con.client.post('/api/v1/transfers', donate(orgAccount, potAccount))).status).toBe(201);
    expect((await coord.request('DELETE', `${people()}/${con.id}`)).status).toBe(200);
    expect((await con.client.post('/api/v1/transfers', donate(orgAccount, potAccount))).status).toBe(404);
    expect((await coord.request('DELETE', `${people()}/${con.id}`)).status).toBe(404);
  });

  it('are shown and changed on the organisation’s page', async () => {
    const page = await coord.get(`/organisations/${orgId}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Ann Admin');
    expect(page.text).toContain('Add someone');
    const form = (body: Record<string, string>) => new URLSearchParams({ _csrf: coord.csrf!, ...body }).toString();
    const ok = await coord.request('POST', `/organisations/${orgId}/people/${mel.id}`, form({ role: 'contact' }), { 'content-type': 'application/x-www-form-urlencoded' });
    expect(ok.status).toBe(303);
    const bad = await coord.request('POST', `/organisations/${orgId}/people/${ann.id}`, form({ role: 'member' }), { 'content-type': 'application/x-www-form-urlencoded' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain(`href="#role-${ann.id}"`);
    const list = await coord.get(`/timebanks/${world.north}/organisations`);
    expect(list.text).toContain(`/organisations/${orgId}`);
    const memberView = await mel.client.get(`/organisations/${orgId}`);
    expect(memberView.status).toBe(200);
    expect(memberView.text).not.toContain('Add someone');
  });
});
