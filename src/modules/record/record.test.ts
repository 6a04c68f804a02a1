// My record, broker notes and members' remarks over real HTTP on a real database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorld, type World } from '../../../test/support/fixtures.ts';
import { type Client, startTestServer, type TestServer } from '../../../test/support/http.ts';
import { memberIdOf, signedIn as signIn } from '../safeguarding/test-helpers.ts';
import { NOTE_MAX_CHARS } from './service.ts';

let server: TestServer;
let world: World;
let broker: Client;
let coordinator: Client;
let member: Client;
let southBroker: Client;
let mary: string;
let notesUrl: string;
const NUMBER = 'ZX98 7654 3210';

const signedIn = (email: string | null) => signIn(server, email);
const db = () => server.database.db;
const noteCount = async () => Number((await db().selectFrom('member_note').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

beforeAll(async () => {
  server = await startTestServer();
  world = await createWorld(server.database.db);
  broker = await signedIn(world.brokerNorth.email);
  coordinator = await signedIn(world.coordinatorNorth.email);
  member = await signedIn(world.member.email);
  const sid = await (await import('../../../test/support/fixtures.ts')).addPerson(db(), world.networkA, {
    name: 'Stan South Broker',
    timebankId: world.south,
    roles: [['broker', world.south]],
  });
  southBroker = await signedIn(sid.email);
  mary = await memberIdOf(db(), world.member.id, world.north);
  notesUrl = `/api/v1/timebanks/${world.north}/members/${mary}/notes`;
});
afterAll(async () => {
  await server.close();
});

describe('broker notes', () => {
  it('are shared with the member by default and attributed to the writer, the audit naming the note but not its text', async () => {
    const r = await broker.post(notesUrl, { body: 'Phoned about the garden; happy to help on Tuesdays.' });
    expect(r.status).toBe(201);
    expect(r.body.restricted).toBe(false);
    const list = await member.get(notesUrl);
    expect(list.status).toBe(200);
    expect(list.body.items.map((n: { body: string }) => n.body)).toContain('Phoned about the garden; happy to help on Tuesdays.');
    const one = await member.get(`${notesUrl}/${r.body.id}`);
    expect(one.status).toBe(200);
    expect(one.body.writtenBy).toBe(world.brokerNorth.name);
    const audit = await db().selectFrom('audit_event').where('action', '=', 'note.add').selectAll().executeTakeFirstOrThrow();
    expect(audit.actor_person_id).toBe(world.brokerNorth.id);
    expect(JSON.stringify(audit.detail)).not.toContain('garden');
  });

  it('refuses a member reading a restricted note with 404, telling nothing about it', async () => {
    const r = await coordinator.post(notesUrl, { body: 'Secret: concern raised by a neighbour.', restricted: true, reason: 'Third-party information' });
    expect(r.status).toBe(201);
    const one = await member.get(`${notesUrl}/${r.body.id}`);
    expect(one.status).toBe(404);
    expect(one.text).not.toContain('neighbour');
    expect(one.text).not.toContain('Third-party');
    const list = await member.get(notesUrl);
    expect(list.text).not.toContain('neighbour');
    const mine = await member.get(`/api/v1/people/${world.member.id}/record`);
    expect(mine.text).not.toContain('neighbour');
    const page = await member.get('/me');
    expect(page.text).not.toContain('neighbour');
    // Staff see it, with who restricted it, when and why.
    const staff = await broker.get(`${notesUrl}/${r.body.id}`);
    expect(staff.status).toBe(200);
    expect(staff.body.restriction).toMatchObject({ reason: 'Third-party information', byName: world.coordinatorNorth.name });
  });

  it('may be restricted later with a reason; the member then no longer sees it, and it is not restricted twice', async () => {
    const r = await broker.post(notesUrl, { body: 'Later found to name another member.' });
    expect((await member.get(`${notesUrl}/${r.body.id}`)).status).toBe(200);
    const empty = await broker.post(`${notesUrl}/${r.body.id}/restrict`, { reason: '' });
    expect(empty.status).toBe(400);
    expect(empty.body.errors[0].path).toBe('/body/reason');
    const done = await broker.post(`${notesUrl}/${r.body.id}/restrict`, { reason: 'Names another member' });
    expect(done.status).toBe(200);
    expect((await member.get(`${notesUrl}/${r.body.id}`)).status).toBe(404);
    expect((await broker.post(`${notesUrl}/${r.body.id}/restrict`, { reason: 'again' })).status).toBe(409);
    const audit = await db().selectFrom('audit_event').where('action', '=', 'note.restrict').selectAll().executeTakeFirstOrThrow();
    expect(audit.detail).toMatchObject({ noteId: r.body.id, reason: 'Names another member' });
  });

  it('refuses an oversized note with problem+json and the field path, writing nothing', async () => {
    const before = await noteCount();
    const r = await broker.post(notesUrl, { body: 'x'.repeat(NOTE_MAX_CHARS + 1) });
    expect(r.status).toBe(400);
    expect(r.headers.get('content-type')).toContain('application/problem+json');
    expect(r.body.errors.map((e: { path: string }) => e.path)).toContain('/body/body');
    expect((await broker.post(notesUrl, { body: 'x'.repeat(NOTE_MAX_CHARS) })).status).toBe(201);
    expect(await noteCount()).toBe(before + 1);
  });

  it('refuses a restriction without a reason, and a reason on a shared note', async () => {
    const before = await noteCount();
    const a = await broker.post(notesUrl, { body: 'Restricted but why?', restricted: true });
    expect(a.status).toBe(400);
    expect(a.body.errors[0].path).toBe('/body/reason');
    const b = await broker.post(notesUrl, { body: 'Shared', reason: 'no need' });
    expect(b.status).toBe(400);
    expect(b.body.errors[0].path).toBe('/body/reason');
    expect(await noteCount()).toBe(before);
  });

  it('are written only by staff of the member’s timebank and read by nobody else', async () => {
    expect((await member.post(notesUrl, { body: 'I write about myself' })).status).toBe(404);
    expect((await southBroker.post(notesUrl, { body: 'From South' })).status).toBe(404);
    expect((await southBroker.get(notesUrl)).status).toBe(404);
    const nina = await signedIn((await (await import('../../../test/support/fixtures.ts')).addPerson(db(), world.networkA, { name: 'Nell North', timebankId: world.north })).email);
    expect((await nina.get(notesUrl)).status).toBe(404);
  });

  it('are shown to brokers on the member’s record page, restricted ones marked, and written from its form', async () => {
    const page = await broker.get(`/people/${world.member.id}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('neighbour');
    expect(page.text).toContain('Restricted');
    const form = new URLSearchParams({ _csrf: broker.csrf!, body: 'Written on the page', restricted: 'no' }).toString();
    const posted = await broker.request('POST', `/timebanks/${world.north}/members/${mary}/notes`, form, { 'content-type': 'application/x-www-form-urlencoded' });
    expect(posted.status).toBe(303);
    expect(posted.headers.get('location')).toBe(`/people/${world.member.id}`);
    const bad = new URLSearchParams({ _csrf: broker.csrf!, body: 'Needs a reason', restricted: 'yes' }).toString();
    const refused = await broker.request('POST', `/timebanks/${world.north}/members/${mary}/notes`, bad, { 'content-type': 'application/x-www-form-urlencoded' });
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('There is a problem');
    expect(refused.text).toContain(`href="#reason-note-${mary}"`);
  });
});

describe('my record', () => {
  beforeAll(async () => {
    const base = `/api/v1/timebanks/${world.north}/members/${mary}`;
    const ref = await broker.post(`${base}/references`, { refereeName: 'Rev. Ross', relationship: 'minister', email: 'ross@example.test' });
    const rating = { rating: 'good', comment: 'Very honest, SECRET-ANSWER' };
    await broker.post(`/api/v1/timebanks/${world.north}/references/${ref.body.id}/answers`, {
      honesty: rating,
      teamwork: rating,
      punctuality: rating,
      gettingOn: rating,
      freeText: 'SECRET-ANSWER free text',
    });
    await broker.post(`/api/v1/timebanks/${world.north}/references/${ref.body.id}/verdict`, { verdict: 'satisfactory', reason: 'SECRET-REASON' });
    const check = await broker.post(`${base}/safeguarding/checks`, {
      scheme: 'dbs',
      level: 'enhanced',
      workforce: 'adults',
      roleTitle: 'Driver',
      regulatedWork: false,
      number: NUMBER,
      issuedOn: '2025-02-01',
    });
    expect(check.status).toBe(201);
    await broker.get(`${base}/safeguarding`);
    const version = await coordinator.post(`/api/v1/timebanks/${world.north}/agreement/versions`, { bodyEn: 'Be kind.' });
    expect((await member.post(`/api/v1/timebanks/${world.north}/agreement/signatures`, { versionId: version.body.id })).status).toBe(201);
    await member.request('PUT', `${base}/preferences`, { weekendOnly: true, timesOfDay: ['morning'], areaIds: [], languages: ['pl'] });
    await broker.post(`${base}/status`, { status: 'paused', pausedUntil: '2099-01-01' });
    await broker.post(`${base}/status`, { status: 'active' });
  });

  it('shows the member every item held about them, never the referee’s answers or the sealed number', async () => {
    const r = await member.get(`/api/v1/people/${world.member.id}/record`);
    expect(r.status).toBe(200);
    const b = r.body;
    expect(b.person.displayName).toBe(world.member.name);
    expect(b.memberships[0].timebankName).toBe('North');
    expect(b.memberships[0].preferences).toMatchObject({ weekendOnly: true, timesOfDay: ['morning'], languages: ['pl'] });
    expect(b.statusHistory.map((s: { to: string }) => s.to)).toEqual(['paused', 'active']);
    expect(b.references).toEqual([expect.objectContaining({ refereeName: 'Rev. Ross', answered: true, verdict: 'satisfactory' })]);
    expect(b.checks).toEqual([expect.objectContaining({ scheme: 'dbs', level: 'enhanced', decision: null })]);
    expect(b.agreements).toEqual([expect.objectContaining({ version: 1, method: 'online' })]);
    expect(b.notes.length).toBeGreaterThan(0);
    expect(b.safeguardingViews.map((v: { viewerName: string; view: string }) => [v.viewerName, v.view])).toContainEqual([world.brokerNorth.name, 'member_checks']);
    expect(r.text).not.toContain('SECRET');
    expect(r.text).not.toContain(NUMBER);
    expect(r.text).not.toContain('5678');
  });

  it('is the person’s own: staff, other members and other timebanks are refused with 404', async () => {
    for (const c of [broker, coordinator, southBroker]) expect((await c.get(`/api/v1/people/${world.member.id}/record`)).status).toBe(404);
  });

  it('is shown on /me with a form beside each item', async () => {
    const page = await member.get('/me');
    expect(page.status).toBe(200);
    expect(page.text).toContain('Everything we hold about you');
    expect(page.text).toContain('Rev. Ross');
    expect(page.text).toContain('Satisfactory');
    expect(page.text).not.toContain('SECRET');
    expect(page.text).toContain('Add a note or correction');
  });
});

describe('remarks: a member’s own notes and corrections', () => {
  const remarks = () => `/api/v1/people/${world.member.id}/remarks`;

  it('are kept beside the item, attributable, and never change it', async () => {
    const rec = await member.get(`/api/v1/people/${world.member.id}/record`);
    const checkId = rec.body.checks[0].id;
    const r = await member.post(remarks(), { itemType: 'check', itemId: checkId, kind: 'correction', body: 'The check was renewed in March.' });
    expect(r.status).toBe(201);
    const after = await member.get(`/api/v1/people/${world.member.id}/record`);
    expect(after.body.checks).toEqual(rec.body.checks);
    expect(after.body.remarks).toEqual([
      expect.objectContaining({ itemType: 'check', itemId: checkId, kind: 'correction', body: 'The check was renewed in March.', byName: world.member.name, onBehalf: false }),
    ]);
    const audit = await db().selectFrom('audit_event').where('action', '=', 'record.remark').selectAll().executeTakeFirstOrThrow();
    expect(audit.actor_person_id).toBe(world.member.id);
  });

  it('may be taken down by a broker for the member, recorded as on their behalf', async () => {
    const r = await broker.post(remarks(), { itemType: 'other', kind: 'note', body: 'Mary phoned: prefers calls after 10am.' });
    expect(r.status).toBe(201);
    const row = await db().selectFrom('record_remark').where('id', '=', r.body.id).selectAll().executeTakeFirstOrThrow();
    expect(row).toMatchObject({ created_by_person_id: world.brokerNorth.id, on_behalf_of_person_id: world.member.id });
  });

  it('refuses an oversized or empty remark and an unknown item, with the field path, and other people', async () => {
    const long = await member.post(remarks(), { itemType: 'other', kind: 'note', body: 'x'.repeat(2001) });
    expect(long.status).toBe(400);
    expect(long.body.errors[0].path).toBe('/body/body');
    const item = await member.post(remarks(), { itemType: 'ledger', kind: 'note', body: 'x' });
    expect(item.body.errors[0].path).toBe('/body/itemType');
    expect((await southBroker.post(remarks(), { itemType: 'other', kind: 'note', body: 'x' })).status).toBe(404);
  });

  it('are added from the record page form, and a refused form comes back with its errors', async () => {
    const ok = new URLSearchParams({ _csrf: member.csrf!, itemType: 'profile', itemId: mary, kind: 'note', body: 'I also speak Gaelic.' }).toString();
    const r = await member.request('POST', `/people/${world.member.id}/remarks`, ok, { 'content-type': 'application/x-www-form-urlencoded' });
    expect(r.status).toBe(303);
    expect(r.headers.get('location')).toBe('/me');
    const bad = new URLSearchParams({ _csrf: member.csrf!, itemType: 'profile', itemId: mary, kind: 'note', body: '' }).toString();
    const refused = await member.request('POST', `/people/${world.member.id}/remarks`, bad, { 'content-type': 'application/x-www-form-urlencoded' });
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('Enter your note or correction');
  });
});
