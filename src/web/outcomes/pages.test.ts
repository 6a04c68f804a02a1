// The outcome pages with JavaScript off: a coordinator builds North's framework through the
// forms (errors beside their fields, values kept, nothing written), the framework page draws
// each indicator's curve as SVG with a table beside it, the RBA report asks its three questions,
// and a commissioner reads without forms.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorld, type World } from '../../../test/support/fixtures.ts';
import { Client, startTestServer, type TestServer } from '../../../test/support/http.ts';

let server: TestServer;
let world: World;
let coord: Client;
let commissioner: Client;
let fid: string;

function form(c: Client, path: string, fields: [string, string][]) {
  return c.request('POST', path, new URLSearchParams([...fields, ['_csrf', c.csrf!]]).toString(), { 'content-type': 'application/x-www-form-urlencoded' });
}
const count = async (table: 'outcome_goal' | 'outcome_project' | 'outcome_measurement') =>
  Number((await server.database.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
const db = () => server.database.db;
const rows = {
  periods: () => db().selectFrom('outcome_period').selectAll().execute(),
  goals: () => db().selectFrom('outcome_goal').selectAll().execute(),
  indicators: () => db().selectFrom('outcome_indicator').selectAll().execute(),
  projects: () => db().selectFrom('outcome_project').selectAll().execute(),
};

beforeAll(async () => {
  server = await startTestServer();
  world = await createWorld(server.database.db);
  coord = new Client(server.url);
  expect((await coord.signIn(world.coordinatorNorth.email!)).status).toBe(200);
  commissioner = new Client(server.url);
  expect((await commissioner.signIn(world.commissioner.email!)).status).toBe(200);
});
afterAll(async () => server.close());

describe('building a framework through the forms', () => {
  it("creates North's framework, a period, a goal with who co-defined it, an entered indicator, a target and a measurement", async () => {
    const list = await coord.get('/outcomes');
    expect(list.status).toBe(200);
    expect(list.text).toContain('name="scope"');
    const made = await form(coord, '/outcomes', [
      ['scope', world.north],
      ['name', 'North outcomes'],
      ['description', ''],
    ]);
    expect(made.status, made.text).toBe(303);
    fid = made.headers.get('location')!.split('/').pop()!;
    const at = `/outcomes/frameworks/${fid}`;
    expect((await form(coord, `${at}/periods`, [['label', '2026-Q1'], ['startsOn', '2026-01-01'], ['endsOn', '2026-03-31']])).status).toBe(303);
    expect((await form(coord, `${at}/periods`, [['label', '2026-Q2'], ['startsOn', '2026-04-01'], ['endsOn', '2026-06-30']])).status).toBe(303);
    const goal = await form(coord, `${at}/goals`, [
      ['title', 'Young people find their place'],
      ['coDefinedBy', "Young people's panel"],
      ['coDefinitionEvidence', 'Workshop notes, 12 January'],
    ]);
    expect(goal.status).toBe(303);
    const [g] = await rows.goals();
    const ind = await form(coord, `${at}/indicators`, [
      ['goalId', g!.id],
      ['name', 'Registered associations'],
      ['definition', 'Associations on the council register'],
      ['rbaClass', 'how_much'],
      ['direction', 'up'],
      ['queryName', ''],
      ['source', 'Council register'],
      ['unit', 'associations'],
    ]);
    expect(ind.status, ind.text).toBe(303);
    const [i] = await rows.indicators();
    const periods = await rows.periods();
    const q1 = periods.find((x) => x.label === '2026-Q1')!.id;
    const q2 = periods.find((x) => x.label === '2026-Q2')!.id;
    expect((await form(coord, `${at}/measurements`, [['indicatorId', i!.id], ['periodId', q1], ['value', '12'], ['status', 'final']])).status).toBe(303);
    expect((await form(coord, `${at}/measurements`, [['indicatorId', i!.id], ['periodId', q2], ['value', '15'], ['status', 'provisional']])).status).toBe(303);
    expect((await form(coord, `${at}/targets`, [['indicatorId', i!.id], ['periodId', q2], ['value', '14']])).status).toBe(303);
    const page = await coord.get(at);
    expect(page.status).toBe(200);
    expect(page.text).toContain("Co-defined by Young people&#x27;s panel. Evidence: Workshop notes, 12 January");
    expect(page.text).toMatch(/<svg class="chart"[^>]*role="img"/);
    expect(page.text).toContain('<path d="M');
    expect(page.text).toContain('2026-Q1 (baseline)');
    expect(page.text).toContain('The latest figure meets its target.');
  });

  it('shows errors beside their fields with the values kept, and writes nothing', async () => {
    const at = `/outcomes/frameworks/${fid}`;
    const goals = await count('outcome_goal');
    const r = await form(coord, `${at}/goals`, [['title', 'x'], ['coDefinedBy', 'Panel']]);
    expect(r.status).toBe(400);
    expect(r.text).toContain('href="#goals-title"');
    expect(r.text).toContain('id="goals-title-error"');
    expect(r.text).toContain('value="Panel"');
    expect(await count('outcome_goal')).toBe(goals);
    const projects = await count('outcome_project');
    const p = await form(coord, `${at}/projects`, [['name', 'Lunch club'], ['owner', 'Trust'], ['budgetPounds', '-5'], ['rag', 'green'], ['ragReason', 'Fine']]);
    expect(p.status).toBe(400);
    expect(p.text).toContain('id="projects-budgetPounds-error"');
    expect(p.text).toContain('Enter the budget in pounds and pence, 0 or more');
    const frac = await form(coord, `${at}/projects`, [['name', 'Lunch club'], ['owner', 'Trust'], ['budgetPounds', '12.345'], ['rag', 'green'], ['ragReason', 'Fine']]);
    expect(frac.text).toContain('id="projects-budgetPounds-error"');
    expect(await count('outcome_project')).toBe(projects);
    const [i] = await rows.indicators();
    const m = await count('outcome_measurement');
    const bad = await form(coord, `${at}/targets`, [['indicatorId', i!.id], ['periodId', '0190f3a0-0000-7000-8000-000000000000'], ['value', '3']]);
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('id="targets-periodId-error"');
    expect(await count('outcome_measurement')).toBe(m);
  });

  it('keeps a project with milestones and status, and asks the three RBA questions in the report', async () => {
    const at = `/outcomes/frameworks/${fid}`;
    expect((await form(coord, `${at}/projects`, [['name', 'Lunch club'], ['owner', 'Harbour Trust'], ['budgetPounds', '2,500.50'], ['rag', 'green'], ['ragReason', 'On plan']])).status).toBe(303);
    const [pr] = await rows.projects();
    expect(pr!.budget_pence).toBe(250_050);
    const pp = `/outcomes/projects/${pr!.id}`;
    expect((await form(coord, `${pp}/milestones`, [['title', 'Venue booked'], ['dueOn', '2026-03-01']])).status).toBe(303);
    expect((await form(coord, `${pp}/tags`, [['modes', 'co_design'], ['modes', 'co_delivery']])).status).toBe(303);
    expect((await form(coord, `${at}/reviews`, [['heldOn', '2026-03-10'], ['attendees', 'Panel, council'], ['decisions', 'Find a cook'], ['projectId', pr!.id], ['rag', 'amber'], ['ragReason', 'The cook left']])).status).toBe(303);
    const page = await coord.get(pp);
    expect(page.text).toContain('£2,500.50');
    expect(page.text).toContain('Amber');
    expect(page.text).toContain('2026-03-10: Green to Amber, The cook left');
    expect(page.text).toContain('Co-Production Star: Co-design, Co-delivery');
    const report = await coord.get(`${at}/report`);
    expect(report.status).toBe(200);
    for (const q of ['How much did we do?', 'How well did we do it?', 'Is anyone better off?', 'Co-Production Star']) expect(report.text).toContain(q);
  });

  it('lets a commissioner read the framework without its forms, and refuses their form posts', async () => {
    const page = await commissioner.get(`/outcomes/frameworks/${fid}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Registered associations');
    expect(page.text).not.toContain(`action="/outcomes/frameworks/${fid}/goals"`);
    const goals = await count('outcome_goal');
    expect((await form(commissioner, `/outcomes/frameworks/${fid}/goals`, [['title', 'Not theirs']])).status).toBe(403);
    expect(await count('outcome_goal')).toBe(goals);
  });
});
