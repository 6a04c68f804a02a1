import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorld, type World } from '../../../test/support/fixtures.ts';
import { Client, startTestServer, type TestServer } from '../../../test/support/http.ts';
import { ageOn } from './service.ts';

let server: TestServer;
let world: World;
let netSlug: string;
const today = () => new Date().toISOString().slice(0, 10);
const yearsAgo = (n: number) => `${new Date().getUTCFullYear() - n}-01-01`;

const signedIn = async (email: string | null, password?: string) => {
  const c = new Client(server.url);
  expect((await c.signIn(email!, password)).status).toBe(200);
  return c;
};
const applyUrl = () => `/api/v1/networks/${netSlug}/timebanks/north/applications`;
const online = (over: Record<string, unknown> = {}) => ({
  displayName: 'Ailsa Applicant',
  email: `ailsa.${Math.random().toString(36).slice(2)}@example.test`,
  phone: '01700 900900',
  birthDate: '1980-04-12',
  offer: 'I can help with gardening and lifts to the shop.',
  wants: 'Someone to help with my computer.',
  dataConsent: true,
  password: 'a long enough password',
  ...over,
});
const people = async () => Number((await server.database.db.selectFrom('person').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

beforeAll(async () => {
  server = await startTestServer();
  world = await createWorld(server.database.db);
  netSlug = (await server.database.db.selectFrom('network').where('id', '=', world.networkA).select('slug').executeTakeFirstOrThrow()).slug;
});
afterAll(async () => {
  await server.close();
});

describe('ageOn', () => {
  it('counts whole years, turning a year older on the birthday', () => {
    expect(ageOn('2010-06-15', '2026-06-14')).toBe(15);
    expect(ageOn('2010-06-15', '2026-06-15')).toBe(16);
    expect(ageOn('2008-02-29', '2026-02-28')).toBe(17);
  });
});

describe('applying online', () => {
  it('creates an applied member with a date of birth and a password; the applicant can sign in before approval', async () => {
    const body = online();
    const r = await new Client(server.url).post(applyUrl(), body);
    expect(r.status).toBe(201);
    expect(r.body.status).toBe('applied');
    const person = await server.database.db.selectFrom('person').where('id', '=', r.body.personId).selectAll().executeTakeFirstOrThrow();
    expect(person).toMatchObject({ birth_date: '1980-04-12', birth_year: 1980, email: body.email });
    expect(person.password_hash).toMatch(/^\$argon2id\$/);
    const applicant = await signedIn(body.email, body.password);
    const me = await applicant.get('/api/v1/me');
    expect(me.status).toBe(200);
    const record = await applicant.get(`/api/v1/people/${r.body.personId}`);
    expect(record.body.memberships[0]).toMatchObject({ timebankId: world.north, status: 'applied', joinedOn: null });
    const history = await server.database.db.selectFrom('audit_event').where('subject_id', '=', r.body.personId).select(['action', 'actor_person_id']).execute();
    expect(history).toContainEqual({ action: 'application.create', actor_person_id: r.body.personId });
  });

  it('refuses a date of birth in the future and an impossible date, naming the field, and writes nothing', async () => {
    const before = await people();
    const c = new Client(server.url);
    const future = await c.post(applyUrl(), online({ birthDate: '2999-01-01' }));
    expect(future.status).toBe(400);
    expect(future.body.errors).toEqual([{ path: '/body/birthDate', message: 'must not be in the future' }]);
    const impossible = await c.post(applyUrl(), online({ birthDate: '1990-02-30' }));
    expect(impossible.status).toBe(400);
    expect(impossible.body.errors[0].path).toBe('/body/birthDate');
    expect(await people()).toBe(before);
  });

  it('refuses an application without consent to the use of data, and oversized text by its field', async () => {
    const c = new Client(server.url);
    const noConsent = await c.post(applyUrl(), online({ dataConsent: false }));
    expect(noConsent.status).toBe(400);
    expect(noConsent.body.errors[0].path).toBe('/body/dataConsent');
    const long = await c.post(applyUrl(), online({ offer: 'x'.repeat(1001) }));
    expect(long.status).toBe(400);
    expect(long.body.errors[0].path).toBe('/body/offer');
  });

  it('answers 404 for a timebank that does not exist', async () => {
    const r = await new Client(server.url).post(`/api/v1/networks/${netSlug}/timebanks/nowhere/applications`, online());
    expect(r.status).toBe(404);
  });

  it('does not create a duplicate: the same email is refused and nothing is written', async () => {
    const before = await people();
    const r = await new Client(server.url).post(applyUrl(), online({ email: world.member.email }));
    expect(r.status).toBe(422);
    expect(r.body.code).toBe('duplicate_application');
    expect(r.body.errors[0].path).toBe('/body/email');
    expect(await people()).toBe(before);
  });

  it('needs a guardian who consents for someone under 16', async () => {
    const c = new Client(server.url);
    const child = online({ displayName: 'Kirsty Young', birthDate: yearsAgo(12) });
    const none = await c.post(applyUrl(), child);
    expect(none.status).toBe(422);
    expect(none.body.code).toBe('guardian_required');
    const noConsent = await c.post(applyUrl(), { ...child, guardian: { displayName: 'Fiona Young', relationship: 'mother', email: 'fiona.young@example.test' } });
    expect(noConsent.body.errors[0].path).toBe('/body/guardian/consent');
    const ok = await c.post(applyUrl(), { ...child, guardian: { displayName: 'Fiona Young', relationship: 'mother', email: 'fiona.young@example.test', consent: true } });
    expect(ok.status).toBe(201);
    const broker = await signedIn(world.brokerNorth.email);
    const joining = await broker.get(`/api/v1/timebanks/${world.north}/members/${ok.body.memberId}/joining`);
    expect(joining.body).toMatchObject({ minor: true, consentMissing: false, age: 12 });
    expect(joining.body.guardians[0]).toMatchObject({ displayName: 'Fiona Young', relationship: 'mother', consentMethod: 'online', consentSignedOn: today() });
  });
});

describe('applications entered by a broker', () => {
  it('records the source, queues applications oldest first, and approves one: active, joined today', async () => {
    const broker = await signedIn(world.brokerNorth.email);
    const a = await broker.post(`/api/v1/timebanks/${world.north}/applications`, { displayName: 'Hamish Phone', phone: '01700 111222', birthDate: '1941-11-03', source: 'phone', dataConsent: true, offer: 'Stories of the island' });
    expect(a.status).toBe(201);
    expect(a.body.merged).toBe(false);
    const b = await broker.post(`/api/v1/timebanks/${world.north}/applications`, { displayName: 'Morag Paper', birthDate: '1950-01-01', source: 'paper', dataConsent: true });
    const queue = await broker.get(`/api/v1/timebanks/${world.north}/applications`);
    expect(queue.status).toBe(200);
    const ids = queue.body.items.map((i: { id: string }) => i.id);
    expect(ids.indexOf(a.body.applicationId)).toBeLessThan(ids.indexOf(b.body.applicationId));
    expect(queue.body.items.find((i: { id: string }) => i.id === a.body.applicationId)).toMatchObject({ source: 'phone', birthDate: '1941-11-03', offer: 'Stories of the island' });
    const coord = await signedIn(world.coordinatorNorth.email);
    const ok = await coord.post(`/api/v1/timebanks/${world.north}/applications/${a.body.applicationId}/approve`);
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ status: 'active', joinedOn: today() });
    const again = await coord.post(`/api/v1/timebanks/${world.north}/applications/${a.body.applicationId}/approve`);
    expect(again.status).toBe(422);
    expect(again.body.code).toBe('already_decided');
    const after = await broker.get(`/api/v1/timebanks/${world.north}/applications`);
    expect(after.body.items.map((i: { id: string }) => i.id)).not.toContain(a.body.applicationId);
  });

  it('declines with a reason only; the membership is marked left with that reason', async () => {
    const broker = await signedIn(world.brokerNorth.email);
    const a = await broker.post(`/api/v1/timebanks/${world.north}/applications`, { displayName: 'Declan Decline', birthDate: '1970-07-07', source: 'in_person', dataConsent: true, phone: '0123 4567' });
    const noReason = await broker.post(`/api/v1/timebanks/${world.north}/applications/${a.body.applicationId}/decline`, {});
    expect(noReason.status).toBe(400);
    expect(noReason.body.errors[0].path).toBe('/body/reason');
    const r = await broker.post(`/api/v1/timebanks/${world.north}/applications/${a.body.applicationId}/decline`, { reason: 'Lives outside the area' });
    expect(r.body.status).toBe('left');
    const m = await server.database.db.selectFrom('member').where('id', '=', a.body.memberId).select(['status', 'status_reason']).executeTakeFirstOrThrow();
    expect(m).toEqual({ status: 'left', status_reason: 'Lives outside the area' });
  });

  it('finds a duplicate by name, date of birth and area, and merges it into the older record', async () => {
    const broker = await signedIn(world.brokerNorth.email);
    const first = await broker.post(`/api/v1/timebanks/${world.north}/applications`, { displayName: 'Iain Twice', birthDate: '1965-05-05', source: 'paper', dataConsent: true });
    expect(first.status).toBe(201);
    const again = { displayName: 'iain twice', birthDate: '1965-05-05', source: 'phone', dataConsent: true, phone: '01700 555555', offer: 'Fixing bikes' };
    const before = await people();
    const dup = await broker.post(`/api/v1/timebanks/${world.north}/applications`, again);
    expect(dup.status).toBe(422);
    expect(dup.body.code).toBe('duplicate_application');
    const found = await broker.get(`/api/v1/timebanks/${world.north}/applications/duplicates?displayName=iain%20twice&birthDate=1965-05-05`);
    expect(found.body.items).toEqual([{ personId: first.body.personId, displayName: 'Iain Twice', memberId: first.body.memberId, memberStatus: 'applied' }]);
    const wrong = await broker.post(`/api/v1/timebanks/${world.north}/applications`, { ...again, mergeIntoPersonId: world.member.id });
    expect(wrong.status).toBe(400);
    expect(wrong.body.errors[0].path).toBe('/body/mergeIntoPersonId');
    const merged = await broker.post(`/api/v1/timebanks/${world.north}/applications`, { ...again, mergeIntoPersonId: first.body.personId });
    expect(merged.status).toBe(201);
    expect(merged.body).toMatchObject({ merged: true, personId: first.body.personId, memberId: first.body.memberId });
    expect(await people()).toBe(before);
    const person = await server.database.db.selectFrom('person').where('id', '=', first.body.personId).select(['phone', 'display_name']).executeTakeFirstOrThrow();
    expect(person).toEqual({ phone: '01700 555555', display_name: 'Iain Twice' });
    const audit = await server.database.db.selectFrom('audit_event').where('action', '=', 'application.merge').select(['detail', 'actor_person_id']).executeTakeFirstOrThrow();
    expect(audit.actor_person_id).toBe(world.brokerNorth.id);
    expect(audit.detail).toMatchObject({ openedMembership: false, filled: ['phone'] });
    const joining = await broker.get(`/api/v1/timebanks/${world.north}/members/${first.body.memberId}/joining`);
    expect(joining.body.applications.map((a: { decision: string | null }) => a.decision).sort()).toEqual(['merged', null]);
  });

  it('merges an application by email into a person of another timebank, opening a membership here', async () => {
    const broker = await signedIn(world.brokerNorth.email);
    const body = { displayName: 'Sam S', email: world.southMember.email, birthDate: '1960-01-01', source: 'phone', dataConsent: true };
    expect((await broker.post(`/api/v1/timebanks/${world.north}/applications`, body)).status).toBe(422);
    const merged = await broker.post(`/api/v1/timebanks/${world.north}/applications`, { ...body, mergeIntoPersonId: world.southMember.id });
    expect(merged.status).toBe(201);
    const m = await server.database.db.selectFrom('member').where('id', '=', merged.body.memberId).select(['timebank_id', 'status', 'person_id']).executeTakeFirstOrThrow();
    expect(m).toEqual({ timebank_id: world.north, status: 'applied', person_id: world.southMember.id });
  });

  it('will not approve someone under 16 until a guardian’s consent is recorded, and refuses a consent dated in the future', async () => {
    const broker = await signedIn(world.brokerNorth.email);
    const a = await broker.post(`/api/v1/timebanks/${world.north}/applications`, {
      displayName: 'Wee Calum',
      birthDate: yearsAgo(10),
      source: 'paper',
      dataConsent: true,
      guardian: { displayName: 'Donald Calum', relationship: 'father', phone: '01700 222333' },
    });
    expect(a.status).toBe(201);
    const refused = await broker.post(`/api/v1/timebanks/${world.north}/applications/${a.body.applicationId}/approve`);
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('guardian_consent_required');
    const joining = await broker.get(`/api/v1/timebanks/${world.north}/members/${a.body.memberId}/joining`);
    expect(joining.body.consentMissing).toBe(true);
    const guardianId = joining.body.guardians[0].id;
    const consentUrl = `/api/v1/timebanks/${world.north}/members/${a.body.memberId}/guardians/${guardianId}/consent`;
    const future = await broker.post(consentUrl, { signedOn: '2999-01-01' });
    expect(future.status).toBe(400);
    expect(future.body.errors[0].path).toBe('/body/signedOn');
    expect((await broker.post(consentUrl, { signedOn: today() })).status).toBe(200);
    const after = await broker.get(`/api/v1/timebanks/${world.north}/members/${a.body.memberId}/joining`);
    expect(after.body.guardians[0]).toMatchObject({ consentMethod: 'paper', consentRecordedBy: world.brokerNorth.name });
    expect((await broker.post(`/api/v1/timebanks/${world.north}/applications/${a.body.applicationId}/approve`)).status).toBe(200);
  });

  it('links a guardian later, with a paper consent that must be dated', async () => {
    const broker = await signedIn(world.brokerNorth.email);
    const memberId = (await server.database.db.selectFrom('member').where('person_id', '=', world.offline.id).select('id').executeTakeFirstOrThrow()).id;
    const url = `/api/v1/timebanks/${world.north}/members/${memberId}/guardians`;
    const undated = await broker.post(url, { displayName: 'Gran', relationship: 'grandmother', consent: true });
    expect(undated.status).toBe(400);
    expect(undated.body.errors[0].path).toBe('/body/consentSignedOn');
    const ok = await broker.post(url, { displayName: 'Gran', relationship: 'grandmother', consent: true, consentSignedOn: today(), email: 'gran@example.test' });
    expect(ok.status).toBe(201);
  });
});

describe('who may see and decide applications', () => {
  it('refuses members, other timebanks and other networks; another timebank’s application is not found', async () => {
    const broker = await signedIn(world.brokerNorth.email);
    const a = await broker.post(`/api/v1/timebanks/${world.north}/applications`, { displayName: 'Private Person', birthDate: '1990-09-09', source: 'phone', dataConsent: true });
    const member = await signedIn(world.member.email);
    expect((await member.get(`/api/v1/timebanks/${world.north}/applications`)).status).toBe(403);
    expect((await member.post(`/api/v1/timebanks/${world.north}/applications/${a.body.applicationId}/approve`)).status).toBe(403);
    expect((await broker.get(`/api/v1/timebanks/${world.south}/applications`)).status).toBe(403);
    expect((await broker.get(`/api/v1/timebanks/${world.bTimebank}/applications`)).status).toBe(404);
    const southStaff = await signedIn((await addSouthBroker()).email);
    const r = await southStaff.post(`/api/v1/timebanks/${world.south}/applications/${a.body.applicationId}/approve`);
    expect(r.status).toBe(404);
    expect((await southStaff.get(`/api/v1/timebanks/${world.south}/members/${a.body.memberId}/joining`)).status).toBe(404);
    const admin = await signedIn(world.admin.email);
    expect((await admin.get(`/api/v1/timebanks/${world.north}/applications`)).status).toBe(403);
    expect((await new Client(server.url).get(`/api/v1/timebanks/${world.north}/applications`)).status).toBe(401);
  });
});

async function addSouthBroker() {
  const { addPerson } = await import('../../../test/support/fixtures.ts');
  return addPerson(server.database.db, world.networkA, { name: `Sue South Broker ${Math.random().toString(36).slice(2, 6)}`, timebankId: world.south, roles: [['broker', world.south]] });
}
