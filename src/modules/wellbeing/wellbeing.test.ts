// Wellbeing check-ins through the API and the pages: answered online (each question skippable),
// declined, recorded by a broker from a call; refusals that write nothing; the schedule and who is
// due; signposting prompted, never a referral; who may see the answers (and their record, export
// and erasure); and the paired change report with small numbers suppressed.
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addPerson, createWorld, memberIdOf, type PersonFixture, type World } from '../../../test/support/fixtures.ts';
import { Client, startTestServer, type TestServer } from '../../../test/support/http.ts';
import { ManualClock } from '../../lib/clock.ts';
import { newId } from '../../lib/ids.ts';
import { DEFAULT_RULES } from '../disclosure/index.ts';
import { pairedChange } from './paired.ts';
import { INSTRUMENT_VERSION } from './instrument.ts';
import { insertCheckin } from './queries.ts';

let server: TestServer;
let world: World;
const clock = new ManualClock(new Date('2026-06-15T10:00:00Z'));
const sessions = new Map<string, Client>();
const as = async (p: PersonFixture) => {
  const known = sessions.get(p.id);
  if (known) return known;
  const c = new Client(server.url);
  expect((await c.signIn(p.email!)).status).toBe(200);
  sessions.set(p.id, c);
  return c;
};
const db = () => server.database.db;
const members: Record<string, string> = {};
const url = (person: string, tb = world.north) => `/api/v1/timebanks/${tb}/members/${members[person]}/wellbeing`;
const rows = () => db().selectFrom('wellbeing_checkin').selectAll().execute();
const form = (c: Client, fields: Record<string, string>) => new URLSearchParams({ _csrf: c.csrf!, ...fields }).toString();
const postForm = (c: Client, path: string, fields: Record<string, string>) => c.request('POST', path, form(c, fields), { 'content-type': 'application/x-www-form-urlencoded' });
let dana: PersonFixture;
let pat: PersonFixture;

async function joinedOn(p: PersonFixture, day: string, timebankId = world.north) {
  members[p.id] = await memberIdOf(db(), p.id, timebankId);
  await db().updateTable('member').set({ joined_on: day }).where('id', '=', members[p.id]!).execute();
}

beforeAll(async () => {
  server = await startTestServer({ clock });
  world = await createWorld(db());
  dana = await addPerson(db(), world.networkA, { name: 'Dana Due', email: null, timebankId: world.north });
  pat = await addPerson(db(), world.networkA, { name: 'Pat Declines', email: null, timebankId: world.north });
  await joinedOn(world.member, '2026-06-10'); // the joining check-in is open
  await joinedOn(world.offline, '2026-06-01');
  await joinedOn(pat, '2026-06-01');
  await joinedOn(dana, '2026-03-15'); // 3 months today: the 3-month check-in is open
  await joinedOn(world.southMember, '2026-06-01', world.south);
});
afterAll(async () => {
  await server.close();
});

describe('answering a check-in', () => {
  it('keeps a member’s own answers online, each question skippable, answered alone', async () => {
    const mary = await as(world.member);
    const r = await mary.post(url(world.member.id), { wave: 'joining', consent: true, help: 'alone', answers: { lifeSatisfaction: 7, anxiety: 3, leftOut: 2, belonging: 'fairly_strongly' } });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ wave: 'joining', status: 'answered', signpost: false });
    const row = (await rows()).find((x) => x.person_id === world.member.id)!;
    expect(row).toMatchObject({ method: 'online', help: 'alone', recorded_by_person_id: world.member.id, life_satisfaction: 7, worthwhile: null, anxiety: 3, left_out: 2, lonely_direct: null, signpost: false, answered_on: '2026-06-15' });
    const mine = await mary.get(url(world.member.id));
    expect(mine.body.open).toBeNull();
    expect(mine.body.items[0]).toMatchObject({ wave: 'joining', recordedByName: world.member.name, answers: { lifeSatisfaction: 7, worthwhile: null, belonging: 'fairly_strongly' } });
    const audit = await db().selectFrom('audit_event').where('action', '=', 'wellbeing.checkin').selectAll().executeTakeFirstOrThrow();
    expect(JSON.stringify(audit.detail)).not.toMatch(/lifeSatisfaction|anxiety/);
  });

  it('refuses bad or incomplete check-ins with the field at fault, and writes nothing', async () => {
    const broker = await as(world.brokerNorth);
    const before = (await rows()).length;
    const refusal = async (body: unknown, status: number, path: string, person = world.offline.id) => {
      const r = await broker.post(url(person), body);
      expect(r.status, JSON.stringify(body)).toBe(status);
      expect(r.body.errors.map((e: { path: string }) => e.path)).toContain(path);
    };
    await refusal({ wave: 'joining', help: 'alone', answers: { happiness: 5 } }, 400, '/body/consent');
    await refusal({ wave: 'joining', consent: true, answers: { happiness: 5 } }, 400, '/body/help');
    await refusal({ wave: 'joining', consent: true, help: 'alone', answers: {} }, 400, '/body/answers');
    await refusal({ wave: 'joining', decline: true, answers: { happiness: 5 } }, 400, '/body/decline');
    await refusal({ wave: 'joining', consent: true, help: 'alone', answers: { happiness: 11 } }, 400, '/body/answers/happiness');
    await refusal({ wave: 'joining', consent: true, help: 'alone', answers: { lonelyDirect: 'always' } }, 400, '/body/answers/lonelyDirect');
    // The 3-month check-in opens four weeks before its day: not yet.
    await refusal({ wave: 'm3', consent: true, help: 'alone', answers: { happiness: 5 } }, 422, '/body/wave');
    // Mary's joining check-in is done.
    await refusal({ wave: 'joining', consent: true, help: 'alone', answers: { happiness: 5 } }, 409, '/body/wave', world.member.id);
    expect((await rows()).length).toBe(before);
  });

  it('records a whole check-in declined, keeping no answers', async () => {
    const broker = await as(world.brokerNorth);
    const r = await broker.post(url(pat.id), { wave: 'joining', decline: true });
    expect(r.body).toMatchObject({ status: 'declined', signpost: false });
    const row = (await rows()).find((x) => x.person_id === pat.id)!;
    expect(row).toMatchObject({ status: 'declined', help: null, life_satisfaction: null, anxiety: null, method: 'call', recorded_by_person_id: world.brokerNorth.id });
  });
});

describe('signposting and the schedule', () => {
  it('flags a high anxiety answer by proxy from a call for the brokers, tells them, and refers nobody', async () => {
    const broker = await as(world.brokerNorth);
    const r = await broker.post(url(world.offline.id), { wave: 'joining', consent: true, help: 'proxy', answers: { anxiety: 6, lonelyDirect: 'some_of_the_time' } });
    expect(r.body).toMatchObject({ signpost: true });
    const row = (await rows()).find((x) => x.person_id === world.offline.id)!;
    expect(row).toMatchObject({ method: 'call', help: 'proxy', recorded_by_person_id: world.brokerNorth.id, signpost: true, signposting_at: null });
    const told = await db().selectFrom('notification').where('kind', '=', 'wellbeing_signpost').selectAll().execute();
    expect(told.map((n) => n.recipient_person_id)).toEqual([world.brokerNorth.id]);
    expect(Object.keys(told[0]!.payload as object).sort()).toEqual(['memberId', 'personName']);
    // "Often or always" lonely, with a low anxiety, flags too.
    const d = await broker.post(url(dana.id), { wave: 'm3', consent: true, help: 'with_help', answers: { anxiety: 0, lonelyDirect: 'often_always' } });
    expect(d.body).toMatchObject({ wave: 'm3', signpost: true });
    // Never a referral: nothing is arranged for the member.
    expect(await db().selectFrom('exchange').selectAll().execute()).toEqual([]);
    expect(await db().selectFrom('listing').selectAll().execute()).toEqual([]);
  });

  it('lists the signposting flags for the brokers until a broker records the call', async () => {
    const broker = await as(world.brokerNorth);
    const due = await broker.get(`/api/v1/timebanks/${world.north}/wellbeing/due`);
    expect(due.body.signposts.map((s: { name: string }) => s.name).sort()).toEqual([dana.name, world.offline.name].sort());
    const id = due.body.signposts.find((s: { name: string }) => s.name === world.offline.name).id;
    const done = await broker.post(`/api/v1/timebanks/${world.north}/wellbeing/checkins/${id}/signposting`, { outcome: 'declined' });
    expect(done.body).toEqual({ id, outcome: 'declined' });
    expect((await rows()).find((x) => x.id === id)).toMatchObject({ signposting_outcome: 'declined', signposting_by_person_id: world.brokerNorth.id });
    const after = await broker.get(`/api/v1/timebanks/${world.north}/wellbeing/due`);
    expect(after.body.signposts.map((s: { name: string }) => s.name)).toEqual([dana.name]);
    expect((await broker.post(`/api/v1/timebanks/${world.north}/wellbeing/checkins/${id}/signposting`, { outcome: 'offered' })).status).toBe(409);
    const mary = (await rows()).find((x) => x.person_id === world.member.id)!;
    expect((await broker.post(`/api/v1/timebanks/${world.north}/wellbeing/checkins/${mary.id}/signposting`, { outcome: 'offered' })).status).toBe(409);
  });

  it('shows brokers who is due which check-in, within its window, and nobody else', async () => {
    const newcomer = await addPerson(db(), world.networkA, { name: 'Nell Newcomer', email: null, timebankId: world.north });
    await joinedOn(newcomer, '2026-07-10'); // opens four weeks before joining: from 12 June
    const late = await addPerson(db(), world.networkA, { name: 'Len Late', email: null, timebankId: world.north });
    await joinedOn(late, '2026-03-01'); // the 3-month day was 1 June: open until 13 July
    const broker = await as(world.brokerNorth);
    const due = await broker.get(`/api/v1/timebanks/${world.north}/wellbeing/due`);
    expect(due.body.items.map((i: { name: string; wave: string; dueOn: string; closesOn: string }) => [i.name, i.wave, i.dueOn, i.closesOn])).toEqual([
      [late.name, 'm3', '2026-06-01', '2026-07-13'],
      [newcomer.name, 'joining', '2026-07-10', '2026-08-21'],
    ]);
    expect((await (await as(world.member)).get(`/api/v1/timebanks/${world.north}/wellbeing/due`)).status).toBe(403);
  });
});

describe('who sees the answers', () => {
  it('shows them to the member and to staff of their timebank, never to a commissioner, an admin or another timebank', async () => {
    expect((await (await as(world.coordinatorNorth)).get(url(world.member.id))).status).toBe(200);
    for (const p of [world.commissioner, world.admin, world.southMember]) expect((await (await as(p)).get(url(world.member.id))).status).toBe(404);
    expect((await (await as(world.southMember)).post(url(world.member.id), { wave: 'joining', decline: true })).status).toBe(404);
  });

  it('puts them in the member’s record and export, and erasure removes them', async () => {
    const mary = await as(world.member);
    const record = await mary.get(`/api/v1/people/${world.member.id}/record`);
    expect(record.body.wellbeing).toEqual([expect.objectContaining({ wave: 'joining', method: 'online', answers: expect.objectContaining({ lifeSatisfaction: 7, worthwhile: null }) })]);
    const page = await mary.get('/me');
    expect(page.text).toContain('My wellbeing check-ins');
    expect(page.text).toContain('Overall, how satisfied are you with your life nowadays?');
    const res = await fetch(new URL(`/api/v1/people/${world.member.id}/export`, server.url), { headers: { cookie: [...mary.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } });
    const files = unzipSync(new Uint8Array(await res.arrayBuffer()));
    expect(JSON.parse(strFromU8(files['wellbeing.json']!))).toEqual([expect.objectContaining({ wave: 'joining', answers: expect.objectContaining({ anxiety: 3 }) })]);
    const coordinator = await as(world.coordinatorNorth);
    const erased = await coordinator.post(`/api/v1/people/${world.member.id}/erase`, { reason: 'Asked to be forgotten', confirmName: world.member.name });
    expect(erased.status).toBe(200);
    expect((await rows()).filter((x) => x.person_id === world.member.id)).toEqual([]);
  });
});

/** A member (of South unless told) with answers at joining and at 3 months. */
async function pair(i: number, before: Record<string, number | null>, after: Record<string, number | null>, timebankId = world.south) {
  const p = await addPerson(db(), world.networkA, { name: `Paired ${i}`, email: null, timebankId });
  const memberId = await memberIdOf(db(), p.id, timebankId);
  for (const [wave, a] of [
    ['joining', before],
    ['m3', after],
  ] as const) {
    await insertCheckin(db(), {
      network_id: world.networkA,
      id: newId(),
      timebank_id: timebankId,
      member_id: memberId,
      person_id: p.id,
      wave,
      status: 'answered',
      instrument_version: INSTRUMENT_VERSION,
      answered_on: '2026-01-01',
      method: 'online',
      help: 'alone',
      life_satisfaction: a.life ?? null,
      worthwhile: null,
      happiness: null,
      anxiety: a.anxiety ?? null,
      lonely_direct: null,
      lack_companionship: null,
      left_out: null,
      isolated: null,
      belonging: null,
      favours: null,
      recorded_at: clock.now(),
      recorded_by_person_id: p.id,
    });
  }
}


describe('the paired change report', () => {
  it('shows means, n and bands of the same people, suppressing small cells so none can be worked out', async () => {
    // 24 people: 12 at 4 then (2 at 5, 10 at 7); 12 at 7 then 9. Nine of them answered anxiety: 6 then 2.
    for (let i = 0; i < 24; i++) {
      const before = i < 12 ? 4 : 7;
      const after = i < 2 ? 5 : i < 12 ? 7 : 9;
      await pair(i, { life: before, anxiety: i < 9 ? 6 : null }, { life: after, anxiety: i < 9 ? 2 : null });
    }
    const r = await (await as(world.commissioner)).get(`/api/v1/reports/wellbeing/paired-change?timebankId=${world.south}&after=m3`);
    expect(r.status).toBe(200);
    const life = r.body.numeric.find((m: { measure: string }) => m.measure === 'life_satisfaction');
    // Before 132/24 = 5.50, after 188/24 = 7.83, change 56/24 = 2.33.
    expect(life).toMatchObject({ n: { value: 24, suppressed: false }, meanBefore: 5.5, meanAfter: 7.83, meanChange: 2.33 });
    const band = (b: string) => life.bands.find((x: { band: string }) => x.band === b);
    expect(band('low').before).toEqual({ value: 12, suppressed: false });
    expect(band('high').before).toEqual({ value: 12, suppressed: false });
    // After: medium 2 is suppressed, and so is high (10), else 24 - 0 - 12 would give medium away.
    expect(band('medium').after).toEqual({ value: null, suppressed: true });
    expect(band('high').after).toEqual({ value: null, suppressed: true });
    expect(band('very_high').after).toEqual({ value: 12, suppressed: false });
    expect(band('low').after).toEqual({ value: 0, suppressed: false });
    // Anxiety: 9 people, so no mean and no count.
    const anxiety = r.body.numeric.find((m: { measure: string }) => m.measure === 'anxiety');
    expect(anxiety).toMatchObject({ n: { value: null, suppressed: true }, meanBefore: null, meanAfter: null, meanChange: null });
    expect(r.body.benchmark).toMatchObject({ period: 'April 2022 to March 2023', lifeSatisfaction: 7.45, reference: true });
    expect(JSON.stringify(r.body)).not.toContain('Paired');
    expect((await (await as(world.brokerNorth)).get(`/api/v1/reports/wellbeing/paired-change?timebankId=${world.south}`)).status).toBe(403);
  });

  it('hides the bands of fewer than 10 people, and a second band so the first cannot be worked out from n', () => {
    // 25 pairs answering "belonging" before: 12, 3, 10 and 0 across the four options.
    const answers = [...Array(12).fill('very_strongly'), ...Array(3).fill('fairly_strongly'), ...Array(10).fill('not_very_strongly')];
    const pairs = answers.map((b) => ({ before: { belonging: b }, after: { belonging: 'very_strongly' } }));
    const belonging = pairedChange(pairs, DEFAULT_RULES).categorical.find((c) => c.measure === 'belonging')!;
    expect(belonging.n.value).toBe(25);
    const before = Object.fromEntries(belonging.options.map((o) => [o.option, o.before.value]));
    expect(before.fairly_strongly).toBeNull();
    // one more is hidden besides the 3, so 25 - 12 - 10 cannot give it away
    expect(Object.values(before).filter((v) => v === null)).toHaveLength(2);
  });
});

describe('the pages', () => {
  it('asks a member the questions with "prefer not to answer", and shows errors beside the fields in English and Polish', async () => {
    const southMember = await as(world.southMember);
    const page = await southMember.get('/wellbeing/check-in');
    expect(page.status).toBe(200);
    expect(page.text).toContain('Overall, how anxious did you feel yesterday?');
    expect(page.text).toContain('Prefer not to answer');
    const bad = await postForm(southMember, '/wellbeing/check-in?lang=pl', { wave: 'joining', lifeSatisfaction: '8', help: 'alone' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('id="consent-error"');
    expect(bad.text).toContain('Zaznacz zgodę na przechowywanie odpowiedzi albo odmów ankiety');
    expect(bad.text).toContain('Jak często czuje się Pan/Pani samotny/samotna?');
    expect(bad.text).toMatch(/id="lifeSatisfaction-8"[^>]*checked|checked=""[^>]*id="lifeSatisfaction-8"/);
    const ok = await postForm(southMember, '/wellbeing/check-in?lang=en', { wave: 'joining', lifeSatisfaction: '8', help: 'alone', consent: 'yes' });
    expect(ok.status).toBe(303);
    expect((await rows()).find((x) => x.person_id === world.southMember.id)).toMatchObject({ life_satisfaction: 8, anxiety: null, method: 'online' });
  });

  it('gives brokers the list with the flag and a form to record a check-in from a call', async () => {
    const broker = await as(world.brokerNorth);
    const due = await broker.get(`/timebanks/${world.north}/wellbeing/due`);
    expect(due.status).toBe(200);
    expect(due.text).toContain('class="flag"');
    expect(due.text).toContain(dana.name);
    expect(due.text).toContain('Record from a call');
    const call = await broker.get(`/timebanks/${world.north}/wellbeing/call?memberId=${members[dana.id] ?? ''}`);
    expect(call.status).toBe(200);
    expect(call.text).toContain(`Wellbeing check-in for ${dana.name}`);
    // Nell's joining check-in, from a call: answered with help, kept as recorded by the broker.
    const nell = (await db().selectFrom('person').where('display_name', '=', 'Nell Newcomer').select('id').executeTakeFirstOrThrow()).id;
    const bad = await postForm(broker, `/timebanks/${world.north}/wellbeing/call`, { memberId: members[nell]!, wave: 'joining', consent: 'yes', happiness: '9' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('Choose how the questions were answered');
    const saved = await postForm(broker, `/timebanks/${world.north}/wellbeing/call`, { memberId: members[nell]!, wave: 'joining', consent: 'yes', help: 'with_help', happiness: '9', isolated: '3' });
    expect(saved.status).toBe(303);
    expect((await rows()).find((x) => x.person_id === nell)).toMatchObject({ method: 'call', help: 'with_help', happiness: 9, isolated: 3, recorded_by_person_id: world.brokerNorth.id });
    // The flag's form records the call, and the flag leaves the list.
    const flagged = (await rows()).find((x) => x.person_id === dana.id)!;
    const called = await postForm(broker, `/timebanks/${world.north}/wellbeing/checkins/${flagged.id}/signposting`, { outcome: 'not_reached' });
    expect(called.status).toBe(303);
    expect((await broker.get(`/timebanks/${world.north}/wellbeing/due`)).text).not.toContain('class="flag"');
    const report = await (await as(world.commissioner)).get(`/timebanks/${world.south}/wellbeing/report?after=m3`);
    expect(report.text).toContain('suppressed');
    expect(report.text).toContain('reference values for the whole population');
  });
});

describe('the paired change page over the whole network', () => {
  it('lets network admins and the network’s commissioners choose the whole network, with the network’s floor', async () => {
    // South has 24 pairs at 3 months (above); North gets 6 (5 then 6): too few alone, counted in the network's 30.
    for (let i = 0; i < 6; i++) await pair(100 + i, { life: 5 }, { life: 6 }, world.north);
    const admin = await as(world.admin);
    const page = await admin.get('/wellbeing/report?after=m3');
    expect(page.status).toBe(200);
    expect(page.text).toContain('Wellbeing change in The whole network');
    expect(page.text).toMatch(/<option value="" selected="">The whole network<\/option>/);
    expect(page.text).toContain(`<option value="${world.north}">`);
    expect(page.text).toContain('the network’s own thresholds apply');
    // Life satisfaction over 30 people: before (132 + 30) / 30 = 5.40, after (188 + 36) / 30 = 7.47.
    expect(page.text).toMatch(/<td>30<\/td><td>5\.40<\/td><td>7\.47<\/td><td>2\.07<\/td>/);
    const api = await admin.get('/api/v1/reports/wellbeing/paired-change?after=m3');
    expect(api.body.numeric.find((m: { measure: string }) => m.measure === 'life_satisfaction')).toMatchObject({ n: { value: 30 }, meanChange: 2.07 });
    // North alone: 6 people, nothing shown. The commissioner of the network may pick it.
    const commissioner = await as(world.commissioner);
    const north = await commissioner.get(`/wellbeing/report?timebankId=${world.north}&after=m3`);
    expect(north.status).toBe(200);
    expect(north.text).toContain('<option value="">The whole network</option>');
    expect(north.text).toContain(`<option value="${world.north}" selected="">`);
    expect(north.text).toMatch(/<td>suppressed<\/td><td>–<\/td><td>–<\/td><td>–<\/td>/);
    expect(north.text).not.toContain('the network’s own thresholds apply');
    // The network's floor raised to 40: the network's 30 are now too few.
    expect((await admin.request('PUT', '/api/v1/network/report-settings', { countMin: 5, wellbeingMin: 40, meanMinPeople: 10 })).status).toBe(200);
    const raised = await commissioner.get('/wellbeing/report?after=m3');
    expect(raised.text).toContain('fewer than 40 people');
    expect(raised.text).not.toMatch(/<td>30<\/td>/);
    expect((await admin.request('PUT', '/api/v1/network/report-settings', { countMin: 5, wellbeingMin: 10, meanMinPeople: 10 })).status).toBe(200);
  });

  it('offers a coordinator only their timebank, and refuses the whole network to them and to brokers', async () => {
    const coordinator = await as(world.coordinatorNorth);
    const own = await coordinator.get(`/wellbeing/report?timebankId=${world.north}&after=m3`);
    expect(own.status).toBe(200);
    expect(own.text).not.toContain('The whole network');
    expect(own.text).toContain(`<input type="hidden" name="timebankId" value="${world.north}"/>`);
    expect((await coordinator.get('/wellbeing/report?after=m3')).status).toBe(403);
    expect((await coordinator.get(`/wellbeing/report?timebankId=${world.south}`)).status).toBe(403);
    expect((await (await as(world.brokerNorth)).get('/wellbeing/report')).status).toBe(403);
    expect((await coordinator.get('/wellbeing/report?timebankId=not-a-uuid')).status).toBe(404);
  });
});
