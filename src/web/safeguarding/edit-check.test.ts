// The web form that changes a recorded safeguarding check, over real HTTP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addPerson, createWorld, type World } from '../../../test/support/fixtures.ts';
import { type Client, startTestServer, type TestServer } from '../../../test/support/http.ts';
import { memberIdOf, signedIn } from '../../modules/safeguarding/test-helpers.ts';

let server: TestServer;
let world: World;
let broker: Client;
let mary: string;
let checkId: string;
let editPath: string;
const NUMBER = 'PV99 8877 6655';

const form = (c: Client, body: Record<string, string>) =>
  c.request('POST', editPath, new URLSearchParams({ _csrf: c.csrf!, ...body }).toString(), { 'content-type': 'application/x-www-form-urlencoded' });
const held = () => server.database.db.selectFrom('safeguarding_check').where('id', '=', checkId).selectAll().executeTakeFirstOrThrow();
const valid = {
  scheme: 'pvg',
  level: 'pvg_level_2',
  workforce: 'both',
  roleTitle: 'Befriender and driver',
  regulatedWork: 'yes',
  issuedOn: '2025-01-10',
  reviewOn: '2030-01-10',
  decision: 'cleared',
  decidedOn: '2025-02-01',
};

beforeAll(async () => {
  server = await startTestServer();
  world = await createWorld(server.database.db);
  broker = await signedIn(server, world.brokerNorth.email);
  mary = await memberIdOf(server.database.db, world.member.id, world.north);
  const r = await broker.post(`/api/v1/timebanks/${world.north}/members/${mary}/safeguarding/checks`, {
    scheme: 'pvg',
    level: 'pvg_level_2',
    workforce: 'adults',
    roleTitle: 'Befriender',
    regulatedWork: true,
    number: NUMBER,
    issuedOn: '2025-01-10',
  });
  checkId = r.body.id;
  editPath = `/timebanks/${world.north}/members/${mary}/safeguarding/checks/${checkId}/edit`;
});
afterAll(async () => {
  await server.close();
});

describe('editing a safeguarding check on its page', () => {
  it('is linked from the member screen and comes filled with what is held, never the number in full, and the read is logged', async () => {
    const screen = await broker.get(`/timebanks/${world.north}/members/${mary}/safeguarding`);
    expect(screen.text).toContain(`href="${editPath}"`);
    const views = async () => (await server.database.db.selectFrom('safeguarding_view').where('subject_person_id', '=', world.member.id).selectAll().execute()).length;
    const before = await views();
    const page = await broker.get(editPath);
    expect(page.status).toBe(200);
    expect(page.text).toContain('value="Befriender"');
    expect(page.text).toContain('value="2025-01-10"');
    expect(page.text).not.toContain(NUMBER);
    expect(page.text).toContain('Leave empty to keep the number held');
    expect(await views()).toBe(before + 1);
  });

  it('saves the change, keeps the number when left empty, and records who changed it', async () => {
    const r = await form(broker, { ...valid, decidedByPersonId: world.brokerNorth.id, number: '' });
    expect(r.status).toBe(303);
    expect(r.headers.get('location')).toBe(`/timebanks/${world.north}/members/${mary}/safeguarding`);
    const c = await held();
    expect(c).toMatchObject({ role_title: 'Befriender and driver', workforce: 'both', decision: 'cleared', decided_by_person_id: world.brokerNorth.id, updated_by_person_id: world.brokerNorth.id });
    const reveal = await broker.post(`/api/v1/timebanks/${world.north}/members/${mary}/safeguarding/checks/${checkId}/reveal`);
    expect(reveal.body.number).toBe(NUMBER);
    const audit = await server.database.db.selectFrom('audit_event').where('action', '=', 'safeguarding.check.update').selectAll().executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ actor_person_id: world.brokerNorth.id, subject_id: world.member.id });
    expect(JSON.stringify(audit.detail)).not.toContain('8877');
  });

  it('shows the form again with its errors and the values given, changing nothing, for impossible dates and missing deciders', async () => {
    const before = await held();
    const dates = await form(broker, { ...valid, decidedByPersonId: world.brokerNorth.id, reviewOn: '2024-12-31', roleTitle: 'Changed' });
    expect(dates.status).toBe(400);
    expect(dates.text).toContain('There is a problem');
    expect(dates.text).toContain('href="#reviewOn"');
    expect(dates.text).toContain('value="Changed"');
    const decider = await form(broker, { ...valid });
    expect(decider.status).toBe(400);
    expect(decider.text).toContain('href="#decidedByPersonId"');
    const future = await form(broker, { ...valid, decidedByPersonId: world.brokerNorth.id, issuedOn: '2999-01-01', reviewOn: '2999-06-01' });
    expect(future.status).toBe(400);
    expect(future.text).toContain('href="#issuedOn"');
    expect(await held()).toEqual(before);
  });

  it('is refused to the member, other members and brokers of another timebank, as not found', async () => {
    const member = await signedIn(server, world.member.email);
    const south = await signedIn(server, (await addPerson(server.database.db, world.networkA, { name: 'Sal South', timebankId: world.south, roles: [['broker', world.south]] })).email);
    for (const c of [member, south]) {
      expect((await c.get(editPath)).status).toBe(404);
      expect((await form(c, { ...valid, decidedByPersonId: world.brokerNorth.id })).status).toBe(404);
    }
    expect((await broker.get(editPath.replace(checkId, '00000000-0000-7000-8000-000000000000'))).status).toBe(404);
  });
});
