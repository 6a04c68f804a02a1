// Data rights over real HTTP on a real database: the archive of everything held about a
// person, and erasing a person with the ledger kept whole (verifyLedger finds nothing wrong).
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addPerson, createWorld, type PersonFixture, type World } from '../../../test/support/fixtures.ts';
import { Client, startTestServer, type TestServer } from '../../../test/support/http.ts';
import { systemClock } from '../../lib/clock.ts';
import { newId } from '../../lib/ids.ts';
import { silentLogger } from '../../lib/log.ts';
import { systemActor } from '../audit/record.ts';
import { createLedger, type Ledger } from '../ledger/service.ts';
import { verifyLedger } from '../ledger/verify.ts';
import { memberIdOf, signedIn as signIn } from '../safeguarding/test-helpers.ts';

let server: TestServer;
let world: World;
let ledger: Ledger;
let broker: Client;
let coordinator: Client;
let member: Client;
let southBroker: Client;
let erin: PersonFixture;
let erinClient: Client;
let erinAccount: string;
let ninaAccount: string;
const NUMBER = 'AB12 3456 7890';

const signedIn = (email: string | null) => signIn(server, email);
const db = () => server.database.db;
const form = (c: Client, body: Record<string, string>) => new URLSearchParams({ _csrf: c.csrf!, ...body }).toString();
const postForm = (c: Client, path: string, body: Record<string, string>) =>
  c.request('POST', path, form(c, body), { 'content-type': 'application/x-www-form-urlencoded' });

async function archive(c: Client, personId: string) {
  const r = await fetch(new URL(`/api/v1/people/${personId}/export`, server.url), { headers: { cookie: [...c.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } });
  const bytes = new Uint8Array(await r.arrayBuffer());
  return { status: r.status, headers: r.headers, files: r.status === 200 ? unzipSync(bytes) : {} };
}

beforeAll(async () => {
  server = await startTestServer();
  world = await createWorld(server.database.db);
  ledger = createLedger({ db: db(), clock: systemClock, log: silentLogger });
  const actor = systemActor(world.networkA);
  await ledger.openTimebank(actor, { timebankId: world.north, settings: { balanceMinutesMin: -100_000 } });
  broker = await signedIn(world.brokerNorth.email);
  coordinator = await signedIn(world.coordinatorNorth.email);
  member = await signedIn(world.member.email);
  southBroker = await signedIn((await addPerson(db(), world.networkA, { name: 'Sol South Broker', timebankId: world.south, roles: [['broker', world.south]] })).email);
  erin = await addPerson(db(), world.networkA, { name: 'Erin Eraseme', timebankId: world.north });
  erinClient = await signedIn(erin.email);
  const erinMember = await memberIdOf(db(), erin.id, world.north);
  const nina = await addPerson(db(), world.networkA, { name: 'Nina North', timebankId: world.north });
  erinAccount = (await ledger.openMemberAccount(actor, { memberId: erinMember })).id;
  ninaAccount = (await ledger.openMemberAccount(actor, { memberId: await memberIdOf(db(), nina.id, world.north) })).id;
  await ledger.transfer(actor, { id: newId(), debitAccountId: erinAccount, creditAccountId: ninaAccount, minutes: 90, kind: 'exchange', category: 'gardening', memo: 'hedge' });
  await ledger.transfer(actor, { id: newId(), debitAccountId: ninaAccount, creditAccountId: erinAccount, minutes: 30, kind: 'exchange', category: 'shopping' });
  const base = `/api/v1/timebanks/${world.north}/members/${erinMember}`;
  expect((await broker.post(`${base}/notes`, { body: 'Shared note for Erin' })).status).toBe(201);
  expect((await broker.post(`${base}/notes`, { body: 'RESTRICTED-NOTE', restricted: true, reason: 'Third party' })).status).toBe(201);
  const ref = await broker.post(`${base}/references`, { refereeName: 'Ray Referee', relationship: 'neighbour', phone: '01234 567890' });
  const rating = { rating: 'good', comment: 'SECRET-ANSWER' };
  await broker.post(`/api/v1/timebanks/${world.north}/references/${ref.body.id}/answers`, { honesty: rating, teamwork: rating, punctuality: rating, gettingOn: rating, freeText: 'SECRET-ANSWER' });
  expect(
    (await broker.post(`${base}/safeguarding/checks`, { scheme: 'dbs', level: 'basic', workforce: 'adults', roleTitle: 'Shopper', regulatedWork: false, number: NUMBER, issuedOn: '2025-03-01' })).status,
  ).toBe(201);
  await broker.get(`${base}/safeguarding`);
  expect((await broker.request('PUT', `${base}/restrictions`, { kinds: ['no_home_visits'], note: 'Call first' })).status).toBe(200);
  expect((await erinClient.request('PUT', `${base}/preferences`, { weekendOnly: false, timesOfDay: ['evening'], areaIds: [], languages: ['en'] })).status).toBe(200);
  expect((await erinClient.post(`/api/v1/people/${erin.id}/remarks`, { itemType: 'other', kind: 'note', body: 'My own remark' })).status).toBe(201);
  const listing = { kind: 'request', title: 'Lift to the surgery', categorySlug: 'transport-errands.lifts', mode: 'outside' };
  expect((await erinClient.post(`/api/v1/timebanks/${world.north}/listings`, listing)).status).toBe(201);
  const ninaMember = await memberIdOf(db(), nina.id, world.north);
  expect((await broker.post(`${base}/do-not-send`, { excludedMemberId: ninaMember, reason: 'Asked by Erin' })).status).toBe(200);
});
afterAll(async () => {
  await server.close();
});

describe('the archive of everything held about a person', () => {
  it('is a zip of JSON and CSV files for the person themself, and the export is audited', async () => {
    const a = await archive(erinClient, erin.id);
    expect(a.status).toBe(200);
    expect(a.headers.get('content-type')).toBe('application/zip');
    expect(a.headers.get('content-disposition')).toContain(`timebank-record-${erin.id}.zip`);
    const names = Object.keys(a.files);
    for (const f of ['README.txt', 'person.json', 'profiles.json', 'preferences.json', 'references.json', 'checks.json', 'notes.json', 'remarks.json', 'transfers.csv', 'history.csv', 'safeguarding-views.csv']) {
      expect(names).toContain(f);
    }
    const text = (f: string) => strFromU8(a.files[f]!);
    expect(JSON.parse(text('person.json'))).toMatchObject({ id: erin.id, display_name: 'Erin Eraseme', email: erin.email });
    expect(text('person.json')).not.toContain('argon2');
    expect(text('transfers.csv').split('\r\n')[0]).toBe('at,transfer_id,kind,phase,direction,minutes,account_id,category,memo');
    expect(text('transfers.csv')).toContain(',out,90,');
    expect(text('transfers.csv')).toContain(',in,30,');
    expect(JSON.parse(text('references.json'))).toEqual([expect.objectContaining({ referee_name: 'Ray Referee' })]);
    expect(JSON.parse(text('notes.json')).map((n: { body: string }) => n.body)).toEqual(['Shared note for Erin']);
    expect(text('preferences.json')).toContain('no_home_visits');
    expect(text('safeguarding-views.csv')).toContain(world.brokerNorth.name);
    // What they took part in: their listings, exchanges, thanks, activities, and brokers' calls.
    expect(JSON.parse(text('listings.json'))).toEqual([expect.objectContaining({ title: 'Lift to the surgery', kind: 'request' })]);
    expect(JSON.parse(text('exchanges.json'))).toEqual([]);
    expect(JSON.parse(text('broker-calls.json'))).toEqual({ calls: [], doNotSend: [expect.objectContaining({ not_to_be_sent: 'Nina North', reason: 'Asked by Erin' })] });
    for (const f of ['thanks.json', 'activities.json']) expect(names).toContain(f);
    const all = Object.values(a.files).map((b) => strFromU8(b)).join('\n');
    expect(all).not.toContain('SECRET-ANSWER');
    expect(all).not.toContain('RESTRICTED-NOTE');
    expect(all).not.toContain(NUMBER);
    const audit = await db().selectFrom('audit_event').where('action', '=', 'person.export').selectAll().executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ actor_person_id: erin.id, subject_id: erin.id });
  });

  it('is given to coordinators of their timebank, and refused to brokers, other members and other timebanks', async () => {
    expect((await archive(coordinator, erin.id)).status).toBe(200);
    for (const c of [broker, member, southBroker]) expect((await archive(c, erin.id)).status).toBe(404);
  });
});

describe('erasing a person', () => {
  const erase = (c: Client, personId: string, body: Record<string, unknown>) => c.post(`/api/v1/people/${personId}/erase`, body);

  it('is for coordinators of their timebank only: not the person, not brokers, not other timebanks', async () => {
    for (const c of [erinClient, broker, southBroker, member]) {
      expect((await erase(c, erin.id, { reason: 'asked', confirmName: 'Erin Eraseme' })).status).toBe(404);
    }
  });

  it('refuses without a reason, or when the name typed does not match, writing nothing', async () => {
    const a = await erase(coordinator, erin.id, { reason: 'asked', confirmName: 'Erin' });
    expect(a.status).toBe(400);
    expect(a.body.errors.map((e: { path: string }) => e.path)).toEqual(['/body/confirmName']);
    const b = await erase(coordinator, erin.id, { reason: '', confirmName: 'Erin Eraseme' });
    expect(b.status).toBe(400);
    expect(b.body.errors[0].path).toBe('/body/reason');
    const c = await erase(coordinator, erin.id, { reason: 'asked' });
    expect(c.body.errors[0].path).toBe('/body/confirmName');
    const person = await db().selectFrom('person').where('id', '=', erin.id).selectAll().executeTakeFirstOrThrow();
    expect(person.erased_at).toBeNull();
  });

  it('refuses a staff member of the timebank, with a clear problem', async () => {
    const r = await erase(coordinator, world.brokerNorth.id, { reason: 'asked', confirmName: world.brokerNorth.name });
    expect(r.status).toBe(422);
    expect(r.body.code).toBe('person_is_staff');
  });

  it('refuses someone with hours waiting to be confirmed', async () => {
    const pam = await addPerson(db(), world.networkA, { name: 'Pam Pending', timebankId: world.north });
    const account = (await ledger.openMemberAccount(systemActor(world.networkA), { memberId: await memberIdOf(db(), pam.id, world.north) })).id;
    await ledger.recordPending(systemActor(world.networkA), { id: newId(), debitAccountId: account, creditAccountId: ninaAccount, minutes: 15, kind: 'exchange', category: 'other' });
    const r = await erase(coordinator, pam.id, { reason: 'asked', confirmName: 'Pam Pending' });
    expect(r.status).toBe(422);
    expect(r.body.code).toBe('pending_transfers');
  });

  it('removes their personal data everywhere, keeps the ledger whole under an opaque name, and `verify` still passes', async () => {
    const transfersBefore = await db().selectFrom('transfer').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    const accountBefore = await db().selectFrom('account').where('id', '=', erinAccount).selectAll().executeTakeFirstOrThrow();
    const feed = await erinClient.post('/api/v1/calendar/feed');
    expect(feed.status).toBe(201);
    const listing = await erinClient.post(`/api/v1/timebanks/${world.north}/listings`, {
      kind: 'request',
      title: 'Lift to Erin’s house on Shore Road',
      categorySlug: 'transport-errands.lifts',
      mode: 'outside',
    });
    expect(listing.status).toBe(201);
    const r = await erase(coordinator, erin.id, { reason: 'The member asked to be forgotten', confirmName: 'Erin Eraseme' });
    expect(r.status).toBe(200);
    expect(r.body.displayName).toMatch(/^Erased member [A-Z0-9]{10}$/);
    const person = await db().selectFrom('person').where('id', '=', erin.id).selectAll().executeTakeFirstOrThrow();
    expect(person).toMatchObject({ display_name: r.body.displayName, email: null, phone: null, birth_year: null, password_hash: null, erased_ref: r.body.erasedRef });
    const none = async (table: 'sign_in_directory' | 'session' | 'member_note' | 'record_remark' | 'reference' | 'safeguarding_check' | 'notification', column: string) =>
      expect(await db().selectFrom(table).where(column as never, '=', erin.id as never).selectAll().execute()).toEqual([]);
    await none('sign_in_directory', 'person_id');
    await none('session', 'person_id');
    await none('member_note', 'person_id');
    await none('record_remark', 'person_id');
    await none('reference', 'person_id');
    await none('safeguarding_check', 'person_id');
    expect(await db().selectFrom('calendar_feed').where('person_id', '=', erin.id).selectAll().execute()).toEqual([]);
    const closed = await db().selectFrom('listing').where('id', '=', listing.body.id).selectAll().executeTakeFirstOrThrow();
    expect(closed).toMatchObject({ title: 'Erased', description: '', status: 'closed' });
    expect(closed.closed_at).not.toBeNull();
    expect((await new Client(server.url).get(new URL(feed.body.url).pathname)).status).toBe(404);
    expect(await db().selectFrom('safeguarding_view').where('subject_person_id', '=', erin.id).selectAll().execute()).toEqual([]);
    const memberId = await memberIdOf(db(), erin.id, world.north);
    expect(await db().selectFrom('member_restriction').where('member_id', '=', memberId).selectAll().execute()).toEqual([]);
    expect(await db().selectFrom('member_preference').where('member_id', '=', memberId).selectAll().execute()).toEqual([]);
    expect((await db().selectFrom('member').where('id', '=', memberId).select('status').executeTakeFirstOrThrow()).status).toBe('left');
    // The ledger: every transfer and the account, unchanged; its invariants all hold.
    expect(await db().selectFrom('transfer').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).toEqual(transfersBefore);
    expect(await db().selectFrom('account').where('id', '=', erinAccount).selectAll().executeTakeFirstOrThrow()).toEqual(accountBefore);
    expect(await verifyLedger(db())).toEqual([]);
    // Their old session is gone and they cannot sign in again.
    expect((await erinClient.get('/api/v1/me')).status).toBe(401);
    expect((await new Client(server.url).signIn(erin.email!)).status).toBe(401);
    // The other side's statement names the opaque holder.
    const statement = await coordinator.get(`/api/v1/accounts/${ninaAccount}/statement`);
    expect(statement.text).toContain(r.body.displayName);
    expect(statement.text).not.toContain('Erin');
    const audit = await db().selectFrom('audit_event').where('action', '=', 'person.erase').selectAll().executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ actor_person_id: world.coordinatorNorth.id, subject_id: erin.id });
    expect(audit.detail).toMatchObject({ erasedRef: r.body.erasedRef, reason: 'The member asked to be forgotten' });
    // Once only.
    expect((await erase(coordinator, erin.id, { reason: 'again', confirmName: r.body.displayName })).status).toBe(409);
  });

  it('has a page for coordinators: the warning, and the form back with its errors when refused', async () => {
    const olive = world.offline;
    const page = await coordinator.get(`/people/${olive.id}/erase`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('cannot be undone');
    const wrong = await postForm(coordinator, `/people/${olive.id}/erase`, { reason: 'asked', confirmName: 'Someone else' });
    expect(wrong.status).toBe(400);
    expect(wrong.text).toContain('href="#confirmName"');
    const staff = await coordinator.get(`/people/${world.brokerNorth.id}/erase`);
    expect(staff.text).toContain('cannot be erased now');
    expect((await broker.get(`/people/${olive.id}/erase`)).status).toBe(404);
    const done = await postForm(coordinator, `/people/${olive.id}/erase`, { reason: 'Moved away, asked to be forgotten', confirmName: olive.name });
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toBe(`/people/${olive.id}`);
    expect(await verifyLedger(db())).toEqual([]);
  });
});
