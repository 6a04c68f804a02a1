// The joining pages over real HTTP as a browser with JavaScript off uses them: plain GETs and
// form posts answered with a page or a redirect.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorld, type World } from '../../../test/support/fixtures.ts';
import { Client, startTestServer, type TestServer } from '../../../test/support/http.ts';

let server: TestServer;
let world: World;
let joinPath: string;
const today = () => new Date().toISOString().slice(0, 10);
const memberIdOf = async (personId: string) =>
  (await server.database.db.selectFrom('member').where('person_id', '=', personId).where('timebank_id', '=', world.north).select('id').executeTakeFirstOrThrow()).id;

async function signedIn(email: string | null) {
  const c = new Client(server.url);
  expect((await c.signIn(email!)).status).toBe(200);
  return c;
}
function form(c: Client, path: string, fields: Record<string, string>) {
  const body = new URLSearchParams({ ...fields, ...(c.csrf ? { _csrf: c.csrf } : {}) }).toString();
  return c.request('POST', path, body, { 'content-type': 'application/x-www-form-urlencoded' });
}
const flash = (c: Client) => decodeURIComponent(c.cookies.get('tb_flash') ?? '');
const applicant = (over: Record<string, string> = {}) => ({
  displayName: 'Ewa Online',
  email: `ewa.${Math.random().toString(36).slice(2)}@example.test`,
  birthDate: '1975-06-01',
  offer: 'Polish lessons',
  dataConsent: 'yes',
  password: 'a long enough password',
  ...over,
});

beforeAll(async () => {
  server = await startTestServer();
  world = await createWorld(server.database.db);
  const slug = (await server.database.db.selectFrom('network').where('id', '=', world.networkA).select('slug').executeTakeFirstOrThrow()).slug;
  joinPath = `/join/${slug}/north`;
});
afterAll(async () => {
  await server.close();
});

describe('the public application form', () => {
  it('works with no session and no script: apply, then a confirmation', async () => {
    const c = new Client(server.url);
    const page = await c.get(joinPath);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Join North');
    expect(page.text).not.toContain('<script');
    const r = await form(c, joinPath, applicant());
    expect(r.status).toBe(303);
    expect(r.headers.get('location')).toBe(`${joinPath}/done`);
    const done = await c.get(`${joinPath}/done`);
    expect(done.text).toContain('Your application to North has been received');
  });

  it('shows each error in the summary and by its field, keeps the values and never echoes the password', async () => {
    const c = new Client(server.url);
    const r = await form(c, joinPath, applicant({ birthDate: '2999-01-01', dataConsent: '', offer: 'x'.repeat(1001), displayName: 'Keep Me' }));
    expect(r.status).toBe(400);
    expect(r.text).toContain('<title>Error:');
    expect(r.text).toContain('href="#dataConsent"');
    expect(r.text).toContain('href="#offer"');
    expect(r.text).toContain('Write what you could offer in 1,000 characters or fewer');
    expect(r.text).toContain('value="Keep Me"');
    expect(r.text).not.toContain('a long enough password');
    const future = await form(c, joinPath, applicant({ birthDate: '2999-01-01' }));
    expect(future.text).toContain('href="#birthDate"');
    expect(future.text).toContain('Enter a real date of birth, in the past');
  });

  it('says so when the person has already applied, in Polish too', async () => {
    const c = new Client(server.url);
    const r = await form(c, `${joinPath}?lang=pl`, applicant({ email: world.member.email! }));
    expect(r.status).toBe(400);
    expect(r.text).toContain('Istnieje już zgłoszenie lub członek z tymi danymi');
  });

  it('answers 404 for an unknown timebank', async () => {
    expect((await new Client(server.url).get('/join/nowhere/north')).status).toBe(404);
  });
});

describe('a broker on the phone', () => {
  it('enters an application on one form, is offered a merge for a duplicate, and approves from the queue', async () => {
    const broker = await signedIn(world.brokerNorth.email);
    const nav = await broker.get('/');
    expect(nav.text).toContain(`href="/timebanks/${world.north}/applications"`);
    const newPath = `/timebanks/${world.north}/applications/new`;
    expect((await broker.get(newPath)).status).toBe(200);
    const first = await form(broker, newPath, { source: 'phone', displayName: 'Jean Phone', birthDate: '1944-02-29', phone: '01700 123123', dataConsent: 'yes' });
    expect(first.status).toBe(303);
    expect(flash(broker)).toContain('Application from Jean Phone saved');
    const again = await form(broker, newPath, { source: 'paper', displayName: 'Jean Phone', birthDate: '1944-02-29', dataConsent: 'yes', offer: 'Knitting' });
    expect(again.status).toBe(400);
    expect(again.text).toContain('This person may already be known');
    const personId = /name="mergeIntoPersonId" value="([0-9a-f-]{36})"/.exec(again.text)?.[1];
    expect(personId).toBeDefined();
    const merged = await form(broker, newPath, { source: 'paper', displayName: 'Jean Phone', birthDate: '1944-02-29', dataConsent: 'yes', offer: 'Knitting', mergeIntoPersonId: personId! });
    expect(merged.status).toBe(303);
    expect(flash(broker)).toContain('added to the existing record');
    const queue = await broker.get(`/timebanks/${world.north}/applications`);
    expect(queue.status).toBe(200);
    const joiningPath = /href="(\/timebanks\/[0-9a-f-]+\/members\/[0-9a-f-]+\/joining)">Jean Phone/.exec(queue.text)?.[1];
    const page = await broker.get(joiningPath!);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Added to an existing membership');
    const approve = /action="([^"]+\/approve\/[0-9a-f-]+)"/.exec(page.text)?.[1];
    expect((await form(broker, approve!, {})).status).toBe(303);
    expect((await broker.get(joiningPath!)).text).toContain('Approved');
  });

  it('refuses a decline with no reason on the page, by the field', async () => {
    const broker = await signedIn(world.brokerNorth.email);
    const r = await form(broker, `/timebanks/${world.north}/applications/new`, { source: 'in_person', displayName: 'Dora Decline', birthDate: '1999-09-09', dataConsent: 'yes' });
    const page = await broker.get(r.headers.get('location')!);
    const decline = /action="([^"]+\/decline\/[0-9a-f-]+)"/.exec(page.text)?.[1];
    const bad = await form(broker, decline!, { 'decline-reason': '' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('href="#decline-reason"');
  });
});

describe('references on pages', () => {
  it('makes a link for the broker to give, takes the referee’s answers once, and refuses the link after', async () => {
    const broker = await signedIn(world.brokerNorth.email);
    const mary = await memberIdOf(world.member.id);
    const base = `/timebanks/${world.north}/members/${mary}/joining`;
    const noContact = await form(broker, `${base}/references`, { 'ref-refereeName': 'Nan', 'ref-relationship': 'neighbour' });
    expect(noContact.status).toBe(400);
    expect(noContact.text).toContain('href="#ref-email"');
    const r = await form(broker, `${base}/references`, { 'ref-refereeName': 'Nan Neighbour', 'ref-relationship': 'neighbour', 'ref-phone': '01700 999888' });
    expect(r.status).toBe(303);
    const link = /(http:\/\/[^\s]+\/references\/answer\/[A-Za-z0-9_.-]+)/.exec(flash(broker))?.[1];
    expect(link).toBeDefined();
    expect((await broker.get(base)).text).toContain(link!.replace(/&/g, '&amp;'));
    const path = new URL(link!).pathname;
    const referee = new Client(server.url);
    const open = await referee.get(path);
    expect(open.status).toBe(200);
    expect(open.text).toContain(`A reference for ${world.member.name}`);
    const missing = await form(referee, path, { 'honesty-rating': 'good' });
    expect(missing.status).toBe(400);
    expect(missing.text).toContain('href="#teamwork-rating"');
    const answers = { 'honesty-rating': 'very_good', 'teamwork-rating': 'good', 'punctuality-rating': 'good', 'gettingOn-rating': 'very_good', 'honesty-comment': 'Trustworthy neighbour', freeText: '' };
    const ok = await form(referee, path, answers);
    expect(ok.status).toBe(200);
    expect(ok.text).toContain('Your reference has been sent');
    const used = await form(referee, path, answers);
    const forged = await referee.get(`${path.slice(0, -3)}xyz`);
    expect(used.status).toBe(404);
    expect(forged.status).toBe(404);
    expect(used.text).toContain('This link cannot be used');
    expect(forged.text).toContain('This link cannot be used');
    expect(forged.text).not.toContain(world.member.name);
    const staffPage = await broker.get(base);
    expect(staffPage.text).toContain('Trustworthy neighbour');
    const referenceId = /name="verdict-([0-9a-f-]{36})-verdict"/.exec(staffPage.text)?.[1];
    const verdict = await form(broker, `${base}/references/${referenceId}/verdict`, { [`verdict-${referenceId}-verdict`]: 'satisfactory', [`verdict-${referenceId}-reason`]: 'Known for years' });
    expect(verdict.status).toBe(303);
    const member = await signedIn(world.member.email);
    const mine = await member.get('/me/membership');
    expect(mine.text).toContain('Nan Neighbour – Satisfactory');
    expect(mine.text).not.toContain('Trustworthy neighbour');
    expect((await member.get(base)).status).toBe(403);
  });

  it('lets a broker record answers from a call on one page', async () => {
    const broker = await signedIn(world.brokerNorth.email);
    const olive = await memberIdOf(world.offline.id);
    const base = `/timebanks/${world.north}/members/${olive}/joining`;
    await form(broker, `${base}/references`, { 'ref-refereeName': 'Pat Phone', 'ref-relationship': 'friend', 'ref-phone': '01700 444555' });
    const page = await broker.get(base);
    const callPath = /href="(\/timebanks\/[0-9a-f-]+\/references\/[0-9a-f-]+\/answers)"/.exec(page.text)?.[1];
    expect((await broker.get(callPath!)).text).toContain('Answers of Pat Phone, from a call');
    const long = await form(broker, callPath!, { 'honesty-rating': 'good', 'teamwork-rating': 'good', 'punctuality-rating': 'good', 'gettingOn-rating': 'good', 'gettingOn-comment': 'y'.repeat(1001) });
    expect(long.status).toBe(400);
    expect(long.text).toContain('href="#gettingOn-comment"');
    const ok = await form(broker, callPath!, { 'honesty-rating': 'good', 'teamwork-rating': 'dont_know', 'punctuality-rating': 'good', 'gettingOn-rating': 'good' });
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe(base);
    expect((await broker.get(base)).text).toContain('on a call');
  });

  it('keeps brokers of other timebanks and networks out of a member’s joining page', async () => {
    const mary = await memberIdOf(world.member.id);
    const b = await signedIn(world.brokerB.email);
    expect((await b.get(`/timebanks/${world.north}/members/${mary}/joining`)).status).toBe(404);
    const south = await signedIn(world.southMember.email);
    expect((await south.get(`/timebanks/${world.north}/applications`)).status).toBe(403);
  });
});

describe('the member agreement on pages', () => {
  it('is published from the default text, prompts members on their home page, and is signed online or on paper', async () => {
    const coord = await signedIn(world.coordinatorNorth.email);
    const admin = await coord.get(`/timebanks/${world.north}/agreement`);
    expect(admin.text).toContain('No gifts or money change hands');
    expect(admin.text).toContain('Koszty dojazdu');
    const member = await signedIn(world.member.email);
    expect((await member.get('/')).text).not.toContain('Read and sign the member agreement');
    const empty = await form(coord, `/timebanks/${world.north}/agreement`, { bodyEn: '', bodyPl: '' });
    expect(empty.status).toBe(400);
    expect(empty.text).toContain('href="#bodyEn"');
    const bodyEn = /<textarea[^>]*id="bodyEn"[^>]*>([\s\S]*?)<\/textarea>/.exec(admin.text)?.[1] ?? '';
    const published = await form(coord, `/timebanks/${world.north}/agreement`, { bodyEn: bodyEn.replace(/&#x27;/g, "'"), bodyPl: 'Wersja polska.' });
    expect(published.status).toBe(303);
    const home = await member.get('/');
    expect(home.text).toContain('Read and sign the member agreement');
    const mine = await member.get(`/me/membership?timebank=${world.north}`);
    const versionId = /name="versionId" value="([0-9a-f-]{36})"/.exec(mine.text)?.[1];
    expect((await form(member, '/me/membership/sign', { timebankId: world.north, versionId: versionId! })).status).toBe(303);
    expect((await member.get('/')).text).not.toContain('Read and sign the member agreement');
    const broker = await signedIn(world.brokerNorth.email);
    const olive = await memberIdOf(world.offline.id);
    const page = await broker.get(`/timebanks/${world.north}/members/${olive}/joining`);
    expect(page.text).toContain('Has not signed version 1');
    const early = await form(broker, `/timebanks/${world.north}/members/${olive}/joining/agreement`, { 'paper-versionId': versionId!, 'paper-signedOn': '2001-01-01' });
    expect(early.status).toBe(400);
    expect(early.text).toContain('href="#paper-signedOn"');
    expect(early.text).toContain('not before this version was published');
    const ok = await form(broker, `/timebanks/${world.north}/members/${olive}/joining/agreement`, { 'paper-versionId': versionId!, 'paper-signedOn': today() });
    expect(ok.status).toBe(303);
    expect((await broker.get(`/timebanks/${world.north}/members/${olive}/joining`)).text).toContain(`recorded by ${world.brokerNorth.name}`);
    const list = await broker.get(`/timebanks/${world.north}/agreement`);
    expect(list.text).not.toContain(`>${world.offline.name}<`);
    expect(list.text).not.toContain('Publish a new version');
  });
});

describe('forms refused by the policy', () => {
  // The authorization matrix found these pages answering a refusal of the policy as a form
  // error (400, the form shown again): they answer 403 or 404 as the API does.
  it('refuses the broker’s application form to a member and to a network admin, entering nobody', async () => {
    const fields = { displayName: 'Not Entered', birthDate: '1970-01-01', dataConsent: 'yes', source: 'phone' };
    for (const who of [world.member, world.admin]) {
      const r = await form(await signedIn(who.email), `/timebanks/${world.north}/applications/new`, fields);
      expect(r.status).toBe(403);
      expect(r.text).not.toContain('Not Entered');
    }
    const entered = await server.database.db.selectFrom('person').where('display_name', '=', 'Not Entered').select('id').execute();
    expect(entered).toEqual([]);
  });

  it('refuses publishing the agreement to a broker, and signing North’s agreement to a member of another network', async () => {
    const broker = await signedIn(world.brokerNorth.email);
    const r = await form(broker, `/timebanks/${world.north}/agreement`, { bodyEn: 'A broker’s version' });
    expect(r.status).toBe(403);
    const versions = await server.database.db.selectFrom('agreement_version').where('body_en', '=', 'A broker’s version').select('id').execute();
    expect(versions).toEqual([]);
    const current = (await broker.get(`/api/v1/timebanks/${world.north}/agreement`)).body.current as { id: string } | null;
    const b = await signedIn(world.memberB.email);
    const south = await signedIn(world.southMember.email);
    const versionId = current?.id ?? '00000000-0000-7000-8000-000000000000';
    expect((await form(b, '/me/membership/sign', { timebankId: world.north, versionId })).status).toBe(404);
    expect((await form(south, '/me/membership/sign', { timebankId: world.north, versionId })).status).toBe(403);
  });
});
