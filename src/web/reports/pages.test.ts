// The report pages with JavaScript off: the dashboard as a GET form with SVG charts and their
// tables, its errors, and a coordinator's report settings.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addPerson, createWorld, type World } from '../../../test/support/fixtures.ts';
import { Client, startTestServer, type TestServer } from '../../../test/support/http.ts';
import { newId } from '../../lib/ids.ts';
import { silentLogger } from '../../lib/log.ts';
import { systemActor } from '../../modules/audit/record.ts';
import { createLedger } from '../../modules/ledger/service.ts';
import { insertMember } from '../../modules/people/queries.ts';
import { insertArea } from '../../modules/tenancy/queries.ts';

let server: TestServer;
let world: World;
let quay: string;
let moor: string;
const clients = new Map<string, Client>();

const signedIn = async (who: 'commissioner' | 'coordinatorNorth' | 'member') => {
  const cached = clients.get(who);
  if (cached) return cached;
  const c = new Client(server.url);
  expect((await c.signIn(world[who].email!)).status).toBe(200);
  clients.set(who, c);
  return c;
};

function form(c: Client, path: string, fields: Record<string, string>) {
  return c.request('POST', path, new URLSearchParams({ ...fields, _csrf: c.csrf! }).toString(), {
    'content-type': 'application/x-www-form-urlencoded',
  });
}

// North: six people on the Quay each give an hour this month; two on the Moor swap half an hour.
beforeAll(async () => {
  server = await startTestServer();
  world = await createWorld(server.database.db);
  const db = server.database.db;
  const ledger = createLedger({ db, clock: { now: () => new Date() }, log: silentLogger });
  const actor = systemActor(world.networkA);
  quay = newId();
  moor = newId();
  await insertArea(db, {
    networkId: world.networkA,
    id: quay,
    timebankId: world.north,
    name: 'Quay',
    kind: 'town',
  });
  await insertArea(db, {
    networkId: world.networkA,
    id: moor,
    timebankId: world.north,
    name: 'Moor',
    kind: 'rural',
  });
  await ledger.openTimebank(actor, { timebankId: world.north });
  const accounts: string[] = [];
  for (const [i, area] of [quay, quay, quay, quay, quay, quay, moor, moor].entries()) {
    const person = await addPerson(db, world.networkA, { name: `Person ${i}`, email: null });
    const memberId = newId();
    await insertMember(db, {
      networkId: world.networkA,
      id: memberId,
      timebankId: world.north,
      personId: person.id,
      status: 'active',
      areaId: area,
      joinedOn: '2025-01-01',
      createdBy: null,
    });
    accounts.push((await ledger.openMemberAccount(actor, { memberId })).id);
  }
  for (let i = 0; i < 6; i++) {
    await ledger.transfer(actor, {
      id: newId(),
      debitAccountId: accounts[(i + 1) % 6]!,
      creditAccountId: accounts[i]!,
      minutes: 60,
      kind: 'exchange',
      category: 'home-garden',
    });
  }
  await ledger.transfer(actor, {
    id: newId(),
    debitAccountId: accounts[7]!,
    creditAccountId: accounts[6]!,
    minutes: 30,
    kind: 'exchange',
    category: 'transport-errands',
  });
});
afterAll(async () => {
  await server.close();
});

describe('the reports page', () => {
  it('shows a commissioner charts with their tables, [c] for hidden figures, downloads and the method', async () => {
    const c = await signedIn('commissioner');
    const r = await c.get(`/reports?timebankId=${world.north}`);
    expect(r.status).toBe(200);
    expect(r.text).toContain('<h1>Reports</h1>');
    expect(r.text).toMatch(
      /<svg class="chart" role="img" aria-labelledby="chart-0-title chart-0-desc"/,
    );
    expect(r.text).toContain('<caption>Hours given by month and area');
    expect(r.text).toContain('<th scope="col" class="numeric">Quay</th>');
    expect(r.text).toContain('[c]');
    expect(r.text).toContain('How small numbers are protected');
    expect(r.text).toMatch(
      /href="\/api\/v1\/reports\/dashboard\.csv\?timebankId=[^"]*table=hours-by-month-area&amp;part=main"/,
    );
    expect(r.text).toContain('/api/v1/reports/dashboard.pdf?');
    expect(r.text).not.toContain('Person 1');
    // the Moor's two people: every figure of the area hidden, zeros too
    const moorOnly = await c.get(`/reports?timebankId=${world.north}&areaId=${moor}`);
    expect(moorOnly.status).toBe(200);
    const areaTable = moorOnly.text.slice(
      moorOnly.text.indexOf('<caption>Active members by age band, in the chosen areas'),
    );
    expect(areaTable.slice(0, areaTable.indexOf('</table>'))).not.toMatch(/<td class="numeric">\d/);
  });

  it('shows bad filters in the error summary by their fields, and refuses people who may not read reports', async () => {
    const c = await signedIn('commissioner');
    const r = await c.get(`/reports?timebankId=${world.north}&from=2026-02-30&to=2026-01-01`);
    expect(r.status).toBe(400);
    expect(r.text).toContain('Enter the first day as a date such as 2026-01-01');
    expect(r.text).toContain('href="#from"');
    const pl = await c.get(`/reports?timebankId=${world.north}&areaId=${newId()}&lang=pl`);
    expect(pl.status).toBe(400);
    expect(pl.text).toContain('Wybierz obszar z tego raportu');
    const member = await signedIn('member');
    expect((await member.get('/reports')).status).toBe(403);
    // a coordinator lands on their own timebank, with the way to its settings
    const coord = await signedIn('coordinatorNorth');
    const own = await coord.get('/reports');
    expect(own.status).toBe(200);
    expect(own.text).toContain(`href="/timebanks/${world.north}/report-settings"`);
    expect(own.text).toContain('<caption>Hours given by area and category');
  });
});

describe('the report settings page', () => {
  it('refuses a threshold out of range and saves a good one, then lists the open-data addresses', async () => {
    const coord = await signedIn('coordinatorNorth');
    const page = await coord.get(`/timebanks/${world.north}/report-settings`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('value="5"');
    const good = {
      countMin: '6',
      wellbeingMin: '10',
      meanMinPeople: '10',
      openData: 'yes',
      openDataLicence: 'OGL-UK-3.0',
      publishActivities: 'no',
    };
    const bad = await form(coord, `/timebanks/${world.north}/report-settings`, {
      ...good,
      countMin: '1',
      meanMinPeople: 'ten',
    });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('Enter a whole number from 3 to 50');
    expect(bad.text).toContain('Enter a whole number from 10 to 100');
    const ok = await form(coord, `/timebanks/${world.north}/report-settings`, good);
    expect(ok.status).toBe(303);
    const after = await coord.get(`/timebanks/${world.north}/report-settings`);
    expect(after.text).toContain('value="6"');
    expect(after.text).toMatch(/\/api\/v1\/open\/[a-z0-9-]+\/north\/hsds\/services/);
    const commissioner = await signedIn('commissioner');
    expect((await commissioner.get(`/timebanks/${world.north}/report-settings`)).status).toBe(403);
  });
});
