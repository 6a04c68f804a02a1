// Fishbowl debates over real HTTP on a real database: scheduling, the inner circle and its
// empty seat, two people taking the last seat at once, the moderator's invitations, mutes and
// closing, the transcript, the live stream of Server-Sent Events, and the pages.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addPerson, createWorld, type PersonFixture, type World } from '../../../test/support/fixtures.ts';
import { Client, startTestServer, type TestServer } from '../../../test/support/http.ts';
import { newId } from '../../lib/ids.ts';
import { signedIn as signIn } from '../safeguarding/test-helpers.ts';

let server: TestServer;
let world: World;
let coordinator: Client;
let member: Client;
let admin: Client;
let memberB: Client;
/** People of North who take part: each signs in once. */
const people: { person: PersonFixture; client: Client }[] = [];

const signedIn = (email: string | null) => signIn(server, email);
const db = () => server.database.db;
const form = (c: Client, path: string, fields: Record<string, string> = {}) =>
  c.request('POST', path, new URLSearchParams({ ...fields, _csrf: c.csrf ?? '' }).toString(), { 'content-type': 'application/x-www-form-urlencoded' });
const schedule = (c: Client, overrides: Record<string, unknown> = {}) =>
  c.post('/api/v1/debates', {
    topic: 'Should the council commission time credits?',
    openingQuestions: ['What would convince finance?', 'What does it cost not to?'],
    seatCount: 3,
    startsAt: '2026-12-01T18:00:00Z',
    ...overrides,
  });
/** A debate, scheduled and opened by the coordinator (its moderator). */
async function openDebate(seatCount = 3) {
  const d = await schedule(coordinator, { seatCount });
  expect(d.status).toBe(201);
  expect((await coordinator.post(`/api/v1/debates/${d.body.id}/open`)).status).toBe(200);
  return d.body.id as string;
}
const seatsOf = async (debateId: string) => (await coordinator.get(`/api/v1/debates/${debateId}`)).body.seats as { seatNo: number; name: string | null; muted: boolean }[];

beforeAll(async () => {
  server = await startTestServer();
  world = await createWorld(db());
  coordinator = await signedIn(world.coordinatorNorth.email);
  member = await signedIn(world.member.email);
  admin = await signedIn(world.admin.email);
  memberB = await signedIn(world.memberB.email);
  for (const name of ['Ann Able', 'Ben Brook', 'Cat Cole', 'Dan Dale', 'Eve East', 'Fay Ford']) {
    const person = await addPerson(db(), world.networkA, { name, timebankId: world.north });
    people.push({ person, client: await signedIn(person.email) });
  }
});
afterAll(async () => {
  await server.close();
});

describe('scheduling a debate', () => {
  it('is for coordinators and network admins; the scheduler moderates unless they name someone', async () => {
    const d = await schedule(coordinator);
    expect(d.status).toBe(201);
    expect(d.body).toMatchObject({ status: 'scheduled', seatCount: 3, moderator: { personId: world.coordinatorNorth.id }, seats: [{ seatNo: 1, name: null }, { seatNo: 2 }, { seatNo: 3 }] });
    expect(d.body.me.isModerator).toBe(true);
    const byAdmin = await schedule(admin, { moderatorPersonId: world.member.id });
    expect(byAdmin.body.moderator.name).toBe(world.member.name);
    expect((await schedule(member)).status).toBe(403);
    expect((await member.get('/api/v1/debates')).body.items).toHaveLength(2);
    expect((await memberB.get('/api/v1/debates')).body.items).toHaveLength(0);
    expect((await memberB.get(`/api/v1/debates/${d.body.id}`)).status).toBe(404);
  });

  it('refuses bad input naming each field, and schedules nothing', async () => {
    const before = (await coordinator.get('/api/v1/debates')).body.items.length;
    const r = await schedule(coordinator, { topic: '', openingQuestions: [], seatCount: 2, startsAt: 'tomorrow' });
    expect(r.status).toBe(400);
    expect(r.body.errors.map((e: { path: string }) => e.path)).toEqual(['/body/topic', '/body/openingQuestions', '/body/seatCount', '/body/startsAt']);
    expect((await schedule(coordinator, { seatCount: 10 })).body.errors[0].path).toBe('/body/seatCount');
    expect((await schedule(coordinator, { openingQuestions: Array.from({ length: 11 }, (_, i) => `Q${i}`) })).body.errors[0].path).toBe('/body/openingQuestions');
    const other = await schedule(coordinator, { moderatorPersonId: world.memberB.id });
    expect(other.status).toBe(400);
    expect(other.body.errors[0].path).toBe('/body/moderatorPersonId');
    expect((await coordinator.get('/api/v1/debates')).body.items.length).toBe(before);
  });
});

describe('the inner circle', () => {
  it('is closed until the moderator opens the debate, and only the moderator opens it', async () => {
    const d = await schedule(coordinator);
    const early = await member.request('PUT', `/api/v1/debates/${d.body.id}/seat`);
    expect(early.status).toBe(422);
    expect(early.body.code).toBe('debate_not_open');
    expect((await member.post(`/api/v1/debates/${d.body.id}/open`)).status).toBe(403);
    expect((await admin.post(`/api/v1/debates/${d.body.id}/open`)).status).toBe(200);
    expect((await coordinator.post(`/api/v1/debates/${d.body.id}/open`)).body.code).toBe('debate_not_scheduled');
  });

  it('takes anyone into an empty seat; when every seat is full, a speaker must leave before another joins', async () => {
    const id = await openDebate(3);
    const [a, b, c, d] = people;
    expect((await a!.client.request('PUT', `/api/v1/debates/${id}/seat`)).body).toEqual({ seatNo: 1 });
    expect((await b!.client.request('PUT', `/api/v1/debates/${id}/seat`)).body).toEqual({ seatNo: 2 });
    const twice = await b!.client.request('PUT', `/api/v1/debates/${id}/seat`);
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('already_seated');
    expect((await c!.client.request('PUT', `/api/v1/debates/${id}/seat`)).body).toEqual({ seatNo: 3 });
    const full = await d!.client.request('PUT', `/api/v1/debates/${id}/seat`);
    expect(full.status).toBe(409);
    expect(full.body).toMatchObject({ code: 'inner_circle_full', detail: 'every seat is taken: a speaker must leave before another joins' });
    expect((await d!.client.request('DELETE', `/api/v1/debates/${id}/seat`)).body.code).toBe('not_seated');
    expect((await b!.client.request('DELETE', `/api/v1/debates/${id}/seat`)).status).toBe(200);
    expect((await d!.client.request('PUT', `/api/v1/debates/${id}/seat`)).body).toEqual({ seatNo: 2 });
    expect((await seatsOf(id)).map((s) => s.name)).toEqual([a!.person.name, d!.person.name, c!.person.name]);
    const audit = await db().selectFrom('audit_event').where('action', '=', 'fishbowl.seat').where('actor_person_id', '=', d!.person.id).selectAll().executeTakeFirstOrThrow();
    expect(audit.subject_id).toBe(id);
  });

  it('gives the last seat to exactly one of two people taking it at the same moment; the other is told 409', async () => {
    for (let round = 0; round < 3; round++) {
      const id = await openDebate(3);
      const [a, b, c, d] = people;
      await a!.client.request('PUT', `/api/v1/debates/${id}/seat`);
      await b!.client.request('PUT', `/api/v1/debates/${id}/seat`);
      const both = await Promise.all([c!.client.request('PUT', `/api/v1/debates/${id}/seat`), d!.client.request('PUT', `/api/v1/debates/${id}/seat`)]);
      expect(both.map((r) => r.status).sort()).toEqual([200, 409]);
      expect(both.find((r) => r.status === 409)!.body.code).toBe('inner_circle_full');
      const seats = await db().selectFrom('fishbowl_seat').where('debate_id', '=', id).selectAll().execute();
      expect(seats).toHaveLength(3);
      expect(new Set(seats.map((s) => s.seat_no))).toEqual(new Set([1, 2, 3]));
    }
  });

  it('gives one seat to one of many people racing for it, page forms and API alike', async () => {
    const id = await openDebate(3);
    const [a, b] = people;
    await a!.client.request('PUT', `/api/v1/debates/${id}/seat`);
    await b!.client.request('PUT', `/api/v1/debates/${id}/seat`);
    const racers = people.slice(2);
    const results = await Promise.all([
      ...racers.map((r) => r.client.request('PUT', `/api/v1/debates/${id}/seat`)),
      form(member, `/debates/${id}/seat`),
    ]);
    const won = results.filter((r) => r.status === 200 || r.status === 303);
    expect(won).toHaveLength(1);
    expect(results.filter((r) => r.status === 409)).toHaveLength(racers.length);
    const lostPage = results[results.length - 1]!;
    if (lostPage.status === 409) expect(lostPage.text).toContain('someone took the last one a moment ago');
    expect(await db().selectFrom('fishbowl_seat').where('debate_id', '=', id).selectAll().execute()).toHaveLength(3);
  });

  it('is held by the database keys even without the lock: one person a seat, one seat a person', async () => {
    const id = await openDebate(3);
    const [a, b] = people;
    const seat = (seatNo: number, personId: string) =>
      db().insertInto('fishbowl_seat').values({ network_id: world.networkA, debate_id: id, seat_no: seatNo, person_id: personId, taken_at: new Date() }).execute();
    await seat(1, a!.person.id);
    await expect(seat(1, b!.person.id)).rejects.toThrow(/duplicate key|unique/i);
    await expect(seat(2, a!.person.id)).rejects.toThrow(/duplicate key|unique/i);
  });
});

describe('the moderator', () => {
  it('invites people into the inner circle but keeps the last empty seat for the outer circle', async () => {
    const id = await openDebate(3);
    const [a, b, c] = people;
    expect((await coordinator.post(`/api/v1/debates/${id}/invitations`, { personId: a!.person.id })).body).toEqual({ seatNo: 1 });
    expect((await coordinator.post(`/api/v1/debates/${id}/invitations`, { personId: b!.person.id })).body).toEqual({ seatNo: 2 });
    const kept = await coordinator.post(`/api/v1/debates/${id}/invitations`, { personId: c!.person.id });
    expect(kept.status).toBe(409);
    expect(kept.body.code).toBe('empty_seat_kept');
    expect((await c!.client.request('PUT', `/api/v1/debates/${id}/seat`)).body).toEqual({ seatNo: 3 });
    expect((await member.post(`/api/v1/debates/${id}/invitations`, { personId: world.member.id })).status).toBe(403);
    expect((await coordinator.post(`/api/v1/debates/${id}/invitations`, { personId: world.memberB.id })).body.errors[0].path).toBe('/body/personId');
    const transcript = (await member.get(`/api/v1/debates/${id}`)).body.entries;
    expect(transcript.filter((e: { kind: string }) => e.kind === 'invited').map((e: { name: string; byName: string }) => [e.name, e.byName])).toEqual([
      [a!.person.name, world.coordinatorNorth.name],
      [b!.person.name, world.coordinatorNorth.name],
    ]);
  });

  it('mutes a speaker, who keeps the seat but may not speak, unmutes them, and asks a speaker to leave', async () => {
    const id = await openDebate(4);
    const [a, b] = people;
    await a!.client.request('PUT', `/api/v1/debates/${id}/seat`);
    await b!.client.request('PUT', `/api/v1/debates/${id}/seat`);
    expect((await a!.client.request('PUT', `/api/v1/debates/${id}/seats/2/muted`, { muted: true })).status).toBe(403);
    const muted = await coordinator.request('PUT', `/api/v1/debates/${id}/seats/1/muted`, { muted: true });
    expect(muted.body.seats[0]).toMatchObject({ seatNo: 1, name: a!.person.name, muted: true });
    const refused = await a!.client.post(`/api/v1/debates/${id}/contributions`, { body: 'Let me speak!' });
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('muted');
    await coordinator.request('PUT', `/api/v1/debates/${id}/seats/1/muted`, { muted: false });
    expect((await a!.client.post(`/api/v1/debates/${id}/contributions`, { body: 'Thank you.' })).body).toMatchObject({ kind: 'speech' });
    const removed = await coordinator.request('DELETE', `/api/v1/debates/${id}/seats/2`);
    expect(removed.body.seats[1]).toMatchObject({ seatNo: 2, name: null });
    expect((await coordinator.request('DELETE', `/api/v1/debates/${id}/seats/2`)).body.code).toBe('seat_empty');
    expect((await coordinator.request('PUT', `/api/v1/debates/${id}/seats/9/muted`, { muted: true })).body.code).toBe('seat_empty');
    expect((await coordinator.request('PUT', `/api/v1/debates/${id}/seats/10/muted`, { muted: true })).status).toBe(400);
    const kinds = (await member.get(`/api/v1/debates/${id}`)).body.entries.map((e: { kind: string }) => e.kind);
    expect(kinds).toEqual(['opened', 'joined', 'joined', 'muted', 'unmuted', 'speech', 'left']);
  });

  it('closes the debate: the circle empties, nothing more is said, and the transcript stays with who and when', async () => {
    const id = await openDebate(3);
    const [a] = people;
    await a!.client.request('PUT', `/api/v1/debates/${id}/seat`);
    await a!.client.post(`/api/v1/debates/${id}/contributions`, { body: 'Time credits pay for themselves.' });
    await member.post(`/api/v1/debates/${id}/contributions`, { body: 'Show me the figures.' });
    expect((await member.post(`/api/v1/debates/${id}/close`)).status).toBe(403);
    const closed = await coordinator.post(`/api/v1/debates/${id}/close`);
    expect(closed.body).toMatchObject({ status: 'closed', seats: [{ name: null }, { name: null }, { name: null }] });
    const late = await member.post(`/api/v1/debates/${id}/contributions`, { body: 'Too late?' });
    expect(late.status).toBe(422);
    expect(late.body.code).toBe('debate_closed');
    expect((await a!.client.request('PUT', `/api/v1/debates/${id}/seat`)).body.code).toBe('debate_closed');
    const entries = (await member.get(`/api/v1/debates/${id}`)).body.entries;
    expect(entries.filter((e: { kind: string }) => e.kind === 'speech' || e.kind === 'comment').map((e: { kind: string; name: string; body: string }) => [e.kind, e.name, e.body])).toEqual([
      ['speech', a!.person.name, 'Time credits pay for themselves.'],
      ['comment', world.member.name, 'Show me the figures.'],
    ]);
    expect(entries.every((e: { at: string }) => !Number.isNaN(Date.parse(e.at)))).toBe(true);
    const page = await member.get(`/debates/${id}`);
    expect(page.text).toContain('Transcript');
    expect(page.text).toContain(`${a!.person.name} said: Time credits pay for themselves.`);
    expect(page.text).not.toContain('fishbowl.js');
  });
});

describe('contributions', () => {
  it('are speeches from the inner circle and comments from the outer circle, refused when empty or too long', async () => {
    const id = await openDebate(3);
    const [a] = people;
    await a!.client.request('PUT', `/api/v1/debates/${id}/seat`);
    expect((await a!.client.post(`/api/v1/debates/${id}/contributions`, { body: 'From the circle.' })).body.kind).toBe('speech');
    expect((await member.post(`/api/v1/debates/${id}/contributions`, { body: 'From outside.' })).body.kind).toBe('comment');
    expect((await member.post(`/api/v1/debates/${id}/contributions`, { body: '   ' })).body.errors[0].path).toBe('/body/body');
    expect((await member.post(`/api/v1/debates/${id}/contributions`, { body: 'x'.repeat(2001) })).status).toBe(400);
    expect((await memberB.post(`/api/v1/debates/${id}/contributions`, { body: 'Across networks' })).status).toBe(404);
    expect((await new Client(server.url).post(`/api/v1/debates/${id}/contributions`, { body: 'anon' })).status).toBe(401);
  });

  it('show HTML as text on the page: nothing runs', async () => {
    const id = await openDebate(3);
    await member.post(`/api/v1/debates/${id}/contributions`, { body: '<script>alert(1)</script>' });
    const page = await member.get(`/debates/${id}`);
    expect(page.text).toContain('commented: &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page.text).not.toContain('<script>alert(1)');
  });

  it('are rate limited per person', async () => {
    const id = await openDebate(3);
    const chatty = people[5]!.client;
    const results = [];
    for (let i = 0; i < 31; i++) results.push((await chatty.post(`/api/v1/debates/${id}/contributions`, { body: `point ${i}` })).status);
    expect(results.filter((s) => s === 201)).toHaveLength(30);
    expect(results[30]).toBe(429);
  });
});

/** Reads a stream of Server-Sent Events as they come. */
async function openStream(c: Client, path: string, headers: Record<string, string> = {}) {
  const abort = new AbortController();
  const res = await fetch(new URL(path, server.url), {
    headers: { cookie: [...c.cookies].map(([k, v]) => `${k}=${v}`).join('; '), ...headers },
    signal: abort.signal,
  });
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  let done = false;
  const events: { event: string; id: string | null; data: string }[] = [];
  async function next(match: (e: { event: string; id: string | null; data: string }) => boolean) {
    for (;;) {
      const i = events.findIndex(match);
      if (i >= 0) return events.splice(0, i + 1)[i]!;
      if (done) throw new Error('the stream ended');
      const chunk = await reader.read();
      if (chunk.done) done = true;
      buffer += decoder.decode(chunk.value ?? new Uint8Array(), { stream: !chunk.done });
      let end = buffer.indexOf('\n\n');
      while (end >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const fields = Object.fromEntries(block.split('\n').filter((l) => !l.startsWith(':') && l.includes(':')).map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1).trimStart()]));
        if (fields.event || fields.data) events.push({ event: fields.event ?? 'message', id: fields.id ?? null, data: fields.data ?? '' });
        end = buffer.indexOf('\n\n');
      }
    }
  }
  async function ended() {
    while (!done) done = (await reader.read()).done;
    return true;
  }
  return { res, next, ended, close: () => abort.abort() };
}

describe('the live stream', () => {
  it('sends each contribution and seat change as it is committed, to everyone following', async () => {
    const id = await openDebate(3);
    const [a] = people;
    const watcher = await openStream(member, `/api/v1/debates/${id}/events?after=0`);
    expect(watcher.res.status).toBe(200);
    expect(watcher.res.headers.get('content-type')).toContain('text/event-stream');
    const opened = await watcher.next((e) => e.event === 'entry');
    expect(JSON.parse(opened.data)).toMatchObject({ seq: 1, kind: 'opened' });
    expect(opened.id).toBe('1');
    await watcher.next((e) => e.event === 'seats');
    await a!.client.request('PUT', `/api/v1/debates/${id}/seat`);
    const joined = await watcher.next((e) => e.event === 'entry');
    expect(JSON.parse(joined.data)).toMatchObject({ kind: 'joined', name: a!.person.name, seatNo: 1 });
    const seats = await watcher.next((e) => e.event === 'seats');
    expect(JSON.parse(seats.data).seats[0]).toMatchObject({ seatNo: 1, name: a!.person.name });
    await a!.client.post(`/api/v1/debates/${id}/contributions`, { body: 'Live <b>words</b>' });
    const speech = await watcher.next((e) => e.event === 'entry');
    expect(JSON.parse(speech.data)).toMatchObject({ kind: 'speech', body: 'Live <b>words</b>', name: a!.person.name });
    // Left open on purpose: closing the server (afterAll) must end it rather than wait for it.
    expect(watcher.res.bodyUsed).toBe(true);
  });

  it('resumes after the last event a reconnecting browser saw (Last-Event-ID), and ends when the debate closes', async () => {
    const id = await openDebate(3);
    await member.post(`/api/v1/debates/${id}/contributions`, { body: 'first' });
    await member.post(`/api/v1/debates/${id}/contributions`, { body: 'second' });
    const again = await openStream(member, `/api/v1/debates/${id}/events`, { 'last-event-id': '2' });
    const first = await again.next((e) => e.event === 'entry');
    expect(JSON.parse(first.data)).toMatchObject({ seq: 3, body: 'second' });
    await coordinator.post(`/api/v1/debates/${id}/close`);
    expect(JSON.parse((await again.next((e) => e.event === 'entry')).data).kind).toBe('closed');
    await again.next((e) => e.event === 'closed');
    expect(await again.ended()).toBe(true);
    // A closed debate's stream sends what is left and ends at once.
    const late = await openStream(member, `/api/v1/debates/${id}/events?after=3`);
    await late.next((e) => e.event === 'closed');
    expect(await late.ended()).toBe(true);
  });

  it('refuses a person more than 10 streams at once, and frees a place when one ends', async () => {
    const id = await openDebate(3);
    const tabs = await Promise.all(Array.from({ length: 10 }, () => openStream(people[4]!.client, `/api/v1/debates/${id}/events`)));
    expect(tabs.map((t) => t.res.status)).toEqual(Array(10).fill(200));
    const more = await people[4]!.client.get(`/api/v1/debates/${id}/events`);
    expect(more.status).toBe(429);
    expect(more.body.code).toBe('rate_limited');
    expect((await openStream(people[3]!.client, `/api/v1/debates/${id}/events`)).res.status).toBe(200);
    await coordinator.post(`/api/v1/debates/${id}/close`);
    for (const t of tabs) await t.ended();
    const again = await openStream(people[4]!.client, `/api/v1/debates/${id}/events`);
    expect(again.res.status).toBe(200);
    expect(await again.ended()).toBe(true);
  });

  it('is for people of the debate’s network only', async () => {
    const id = await openDebate(3);
    expect((await memberB.get(`/api/v1/debates/${id}/events`)).status).toBe(404);
    expect((await new Client(server.url).get(`/api/v1/debates/${id}/events`)).status).toBe(401);
    expect((await member.get(`/api/v1/debates/${newId()}/events`)).status).toBe(404);
  });
});

describe('pages', () => {
  it('schedule a debate from the form, with errors by the fields', async () => {
    expect((await member.get('/debates/new')).status).toBe(403);
    const bad = await form(coordinator, '/debates/new', { topic: '', openingQuestions: '', seatCount: 'many', startsAt: '' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('<a href="#topic">Enter the topic, up to 200 characters</a>');
    expect(bad.text).toContain('<a href="#seatCount">Enter the number of seats, from 3 to 9</a>');
    const good = await form(coordinator, '/debates/new', { topic: 'Open data and timebanks', openingQuestions: 'Who owns the data?\nWhat can be published?', seatCount: '4', startsAt: '2026-12-02T18:30' });
    expect(good.status).toBe(303);
    const d = (await coordinator.get('/api/v1/debates')).body.items.find((x: { topic: string }) => x.topic === 'Open data and timebanks');
    expect(d).toMatchObject({ seatCount: 4, startsAt: '2026-12-02T18:30:00.000Z', openingQuestions: ['Who owns the data?', 'What can be published?'] });
  });

  it('show the seats as a labelled list, a live region, and a refresh link; every action works as a form', async () => {
    const d = await schedule(coordinator);
    const id = d.body.id;
    expect((await form(coordinator, `/debates/${id}/open`)).status).toBe(303);
    const [a] = people;
    const page = await a!.client.get(`/debates/${id}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('<ul class="seats" id="seats" aria-labelledby="seats-title">');
    expect(page.text).toContain('<span class="seat__label">Seat 1: empty</span>');
    expect(page.text).toContain('>Take seat 1</button>');
    expect(page.text).toContain('aria-live="polite"');
    expect(page.text).toContain(`<a href="/debates/${id}" id="refresh-link">Refresh to see what is new</a>`);
    expect(page.text).toContain('src="/assets/js/fishbowl.js"');
    expect((await form(a!.client, `/debates/${id}/seat`)).status).toBe(303);
    const seated = await a!.client.get(`/debates/${id}`);
    expect(seated.text).toContain(`<span class="seat__label">Seat 1: ${a!.person.name}</span>`);
    expect(seated.text).toContain('<label class="label" for="body">Speak</label>');
    expect((await form(a!.client, `/debates/${id}/contribute`, { body: 'From the page.' })).status).toBe(303);
    expect((await form(coordinator, `/debates/${id}/seats/1/mute`)).status).toBe(303);
    const muted = await form(a!.client, `/debates/${id}/contribute`, { body: 'Muted?' });
    expect(muted.status).toBe(422);
    expect(muted.text).toContain('The moderator has muted you. You may still leave your seat.');
    expect((await form(coordinator, `/debates/${id}/seats/1/unmute`)).status).toBe(303);
    const empty = await form(a!.client, `/debates/${id}/contribute`, { body: '' });
    expect(empty.status).toBe(400);
    expect(empty.text).toContain('<a href="#body">Enter what you want to say, up to 2000 characters</a>');
    expect((await form(member, `/debates/${id}/contribute`, { body: 'From outside.' })).status).toBe(303);
    const modPage = await coordinator.get(`/debates/${id}`);
    expect(modPage.text).toContain(`<option value="${world.member.id}">${world.member.name}</option>`);
    expect((await form(coordinator, `/debates/${id}/invite`, { personId: world.member.id })).status).toBe(303);
    expect((await form(coordinator, `/debates/${id}/seats/2/remove`)).status).toBe(303);
    expect((await form(a!.client, `/debates/${id}/seat/leave`)).status).toBe(303);
    expect((await form(member, `/debates/${id}/close`)).status).toBe(403);
    expect((await form(coordinator, `/debates/${id}/close`)).status).toBe(303);
    const polish = await member.get(`/debates/${id}?lang=pl`);
    expect(polish.text).toContain('Zapis debaty');
    expect((await member.get('/debates')).text).toContain('Should the council commission time credits?');
  });
});
