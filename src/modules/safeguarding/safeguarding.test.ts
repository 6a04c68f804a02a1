// Safeguarding checks over real HTTP: who may see them, the access log of every read, the
// number sealed at rest, and each kind of bad input refused with its field path.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addPerson, createWorld, type World } from '../../../test/support/fixtures.ts';
import { type Client, startTestServer, type TestServer } from '../../../test/support/http.ts';
import { testConfig } from '../../config.ts';
import { systemClock } from '../../lib/clock.ts';
import { createSecretBox } from '../../lib/secretbox.ts';
import { addDays, addYears, isoDay } from './subject.ts';
import { createSafeguarding, validChecksOf } from './service.ts';
import { memberIdOf as memberIdIn, signedIn as signIn } from './test-helpers.ts';

let server: TestServer;
let world: World;
const today = isoDay(new Date());
const NUMBER = '1234567890123456';

const signedIn = (email: string | null) => signIn(server, email);
const memberIdOf = (personId: string, timebankId: string) => memberIdIn(server.database.db, personId, timebankId);
const views = (subject: string) =>
  server.database.db.selectFrom('safeguarding_view').where('subject_person_id', '=', subject).selectAll().orderBy('at').orderBy('id').execute();
const checkCount = async () => Number((await server.database.db.selectFrom('safeguarding_check').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

let broker: Client;
let mary: string;
let marysPath: string;

const pvg = (extra: Record<string, unknown> = {}) => ({
  scheme: 'pvg',
  level: 'pvg_level_2',
  workforce: 'adults',
  roleTitle: 'Befriender',
  regulatedWork: true,
  number: NUMBER,
  issuedOn: addDays(today, -100),
  decision: 'cleared',
  decidedByPersonId: world.coordinatorNorth.id,
  ...extra,
});

beforeAll(async () => {
  server = await startTestServer();
  world = await createWorld(server.database.db);
  broker = await signedIn(world.brokerNorth.email);
  mary = await memberIdOf(world.member.id, world.north);
  marysPath = `/api/v1/timebanks/${world.north}/members/${mary}/safeguarding`;
});
afterAll(async () => {
  await server.close();
});

describe('recording and reading checks', () => {
  let checkId: string;

  it('records a PVG check with a five-year review and shows the number only masked', async () => {
    const r = await broker.post(`${marysPath}/checks`, pvg());
    expect(r.status).toBe(201);
    checkId = r.body.id;
    expect(r.body.reviewOn).toBe(addYears(addDays(today, -100), 5));
    const list = await broker.get(marysPath);
    expect(list.status).toBe(200);
    expect(list.body.checks).toHaveLength(1);
    expect(list.body.checks[0]).toMatchObject({
      scheme: 'pvg',
      level: 'pvg_level_2',
      numberMasked: '••••••••••••3456',
      decision: 'cleared',
      decidedBy: { personId: world.coordinatorNorth.id, name: world.coordinatorNorth.name },
      decidedOn: today,
    });
    expect(list.text).not.toContain(NUMBER);
  });

  it('keeps the number sealed at rest: nowhere in the table as plain text', async () => {
    const rows = await sql<{ row: string }>`select t::text as row from safeguarding_check t`.execute(server.database.db);
    expect(rows.rows.length).toBeGreaterThan(0);
    for (const r of rows.rows) expect(r.row).not.toContain(NUMBER);
    const audit = await sql<{ row: string }>`select t::text as row from audit_event t`.execute(server.database.db);
    for (const r of audit.rows) expect(r.row).not.toContain(NUMBER);
  });

  it('reveals the full number on an explicit request, and logs the reveal', async () => {
    const before = (await views(world.member.id)).length;
    const r = await broker.post(`${marysPath}/checks/${checkId}/reveal`);
    expect(r.status).toBe(200);
    expect(r.body.number).toBe(NUMBER);
    const after = await views(world.member.id);
    expect(after).toHaveLength(before + 1);
    expect(after.at(-1)).toMatchObject({ viewer_person_id: world.brokerNorth.id, view: 'reveal_number', check_id: checkId, timebank_id: world.north });
  });

  it('writes an access-log row for every read of the checks', async () => {
    const coord = await signedIn(world.coordinatorNorth.email);
    const before = (await views(world.member.id)).length;
    expect((await broker.get(marysPath)).status).toBe(200);
    expect((await coord.get(marysPath)).status).toBe(200);
    const after = await views(world.member.id);
    expect(after).toHaveLength(before + 2);
    expect(after.slice(-2).map((v) => [v.viewer_person_id, v.view])).toEqual([
      [world.brokerNorth.id, 'member_checks'],
      [world.coordinatorNorth.id, 'member_checks'],
    ]);
  });

  it('replaces the metadata and keeps the number when none is sent', async () => {
    const { number: _n, ...noNumber } = pvg({ roleTitle: 'Driver', reviewOn: addDays(today, 400) });
    const r = await broker.request('PUT', `${marysPath}/checks/${checkId}`, noNumber);
    expect(r.status).toBe(200);
    expect(r.body.reviewOn).toBe(addDays(today, 400));
    const revealed = await broker.post(`${marysPath}/checks/${checkId}/reveal`);
    expect(revealed.body.number).toBe(NUMBER);
    const record = await broker.get(`/api/v1/people/${world.member.id}`);
    expect(record.body.history.map((h: { action: string }) => h.action)).toContain('safeguarding.check.update');
  });

  it('records the Disclosure Scotland "stopped doing regulated work" notice once, by whom and when', async () => {
    const future = await broker.post(`${marysPath}/checks/${checkId}/stopped-notice`, { sentOn: addDays(today, 1) });
    expect(future.status).toBe(400);
    expect(future.body.errors).toEqual([{ path: '/body/sentOn', message: 'must not be in the future' }]);
    const ok = await broker.post(`${marysPath}/checks/${checkId}/stopped-notice`, { sentOn: today });
    expect(ok.status).toBe(200);
    const again = await broker.post(`${marysPath}/checks/${checkId}/stopped-notice`, { sentOn: today });
    expect(again.status).toBe(409);
    const list = await broker.get(marysPath);
    expect(list.body.checks[0].stoppedNotice).toEqual({ sentOn: today, byName: world.brokerNorth.name });
  });

  it('refuses the notice on a DBS check', async () => {
    const dbs = await broker.post(`${marysPath}/checks`, { ...pvg(), scheme: 'dbs', level: 'enhanced_barred', number: undefined });
    expect(dbs.status).toBe(201);
    const r = await broker.post(`${marysPath}/checks/${dbs.body.id}/stopped-notice`, { sentOn: today });
    expect(r.status).toBe(422);
    expect(r.body.code).toBe('not_pvg_regulated_work');
    expect(r.body.errors[0].path).toBe('/params/checkId');
  });
});

describe('review dates by default', () => {
  it('gives a DBS check three years, and one on the Update Service a year from its last status check', async () => {
    const issuedOn = addDays(today, -30);
    const plain = await broker.post(`${marysPath}/checks`, { ...pvg(), scheme: 'dbs', level: 'enhanced', issuedOn });
    expect(plain.body.reviewOn).toBe(addYears(issuedOn, 3));
    const checkedOn = addDays(today, -5);
    const updated = await broker.post(`${marysPath}/checks`, {
      ...pvg(),
      scheme: 'dbs',
      level: 'enhanced',
      issuedOn,
      updateService: true,
      statusCheckedOn: checkedOn,
      statusCheckResult: 'current',
    });
    expect(updated.body.reviewOn).toBe(addYears(checkedOn, 1));
  });
});

describe('bad input', () => {
  const cases: [string, Record<string, unknown>, string][] = [
    ['an issue date in the future', { issuedOn: addDays(today, 1) }, '/body/issuedOn'],
    ['a review before the issue date', { reviewOn: addDays(today, -200) }, '/body/reviewOn'],
    ['a review on the issue date', { reviewOn: addDays(today, -100) }, '/body/reviewOn'],
    ['a decision without its decider', { decidedByPersonId: undefined }, '/body/decidedByPersonId'],
    ['a decider without a decision', { decision: undefined }, '/body/decision'],
    ['a decision dated in the future', { decidedOn: addDays(today, 2) }, '/body/decidedOn'],
    ['a decider who is not staff of the timebank', { decidedByPersonId: 'the member' }, '/body/decidedByPersonId'],
    ['a PVG level on a DBS check', { scheme: 'dbs' }, '/body/level'],
    ['a DBS level on a PVG check', { level: 'enhanced' }, '/body/level'],
    ['the Update Service on a PVG check', { updateService: true }, '/body/updateService'],
    ['a status check without the Update Service', { scheme: 'dbs', level: 'basic', statusCheckedOn: today, statusCheckResult: 'current' }, '/body/statusCheckedOn'],
    [
      'a status check before the issue date',
      { scheme: 'dbs', level: 'basic', updateService: true, statusCheckedOn: addDays(today, -101), statusCheckResult: 'current' },
      '/body/statusCheckedOn',
    ],
    ['a status check with no result', { scheme: 'dbs', level: 'basic', updateService: true, statusCheckedOn: today }, '/body/statusCheckResult'],
    ['an unknown scheme', { scheme: 'garda' }, '/body/scheme'],
    ['a number with odd characters', { number: '12<script>' }, '/body/number'],
    ['an impossible date', { issuedOn: '2025-02-30' }, '/body/issuedOn'],
    ['a certificate upload (an unknown field)', { certificateScan: 'data:application/pdf;base64,JVBERi0x' }, '/body/certificateScan'],
  ];

  for (const [what, change, path] of cases) {
    it(`refuses ${what}, naming ${path}, and writes nothing`, async () => {
      const body = pvg(change);
      if (body.decidedByPersonId === 'the member') body.decidedByPersonId = world.member.id;
      const before = await checkCount();
      const r = await broker.post(`${marysPath}/checks`, body);
      expect(r.status).toBe(400);
      expect(r.body.errors.map((e: { path: string }) => e.path)).toContain(path);
      expect(await checkCount()).toBe(before);
    });
  }
});

describe('who may see checks', () => {
  it("does not let a member read another member's checks, or their own in full", async () => {
    const member = await signedIn(world.member.email);
    const olive = await memberIdOf(world.offline.id, world.north);
    expect((await member.get(`/api/v1/timebanks/${world.north}/members/${olive}/safeguarding`)).status).toBe(404);
    expect((await member.get(marysPath)).status).toBe(404);
    const add = await member.post(`${marysPath}/checks`, pvg());
    expect(add.status).toBe(404);
  });

  it('answers 404 to a broker of another timebank, another network, a network admin and a commissioner', async () => {
    for (const who of [world.southMember, world.admin, world.commissioner, world.brokerB]) {
      const c = await signedIn(who.email);
      const r = await c.get(marysPath);
      expect(r.status, who.name).toBe(404);
    }
    const south = await memberIdOf(world.southMember.id, world.south);
    expect((await broker.get(`/api/v1/timebanks/${world.south}/members/${south}/safeguarding`)).status).toBe(404);
    expect((await broker.get(`/api/v1/timebanks/${world.north}/members/${south}/safeguarding`)).status).toBe(404);
    const brokerB = await signedIn(world.brokerB.email);
    expect((await brokerB.get(`/api/v1/timebanks/${world.bTimebank}/safeguarding/reviews-due`)).status).toBe(200);
    expect((await brokerB.get(`/api/v1/timebanks/${world.north}/safeguarding/reviews-due`)).status).toBe(404);
  });

  it('shows a member a summary of their own checks, and who viewed their data when', async () => {
    const member = await signedIn(world.member.email);
    const summary = await member.get(`/api/v1/people/${world.member.id}/safeguarding-summary`);
    expect(summary.status).toBe(200);
    expect(summary.body.items[0]).toEqual({ timebankName: 'North', scheme: expect.any(String), level: expect.any(String), decision: 'cleared', reviewOn: expect.any(String) });
    expect(summary.text).not.toContain('3456');
    const seen = await member.get(`/api/v1/people/${world.member.id}/safeguarding-views`);
    expect(seen.status).toBe(200);
    const viewers = new Set(seen.body.items.map((i: { viewerName: string }) => i.viewerName));
    expect(viewers).toContain(world.brokerNorth.name);
    expect(viewers).toContain(world.coordinatorNorth.name);
    expect(seen.body.items.some((i: { view: string }) => i.view === 'reveal_number')).toBe(true);
  });

  it("keeps a person's summary and view log from everyone else, brokers included", async () => {
    for (const c of [broker, await signedIn(world.southMember.email)]) {
      expect((await c.get(`/api/v1/people/${world.member.id}/safeguarding-summary`)).status).toBe(404);
      expect((await c.get(`/api/v1/people/${world.member.id}/safeguarding-views`)).status).toBe(404);
    }
  });
});

describe('reviews due', () => {
  it('lists checks due within 30 days and overdue ones, not later ones, and logs each person listed', async () => {
    const olive = await memberIdOf(world.offline.id, world.north);
    const olivePath = `/api/v1/timebanks/${world.north}/members/${olive}/safeguarding/checks`;
    const base = { ...pvg(), scheme: 'dbs', level: 'enhanced', issuedOn: addDays(today, -1500) };
    const overdue = await broker.post(olivePath, { ...base, reviewOn: addDays(today, -3) });
    const soon = await broker.post(olivePath, { ...base, reviewOn: addDays(today, 10) });
    const later = await broker.post(olivePath, { ...base, reviewOn: addDays(today, 60) });
    expect([overdue.status, soon.status, later.status]).toEqual([201, 201, 201]);
    const before = (await views(world.offline.id)).length;
    const r = await broker.get(`/api/v1/timebanks/${world.north}/safeguarding/reviews-due`);
    expect(r.status).toBe(200);
    const ids = r.body.items.map((i: { checkId: string }) => i.checkId);
    expect(ids).toContain(overdue.body.id);
    expect(ids).toContain(soon.body.id);
    expect(ids).not.toContain(later.body.id);
    expect(r.body.items.find((i: { checkId: string }) => i.checkId === overdue.body.id).overdue).toBe(true);
    expect(ids.indexOf(overdue.body.id)).toBeLessThan(ids.indexOf(soon.body.id));
    const after = await views(world.offline.id);
    expect(after).toHaveLength(before + 1);
    expect(after.at(-1)?.view).toBe('reviews_due');
    const member = await signedIn(world.member.email);
    expect((await member.get(`/api/v1/timebanks/${world.north}/safeguarding/reviews-due`)).status).toBe(403);
  });

  it('tells the brokers once per check and review date, with no number, level or decision', async () => {
    const db = server.database.db;
    const sweep = createSafeguarding({ db, clock: systemClock, secretBox: createSecretBox(testConfig().secretKey) });
    const due = await db.selectFrom('safeguarding_check').where('review_on', '<=', addDays(today, 30)).select(['id', 'review_on']).execute();
    const notLater = await db.selectFrom('safeguarding_check').where('review_on', '>', addDays(today, 30)).select('id').execute();
    expect(due.length).toBeGreaterThan(0);
    expect(await sweep.announceReviewsDue()).toBe(due.length);
    const sent = await db.selectFrom('notification').where('kind', '=', 'recheck_due').selectAll().execute();
    const checkIds = new Set(sent.map((n) => (n.payload as { checkId: string }).checkId));
    expect([...checkIds].sort()).toEqual(due.map((c) => c.id).sort());
    for (const c of notLater) expect(checkIds.has(c.id)).toBe(false);
    expect(sent.every((n) => n.timebank_id === world.north)).toBe(true);
    expect(sent.some((n) => n.recipient_person_id === world.brokerNorth.id)).toBe(true);
    expect(sent.some((n) => n.recipient_person_id === world.member.id || n.recipient_person_id === world.offline.id)).toBe(false);
    for (const n of sent) {
      expect(Object.keys(n.payload as object).sort()).toEqual(['checkId', 'dueOn', 'memberId', 'personId', 'personName', 'scheme']);
      expect(JSON.stringify(n.payload)).not.toContain(NUMBER.slice(-4));
    }
    // Again: nothing new. A new review date is a new announcement.
    expect(await sweep.announceReviewsDue()).toBe(0);
    const moved = due.find((c) => c.review_on !== addDays(today, 21))!;
    await db.updateTable('safeguarding_check').set({ review_on: addDays(today, 21) }).where('id', '=', moved.id).execute();
    expect(await sweep.announceReviewsDue()).toBe(1);
  });
});

describe('valid checks for matching', () => {
  it('counts only cleared checks that are issued and not yet due for review on the day', async () => {
    const db = server.database.db;
    const sam = await memberIdOf(world.southMember.id, world.south);
    const coord = await addPerson(db, world.networkA, { name: 'Cleo Coord South', timebankId: world.south, roles: [['coordinator', world.south]] });
    const c = await signedIn(coord.email);
    const path = `/api/v1/timebanks/${world.south}/members/${sam}/safeguarding/checks`;
    const cleared = await c.post(path, { ...pvg(), decidedByPersonId: coord.id, reviewOn: addDays(today, 50) });
    const refused = await c.post(path, { ...pvg(), decision: 'not_cleared', decidedByPersonId: coord.id });
    const undecided = await c.post(path, { ...pvg(), decision: undefined, decidedByPersonId: undefined });
    expect([cleared.status, refused.status, undecided.status]).toEqual([201, 201, 201]);
    const now = await validChecksOf(db, world.networkA, world.southMember.id, today);
    expect(now.map((v) => v.id)).toEqual([cleared.body.id]);
    expect(now[0]).not.toHaveProperty('number_enc');
    expect(await validChecksOf(db, world.networkA, world.southMember.id, addDays(today, 51))).toEqual([]);
    expect(await validChecksOf(db, world.networkA, world.southMember.id, addDays(today, -101))).toEqual([]);
    expect(await validChecksOf(db, world.networkA, world.southMember.id, today, world.north)).toEqual([]);
  });
});
