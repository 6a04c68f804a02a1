// The "check due" filter of the broker's member search: a safeguarding check held by the
// timebank due for review within 30 days, or overdue. It reads safeguarding data, so each
// person it lists is written to the access log.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addPerson, createWorld, type PersonFixture, type World } from '../../../test/support/fixtures.ts';
import { type Client, startTestServer, type TestServer } from '../../../test/support/http.ts';
import { addDays, isoDay } from '../safeguarding/subject.ts';
import { memberIdOf, signedIn as signIn } from '../safeguarding/test-helpers.ts';

let server: TestServer;
let world: World;
let broker: Client;
let nora: PersonFixture;
let pete: PersonFixture;
const today = isoDay(new Date());
const check = (o: Record<string, unknown>) => ({ scheme: 'dbs', level: 'enhanced', workforce: 'adults', roleTitle: 'Driver', regulatedWork: false, issuedOn: '2022-01-10', ...o });
const names = (r: { body: { items: { displayName: string }[] } }) => r.body.items.map((i) => i.displayName).sort();

beforeAll(async () => {
  server = await startTestServer();
  world = await createWorld(server.database.db);
  broker = await signIn(server, world.brokerNorth.email);
  const db = server.database.db;
  nora = await addPerson(db, world.networkA, { name: 'Nora Overdue', timebankId: world.north });
  pete = await addPerson(db, world.networkA, { name: 'Pete Stopped', timebankId: world.north });
  const add = async (personId: string, body: Record<string, unknown>, c = broker, tb = world.north) => {
    const r = await c.post(`/api/v1/timebanks/${tb}/members/${await memberIdOf(db, personId, tb)}/safeguarding/checks`, body);
    expect(r.status).toBe(201);
    return r.body.id as string;
  };
  await add(world.member.id, check({ reviewOn: addDays(today, 10) }));
  await add(world.offline.id, check({ reviewOn: addDays(today, 60) }));
  await add(nora.id, check({ reviewOn: '2024-01-10' }));
  const pvg = await add(pete.id, check({ scheme: 'pvg', level: 'pvg_level_2', regulatedWork: true, reviewOn: '2024-01-10' }));
  const peteMember = await memberIdOf(db, pete.id, world.north);
  expect((await broker.post(`/api/v1/timebanks/${world.north}/members/${peteMember}/safeguarding/checks/${pvg}/stopped-notice`, { sentOn: '2023-06-01' })).status).toBe(200);
  const southBroker = await signIn(server, (await addPerson(db, world.networkA, { name: 'Stu South', timebankId: world.south, roles: [['broker', world.south]] })).email);
  await add(world.southMember.id, check({ reviewOn: addDays(today, 5) }), southBroker, world.south);
});
afterAll(async () => {
  await server.close();
});

const search = (query: string) => broker.get(`/api/v1/timebanks/${world.north}/members?${query}`);

describe('the check due filter of the member search', () => {
  it('lists members whose check is due within 30 days or overdue, not later ones, not after a stopped-work notice, not other timebanks', async () => {
    const r = await search('checkDue=yes');
    expect(r.status).toBe(200);
    expect(names(r)).toEqual([world.member.name, 'Nora Overdue'].sort());
    expect(r.body.total).toBe(2);
    expect(names(await search('checkDue=true&q=nora'))).toEqual(['Nora Overdue']);
    expect((await search('')).body.total).toBeGreaterThan(2);
  });

  it('writes each person it lists to the safeguarding access log', async () => {
    const db = server.database.db;
    const before = await db.selectFrom('safeguarding_view').where('view', '=', 'reviews_due').where('subject_person_id', '=', nora.id).selectAll().execute();
    await search('checkDue=yes');
    const after = await db.selectFrom('safeguarding_view').where('view', '=', 'reviews_due').where('subject_person_id', '=', nora.id).selectAll().execute();
    expect(after.length).toBe(before.length + 1);
    expect(after.at(-1)).toMatchObject({ viewer_person_id: world.brokerNorth.id, timebank_id: world.north });
    const peteViews = await db.selectFrom('safeguarding_view').where('view', '=', 'reviews_due').where('subject_person_id', '=', pete.id).selectAll().execute();
    expect(peteViews).toEqual([]);
  });

  it('refuses a value it does not know, with the field path', async () => {
    const r = await search('checkDue=maybe');
    expect(r.status).toBe(400);
    expect(r.body.errors[0].path).toBe('/querystring/checkDue');
  });

  it('is a checkbox of the members page that works without JavaScript', async () => {
    const page = await broker.get(`/timebanks/${world.north}/members?checkDue=yes`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Nora Overdue');
    expect(page.text).not.toContain(world.offline.name);
    expect(page.text).toMatch(/id="checkDue"[^>]*checked/);
    const member = await signIn(server, world.member.email);
    expect([403, 404]).toContain((await member.get(`/api/v1/timebanks/${world.north}/members?checkDue=yes`)).status);
  });
});
