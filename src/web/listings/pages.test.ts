// The listing pages with JavaScript off: plain GETs and form posts, answered with a page or a
// redirect; errors come back as an error summary with the values given, nothing written.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, addMonths, isoDay } from '../../modules/listings/rules.ts';
import { addPerson, createWorld, memberIdOf, type World } from '../../../test/support/fixtures.ts';
import { Client, startTestServer, type TestServer } from '../../../test/support/http.ts';

let server: TestServer;
let world: World;
const today = isoDay(new Date());
const sessions = new Map<string, Client>();
const signedIn = async (email: string | null) => {
  const known = sessions.get(email!);
  if (known) return known;
  const c = new Client(server.url);
  expect((await c.signIn(email!)).status).toBe(200);
  sessions.set(email!, c);
  return c;
};
function form(c: Client, path: string, fields: [string, string][]) {
  return c.request('POST', path, new URLSearchParams([...fields, ['_csrf', c.csrf!]]).toString(), { 'content-type': 'application/x-www-form-urlencoded' });
}
const count = async () => Number((await server.database.db.selectFrom('listing').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
const good: [string, string][] = [
  ['kind', 'offer'],
  ['title', 'Help with the garden'],
  ['description', 'Weeding and digging on Saturdays'],
  ['categorySlug', 'home-garden.gardening'],
  ['mode', 'outside'],
  ['whenKind', 'recurring'],
  ['whenWeekday', '6'],
  ['whenEveryWeeks', '1'],
  ['whenPart', 'morning'],
  ['language', 'en'],
  ['languages', 'en, gd'],
  ['visibility', 'timebank'],
  ['expiresOn', ''],
];
const replace = (fields: [string, string][], changes: Record<string, string>) => fields.map(([k, v]): [string, string] => [k, k in changes ? changes[k]! : v]);

beforeAll(async () => {
  server = await startTestServer();
  world = await createWorld(server.database.db);
});
afterAll(async () => {
  await server.close();
});

describe('posting and browsing', () => {
  it('posts from the form, shows the listing, and finds it by a word', async () => {
    const member = await signedIn(world.member.email);
    const browse = await member.get('/listings');
    expect(browse.status).toBe(200);
    expect(browse.text).toContain('href="/listings/new"');
    expect(browse.text).toContain('href="/listings" aria-current="page"');
    const newPage = await member.get('/listings/new');
    expect(newPage.status).toBe(200);
    expect(newPage.text).toContain('name="categorySlug"');
    expect(newPage.text).not.toContain('name="checkNeeded"');
    const posted = await form(member, '/listings/new', good);
    expect(posted.status).toBe(303);
    const location = posted.headers.get('location')!;
    expect(location).toMatch(new RegExp(`^/timebanks/${world.north}/listings/[0-9a-f-]{36}$`));
    const page = await member.get(location);
    expect(page.text).toContain('Help with the garden');
    expect(page.text).toContain('Every Saturday, morning');
    expect(page.text).toContain('Gaelic');
    expect(page.text).toContain('Your listing is posted.');
    expect(page.text).not.toContain('/matching/');
    // Its author is not offered to ask for their own offer; another member of North is, and a
    // member of South (it is shown in North only) is not; a broker arranges one.
    const propose = `href="/exchanges/new?listingId=${location.split('/').pop()}"`;
    expect(page.text).not.toContain(propose);
    const other = await signedIn((await addPerson(server.database.db, world.networkA, { name: 'Nell North', timebankId: world.north })).email);
    const asOther = await other.get(location);
    expect(asOther.text).toContain(propose);
    expect(asOther.text).toContain('Ask for this');
    expect((await other.get(location.replace(/.*\/listings\//, '/exchanges/new?listingId='))).status).toBe(200);
    expect((await (await signedIn(world.brokerNorth.email)).get(location)).text).toContain('Arrange an exchange');
    expect((await (await signedIn(world.southMember.email)).get(location)).text).not.toContain(propose);
    const found = await member.get('/listings?q=gardening');
    expect(found.text).toContain(`href="${location}"`);
    const pl = await member.get(`${location}?lang=pl`);
    expect(pl.text).toContain('Ogrodnictwo');
    expect(pl.text).toContain('Co tydzień: sobota');
    expect((await member.get('/listings?lang=en')).status).toBe(200);
    expect((await member.get('/listings/mine')).text).toContain(`href="${location}"`);
  });

  it('comes back with an error summary and the values given, writing nothing', async () => {
    const member = await signedIn(world.member.email);
    const before = await count();
    const r = await form(member, '/listings/new', replace(good, { title: 'x'.repeat(121), categorySlug: '', expiresOn: addDays(today, -1) }));
    expect(r.status).toBe(400);
    expect(r.text).toContain('error-summary');
    expect(r.text).toContain('href="#title"');
    expect(r.text).toContain('href="#categorySlug"');
    expect(r.text).toContain('Enter a title of 3 to 120 characters');
    expect(r.text).toContain('Weeding and digging on Saturdays');
    // The expiry is refused once the rest passes.
    const past = await form(member, '/listings/new', replace(good, { expiresOn: addDays(today, -1) }));
    expect(past.status).toBe(400);
    expect(past.text).toContain('href="#expiresOn"');
    expect(past.text).toContain('Enter a last day from today up to twelve months ahead');
    const far = await form(member, '/listings/new', replace(good, { expiresOn: addMonths(today, 13) }));
    expect(far.text).toContain('href="#expiresOn"');
    const noDay = await form(member, '/listings/new', replace(good, { whenKind: 'one_off' }));
    expect(noDay.status).toBe(400);
    expect(noDay.text).toContain('href="#whenOn"');
    const unknown = await form(member, '/listings/new', replace(good, { categorySlug: 'home-garden.moon' }));
    expect(unknown.status).toBe(400);
    expect(unknown.text).toContain('Choose a category in use in this timebank');
    expect(await count()).toBe(before);
  });

  it('shows a bad search as an error on its field', async () => {
    const member = await signedIn(world.member.email);
    const r = await member.get(`/listings?q=${'x'.repeat(201)}`);
    expect(r.status).toBe(400);
    expect(r.text).toContain('href="#q"');
  });
});

describe('changing a listing', () => {
  it('edits, refuses a bad renewal on its field, renews, and closes', async () => {
    const member = await signedIn(world.member.email);
    const location = (await form(member, '/listings/new', replace(good, { title: 'Ironing wanted', kind: 'request', categorySlug: 'home-garden.laundry', mode: 'home' }))).headers.get('location')!;
    const edit = await member.get(`${location}/edit`);
    expect(edit.status).toBe(200);
    expect(edit.text).toContain('value="Ironing wanted"');
    const saved = await form(member, `${location}/edit`, replace(good, { title: 'Ironing and bedding wanted', kind: 'request', categorySlug: 'home-garden.laundry', mode: 'home' }));
    expect(saved.status).toBe(303);
    expect((await member.get(location)).text).toContain('Ironing and bedding wanted');
    const badEdit = await form(member, `${location}/edit`, replace(good, { title: '' }));
    expect(badEdit.status).toBe(400);
    expect(badEdit.text).toContain('href="#title"');
    const badRenew = await form(member, `${location}/renew`, [['expiresOn', addDays(today, -3)]]);
    expect(badRenew.status).toBe(400);
    expect(badRenew.text).toContain('href="#expiresOn"');
    const renewed = await form(member, `${location}/renew`, [['expiresOn', addMonths(today, 5)]]);
    expect(renewed.status).toBe(303);
    const closed = await form(member, `${location}/close`, []);
    expect(closed.status).toBe(303);
    const page = await member.get(location);
    expect(page.text).toContain('This listing is closed.');
    expect(page.text).not.toContain(`${location}/edit`);
    // Another member of the timebank may not edit it.
    const broker = await signedIn(world.brokerNorth.email);
    expect((await broker.get(`${location}/edit`)).status).toBe(200);
    const south = await signedIn(world.southMember.email);
    expect((await south.get(`${location}/edit`)).status).toBe(404);
  });

  it('saves the categories followed', async () => {
    const member = await signedIn(world.member.email);
    const r = await form(member, '/listings/following', [
      ['categories', 'home-garden'],
      ['categories', 'transport-errands.lifts'],
    ]);
    expect(r.status).toBe(303);
    const page = await member.get('/listings/following');
    expect(page.text).toMatch(/checked="" value="home-garden"/);
    expect(page.text).toMatch(/checked="" value="transport-errands.lifts"/);
    expect(page.text).not.toMatch(/checked="" value="home-garden.gardening"/);
    const bad = await form(member, '/listings/following', [['categories', 'home-garden.moon']]);
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('href="#categories"');
  });
});

describe('a request taken by phone', () => {
  it('lets a broker find the member, record the request for them, and shows who took it', async () => {
    const broker = await signedIn(world.brokerNorth.email);
    const base = `/timebanks/${world.north}/listings/phone`;
    expect((await broker.get('/listings')).text).toContain(`href="${base}"`);
    const find = await broker.get(`${base}?q=Olive`);
    expect(find.status).toBe(200);
    const olive = await memberIdOf(server.database.db, world.offline.id, world.north);
    expect(find.text).toContain(`href="${base}?memberId=${olive}"`);
    const page = await broker.get(`${base}?memberId=${olive}`);
    expect(page.text).toContain(world.offline.name);
    expect(page.text).toContain('name="checkNeeded"');
    const bad = await form(broker, base, [['memberId', olive], ...replace(good, { kind: 'request', title: '' })]);
    expect(bad.status).toBe(400);
    expect(bad.text).toContain(`value="${olive}"`);
    const done = await form(broker, base, [['memberId', olive], ...replace(good, { kind: 'request', title: 'Bedding changed on Tuesdays', categorySlug: 'home-garden.laundry' }), ['checkNeeded', 'yes']]);
    expect(done.status).toBe(303);
    const listing = await broker.get(done.headers.get('location')!);
    expect(listing.text).toContain('Bedding changed on Tuesdays');
    // The broker goes on to who could help with it (docs/matching.md); its member does not see the way.
    const listingId = done.headers.get('location')!.split('/').pop();
    expect(listing.text).toContain(`href="/timebanks/${world.north}/matching/requests/${listingId}"`);
    expect(listing.text).toContain(`taken on the phone by ${world.brokerNorth.name}`);
    const row = await server.database.db.selectFrom('listing').where('title', '=', 'Bedding changed on Tuesdays').selectAll().executeTakeFirstOrThrow();
    expect(row).toMatchObject({ taken_by_phone: true, created_by_person_id: world.brokerNorth.id, check_needed: true });
  });

  it('keeps members out of the phone form', async () => {
    const member = await signedIn(world.member.email);
    expect((await member.get(`/timebanks/${world.north}/listings/phone`)).status).toBe(403);
    const olive = await memberIdOf(server.database.db, world.offline.id, world.north);
    const before = await count();
    expect((await form(member, `/timebanks/${world.north}/listings/phone`, [['memberId', olive], ...good])).status).toBe(403);
    expect(await count()).toBe(before);
  });
});
