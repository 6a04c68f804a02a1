// The activity and calendar pages with JavaScript off: plain GETs and form posts, answered with
// a page or a redirect.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorld, memberIdOf, type World } from '../../../test/support/fixtures.ts';
import { Client, startTestServer, type TestServer } from '../../../test/support/http.ts';
import { systemClock } from '../../lib/clock.ts';
import { silentLogger } from '../../lib/log.ts';
import { wallOf } from '../../lib/zone.ts';
import { systemActor } from '../../modules/audit/record.ts';
import { createLedger } from '../../modules/ledger/service.ts';
import { readActivityForm } from './routes.tsx';

let server: TestServer;
let world: World;
const signedIn = async (email: string | null) => {
  const c = new Client(server.url);
  expect((await c.signIn(email!)).status).toBe(200);
  return c;
};
function form(c: Client, path: string, fields: [string, string][]) {
  return c.request('POST', path, new URLSearchParams([...fields, ['_csrf', c.csrf!]]).toString(), { 'content-type': 'application/x-www-form-urlencoded' });
}
const london = (hoursFromNow: number) => wallOf('Europe/London', new Date(Date.now() + hoursFromNow * 3_600_000));
const fields = (over: Record<string, string> = {}): [string, string][] =>
  Object.entries({
    title: 'Scone baking',
    description: 'For the gala',
    categorySlug: 'creative',
    place: 'Village hall',
    date: '2099-05-02',
    startTime: '10:00',
    endTime: '12:30',
    capacity: '',
    hours: '2:30',
    payer: 'community_pot',
    visibility: 'timebank',
    ...over,
  });

beforeAll(async () => {
  server = await startTestServer();
  world = await createWorld(server.database.db);
  await createLedger({ db: server.database.db, clock: systemClock, log: silentLogger }).openTimebank(systemActor(world.networkA), { timebankId: world.north });
});
afterAll(async () => {
  await server.close();
});

describe('reading the activity form', () => {
  it('turns London wall-clock times and hours into instants and whole minutes', () => {
    const r = readActivityForm(Object.fromEntries(fields({ date: '2026-05-02' })), 'Europe/London');
    expect(r.body).toMatchObject({ startsAt: '2026-05-02T09:00:00.000Z', endsAt: '2026-05-02T11:30:00.000Z', minutesPerAttendee: 150, capacity: null });
  });

  it('names the field of each mistake', () => {
    const issues = (over: Record<string, string>) => readActivityForm(Object.fromEntries(fields(over)), 'Europe/London').issues.map((i) => i.field);
    expect(issues({ endTime: '09:00' })).toEqual(['endTime']);
    expect(issues({ hours: '1.5' })).toEqual(['hours']);
    expect(issues({ hours: '0' })).toEqual(['hours']);
    expect(issues({ date: '2099-02-30' })).toEqual(['date']);
    expect(issues({ startTime: '25:00' })).toEqual(['startTime']);
    expect(issues({ capacity: 'ten' })).toEqual(['capacity']);
    expect(issues({ payer: 'organisation:' })).toEqual(['payer']);
  });
});

describe('the activity pages', () => {
  it('lets a coordinator create an activity, shows the form again with its errors, and lists it', async () => {
    const coord = await signedIn(world.coordinatorNorth.email);
    const page = await coord.get('/activities/new');
    expect(page.status).toBe(200);
    expect(page.text).toContain('name="startTime"');
    const bad = await form(coord, '/activities/new', fields({ endTime: '09:00', hours: '1.5' }));
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('error-summary');
    expect(bad.text).toContain('href="#endTime"');
    expect(bad.text).toContain('href="#hours"');
    expect(bad.text).toContain('value="Scone baking"');
    const ok = await form(coord, '/activities/new', fields());
    expect(ok.status).toBe(303);
    const id = ok.headers.get('location')!.split('/').pop()!;
    const shown = await coord.get(`/activities/${id}`);
    expect(shown.text).toContain('2099-05-02 10:00–12:30');
    const list = await (await signedIn(world.member.email)).get('/activities');
    expect(list.text).toContain(`/activities/${id}`);
    expect(list.text).not.toContain('/activities/new');
    const refused = await (await signedIn(world.member.email)).get('/activities/new');
    expect(refused.status).toBe(403);
  });

  it('takes a member from registering to being paid: register, attendance, the batch shown before posting', async () => {
    const coord = await signedIn(world.coordinatorNorth.email);
    const start = london(-3);
    const created = await form(coord, '/activities/new', fields({ date: start.date, startTime: start.time, endTime: london(-2).time, hours: '1' }));
    const id = created.headers.get('location')!.split('/').pop()!;
    const member = await signedIn(world.member.email);
    const registered = await form(member, `/activities/${id}/register`, []);
    expect(registered.status).toBe(303);
    expect((await member.get(`/activities/${id}`)).text).toContain('You are registered for this activity.');
    const broker = await signedIn(world.brokerNorth.email);
    const oliveMember = await memberIdOf(server.database.db, world.offline.id, world.north);
    const page = await broker.get(`/activities/${id}`);
    expect(page.text).toContain(`value="${oliveMember}"`);
    expect((await form(broker, `/activities/${id}/register`, [['memberId', oliveMember]])).status).toBe(303);
    const roster = (await coord.get(`/api/v1/activities/${id}`)).body.registrations as { id: string; displayName: string }[];
    const closeEarly = await coord.get(`/activities/${id}/close`);
    expect(closeEarly.text).toContain('Mark whether these people attended first');
    expect(closeEarly.text).not.toContain('name="id"');
    const attendance = roster.map((r): [string, string] => [`attended-${r.id}`, 'yes']);
    expect((await form(broker, `/activities/${id}/attendance`, attendance)).status).toBe(303);
    const close = await coord.get(`/activities/${id}/close`);
    expect(close.text).toContain(world.offline.name);
    expect(close.text).toContain(world.member.name);
    expect(close.text).toContain('Pay 2 h 0 min now');
    const batchId = /name="id" value="([^"]+)"/.exec(close.text)![1]!;
    const paid = await form(coord, `/activities/${id}/close`, [['id', batchId]]);
    expect(paid.status).toBe(303);
    // The same form sent again pays nothing more.
    expect((await form(coord, `/activities/${id}/close`, [['id', batchId]])).status).toBe(303);
    const transfers = await server.database.db.selectFrom('transfer').where('activity_id', '=', id).selectAll().execute();
    expect(transfers).toHaveLength(2);
    const again = await form(coord, `/activities/${id}/close`, [['id', crypto.randomUUID()]]);
    expect(again.status).toBe(400);
    expect(again.text).toContain('paid by another request');
  });

  it('shows a refusal on the activity page: registering a member from another timebank', async () => {
    const coord = await signedIn(world.coordinatorNorth.email);
    const created = await form(coord, '/activities/new', fields({ capacity: '1' }));
    const id = created.headers.get('location')!.split('/').pop()!;
    const south = await memberIdOf(server.database.db, world.southMember.id, world.south);
    const r = await form(coord, `/activities/${id}/register`, [['memberId', south]]);
    expect(r.status).toBe(400);
    expect(r.text).toContain('href="#memberId"');
    const cancelled = await form(coord, `/activities/${id}/cancel`, [['reason', '']]);
    expect(cancelled.status).toBe(400);
    expect(cancelled.text).toContain('href="#reason"');
  });

  it("lets the timebank's coordinator tag the activity's ways of co-producing; a broker neither sees nor sends the form", async () => {
    const coord = await signedIn(world.coordinatorNorth.email);
    const created = await form(coord, '/activities/new', fields());
    const id = created.headers.get('location')!.split('/').pop()!;
    expect((await coord.get(`/activities/${id}`)).text).toContain(`action="/activities/${id}/star"`);
    const tagged = await form(coord, `/activities/${id}/star`, [['modes', 'co_design'], ['modes', 'co_delivery']]);
    expect(tagged.status).toBe(303);
    const modes = async () =>
      (await server.database.db.selectFrom('coproduction_tag').where('subject_id', '=', id).select('mode').orderBy('mode').execute()).map((r) => r.mode);
    expect(await modes()).toEqual(['co_delivery', 'co_design']);
    const page = await coord.get(`/activities/${id}`);
    expect(page.text).toMatch(/name="modes" checked="" value="co_design"/);
    expect(page.text).toMatch(/name="modes" value="co_assessment"/);
    // A mode that does not exist is refused on the page, and nothing changes.
    expect((await form(coord, `/activities/${id}/star`, [['modes', 'co_everything']])).status).toBe(400);
    expect(await modes()).toEqual(['co_delivery', 'co_design']);
    const broker = await signedIn(world.brokerNorth.email);
    expect((await broker.get(`/activities/${id}`)).text).not.toContain('/star"');
    expect((await form(broker, `/activities/${id}/star`, [['modes', 'co_assessment']])).status).toBe(403);
    expect(await modes()).toEqual(['co_delivery', 'co_design']);
  });
});

describe('repeating activities on the pages', () => {
  it('reads the repeat fields into a rule, and names the field of each mistake', () => {
    const read = (over: Record<string, string | string[]>) => readActivityForm({ ...Object.fromEntries(fields()), ...over } as Record<string, string>, 'Europe/London');
    expect(read({ repeat: 'weekly', repeatWeekdays: ['2', '4'], repeatCount: '6' }).body?.repeat).toEqual({ frequency: 'weekly', weekdays: [2, 4], count: 6 });
    expect(read({ repeat: 'monthly_weekday', repeatUntil: '2099-12-31' }).body?.repeat).toEqual({ frequency: 'monthly', monthlyBy: 'weekday', until: '2099-12-31' });
    expect(read({ repeat: '' }).body?.repeat).toBeUndefined();
    const fieldsOf = (over: Record<string, string | string[]>) => read(over).issues.map((i) => i.field);
    expect(fieldsOf({ repeat: 'weekly', repeatCount: '6' })).toEqual(['repeatWeekdays']);
    expect(fieldsOf({ repeat: 'weekly', repeatWeekdays: '2', repeatCount: 'six' })).toContain('repeatCount');
    expect(fieldsOf({ repeat: 'weekly', repeatWeekdays: '2', repeatCount: '53' })).toEqual(['repeatCount']);
    expect(fieldsOf({ repeat: 'monthly_day', repeatCount: '3', repeatUntil: '2099-09-01' })).toEqual(['repeat']);
    expect(fieldsOf({ repeat: 'fortnightly', repeatCount: '3' })).toEqual(['repeat']);
  });

  it('creates a weekly series from the form, lists its dates, and lets a member register for all of them', async () => {
    const coord = await signedIn(world.coordinatorNorth.email);
    const tooFar = await form(coord, '/activities/new', [...fields({ repeat: 'weekly', repeatUntil: '2100-06-01' }), ['repeatWeekdays', '6']]);
    expect(tooFar.status).toBe(400);
    expect(tooFar.text).toContain('href="#repeatUntil"');
    const noDay = await form(coord, '/activities/new', fields({ repeat: 'weekly', repeatCount: '3' }));
    expect(noDay.status).toBe(400);
    expect(noDay.text).toContain('href="#repeatWeekdays"');
    expect(await server.database.db.selectFrom('activity_series').selectAll().execute()).toEqual([]);

    // Saturdays from 2 May 2099, 4 dates, 10:00-12:30 London time; one place each.
    const made = await form(coord, '/activities/new', [...fields({ repeat: 'weekly', repeatCount: '4', capacity: '1' }), ['repeatWeekdays', '6']]);
    expect(made.status).toBe(303);
    const first = made.headers.get('location')!.split('/').pop()!;
    const page = await coord.get(`/activities/${first}`);
    expect(page.text).toContain('Part of a series');
    expect(page.text).toContain('Every week on Saturday, 4 dates.');
    for (const day of ['2099-05-02', '2099-05-09', '2099-05-16', '2099-05-23']) expect(page.text).toContain(`${day} 10:00–12:30`);
    const ids = (await coord.get(`/api/v1/activities/${first}`)).body.series.dates.map((d: { id: string }) => d.id) as string[];
    expect(page.text).toContain(`href="/activities/${ids[3]}"`);
    expect(page.text).toContain(`href="/activities/${first}/series/edit"`);

    // Olive has the third date's only place; Mary registers for all and hears which were full.
    const broker = await signedIn(world.brokerNorth.email);
    await form(broker, `/activities/${ids[2]}/register`, [['memberId', await memberIdOf(server.database.db, world.offline.id, world.north)]]);
    const member = await signedIn(world.member.email);
    expect((await member.get(`/activities/${ids[1]}`)).text).toContain('Register for all future dates');
    const all = await form(member, `/activities/${ids[1]}/series/register`, []);
    expect(all.status).toBe(303);
    const after = await member.get(all.headers.get('location')!);
    expect(after.text).toContain('Registered for 3 dates.');
    expect(after.text).toContain('No places were left on: 2099-05-16.');
    expect(after.text).toContain('you are registered');
    const off = await form(member, `/activities/${ids[1]}/series/registrations/cancel`, []);
    expect(off.status).toBe(303);
    expect((await member.get(off.headers.get('location')!)).text).toContain('3 registrations are cancelled.');
    // A member neither changes nor cancels the series.
    expect((await member.get(`/activities/${ids[1]}/series/edit`)).status).toBe(403);
    expect((await form(member, `/activities/${ids[1]}/series/cancel`, [['seriesReason', 'no']])).status).toBe(403);
  });

  it('lets the coordinator change and cancel all future dates, with the errors on the form', async () => {
    const coord = await signedIn(world.coordinatorNorth.email);
    const made = await form(coord, '/activities/new', [...fields({ date: '2099-08-04', repeat: 'monthly_day', repeatCount: '3' })]);
    const first = made.headers.get('location')!.split('/').pop()!;
    const member = await signedIn(world.member.email);
    await form(member, `/activities/${first}/series/register`, []);
    const edit = await coord.get(`/activities/${first}/series/edit`);
    expect(edit.status).toBe(200);
    expect(edit.text).toContain('The change applies to the 3 dates still to come.');
    const bad = await form(coord, `/activities/${first}/series/edit`, [['title', 'x'], ['capacity', 'lots']]);
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('href="#title"');
    expect(bad.text).toContain('href="#capacity"');
    const ok = await form(coord, `/activities/${first}/series/edit`, [['title', 'Repair cafe'], ['description', ''], ['place', 'Library'], ['capacity', '']]);
    expect(ok.status).toBe(303);
    const rows = await server.database.db.selectFrom('activity').where('series_id', 'is not', null).where('title', '=', 'Repair cafe').select(['place', 'starts_at']).execute();
    expect(rows).toHaveLength(3);
    expect(rows.every((r) => r.place === 'Library')).toBe(true);
    const noReason = await form(coord, `/activities/${first}/series/cancel`, [['seriesReason', '']]);
    expect(noReason.status).toBe(400);
    expect(noReason.text).toContain('href="#seriesReason"');
    const cancelled = await form(coord, `/activities/${first}/series/cancel`, [['seriesReason', 'The library closes']]);
    expect(cancelled.status).toBe(303);
    const page = await coord.get(cancelled.headers.get('location')!);
    expect(page.text).toContain('3 dates are cancelled.');
    expect(page.text).not.toContain('Change all future dates');
  });
});

describe('the calendar page', () => {
  it('shows a new link once, and only says a feed exists afterwards', async () => {
    const member = await signedIn(world.member.email);
    expect((await member.get('/calendar')).text).toContain('You have no calendar feed yet.');
    const made = await form(member, '/calendar', []);
    expect(made.status).toBe(200);
    const url = /id="calendar-url"[^>]*value="([^"]+)"/.exec(made.text)?.[1] ?? /value="([^"]+\.ics)"/.exec(made.text)![1]!;
    expect(url).toMatch(/\/calendar\/.+\.ics$/);
    const later = await member.get('/calendar');
    expect(later.text).toContain('Your calendar feed was made on');
    expect(later.text).not.toContain(url);
    expect((await new Client(server.url).get(new URL(url).pathname)).status).toBe(200);
    expect((await form(member, '/calendar/off', [])).status).toBe(303);
    expect((await new Client(server.url).get(new URL(url).pathname)).status).toBe(404);
  });
});
