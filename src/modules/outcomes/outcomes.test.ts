// Outcome frameworks through the HTTP API, and every computed indicator on a small hand-built
// network whose right answers are known: members with dates of birth, exchanges done through
// the exchange service (hours recorded and confirmed through the ledger), a transfer reversed,
// hours still pending, and a second network that must never be counted.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addPerson, memberIdOf } from '../../../test/support/fixtures.ts';
import type { Client } from '../../../test/support/http.ts';
import { newId } from '../../lib/ids.ts';
import { silentLogger } from '../../lib/log.ts';
import { systemActor } from '../audit/record.ts';
import type { Principal } from '../auth/principal.ts';
import { type ExchangeWorld, exchangeWorld, expectProblem, insertListing, signedIn } from '../exchanges/test-helpers.ts';
import { createExchanges } from '../exchanges/service.ts';
import type { Scope } from './indicator-queries.ts';
import { registered } from './registry.ts';

let w: ExchangeWorld;
let admin: Client;
let coord: Client;
let commissioner: Client;
let otherNetwork: Client;
const ids: Record<string, string> = {};
const put = (c: Client, path: string, body: unknown) => c.request('PUT', path, body);
let harbour: string;

const Q1 = { from: '2026-01-01', to: '2026-03-31' };
const run = (name: string, s: Partial<Scope> = {}) =>
  registered(name)!.run(w.db, { networkId: w.world.networkA, timebankId: null, areaId: null, categorySlug: null, ...Q1, ...s });

/** A broker of North, as the exchange service sees them: they take every step for members. */
function brokerPrincipal(): Principal {
  return {
    networkId: w.world.networkA,
    personId: w.broker.id,
    memberships: [],
    grants: [{ role: 'broker', timebankId: w.world.north }],
    sessionId: 'test',
    displayName: w.broker.name,
    locale: 'en',
    csrfToken: '',
    stage: 'ready',
    actingFor: null,
    currentTimebankId: w.world.north,
    totpEnabled: false,
  };
}

async function person(name: string, o: { birthDate?: string; birthYear?: number; joinedOn?: string; timebankId?: string } = {}) {
  const p = await addPerson(w.db, w.world.networkA, { name, timebankId: o.timebankId ?? w.world.north, email: null });
  const birthYear = o.birthDate ? Number(o.birthDate.slice(0, 4)) : (o.birthYear ?? 1960);
  await w.db.updateTable('person').set({ birth_date: o.birthDate ?? null, birth_year: birthYear }).where('id', '=', p.id).execute();
  const memberId = await memberIdOf(w.db, p.id, o.timebankId ?? w.world.north);
  if (o.joinedOn) await w.db.updateTable('member').set({ joined_on: o.joinedOn }).where('id', '=', memberId).execute();
  return memberId;
}

/** An exchange from a request of the receiver's, agreed, done, its hours recorded and (unless
 * left pending) confirmed: the broker takes every step. */
async function exchange(day: string, receiver: string, giver: string, minutes: number, o: { mode?: 'home' | 'outside'; pending?: boolean; visibility?: 'network' } = {}) {
  const ex = createExchanges({ db: w.db, clock: w.clock, log: silentLogger, ledger: w.ledger });
  const p = brokerPrincipal();
  const actor = { networkId: p.networkId, personId: p.personId, onBehalfOfPersonId: null, requestId: null };
  w.clock.set(new Date('2026-01-15T10:00:00Z'));
  const listingId = await insertListing(w, { memberId: receiver, mode: o.mode ?? 'home', visibility: o.visibility ?? 'timebank' });
  const made = await ex.propose(p, actor, { listingId, receiverMemberId: receiver, giverMemberIds: [giver] });
  const agreed = await ex.agree(p, actor, made.exchange.id, { date: day, time: '10:00', durationMinutes: minutes, place: 'at theirs' });
  const occurrenceId = agreed.occurrences[0]!.id;
  w.clock.set(new Date('2026-02-10T12:00:00Z'));
  await ex.done(p, actor, made.exchange.id, occurrenceId);
  await ex.recordHours(p, actor, made.exchange.id, occurrenceId, { id: newId(), minutes });
  if (!o.pending) await ex.confirm(p, actor, made.exchange.id, occurrenceId);
  return made.exchange.id;
}

beforeAll(async () => {
  w = await exchangeWorld();
  const n = w.world.north;
  harbour = newId();
  await w.db.insertInto('area').values({ network_id: w.world.networkA, id: harbour, timebank_id: n, name: 'Harbour', kind: 'neighbourhood' }).execute();
  ids.edith = await person('Edith Elder', { birthDate: '1940-05-01' });
  await w.db.updateTable('member').set({ area_id: harbour }).where('id', '=', ids.edith).execute();
  ids.frank = await person('Frank Seventy-four', { birthDate: '1951-06-30' });
  ids.gwen = await person('Gwen Outside', { birthDate: '1945-03-03' });
  ids.hal = await person('Hal Year-only', { birthYear: 1949 });
  ids.yara = await person('Yara Young', { birthDate: '2005-02-01', joinedOn: '2026-02-01' });
  ids.zed = await person('Zed Twenty-six', { birthDate: '2000-01-01', joinedOn: '2026-02-10' });
  ids.uma = await person('Uma Year-only', { birthYear: 2002, joinedOn: '2026-03-01' });
  ids.vic = await person('Vic Uncertain', { birthYear: 2001, joinedOn: '2026-03-01' });
  ids.e1 = await exchange('2026-01-20', ids.edith, w.nina.memberId, 60);
  await exchange('2026-01-21', ids.frank, w.ned.memberId, 90);
  await exchange('2026-01-22', ids.gwen, w.nina.memberId, 45, { mode: 'outside' });
  ids.cross = await exchange('2026-01-23', w.mary.memberId, w.sam.memberId, 120, { visibility: 'network' });
  await exchange('2026-01-26', w.nina.memberId, w.ned.memberId, 30);
  await exchange('2026-01-27', ids.hal, w.ned.memberId, 30);
  // Hours still pending are not counted; nor is a transfer reversed since.
  await exchange('2026-01-28', ids.yara, w.nina.memberId, 20, { pending: true });
  const actor = systemActor(w.world.networkA);
  const zed = await w.ledger.openMemberAccount(actor, { memberId: ids.zed });
  const vic = await w.ledger.openMemberAccount(actor, { memberId: ids.vic });
  const t = newId();
  await w.ledger.transfer(actor, { id: t, debitAccountId: zed.id, creditAccountId: vic.id, minutes: 15, kind: 'exchange', category: 'home-garden' });
  await w.ledger.reverse(actor, { id: newId(), transferId: t, reason: 'recorded in error' });
  admin = await signedIn(w, w.world.admin);
  coord = await signedIn(w, w.world.coordinatorNorth);
  commissioner = await signedIn(w, w.world.commissioner);
  otherNetwork = await signedIn(w, w.world.brokerB);
}, 90_000);
afterAll(async () => w?.server.close());

describe('the computed indicators on a hand-built network', () => {
  it('counts active members: everyone on either side of settled hours, by timebank and area', async () => {
    // Edith, Frank, Gwen, Hal, Mary, Nina, Ned (North) and Sam (South); not Yara (pending), Zed or Vic (reversed).
    expect(await run('active_members')).toEqual({ value: 8, sampleSize: null });
    expect((await run('active_members', { timebankId: w.world.north })).value).toBe(7);
    expect((await run('active_members', { timebankId: w.world.south })).value).toBe(1);
    expect((await run('active_members', { areaId: harbour })).value).toBe(1);
    expect((await run('active_members', { from: '2026-04-01', to: '2026-06-30' })).value).toBe(0);
  });

  it('sums hours exchanged in integer minutes, once per movement between timebanks, for the giver', async () => {
    expect(await run('hours_exchanged')).toEqual({ value: 60 + 90 + 45 + 120 + 30 + 30, sampleSize: 3 });
    expect(await run('hours_exchanged', { timebankId: w.world.north })).toEqual({ value: 255, sampleSize: 2 });
    expect(await run('hours_exchanged', { timebankId: w.world.south })).toEqual({ value: 120, sampleSize: 1 });
    expect((await run('hours_exchanged', { categorySlug: 'home-garden' })).value).toBe(375);
    expect((await run('hours_exchanged', { categorySlug: 'transport-errands' })).value).toBe(0);
  });

  it('counts members aged 75 or more helped at home: from the date of birth, or a year that makes it certain', async () => {
    // Edith (85) and Hal (born 1949, 76 or 77); not Frank (74 on 31 March), not Gwen (helped outside).
    expect(await run('over_75_helped_at_home')).toEqual({ value: 2, sampleSize: null });
    expect((await run('over_75_helped_at_home', { areaId: harbour })).value).toBe(1);
    expect((await run('over_75_helped_at_home', { timebankId: w.world.south })).value).toBe(0);
  });

  it('counts exchanges across timebanks for either side', async () => {
    expect((await run('exchanges_across_timebanks')).value).toBe(1);
    expect((await run('exchanges_across_timebanks', { timebankId: w.world.north })).value).toBe(1);
    expect((await run('exchanges_across_timebanks', { timebankId: w.world.south })).value).toBe(1);
  });

  it('counts new members under 25 on the day they joined', async () => {
    // Yara (20) and Uma (born 2002: 23 or 24); not Zed (26) nor Vic (born 2001: 24 or 25).
    expect((await run('new_members_under_25')).value).toBe(2);
    expect((await run('new_members_under_25', { from: '2026-02-01', to: '2026-02-28' })).value).toBe(1);
  });

  it('gives the share of active members who both gave and received, with the sample', async () => {
    // Nina gave (Edith, Gwen) and received (from Ned): 1 of 8, 12.5%; in North 1 of 7, 14.3%.
    expect(await run('gave_and_received_share')).toEqual({ value: 12.5, sampleSize: 8 });
    expect(await run('gave_and_received_share', { timebankId: w.world.north })).toEqual({ value: 14.3, sampleSize: 7 });
  });
});

async function networkFramework() {
  const f = await admin.post('/api/v1/outcomes/frameworks', { timebankId: null, name: 'Island outcomes' });
  expect(f.status, f.text).toBe(201);
  const fid = f.body.id as string;
  const q1 = await admin.post(`/api/v1/outcomes/frameworks/${fid}/periods`, { label: '2026-Q1', startsOn: '2026-01-01', endsOn: '2026-03-31' });
  const q2 = await admin.post(`/api/v1/outcomes/frameworks/${fid}/periods`, { label: '2026-Q2', startsOn: '2026-04-01', endsOn: '2026-06-30' });
  const goal = await admin.post(`/api/v1/outcomes/frameworks/${fid}/goals`, {
    title: 'Older people live well at home',
    coDefinedBy: "Older people's forum",
    coDefinitionEvidence: 'Minutes of the forum, 3 March 2026',
  });
  return { fid, q1: q1.body.id as string, q2: q2.body.id as string, goalId: goal.body.id as string };
}

const computedIndicator = (goalId: string, queryName: string, queryParams: Record<string, unknown>, rbaClass = 'how_much') => ({
  goalId,
  name: `Matrix of ${queryName}`,
  definition: 'From the registry',
  direction: 'up',
  rbaClass,
  sourceKind: 'computed',
  queryName,
  queryParams,
});

describe('frameworks through the API', () => {
  it('computes an indicator into a measurement and reports baseline, trend and target under the three RBA questions', async () => {
    const { fid, q1, q2, goalId } = await networkFramework();
    const hours = await admin.post(`/api/v1/outcomes/frameworks/${fid}/indicators`, computedIndicator(goalId, 'hours_exchanged', { timebankId: null }));
    expect(hours.status, hours.text).toBe(201);
    const older = await admin.post(`/api/v1/outcomes/frameworks/${fid}/indicators`, computedIndicator(goalId, 'over_75_helped_at_home', { timebankId: null }, 'better_off'));
    const m = await admin.post(`/api/v1/outcomes/indicators/${hours.body.id}/compute`, { periodId: q1, status: 'final' });
    expect(m.status, m.text).toBe(201);
    expect(m.body).toMatchObject({ value: 375, sampleSize: 3, computed: true, status: 'final' });
    await admin.post(`/api/v1/outcomes/indicators/${hours.body.id}/compute`, { periodId: q2, status: 'provisional' });
    expect((await put(admin, `/api/v1/outcomes/indicators/${hours.body.id}/target`, { periodId: q2, value: 400 })).status).toBe(200);
    await admin.post(`/api/v1/outcomes/indicators/${older.body.id}/compute`, { periodId: q1, status: 'final' });
    const r = await admin.get(`/api/v1/outcomes/frameworks/${fid}/report`);
    expect(r.status, r.text).toBe(200);
    expect(r.body.sections.map((s: { question: string }) => s.question)).toEqual(['How much did we do?', 'How well did we do it?', 'Is anyone better off?']);
    const h = r.body.sections[0].indicators[0];
    expect(h.baseline).toMatchObject({ label: '2026-Q1', value: 375 });
    expect(h.series.map((s: { value: number; target: number | null }) => [s.value, s.target])).toEqual([
      [375, null],
      [0, 400],
    ]);
    expect(h.onTrack).toBe(false);
    expect(r.body.sections[2].indicators[0].series[0].value).toBe(2);
    const fw = await admin.get(`/api/v1/outcomes/frameworks/${fid}`);
    expect(fw.body.goals[0]).toMatchObject({ coDefinedBy: "Older people's forum", coDefinitionEvidence: 'Minutes of the forum, 3 March 2026' });
  });

  it('shows a commissioner the figures with small counts suppressed, and refuses them any write', async () => {
    const { fid, q1, goalId } = await networkFramework();
    const older = await admin.post(`/api/v1/outcomes/frameworks/${fid}/indicators`, computedIndicator(goalId, 'over_75_helped_at_home', { timebankId: null }));
    const active = await admin.post(`/api/v1/outcomes/frameworks/${fid}/indicators`, { ...computedIndicator(goalId, 'active_members', { timebankId: null }), suppressBelow: 5 });
    await admin.post(`/api/v1/outcomes/indicators/${older.body.id}/compute`, { periodId: q1, status: 'final' });
    await admin.post(`/api/v1/outcomes/indicators/${active.body.id}/compute`, { periodId: q1, status: 'final' });
    const r = await commissioner.get(`/api/v1/outcomes/frameworks/${fid}`);
    expect(r.status, r.text).toBe(200);
    const [o, a] = r.body.goals[0].indicators;
    expect(o.series[0]).toMatchObject({ value: null, suppressed: true });
    expect(a.series[0]).toMatchObject({ value: 8, suppressed: false });
    expect(r.body.canManage).toBe(false);
    expectProblem(await commissioner.post(`/api/v1/outcomes/indicators/${older.body.id}/compute`, { periodId: q1, status: 'final' }), 403, 'forbidden');
    expectProblem(await otherNetwork.get(`/api/v1/outcomes/frameworks/${fid}`), 404, 'not_found');
  });

  it("lets a timebank's coordinators manage its framework, not the network's, and keeps its queries to its timebank", async () => {
    const mine = await coord.post('/api/v1/outcomes/frameworks', { timebankId: w.world.north, name: 'North outcomes' });
    expect(mine.status, mine.text).toBe(201);
    expectProblem(await coord.post('/api/v1/outcomes/frameworks', { timebankId: null, name: 'Not mine' }), 403, 'forbidden');
    expectProblem(await coord.post('/api/v1/outcomes/frameworks', { timebankId: w.world.south, name: 'Not mine' }), 403, 'forbidden');
    const goal = await coord.post(`/api/v1/outcomes/frameworks/${mine.body.id}/goals`, { title: 'Young people join' });
    const wrong = await coord.post(`/api/v1/outcomes/frameworks/${mine.body.id}/indicators`, computedIndicator(goal.body.id, 'new_members_under_25', { timebankId: w.world.south }));
    expectProblem(wrong, 400, 'validation_failed', '/body/queryParams/timebankId');
  });
});

describe('bad input, refused with the field and nothing written', () => {
  const count = async (table: 'outcome_indicator' | 'outcome_target' | 'outcome_measurement' | 'outcome_project') =>
    Number((await w.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

  it('refuses an indicator query over another network, an unknown query and bad parameters', async () => {
    const { fid, goalId } = await networkFramework();
    const before = await count('outcome_indicator');
    const url = `/api/v1/outcomes/frameworks/${fid}/indicators`;
    expectProblem(await admin.post(url, computedIndicator(goalId, 'active_members', { timebankId: w.world.bTimebank })), 404, 'not_found', '/body/queryParams/timebankId');
    expectProblem(await admin.post(url, computedIndicator(goalId, 'happiness_index', { timebankId: null })), 400, 'validation_failed', '/body/queryName');
    expectProblem(await admin.post(url, computedIndicator(goalId, 'new_members_under_25', { timebankId: null, categorySlug: 'home-garden' })), 400, 'validation_failed', '/body/queryParams');
    expectProblem(await admin.post(url, computedIndicator(goalId, 'active_members', { timebankId: 'north' })), 400, 'validation_failed', '/body/queryParams/timebankId');
    expectProblem(await admin.post(url, computedIndicator(goalId, 'active_members', { timebankId: null, areaId: newId() })), 404, 'not_found', '/body/queryParams/areaId');
    expectProblem(await admin.post(url, { ...computedIndicator(goalId, 'x', {}), sourceKind: 'entered', queryName: undefined, queryParams: undefined }), 400, 'validation_failed', '/body/source');
    expect(await count('outcome_indicator')).toBe(before);
  });

  it('refuses a target for a period that does not exist, or of another framework', async () => {
    const a = await networkFramework();
    const b = await networkFramework();
    const ind = await admin.post(`/api/v1/outcomes/frameworks/${a.fid}/indicators`, computedIndicator(a.goalId, 'active_members', { timebankId: null }));
    const before = await count('outcome_target');
    expectProblem(await put(admin, `/api/v1/outcomes/indicators/${ind.body.id}/target`, { periodId: newId(), value: 10 }), 422, 'unknown_period', '/body/periodId');
    expectProblem(await put(admin, `/api/v1/outcomes/indicators/${ind.body.id}/target`, { periodId: b.q1, value: 10 }), 422, 'unknown_period', '/body/periodId');
    expectProblem(await admin.post(`/api/v1/outcomes/indicators/${ind.body.id}/compute`, { periodId: newId(), status: 'final' }), 422, 'unknown_period', '/body/periodId');
    expect(await count('outcome_target')).toBe(before);
  });

  it('refuses a measurement without its sample size when the indicator needs one', async () => {
    const { fid, q1, goalId } = await networkFramework();
    const ind = await admin.post(`/api/v1/outcomes/frameworks/${fid}/indicators`, {
      goalId,
      name: 'Feel part of the community',
      definition: 'Share agreeing in the annual survey',
      unit: 'percent',
      direction: 'up',
      rbaClass: 'better_off',
      sourceKind: 'entered',
      source: 'Annual members survey',
      sampleSizeRequired: true,
    });
    expect(ind.status, ind.text).toBe(201);
    const before = await count('outcome_measurement');
    const url = `/api/v1/outcomes/indicators/${ind.body.id}/measurements`;
    expectProblem(await admin.post(url, { periodId: q1, value: 61.5, status: 'final' }), 400, 'validation_failed', '/body/sampleSize');
    expectProblem(await admin.post(url, { periodId: q1, value: 61.12345, sampleSize: 40, status: 'final' }), 400, 'validation_failed', '/body/value');
    expect(await count('outcome_measurement')).toBe(before);
    expect((await admin.post(url, { periodId: q1, value: 61.5, sampleSize: 40, status: 'provisional' })).status).toBe(201);
  });

  it('refuses a negative or fractional budget', async () => {
    const { fid, goalId } = await networkFramework();
    const before = await count('outcome_project');
    const body = { name: 'Lunch club', owner: 'Harbour Trust', rag: 'green', ragReason: 'On plan', goalIds: [goalId] };
    const url = `/api/v1/outcomes/frameworks/${fid}/projects`;
    expectProblem(await admin.post(url, { ...body, budgetPence: -100 }), 400, 'validation_failed', '/body/budgetPence');
    expectProblem(await admin.post(url, { ...body, budgetPence: 12.5 }), 400, 'validation_failed', '/body/budgetPence');
    expectProblem(await admin.post(url, { ...body, budgetPence: 100, goalIds: [newId()] }), 400, 'validation_failed', '/body/goalIds/0');
    expect(await count('outcome_project')).toBe(before);
  });
});

describe('projects, steering reviews and the Co-Production Star', () => {
  it('keeps milestones and a status that a steering review changes, with the history', async () => {
    const { fid, goalId } = await networkFramework();
    const p = await admin.post(`/api/v1/outcomes/frameworks/${fid}/projects`, { name: 'Lunch club', owner: 'Harbour Trust', budgetPence: 250_000, rag: 'green', ragReason: 'On plan', goalIds: [goalId] });
    const m = await admin.post(`/api/v1/outcomes/projects/${p.body.id}/milestones`, { title: 'Venue booked', dueOn: '2026-03-01' });
    expect((await put(admin, `/api/v1/outcomes/projects/${p.body.id}/milestones/${m.body.id}`, { done: true, doneOn: '2026-02-20' })).status).toBe(200);
    const review = await admin.post(`/api/v1/outcomes/frameworks/${fid}/reviews`, {
      heldOn: '2026-03-10',
      attendees: 'Chair, two members, the council',
      decisions: 'Find a second cook',
      ragChanges: [{ projectId: p.body.id, rag: 'amber', reason: 'The cook left' }],
    });
    expect(review.status, review.text).toBe(201);
    const r = await admin.get(`/api/v1/outcomes/projects/${p.body.id}`);
    expect(r.body).toMatchObject({ rag: 'amber', ragReason: 'The cook left', budgetPence: 250_000, goals: [{ id: goalId }] });
    expect(r.body.milestones).toEqual([{ id: m.body.id, title: 'Venue booked', dueOn: '2026-03-01', done: true, doneOn: '2026-02-20' }]);
    expect(r.body.ragHistory).toEqual([{ reviewId: review.body.id, heldOn: '2026-03-10', from: 'green', to: 'amber', reason: 'The cook left' }]);
    const audit = await w.db.selectFrom('audit_event').where('action', '=', 'outcome.review.add').select('actor_person_id').execute();
    expect(audit.map((a) => a.actor_person_id)).toContain(w.world.admin.id);
  });

  it('reports hours and people by mode from tagged exchanges, and suppresses small counts for a commissioner', async () => {
    const { fid } = await networkFramework();
    const tagged = await put(coord, `/api/v1/outcomes/tags/exchange/${ids.e1}`, { modes: ['co_delivery', 'co_design'] });
    expect(tagged.status, tagged.text).toBe(200);
    expect((await put(coord, `/api/v1/outcomes/tags/exchange/${ids.cross}`, { modes: ['co_delivery'] })).status).toBe(200);
    expectProblem(await put(commissioner, `/api/v1/outcomes/tags/exchange/${ids.e1}`, { modes: ['co_design'] }), 403, 'forbidden');
    expectProblem(await put(otherNetwork, `/api/v1/outcomes/tags/exchange/${ids.e1}`, { modes: ['co_design'] }), 404, 'not_found');
    const r = await admin.get(`/api/v1/outcomes/frameworks/${fid}/star`);
    expect(r.status, r.text).toBe(200);
    const by = Object.fromEntries(r.body.modes.map((m: { mode: string }) => [m.mode, m]));
    // co-delivery: Edith's hour from Nina and Mary's two hours from Sam; Edith, Nina, Mary, Sam.
    expect(by.co_delivery).toMatchObject({ minutes: 180, people: { value: 4, suppressed: false } });
    expect(by.co_design).toMatchObject({ minutes: 60, people: { value: 2, suppressed: false } });
    expect(by.co_assessment).toMatchObject({ minutes: 0, people: { value: 0, suppressed: false } });
    const c = await commissioner.get(`/api/v1/outcomes/frameworks/${fid}/star`);
    const cb = Object.fromEntries(c.body.modes.map((m: { mode: string }) => [m.mode, m]));
    expect(cb.co_design).toMatchObject({ minutes: null, people: { value: null, suppressed: true } });
  });
});
