// Capability conversations and the community survey through the API: started online by the
// member or by a broker with them, saved step by step; a conversation abandoned half-way is kept
// as a draft with every answer and resumed; bad answers refused with the field and nothing
// written; completing; who may see them; the member's record, archive and erasure.
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorld, memberIdOf, type World } from '../../../test/support/fixtures.ts';
import { Client, startTestServer, type TestServer } from '../../../test/support/http.ts';

let server: TestServer;
let world: World;
let maryMember: string;
let offlineMember: string;
const sessions = new Map<string, Client>();
const signedIn = async (email: string | null) => {
  const known = sessions.get(email!);
  if (known) return known;
  const c = new Client(server.url);
  expect((await c.signIn(email!)).status).toBe(200);
  sessions.set(email!, c);
  return c;
};
const url = (rest = '') => `/api/v1/timebanks/${world.north}/conversations${rest}`;
const rows = async () => {
  const db = server.database.db;
  const c = await db.selectFrom('capability_conversation').selectAll().execute();
  const cats = await db.selectFrom('capability_conversation_category').selectAll().execute();
  return { c, cats };
};

beforeAll(async () => {
  server = await startTestServer();
  world = await createWorld(server.database.db);
  maryMember = await memberIdOf(server.database.db, world.member.id, world.north);
  offlineMember = await memberIdOf(server.database.db, world.offline.id, world.north);
});
afterAll(async () => server.close());

describe('a conversation held online by the member', () => {
  let id: string;

  it('starts a draft, saves each step, and keeps everything when left half-way', async () => {
    const mary = await signedIn(world.member.email);
    const r = await mary.post(url(), {});
    expect(r.status, r.text).toBe(201);
    expect(r.body).toMatchObject({ status: 'draft', heldBy: 'online', step: 'start', memberId: maryMember, hoursPerMonth: null, ways: [] });
    id = r.body.id;
    const head = await mary.request('PATCH', url(`/${id}`), { step: 'head', headText: 'Local history; Polish', headCategories: ['learning-teaching'] });
    expect(head.status, head.text).toBe(200);
    const hands = await mary.request('PATCH', url(`/${id}`), { step: 'hands', handsText: 'Baking, mending clothes', handsCategories: ['home-garden.cooking', 'home-garden'] });
    expect(hands.body).toMatchObject({ step: 'hands', head: { text: 'Local history; Polish', categories: ['learning-teaching'] }, hands: { categories: ['home-garden', 'home-garden.cooking'] } });
    // Mary stops here. Starting again resumes the same draft with every answer.
    const again = await mary.post(url(), {});
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ id, status: 'draft', step: 'hands', head: { text: 'Local history; Polish' }, hands: { text: 'Baking, mending clothes' } });
    expect((await rows()).c.filter((c) => c.member_id === maryMember)).toHaveLength(1);
    // Saving one step leaves the others as they were.
    const heart = await mary.request('PATCH', url(`/${id}`), { step: 'heart', heartText: 'The village hall' });
    expect(heart.body.head.text).toBe('Local history; Polish');
  });

  it('refuses an unknown category, hours that are not whole, and an unknown field, with the path, writing nothing', async () => {
    const mary = await signedIn(world.member.email);
    const before = await rows();
    const bad = await mary.request('PATCH', url(`/${id}`), { step: 'lend', lendText: 'A ladder', lendCategories: ['home-garden', 'no-such-thing'] });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toContain('problem+json');
    expect(bad.body.errors).toEqual([{ path: '/body/lendCategories/1', message: 'not a category of this timebank' }]);
    const hours = await mary.request('PATCH', url(`/${id}`), { hoursPerMonth: 2.5 });
    expect(hours.status).toBe(400);
    expect(hours.body.errors[0].path).toBe('/body/hoursPerMonth');
    const tooMany = await mary.request('PATCH', url(`/${id}`), { hoursPerMonth: 500 });
    expect(tooMany.body.errors[0].path).toBe('/body/hoursPerMonth');
    const unknown = await mary.request('PATCH', url(`/${id}`), { gifts: 'x' });
    expect(unknown.body.errors[0].path).toBe('/body/gifts');
    expect(await rows()).toEqual(before);
  });

  it('keeps it a draft when completed without the hours, then completes it; a complete one is not changed', async () => {
    const mary = await signedIn(world.member.email);
    const early = await mary.post(url(`/${id}/complete`), {});
    expect(early.status).toBe(422);
    expect(early.body.code).toBe('conversation_unfinished');
    expect(early.body.errors[0].path).toBe('/body/hoursPerMonth');
    expect((await mary.get(url(`/${id}`))).body.status).toBe('draft');
    await mary.request('PATCH', url(`/${id}`), { step: 'help', helpText: 'Lifts to the surgery', helpCategories: ['transport-errands.lifts'] });
    await mary.request('PATCH', url(`/${id}`), { step: 'time', hoursPerMonth: 6, ways: ['help_one_person', 'design_service', 'help_one_person'] });
    const done = await mary.post(url(`/${id}/complete`), {});
    expect(done.status, done.text).toBe(200);
    expect(done.body).toMatchObject({ status: 'complete', hoursPerMonth: 6, ways: ['help_one_person', 'design_service'], help: { categories: ['transport-errands.lifts'] } });
    expect(done.body.completedAt).not.toBeNull();
    const late = await mary.request('PATCH', url(`/${id}`), { heartText: 'Changed' });
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('conversation_complete');
    // A new conversation starts a new draft; the completed one stays.
    const next = await mary.post(url(), {});
    expect(next.status).toBe(201);
    expect(next.body.id).not.toBe(id);
    const list = await mary.get(`/api/v1/timebanks/${world.north}/members/${maryMember}/conversations`);
    expect(list.body.items.map((c: { status: string }) => c.status)).toEqual(['draft', 'complete']);
  });

  it("is the member's and her timebank's brokers' only: another member, South's broker and the commissioner are told it is not there", async () => {
    const broker = await signedIn(world.brokerNorth.email);
    expect((await broker.get(url(`/${id}`))).status).toBe(200);
    for (const email of [world.southMember.email, world.commissioner.email, world.coordinatorNorth.email]) {
      const c = await signedIn(email);
      const r = await c.get(url(`/${id}`));
      expect(r.status, email!).toBe(email === world.coordinatorNorth.email ? 200 : 404);
    }
  });
});

describe('a conversation held by a broker with a member who has no computer', () => {
  it('is started by the broker for Olive, attributed to both', async () => {
    const broker = await signedIn(world.brokerNorth.email);
    const r = await broker.post(url(), { memberId: offlineMember });
    expect(r.status, r.text).toBe(201);
    expect(r.body).toMatchObject({ heldBy: 'broker', memberId: offlineMember });
    await broker.request('PATCH', url(`/${r.body.id}`), { step: 'lend', lendText: 'Wheelbarrow', lendCategories: ['home-garden.gardening'], hoursPerMonth: 2 });
    const audit = await server.database.db.selectFrom('audit_event').where('subject_id', '=', r.body.id).select(['action', 'actor_person_id', 'on_behalf_of_person_id']).orderBy('at').execute();
    expect(audit).toEqual([
      { action: 'conversation.start', actor_person_id: world.brokerNorth.id, on_behalf_of_person_id: world.offline.id },
      { action: 'conversation.save', actor_person_id: world.brokerNorth.id, on_behalf_of_person_id: world.offline.id },
    ]);
  });

  it('is refused for a member of another timebank and a member who has left', async () => {
    const broker = await signedIn(world.brokerNorth.email);
    const southMember = await memberIdOf(server.database.db, world.southMember.id, world.south);
    expect((await broker.post(url(), { memberId: southMember })).status).toBe(404);
    const member = await signedIn(world.member.email);
    expect((await member.post(url(), { memberId: offlineMember })).status).toBe(404);
  });
});

describe('the community survey', () => {
  it('takes the answer, changes it when answered again, and refuses hours out of range', async () => {
    const mary = await signedIn(world.member.email);
    const path = `/api/v1/timebanks/${world.north}/members/${maryMember}/survey`;
    expect((await mary.get(path)).body.answer).toBeNull();
    const first = await mary.request('PUT', path, { coProducesNow: false, wouldDoMore: true, ways: ['join_group'], extraHoursPerMonth: 4 });
    expect(first.status, first.text).toBe(200);
    expect(first.body.answer).toMatchObject({ coProducesNow: false, wouldDoMore: true, ways: ['join_group'], extraHoursPerMonth: 4 });
    const second = await mary.request('PUT', path, { coProducesNow: true, wouldDoMore: true, ways: ['assess_service'], extraHoursPerMonth: 8 });
    expect(second.body.answer.extraHoursPerMonth).toBe(8);
    const bad = await mary.request('PUT', path, { coProducesNow: true, wouldDoMore: true, ways: ['sing'], extraHoursPerMonth: -1 });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['/body/extraHoursPerMonth', '/body/ways/0']);
    expect((await server.database.db.selectFrom('community_survey_response').selectAll().execute()).map((r) => r.extra_hours_per_month)).toEqual([8]);
  });
});

describe('personal data', () => {
  it("is in the member's record and archive, and erased with her", async () => {
    const mary = await signedIn(world.member.email);
    const record = await mary.get(`/api/v1/people/${world.member.id}/record`);
    expect(record.status, record.text).toBe(200);
    expect(record.body.conversations.map((c: { status: string }) => c.status)).toEqual(['draft', 'complete']);
    expect(record.body.surveys[0]).toMatchObject({ timebankName: 'North', extraHoursPerMonth: 8 });
    const zip = unzipSync(new Uint8Array(await (await fetch(`${server.url}/api/v1/people/${world.member.id}/export`, { headers: { cookie: [...mary.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } })).arrayBuffer()));
    const conversations = JSON.parse(new TextDecoder().decode(zip['conversations.json']));
    expect(conversations[1]).toMatchObject({ status: 'complete', hoursPerMonth: 6, head: { text: 'Local history; Polish' } });
    const coordinator = await signedIn(world.coordinatorNorth.email);
    const erase = await coordinator.post(`/api/v1/people/${world.member.id}/erase`, { reason: 'asked to be forgotten', confirmName: world.member.name });
    expect(erase.status, erase.text).toBe(200);
    const left = await server.database.db.selectFrom('capability_conversation').where('member_id', '=', maryMember).select('id').execute();
    expect(left).toEqual([]);
    expect(await server.database.db.selectFrom('community_survey_response').where('member_id', '=', maryMember).select('member_id').execute()).toEqual([]);
  });
});
