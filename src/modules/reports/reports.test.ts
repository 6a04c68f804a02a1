import { readFileSync } from 'node:fs';
import { inflateSync } from 'node:zlib';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addPerson, createWorld, type World } from '../../../test/support/fixtures.ts';
import { Client, startTestServer, type TestServer } from '../../../test/support/http.ts';
import type { DB } from '../../db/schema.ts';
import { ManualClock } from '../../lib/clock.ts';
import { newId } from '../../lib/ids.ts';
import { silentLogger } from '../../lib/log.ts';
import { systemActor } from '../audit/record.ts';
import { determinedEntries, type ProtectedTable, viewOfTable } from '../disclosure/index.ts';
import { createLedger } from '../ledger/service.ts';
import { insertMember } from '../people/queries.ts';
import { insertActivity } from '../activities/queries.ts';
import { insertListing } from '../listings/queries.ts';
import { insertOrganisation } from '../organisations/queries.ts';
import { insertArea } from '../tenancy/queries.ts';

// North has two areas: Harbour (eight members who exchange) and Hill (three). Five people of
// South help members of North in March. In January Harbour people 0..5 each give an hour to
// the next; the last of those is reversed in March. In February Harbour 0..6 give 90 minutes;
// on Hill, K0 gives 30 minutes in January, K1 45 and K2 20 in February.
const clock = new ManualClock(new Date('2026-01-10T10:00:00Z'));
let server: TestServer;
let world: World;
const acct = new Map<string, string>();
const memberIds = new Map<string, string>();
const clients = new Map<string, Client>();
let harbour: string;
let hill: string;

async function member(db: Kysely<DB>, name: string, timebankId: string, areaId: string | null) {
  const p = await addPerson(db, world.networkA, { name, email: null });
  const memberId = newId();
  await insertMember(db, {
    networkId: world.networkA,
    id: memberId,
    timebankId,
    personId: p.id,
    status: 'active',
    areaId,
    joinedOn: '2025-06-01',
    createdBy: null,
  });
  return memberId;
}

async function buildNetwork(db: Kysely<DB>) {
  const ledger = createLedger({ db, clock, log: silentLogger });
  const actor = systemActor(world.networkA);
  harbour = newId();
  hill = newId();
  await insertArea(db, {
    networkId: world.networkA,
    id: harbour,
    timebankId: world.north,
    name: 'Harbour',
    kind: 'town',
  });
  await insertArea(db, {
    networkId: world.networkA,
    id: hill,
    timebankId: world.north,
    name: 'Hill',
    kind: 'village',
  });
  await ledger.openTimebank(actor, { timebankId: world.north });
  await ledger.openTimebank(actor, { timebankId: world.south });
  await ledger.linkTimebanks(actor, {
    timebankIds: [world.north, world.south],
    clearingLimitMinutes: 10_000,
  });
  const people: [string, string, string | null][] = [
    ...Array.from({ length: 8 }, (_, i): [string, string, string | null] => [
      `H${i}`,
      world.north,
      harbour,
    ]),
    ...Array.from({ length: 3 }, (_, i): [string, string, string | null] => [
      `K${i}`,
      world.north,
      hill,
    ]),
    ...Array.from({ length: 5 }, (_, i): [string, string, string | null] => [
      `S${i}`,
      world.south,
      null,
    ]),
  ];
  for (const [name, tb, area] of people) {
    const m = await member(db, name, tb, area);
    memberIds.set(name, m);
    acct.set(name, (await ledger.openMemberAccount(actor, { memberId: m })).id);
  }
  const give = (from: string, to: string, minutes: number, category = 'home-garden') =>
    ledger.transfer(actor, {
      id: newId(),
      debitAccountId: acct.get(to)!,
      creditAccountId: acct.get(from)!,
      minutes,
      kind: 'exchange',
      category,
    });
  let toReverse = '';
  for (let i = 0; i <= 5; i++) toReverse = (await give(`H${i}`, `H${i + 1}`, 60)).transfers[0]!.id;
  await give('K0', 'K1', 30);
  clock.set(new Date('2026-02-10T10:00:00Z'));
  for (let i = 0; i <= 6; i++) await give(`H${i}`, `H${(i + 2) % 8}`, 90, 'transport');
  await give('K1', 'K2', 45);
  await give('K2', 'K0', 20);
  clock.set(new Date('2026-03-10T10:00:00Z'));
  for (let i = 0; i <= 4; i++) {
    await ledger.crossTimebank(actor, {
      id: newId(),
      debitAccountId: acct.get(`H${i}`)!,
      creditAccountId: acct.get(`S${i}`)!,
      minutes: 120,
      kind: 'exchange',
      category: 'transport',
    });
  }
  await ledger.reverse(actor, { id: newId(), transferId: toReverse, reason: 'recorded twice' });
}

const signedIn = async (who: keyof World) => {
  const cached = clients.get(who);
  if (cached) return cached;
  const c = new Client(server.url);
  expect((await c.signIn((world[who] as { email: string }).email)).status).toBe(200);
  clients.set(who, c);
  return c;
};

const PERIOD = 'from=2026-01-01&to=2026-03-31';

/** Every published cell equals the truth; every count of 1..4 people is hidden; nothing hidden can be solved for. */
function checkTable(t: ProtectedTable, truth: number[][], people: number[][]) {
  const flat = viewOfTable(t).entries;
  truth.flat().forEach((v, k) => {
    if (flat[k] !== null) expect(flat[k]).toBe(v);
    const n = people.flat()[k]!;
    if (n > 0 && n < 5) expect(flat[k]).toBeNull();
  });
  expect(determinedEntries(viewOfTable(t))).toEqual([]);
}

beforeAll(async () => {
  server = await startTestServer({ clock });
  world = await createWorld(server.database.db);
  await buildNetwork(server.database.db);
  await addPerson(server.database.db, world.networkA, {
    name: 'Applied One',
    email: null,
    timebankId: world.north,
    status: 'applied',
  });
  clock.set(new Date('2026-04-02T09:00:00Z'));
});
afterAll(async () => {
  await server.close();
});

describe('the reports dashboard', () => {
  it('gives a commissioner hours by month and area with Hill hidden and nothing recoverable', async () => {
    const c = await signedIn('commissioner');
    const r = await c.get(`/api/v1/reports/dashboard?timebankId=${world.north}&${PERIOD}`);
    expect(r.status).toBe(200);
    const t = r.body.tables.hoursByMonthArea as ProtectedTable;
    expect(t.rows).toEqual(['2026-01', '2026-02', '2026-03']);
    expect(t.cols).toEqual([harbour, hill, 'none']);
    // minutes and people (givers), with the margins: row totals last, then the totals row
    const truth = [
      [300, 30, 0, 330],
      [630, 65, 0, 695],
      [0, 0, 0, 0],
      [930, 95, 0, 1025],
    ];
    const people = [
      [5, 1, 0, 6],
      [7, 2, 0, 9],
      [0, 0, 0, 0],
      [7, 3, 0, 10],
    ];
    checkTable(t, truth, people);
    expect(t.cells[0]![1]).toEqual({ value: null, suppressed: true, reason: 'primary' });
    expect(t.colTotals[1]!.reason).toBe('primary');
    // Everyone is 65 to 74: Hill's 3 would be the column total less Harbour's 8, so Harbour's 8 goes too.
    const active = r.body.tables.activeByAreaAge as ProtectedTable;
    expect(active.cells[1]![4]!.reason).toBe('primary');
    expect(active.cells[0]![4]!.reason).toBe('secondary');
    const ageRow = (n: number) => [0, 0, 0, 0, n, 0, 0, n];
    checkTable(
      active,
      [ageRow(8), ageRow(3), ageRow(0), ageRow(11)],
      [ageRow(8), ageRow(3), ageRow(0), ageRow(11)],
    );
    expect(r.body.tables.flows).toBeNull();
    expect(r.body.method.join(' ')).toContain('fewer than 5 people');
    expect(JSON.stringify(r.body)).not.toMatch(/"H\d"|"K\d"/);
  });

  it('counts hours of co-produced exchanges by Co-Production Star mode and area, protected like the rest', async () => {
    // June 2023, long before the other tests' periods: five Harbour members each give 30 minutes
    // in one exchange tagged co-design and co-delivery (an hour with two modes counts in both).
    const db = server.database.db;
    const ledger = createLedger({ db, clock, log: silentLogger });
    const actor = systemActor(world.networkA);
    const together = newId();
    const now = clock.now();
    clock.set(new Date('2023-06-10T10:00:00Z'));
    try {
      for (let i = 0; i < 5; i++) {
        await ledger.transfer(actor, { id: newId(), debitAccountId: acct.get('H7')!, creditAccountId: acct.get(`H${i}`)!, minutes: 30, kind: 'exchange', category: 'home-garden', exchangeId: together });
      }
    } finally {
      clock.set(now);
    }
    const tag = (mode: 'co_design' | 'co_delivery') => ({ network_id: world.networkA, subject_kind: 'exchange' as const, subject_id: together, mode, tagged_by_person_id: world.coordinatorNorth.id });
    await db.insertInto('coproduction_tag').values([tag('co_design'), tag('co_delivery')]).execute();
    const c = await signedIn('commissioner');
    const r = await c.get(`/api/v1/reports/dashboard?timebankId=${world.north}&from=2023-06-01&to=2023-06-30`);
    expect(r.status).toBe(200);
    const t = r.body.tables.hoursByStarArea as ProtectedTable;
    expect(t.rows).toEqual(['co_commissioning', 'co_design', 'co_delivery', 'co_assessment']);
    expect(t.cols).toEqual([harbour, hill, 'none']);
    expect(t.cells[1]![0]).toEqual({ value: 150, suppressed: false, reason: null });
    expect(t.cells[2]![0]).toEqual({ value: 150, suppressed: false, reason: null });
    expect(t.cells[0]![0]).toEqual({ value: 0, suppressed: false, reason: null });
    // five people stand behind the area's total, not ten
    expect(t.colTotals[0]).toEqual({ value: 300, suppressed: false, reason: null });
    expect(determinedEntries(viewOfTable(t))).toEqual([]);
    const csv = await c.get(`/api/v1/reports/dashboard.csv?timebankId=${world.north}&from=2023-06-01&to=2023-06-30&table=hours-by-star-area`);
    expect(csv.status).toBe(200);
    expect(csv.text).toContain('Co-design');
  });

  it('shows the flows between timebanks in a network report', async () => {
    const c = await signedIn('commissioner');
    const r = await c.get(`/api/v1/reports/dashboard?${PERIOD}`);
    expect(r.status).toBe(200);
    const flows = r.body.tables.flows as ProtectedTable;
    const n = flows.rows.indexOf(world.north);
    const s = flows.cols.indexOf(world.south);
    expect(flows.cells[n]![s]).toEqual({ value: 600, suppressed: false, reason: null });
    expect(determinedEntries(viewOfTable(flows))).toEqual([]);
  });

  it('suppresses everything, zeros too, when a filter isolates an area of three people', async () => {
    const c = await signedIn('commissioner');
    const r = await c.get(
      `/api/v1/reports/dashboard?timebankId=${world.north}&${PERIOD}&areaId=${hill}&compareAreaId=${harbour}`,
    );
    expect(r.status).toBe(200);
    const [hillView, harbourView] = r.body.areaViews;
    for (const list of [hillView.hoursByMonth, hillView.hoursByCategory, hillView.activeByAge]) {
      expect(
        [...list.cells, list.total].every(
          (x: { value: unknown; reason: string }) => x.value === null && x.reason === 'population',
        ),
      ).toBe(true);
    }
    // Harbour's view shows the protected table's own cells: its total of 8 was hidden to protect Hill.
    expect(harbourView.activeByAge.total.reason).toBe('secondary');
    expect(harbourView.hoursByMonth.cells[2]).toEqual({
      value: 0,
      suppressed: false,
      reason: null,
    });
  });

  it('compares two periods that do not overlap and refuses bad filters with their field paths', async () => {
    const c = await signedIn('commissioner');
    const ok = await c.get(
      `/api/v1/reports/dashboard?timebankId=${world.north}&${PERIOD}&compareFrom=2025-10-01&compareTo=2025-12-31`,
    );
    expect(ok.status).toBe(200);
    expect(ok.body.comparison.period).toEqual({ from: '2025-10-01', to: '2025-12-31' });
    expect(ok.body.comparison.tables.hoursByMonthArea.total).toEqual({
      value: 0,
      suppressed: false,
      reason: null,
    });
    const bad: [string, string][] = [
      ['from=2026-02-30&to=2026-03-31', '/query/from'],
      ['from=2026-03-01&to=2026-01-31', '/query/to'],
      ['from=2020-01-01&to=2026-03-31', '/query/to'],
      [`${PERIOD}&compareFrom=2026-03-01&compareTo=2026-04-30`, '/query/compareFrom'],
      [`${PERIOD}&compareFrom=2025-01-01`, '/query/compareTo'],
      [`${PERIOD}&areaId=${newId()}`, '/query/areaId'],
      [`${PERIOD}&areaId=${hill}&compareAreaId=${hill}`, '/query/compareAreaId'],
    ];
    for (const [query, path] of bad) {
      const r = await c.get(`/api/v1/reports/dashboard?timebankId=${world.north}&${query}`);
      expect(r.status, query).toBe(400);
      expect(
        r.body.errors.map((e: { path: string }) => e.path),
        query,
      ).toContain(path);
    }
  });

  it('lets a coordinator read their own timebank only, and refuses members, brokers and other networks', async () => {
    const coord = await signedIn('coordinatorNorth');
    expect((await coord.get(`/api/v1/reports/dashboard?timebankId=${world.north}`)).status).toBe(
      200,
    );
    expect((await coord.get(`/api/v1/reports/dashboard?timebankId=${world.south}`)).status).toBe(
      403,
    );
    expect((await coord.get('/api/v1/reports/dashboard')).status).toBe(403);
    const member = await signedIn('member');
    expect((await member.get(`/api/v1/reports/dashboard?timebankId=${world.north}`)).status).toBe(
      403,
    );
    const other = await signedIn('brokerB');
    expect((await other.get(`/api/v1/reports/dashboard?timebankId=${world.north}`)).status).toBe(
      404,
    );
  });
});

describe('downloads', () => {
  it('gives each table as CSV with [c] for hidden cells and the method after it', async () => {
    const c = await signedIn('commissioner');
    const r = await c.get(
      `/api/v1/reports/dashboard.csv?timebankId=${world.north}&${PERIOD}&table=hours-by-month-area`,
    );
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toContain('text/csv');
    const lines = String(r.text).split('\r\n');
    expect(lines[0]).toBe('Month,Harbour,Hill,No area,Total');
    expect(lines[1]).toMatch(/^2026-01,.*\[c\]/);
    expect(lines[3]).toBe('2026-03,0.00,0.00,0.00,0.00');
    expect(r.text).toContain('[c] confidential: fewer than 5 people');
    expect(r.text).toContain('secondary suppression');
    const pl = await c.get(
      `/api/v1/reports/dashboard.csv?timebankId=${world.north}&${PERIOD}&table=active-by-area-age&lang=pl`,
    );
    expect(pl.text).toContain('Obszar,Poniżej 18 lat');
    const missing = await c.get(
      `/api/v1/reports/dashboard.csv?timebankId=${world.north}&${PERIOD}&table=flows`,
    );
    expect(missing.status).toBe(400);
    expect(missing.body.errors[0].path).toBe('/query/table');
  });

  it('makes a PDF on the server with the tables, the hidden cells and the method statement', async () => {
    const c = await signedIn('commissioner');
    const r = await fetch(
      new URL(
        `/api/v1/reports/dashboard.pdf?timebankId=${world.north}&${PERIOD}&lang=pl`,
        server.url,
      ),
      {
        headers: { cookie: [...c.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
      },
    );
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('application/pdf');
    const bytes = Buffer.from(await r.arrayBuffer());
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(bytes.subarray(-6).toString('latin1')).toContain('%%EOF');
    const text = pdfText(bytes);
    expect(text).toContain('Raporty');
    expect(text).toContain('Godziny przekazane według miesięcy i obszarów');
    expect(text).toContain('[c]');
    expect(text).toContain('ukrycie wtórne');
    expect(text).toContain('17.08'); // 1025 minutes
  });
});

describe('the membership report', () => {
  it('gives a commissioner members by status and age band with small numbers hidden', async () => {
    const c = await signedIn('commissioner');
    const r = await c.get('/api/v1/reports/membership');
    expect(r.status).toBe(200);
    const north = r.body.timebanks.find(
      (t: { timebankId: string }) => t.timebankId === world.north,
    );
    // Mary, Olive, Bob, Cora, eight on Harbour and three on Hill, all born in 1960.
    expect(north.members.active).toEqual({ value: 15, suppressed: false, reason: null });
    expect(north.activeByAge['65_74']).toEqual({ value: 15, suppressed: false, reason: null });
    expect(north.members.applied).toEqual({ value: null, suppressed: true, reason: 'primary' });
    const south = r.body.timebanks.find(
      (t: { timebankId: string }) => t.timebankId === world.south,
    );
    expect(south.members.active.value).toBe(6);
    expect(r.body.timebanks.map((t: { timebankId: string }) => t.timebankId)).not.toContain(
      world.bTimebank,
    );
  });
});

describe('report settings', () => {
  it('refuses thresholds out of range, and a stricter threshold hides more', async () => {
    const coord = await signedIn('coordinatorNorth');
    const body = {
      countMin: 2,
      wellbeingMin: 10,
      meanMinPeople: 9,
      openData: true,
      openDataLicence: 'CC-BY-4.0',
      publishActivities: false,
    };
    const bad = await coord.request(
      'PUT',
      `/api/v1/timebanks/${world.north}/report-settings`,
      body,
    );
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path)).toEqual([
      '/body/countMin',
      '/body/meanMinPeople',
    ]);
    const ok = await coord.request('PUT', `/api/v1/timebanks/${world.north}/report-settings`, {
      ...body,
      countMin: 9,
      meanMinPeople: 10,
    });
    expect(ok.status).toBe(200);
    expect(ok.body.countMin).toBe(9);
    const c = await signedIn('commissioner');
    const r = await c.get(`/api/v1/reports/dashboard?timebankId=${world.north}&${PERIOD}`);
    expect(r.body.rules.countMin).toBe(9);
    // Harbour in January: five givers, now under the threshold
    expect(r.body.tables.hoursByMonthArea.cells[0][0].suppressed).toBe(true);
    expect(
      (await c.request('PUT', `/api/v1/timebanks/${world.north}/report-settings`, body)).status,
    ).toBe(403);
    const admin = await signedIn('admin');
    expect(
      (
        await admin.request('PUT', '/api/v1/network/report-settings', {
          countMin: 12,
          wellbeingMin: 12,
          meanMinPeople: 10,
        })
      ).status,
    ).toBe(200);
    const floor = await c.get(`/api/v1/reports/dashboard?timebankId=${world.north}&${PERIOD}`);
    expect(floor.body.rules.countMin).toBe(12);
    await admin.request('PUT', '/api/v1/network/report-settings', {
      countMin: 5,
      wellbeingMin: 10,
      meanMinPeople: 10,
    });
    await coord.request('PUT', `/api/v1/timebanks/${world.north}/report-settings`, {
      ...body,
      countMin: 5,
      meanMinPeople: 10,
      openData: false,
    });
  });
});

/** An open offer in North: of a member, or of an organisation. */
async function offer(
  db: Kysely<DB>,
  owner: { memberId?: string; organisationId?: string },
  title: string,
  category: string,
  visibility: 'timebank' | 'network',
) {
  await insertListing(db, {
    network_id: world.networkA,
    id: newId(),
    timebank_id: world.north,
    member_id: owner.memberId ?? null,
    organisation_id: owner.organisationId ?? null,
    kind: 'offer',
    title,
    description: `${title}, any weekday`,
    category_slug: category,
    area_id: null,
    mode: 'outside',
    when_kind: 'flexible',
    when_on: null,
    when_weekday: null,
    when_every_weeks: null,
    when_part: null,
    when_note: null,
    check_needed: false,
    check_set_by_person_id: null,
    language: 'en',
    languages: [],
    visibility,
    expires_on: '2026-12-31',
    taken_by_phone: false,
    created_by_person_id: world.coordinatorNorth.id,
    created_at: clock.now(),
  });
}

describe('open data', () => {
  const feed = (rest: string) => `/api/v1/open/${slugs.network}/north/${rest}`;
  const slugs = { network: '' };

  it('publishes nothing until a coordinator turns it on, then the monthly figures under the chosen licence', async () => {
    const db = server.database.db;
    slugs.network = (
      await db
        .selectFrom('network')
        .select('slug')
        .where('id', '=', world.networkA)
        .executeTakeFirstOrThrow()
    ).slug;
    const anyone = new Client(server.url);
    expect((await anyone.get(feed('aggregates.json'))).status).toBe(404);
    const coord = await signedIn('coordinatorNorth');
    const on = {
      countMin: 5,
      wellbeingMin: 10,
      meanMinPeople: 10,
      openData: true,
      openDataLicence: 'CC-BY-4.0',
      publishActivities: true,
    };
    expect(
      (await coord.request('PUT', `/api/v1/timebanks/${world.north}/report-settings`, on)).status,
    ).toBe(200);
    const r = await anyone.get(feed('aggregates.json'));
    expect(r.status).toBe(200);
    expect(r.body.licence).toEqual({
      id: 'CC-BY-4.0',
      name: 'Creative Commons Attribution 4.0 International',
      url: 'https://creativecommons.org/licenses/by/4.0/',
    });
    expect(r.body.period).toEqual({ from: '2025-04-01', to: '2026-03-31' });
    expect(r.body.dictionary.map((d: { field: string }) => d.field)).toEqual([
      'measure',
      'period_start',
      'period_end',
      'category',
      'category_name',
      'value',
      'unit',
      'suppressed',
      'suppression_reason',
    ]);
    const active = (m: string) =>
      r.body.records.find(
        (x: { measure: string; period_start: string }) =>
          x.measure === 'active_members' && x.period_start === m,
      );
    // February: Harbour's eight and Hill's three; March: the five on Harbour that South helped
    expect(active('2026-02-01')).toMatchObject({
      period_end: '2026-02-28',
      value: 11,
      unit: 'people',
      suppressed: false,
    });
    expect(active('2026-03-01').value).toBe(5);
    expect(active('2025-12-01')).toMatchObject({ value: 0, suppressed: false });
    const all = r.body.records.find(
      (x: { measure: string; category: string; period_start: string; period_end: string }) =>
        x.measure === 'hours_given' &&
        x.category === 'all' &&
        x.period_start === '2025-04-01' &&
        x.period_end === '2026-03-31',
    );
    expect(all).toMatchObject({
      period_start: '2025-04-01',
      unit: 'minutes',
      value: 1025,
      suppressed: false,
    });
    expect(JSON.stringify(r.body)).not.toMatch(/H\d|K\d|Mary|Cora/);
    const csv = await anyone.get(feed('aggregates.csv'));
    expect(csv.text.split('\r\n')[0]).toBe(
      'measure,period_start,period_end,category,category_name,value,unit,suppressed,suppression_reason',
    );
    expect(csv.text).toContain('active_members,2026-02-01,2026-02-28,,,11,people,false,');
    const dictionary = await anyone.get(feed('dictionary.csv'));
    expect(dictionary.text).toContain('Creative Commons Attribution 4.0');
  });

  it('lists the timebank, its organisations’ public offers and its group activities in the Open Referral UK shape', async () => {
    const db = server.database.db;
    const cafe = newId();
    await insertOrganisation(db, {
      networkId: world.networkA,
      id: cafe,
      timebankId: world.north,
      name: 'Harbour Cafe',
      kind: 'business',
      description: 'Teas for time credits',
      by: world.coordinatorNorth.id,
    });
    await offer(
      db,
      { organisationId: cafe },
      'Tea and a chat',
      'health-wellbeing.listening',
      'network',
    );
    await offer(db, { organisationId: cafe }, 'Kept in the timebank', 'home-garden', 'timebank');
    for (let i = 0; i < 5; i++)
      await offer(
        db,
        { memberId: memberIds.get(`H${i}`)! },
        `Hedges ${i}`,
        'home-garden.gardening',
        'network',
      );
    for (let i = 0; i < 2; i++)
      await offer(
        db,
        { memberId: memberIds.get(`K${i}`)! },
        `Lifts ${i}`,
        'transport-errands.lifts',
        'network',
      );
    await insertActivity(db, {
      networkId: world.networkA,
      id: newId(),
      timebankId: world.north,
      by: world.coordinatorNorth.id,
      at: clock.now(),
      organisationId: null,
      title: 'Harbour beach clean',
      description: 'Bags and gloves provided',
      categorySlug: 'home-garden',
      areaId: harbour,
      place: 'The slipway',
      startsAt: new Date('2026-05-02T09:00:00Z'),
      endsAt: new Date('2026-05-02T11:00:00Z'),
      capacity: null,
      payer: 'community_pot',
      minutesPerAttendee: 120,
      visibility: 'network',
    });
    const r = await new Client(server.url).get(feed('hsds/services'));
    expect(r.status).toBe(200);
    expect(r.body.contents.map((s: { name: string }) => s.name)).toEqual([
      'North timebank',
      'Tea and a chat',
      'Harbour beach clean',
    ]);
    expect(r.body).toMatchObject({
      total_items: 3,
      total_pages: 1,
      page_number: 1,
      first_page: true,
      last_page: true,
      empty: false,
    });
    const [main, tea, clean] = r.body.contents;
    expect(main.organization).toMatchObject({ id: world.north, name: 'North' });
    expect(main.description).toContain('Help on offer: Home and garden.');
    expect(main.description).not.toContain('Transport');
    expect(main.service_areas.map((a: { name: string }) => a.name)).toEqual(['Harbour', 'Hill']);
    expect(tea).toMatchObject({
      name: 'Tea and a chat',
      status: 'active',
      organization: { id: cafe, name: 'Harbour Cafe', parent_organization_id: world.north },
    });
    expect(tea.attributes[0].taxonomy_term).toMatchObject({
      code: 'health-wellbeing',
      term: 'Health and wellbeing',
    });
    expect(clean.schedules[0]).toMatchObject({
      dtstart: '2026-05-02',
      opens_at: '10:00:00',
      closes_at: '12:00:00',
    });
    expect(clean.schedules[0].description).toBe('2026-05-02 10:00–12:00 (Europe/London time)');
    // Times are the timebank's own: the same activity in a timebank kept in Warsaw opens at 11:00.
    await db.updateTable('timebank').set({ time_zone: 'Europe/Warsaw' }).where('id', '=', world.north).execute();
    const warsaw = (await new Client(server.url).get(feed('hsds/services'))).body.contents[2];
    await db.updateTable('timebank').set({ time_zone: 'Europe/London' }).where('id', '=', world.north).execute();
    expect(warsaw.schedules[0]).toMatchObject({ dtstart: '2026-05-02', opens_at: '11:00:00', closes_at: '13:00:00' });
    expect(clean.service_at_locations[0].location).toMatchObject({
      name: 'The slipway',
      location_type: 'physical',
    });
    for (const s of r.body.contents)
      expect(s.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(JSON.stringify(r.body)).not.toMatch(/Hedges|Lifts|H\d|Kept in the timebank/);
    expect(validateServicePage(r.body), JSON.stringify(validateServicePage.errors)).toBe(true);

    // Paging as the Open Referral UK API has it: page and per_page, the totals on every page.
    const second = await new Client(server.url).get(feed('hsds/services?page=2&per_page=2'));
    expect(second.body).toMatchObject({ total_items: 3, total_pages: 2, page_number: 2, size: 1, first_page: false, last_page: true, empty: false });
    expect(second.body.contents.map((s: { name: string }) => s.name)).toEqual(['Harbour beach clean']);
    expect(validateServicePage(second.body)).toBe(true);
    const first = await new Client(server.url).get(feed('hsds/services?per_page=2'));
    expect(first.body).toMatchObject({ total_pages: 2, page_number: 1, size: 2, first_page: true, last_page: false });
    const past = await new Client(server.url).get(feed('hsds/services?page=9&per_page=2'));
    expect(past.body).toMatchObject({ total_items: 3, page_number: 9, size: 0, last_page: true, empty: true, contents: [] });
    for (const [query, path] of [
      ['page=0', '/querystring/page'],
      ['page=x', '/querystring/page'],
      ['per_page=101', '/querystring/per_page'],
      ['per_page=0', '/querystring/per_page'],
      ['size=2', '/querystring/size'],
    ] as const) {
      const bad = await new Client(server.url).get(feed(`hsds/services?${query}`));
      expect(bad.status, query).toBe(400);
      expect(bad.body.code, query).toBe('validation_failed');
      expect(bad.body.errors.map((e: { path: string }) => e.path), query).toContain(path);
    }
  });

  it('fails the schema check for a feed that breaks the Open Referral UK profile, so the check is not vacuous', () => {
    const service = { id: newId(), name: 'A service', url: 'http://example.com', status: 'active', organization: { id: newId(), name: 'Org', description: 'd' } };
    const page = { total_items: 1, total_pages: 1, page_number: 1, size: 1, first_page: true, last_page: true, empty: false };
    expect(validateServicePage({ ...page, contents: [service] })).toBe(true);
    expect(validateServicePage({ ...page, contents: [{ ...service, status: 'open' }] })).toBe(false);
    expect(validateServicePage({ ...page, contents: [{ ...service, id: 'not-a-uuid' }] })).toBe(false);
    expect(validateServicePage({ ...page, contents: [{ ...service, organization: { id: newId(), name: 'Org' } }] })).toBe(false);
    expect(validateServicePage({ ...page, total_items: '1', contents: [service] })).toBe(false);
  });
});

/** The published Open Referral UK schemas (test/fixtures/openreferral-uk, with their source and
 * licence): the page envelope, its contents each a service_list item. */
const validateServicePage = (() => {
  const fixture = (name: string) => JSON.parse(readFileSync(new URL(`../../../test/fixtures/openreferral-uk/${name}`, import.meta.url), 'utf8'));
  // strict: false, since the profile's schemas carry their own keywords (core, constraints, example...)
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats.default(ajv);
  return ajv.compile({ allOf: [fixture('page.json'), { type: 'object', required: ['contents'], properties: { contents: { type: 'array', items: fixture('service_list.json') } } }] });
})();

/** The text of an uncompressed or Flate-compressed pdfkit PDF with one embedded font: the hex
 * glyph ids of every TJ, mapped through the font's ToUnicode CMap. */
function pdfText(pdf: Buffer): string {
  const streams: string[] = [];
  const raw = pdf.toString('latin1');
  for (const m of raw.matchAll(/<<([\s\S]*?)>>\s*stream\r?\n/g)) {
    const start = m.index! + m[0].length;
    const end = raw.indexOf('endstream', start);
    const bytes = pdf.subarray(start, end);
    streams.push(
      m[1]!.includes('FlateDecode')
        ? inflateSync(bytes).toString('latin1')
        : bytes.toString('latin1'),
    );
  }
  const map = new Map<number, string>();
  for (const s of streams) {
    for (const r of s.matchAll(/<([0-9a-f]{4})> <([0-9a-f]{4})> \[([^\]]*)\]/gi)) {
      const first = Number.parseInt(r[1]!, 16);
      for (const [k, u] of [...r[3]!.matchAll(/<([0-9a-f]+)>/gi)].entries())
        map.set(first + k, String.fromCodePoint(Number.parseInt(u[1]!, 16)));
    }
  }
  const out: string[] = [];
  for (const s of streams) {
    for (const tj of s.matchAll(/\[([^\]]*)\] TJ/g)) {
      const hex = [...tj[1]!.matchAll(/<([0-9a-f]+)>/gi)].map((h) => h[1]!).join('');
      out.push(
        Array.from(
          { length: hex.length / 4 },
          (_, i) => map.get(Number.parseInt(hex.slice(i * 4, i * 4 + 4), 16)) ?? '?',
        ).join(''),
      );
    }
  }
  return out.join('\n');
}
