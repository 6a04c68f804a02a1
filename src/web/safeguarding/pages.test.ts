// The safeguarding and availability pages over real HTTP, as a browser with JavaScript off
// uses them: plain GETs and form posts, answered with a page or a redirect.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorld, type World } from '../../../test/support/fixtures.ts';
import { type Client, startTestServer, type TestServer } from '../../../test/support/http.ts';
import { addDays, isoDay } from '../../modules/safeguarding/subject.ts';
import { memberIdOf, signedIn } from '../../modules/safeguarding/test-helpers.ts';

let server: TestServer;
let world: World;
let broker: Client;
let screen: string;
const today = isoDay(new Date());
const NUMBER = '0012AB345678';

function form(c: Client, path: string, fields: [string, string][]) {
  return c.request('POST', path, new URLSearchParams(fields).toString(), { 'content-type': 'application/x-www-form-urlencoded' });
}
const views = (subject: string) => server.database.db.selectFrom('safeguarding_view').where('subject_person_id', '=', subject).selectAll().execute();

beforeAll(async () => {
  server = await startTestServer();
  world = await createWorld(server.database.db);
  broker = await signedIn(server, world.brokerNorth.email);
  const mary = await memberIdOf(server.database.db, world.member.id, world.north);
  screen = `/timebanks/${world.north}/members/${mary}`;
});
afterAll(async () => {
  await server.close();
});

describe("the broker's screen for a member", () => {
  it('refuses a bad check with the error summary and the values kept, writing nothing', async () => {
    const r = await form(broker, `${screen}/safeguarding/checks`, [
      ['scheme', 'dbs'],
      ['level', 'pvg_level_2'],
      ['workforce', 'adults'],
      ['roleTitle', 'Driver'],
      ['issuedOn', addDays(today, 3)],
      ['decision', 'cleared'],
    ]);
    expect(r.status).toBe(400);
    expect(r.text).toContain('<title>Error:');
    expect(r.text).toContain('href="#level"');
    expect(r.text).toContain('Choose a level the scheme issues');
    expect(r.text).toContain('Enter the date of issue: a real date, not in the future');
    expect(r.text).toContain('Choose the broker or coordinator who decided');
    expect(r.text).toContain('value="Driver"');
    expect(await server.database.db.selectFrom('safeguarding_check').selectAll().execute()).toEqual([]);
  });

  it('records a check from the form and shows its number masked; the full number only on a logged reveal', async () => {
    const r = await form(broker, `${screen}/safeguarding/checks`, [
      ['scheme', 'pvg'],
      ['level', 'pvg_level_2'],
      ['workforce', 'both'],
      ['roleTitle', 'Befriender'],
      ['regulatedWork', 'yes'],
      ['number', NUMBER],
      ['issuedOn', addDays(today, -10)],
      ['decision', 'cleared_with_risk_assessment'],
      ['decidedByPersonId', world.coordinatorNorth.id],
    ]);
    expect(r.status).toBe(303);
    expect(r.headers.get('location')).toBe(`${screen}/safeguarding`);
    const before = (await views(world.member.id)).length;
    const page = await broker.get(`${screen}/safeguarding`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Check recorded.');
    expect(page.text).toContain('••••••••5678');
    expect(page.text).not.toContain(NUMBER);
    expect(page.text).toContain('Cleared with a risk assessment');
    expect(page.text).not.toContain('<script');
    expect(await views(world.member.id)).toHaveLength(before + 1);
    const check = await server.database.db.selectFrom('safeguarding_check').select('id').executeTakeFirstOrThrow();
    const shown = await form(broker, `${screen}/safeguarding/checks/${check.id}/reveal`, []);
    expect(shown.status).toBe(200);
    expect(shown.text).toContain(NUMBER);
    expect((await views(world.member.id)).map((v) => v.view)).toContain('reveal_number');
  });

  it('records the stopped-work notice, and shows a bad date by its own field', async () => {
    const check = await server.database.db.selectFrom('safeguarding_check').select('id').executeTakeFirstOrThrow();
    const bad = await form(broker, `${screen}/safeguarding/checks/${check.id}/stopped-notice`, [['sentOn', addDays(today, 5)]]);
    expect(bad.status).toBe(400);
    expect(bad.text).toContain(`href="#sentOn-${check.id}"`);
    const ok = await form(broker, `${screen}/safeguarding/checks/${check.id}/stopped-notice`, [['sentOn', today]]);
    expect(ok.status).toBe(303);
    expect((await broker.get(`${screen}/safeguarding`)).text).toContain(`Disclosure Scotland told on ${today} by ${world.brokerNorth.name}`);
  });

  it('saves restrictions, preferences and availability from checkboxes', async () => {
    const restrictions = await form(broker, `${screen}/restrictions`, [
      ['kinds', 'no_home_visits'],
      ['kinds', 'two_person_visits'],
      ['note', 'Hard of hearing: speak slowly.'],
    ]);
    expect(restrictions.status).toBe(303);
    const prefs = await form(broker, `${screen}/preferences`, [
      ['weekendOnly', 'yes'],
      ['timesOfDay', 'morning'],
      ['languages', 'en, gd'],
    ]);
    expect(prefs.status).toBe(303);
    const grid = await form(broker, `${screen}/availability`, [
      ['w', '2:afternoon'],
      ['w', '6:morning'],
    ]);
    expect(grid.status).toBe(303);
    const page = await broker.get(`${screen}/safeguarding`);
    expect(page.text).toContain('Hard of hearing: speak slowly.');
    expect(page.text).toMatch(/id="kinds" name="kinds" checked="" value="no_home_visits"/);
    expect(page.text).toContain('value="en, gd"');
    expect(page.text).toMatch(/id="w-2-afternoon" name="w" checked="" value="2:afternoon"/);
    expect(page.text).not.toMatch(/id="w-1-morning" name="w" checked="" value="1:morning"/);
  });

  it('refuses a bad language tag by its field and keeps what was typed', async () => {
    const r = await form(broker, `${screen}/preferences`, [['languages', 'en, not a tag!']]);
    expect(r.status).toBe(400);
    expect(r.text).toContain('href="#languages"');
    expect(r.text).toContain('value="en, not a tag!"');
  });

  it('pauses the member until a date and ends the pause', async () => {
    const bad = await form(broker, `${screen}/availability/pause`, [['pausedUntil', '']]);
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('href="#pausedUntil"');
    const ok = await form(broker, `${screen}/availability/pause`, [['pausedUntil', addDays(today, 7)]]);
    expect(ok.status).toBe(303);
    expect((await broker.get(`${screen}/safeguarding`)).text).toContain(`Away until ${addDays(today, 7)}.`);
    const back = await form(broker, `${screen}/availability/resume`, []);
    expect(back.status).toBe(303);
  });

  it('answers 404 to a member and to a broker of another timebank', async () => {
    const member = await signedIn(server, world.member.email);
    expect((await member.get(`${screen}/safeguarding`)).status).toBe(404);
    const south = await memberIdOf(server.database.db, world.southMember.id, world.south);
    expect((await broker.get(`/timebanks/${world.south}/members/${south}/safeguarding`)).status).toBe(404);
    const brokerB = await signedIn(server, world.brokerB.email);
    expect((await brokerB.get(`${screen}/safeguarding`)).status).toBe(404);
  });

  it('lists reviews due for brokers', async () => {
    const r = await broker.get(`/timebanks/${world.north}/safeguarding/reviews`);
    expect(r.status).toBe(200);
    expect(r.text).toContain('Check reviews due');
    expect(r.text).toContain('No reviews due in the next 30 days.');
  });
});

describe("a member's own pages", () => {
  let member: Client;
  beforeAll(async () => {
    member = await signedIn(server, world.member.email);
  });

  it('sets the weekly grid with no JavaScript, and a pause refused for a past date', async () => {
    const page = await member.get('/availability');
    expect(page.status).toBe(200);
    expect(page.text).not.toContain('<script');
    expect(page.text).toContain('<legend>When I am usually available</legend>');
    expect((await form(member, '/availability', [['w', '1:evening']])).status).toBe(303);
    expect((await member.get('/availability')).text).toMatch(/id="w-1-evening" name="w" checked="" value="1:evening"/);
    const past = await form(member, '/availability/pause', [['pausedUntil', addDays(today, -1)]]);
    expect(past.status).toBe(400);
    expect(past.text).toContain('Enter the date you are back: a real date after today');
    expect((await form(member, '/availability/pause', [['pausedUntil', addDays(today, 2)]])).status).toBe(303);
    expect((await form(member, '/availability/resume', [])).status).toBe(303);
  });

  it('sets their preferences and sees the restrictions their broker set', async () => {
    expect((await form(member, '/preferences', [['timesOfDay', 'evening'], ['languages', 'pl']])).status).toBe(303);
    const page = await member.get('/preferences');
    expect(page.text).toContain('value="pl"');
    expect(page.text).toContain('Two-person visits only');
  });

  it('shows a summary of their own checks and who viewed them, without the number', async () => {
    const page = await member.get('/me/safeguarding');
    expect(page.status).toBe(200);
    expect(page.text).toContain('PVG (Scotland), PVG Level 2: Cleared with a risk assessment');
    expect(page.text).toContain(world.brokerNorth.name);
    expect(page.text).toContain('A certificate or membership number in full');
    expect(page.text).not.toContain('5678');
  });
});
