// Social value: the SROI engine's maths against figures worked out by hand (exact fractions,
// rounded once to pence), the GDP deflator uplift, the WELLBY engine fed by paired check-ins
// through the API, proxies refused without source or price year, and the calculator page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addPerson, createWorld, memberIdOf, type PersonFixture, type World } from '../../../test/support/fixtures.ts';
import { Client, startTestServer, type TestServer } from '../../../test/support/http.ts';
import { ManualClock } from '../../lib/clock.ts';
import { newId } from '../../lib/ids.ts';
import { silentLogger } from '../../lib/log.ts';
import { systemActor } from '../audit/record.ts';
import { createLedger } from '../ledger/service.ts';
import { INSTRUMENT_VERSION } from '../wellbeing/instrument.ts';
import { insertCheckin } from '../wellbeing/queries.ts';
import { Q } from './rational.ts';
import { calculate, defaultDiscountRate, type Model, uplift } from './sroi.ts';

const proxy = (valuePence: number, priceYear: number) => ({ name: 'Test proxy', unit: 'person-year', valuePence: Q.of(BigInt(valuePence)), priceYear, source: 'Hand-made', licence: 'CC0', url: null });

/** 50 people x GBP 100 (2024 prices); deadweight 20%, displacement 10%, attribution 25%; half drops off each year; 3 years. */
const model = (): Model => ({
  reportYear: 2024,
  discountRate: defaultDiscountRate(),
  outcomes: [
    {
      name: 'Fewer lonely weeks',
      quantity: Q.dec(50),
      proxy: proxy(10_000, 2024),
      deadweight: Q.dec('0.2'),
      displacement: Q.dec('0.1'),
      attribution: Q.dec('0.25'),
      dropOff: Q.dec('0.5'),
      durationYears: 3,
    },
  ],
  inputs: { fundingPence: 300_000, staffHours: Q.dec(10), staffHourPence: 2_000, memberHours: Q.dec(100), memberHourPence: 1_221 },
});

describe('the SROI engine', () => {
  it('values an outcome year by year, discounted at 3.5%, as worked out by hand', () => {
    const r = calculate(model());
    const o = r.outcomes[0]!;
    // 50 x 10,000p x 0.8 x 0.9 x 0.75 = 270,000p in year 1; then 135,000p and 67,500p.
    expect(o.grossPence).toBe(500_000);
    expect(o.year1Pence).toBe(270_000);
    expect(o.years.map((y) => y.valuePence)).toEqual([270_000, 135_000, 67_500]);
    // 1/1.035 = 0.966184, 1/1.035^2 = 0.933511, 1/1.035^3 = 0.901943
    expect(o.years.map((y) => y.discountFactor)).toEqual([0.966184, 0.933511, 0.901943]);
    // 270,000/1.035 + 135,000/1.071225 + 67,500/1.108717875 = 447,774.64p
    expect(o.years.map((y) => y.presentValuePence)).toEqual([260_870, 126_024, 60_881]);
    expect(r.presentValuePence).toBe(447_775);
    // Inputs: 300,000p + 10h x 2,000p + 100h x 1,221p (members' time) = 442,100p.
    expect(r.inputs).toMatchObject({ staffPence: 20_000, membersPence: 122_100, totalPence: 442_100 });
    expect(r.netPresentValuePence).toBe(5_675);
    // 447,774.64 / 442,100 = 1.0128...; payback 442,100 / (270,000 / 12) = 19.65 months.
    expect(r.ratio).toBe(1.01);
    expect(r.paybackMonths).toBe(19.6);
    expect(o.workings).toBe('50 × £100.00 (2024) × 1 × (1 − 20%) × (1 − 10%) × (1 − 25%) = £2,700.00 in year 1; present value over 3 year(s) at 3.5% = £4,477.75');
    expect(r.ratioFormula).toBe('total present value / value of inputs = £4,477.75 / £4,421.00');
  });

  it('varies each assumption on its own in the sensitivity table', () => {
    const s = calculate(model()).sensitivity;
    const row = (assumption: string, change: string) => s.find((x) => x.assumption === assumption && x.change === change);
    // Deadweight 30%: keep 0.7 x 0.9 x 0.75 = 0.4725 → PV 391,803p, ratio 0.89.
    expect(row('deadweight', '+10 points')).toEqual({ assumption: 'deadweight', change: '+10 points', presentValuePence: 391_803, ratio: 0.89 });
    expect(row('discountRate', '1.5%')).toMatchObject({ presentValuePence: 461_601, ratio: 1.04 });
    expect(row('durationYears', '+1 year')).toMatchObject({ presentValuePence: 477_186, ratio: 1.08 });
    expect(row('dropOff', '−10 points')).toMatchObject({ presentValuePence: 499_767, ratio: 1.13 });
    // A member's hour at 75%: 915.75p rounds to 916p; inputs 411,600p; PV unchanged.
    expect(row('memberHourValue', '−25%')).toMatchObject({ presentValuePence: 447_775, ratio: 1.09 });
    expect(s).toHaveLength(18);
  });

  it('uplifts a proxy from its price year to the report year by the GDP deflator', () => {
    // 100 / 81.1085 = 1.232916...; GBP 130.00 in 2019 prices is 16,028p in 2024 prices.
    expect(uplift(2019, 2024).toFixed(6)).toBe(1.232916);
    expect(Q.of(13_000n).mul(uplift(2019, 2024)).round()).toBe(16_028);
    expect(() => uplift(1980, 2024)).toThrow(/no GDP deflator for 1980/);
  });

  it('rounds exactly, half away from zero, whatever the float would say', () => {
    expect(Q.dec('0.125').mul(Q.of(100n)).toFixed(1)).toBe(12.5);
    expect(Q.dec('2.5').round()).toBe(3);
    expect(Q.dec('-2.5').round()).toBe(-3);
    expect(Q.dec(0.1).add(Q.dec(0.2)).cmp(Q.dec('0.3'))).toBe(0);
    expect(() => Q.dec('1e3')).toThrow(RangeError);
  });
});

describe('through the API', () => {
  let server: TestServer;
  let world: World;
  let coordinator: Client;
  let commissioner: Client;
  const clock = new ManualClock(new Date('2026-06-15T10:00:00Z'));
  const sroiUrl = () => `/api/v1/timebanks/${world.north}/social-value/sroi`;
  const inputs = { fundingPence: 500_000, staffHours: 0, staffHourPence: 0, memberHours: 200, memberHourPence: 1_221 };

  /** n people with life satisfaction 5 at joining and 5 + change later (m12). */
  async function pairs(timebankId: string, changes: number[]) {
    const db = server.database.db;
    for (const [i, change] of changes.entries()) {
      const person = await addPerson(db, world.networkA, { name: `Paired ${timebankId.slice(-4)} ${i}`, email: null, timebankId });
      const memberId = await memberIdOf(db, person.id, timebankId);
      for (const [wave, score] of [
        ['joining', 5],
        ['m12', 5 + change],
      ] as const) {
        await insertCheckin(db, {
          network_id: world.networkA,
          id: newId(),
          timebank_id: timebankId,
          member_id: memberId,
          person_id: person.id,
          wave,
          status: 'answered',
          instrument_version: INSTRUMENT_VERSION,
          answered_on: '2025-06-01',
          method: 'online',
          help: 'alone',
          life_satisfaction: score,
          worthwhile: null,
          happiness: null,
          anxiety: null,
          lonely_direct: null,
          lack_companionship: null,
          left_out: null,
          isolated: null,
          belonging: null,
          favours: null,
          recorded_at: clock.now(),
          recorded_by_person_id: person.id,
        });
      }
    }
  }

  beforeAll(async () => {
    server = await startTestServer({ clock });
    world = await createWorld(server.database.db);
    // Members' hours in 2024, from the ledger: 90 and 60 minutes exchanged in North, and a
    // 30-minute exchange reversed (it does not count).
    clock.set(new Date('2024-05-01T10:00:00Z'));
    const ledger = createLedger({ db: server.database.db, clock, log: silentLogger });
    const actor = systemActor(world.networkA);
    await ledger.openTimebank(actor, { timebankId: world.north, settings: { balanceMinutesMin: -10_000 } });
    const account = async (p: PersonFixture) => (await ledger.openMemberAccount(actor, { memberId: await memberIdOf(server.database.db, p.id, world.north) })).id;
    const [mary, broker] = [await account(world.member), await account(world.brokerNorth)];
    const move = (minutes: number) => ledger.transfer(actor, { id: newId(), debitAccountId: mary, creditAccountId: broker, minutes, kind: 'exchange', category: 'gardening' });
    await move(90);
    await move(60);
    const undone = await move(30);
    await ledger.reverse(actor, { id: newId(), transferId: undone.transfers[0]!.id, reason: 'Recorded twice' });
    clock.set(new Date('2026-06-15T10:00:00Z'));
    // North: 10 paired people whose changes sum to +12 (mean 1.2); South: only 9.
    await pairs(world.north, [2, 1, 1, 0, 3, 1, 2, 1, 0, 1]);
    await pairs(world.south, [1, 1, 1, 1, 1, 1, 1, 1, 1]);
    coordinator = new Client(server.url);
    expect((await coordinator.signIn(world.coordinatorNorth.email!)).status).toBe(200);
    commissioner = new Client(server.url);
    expect((await commissioner.signIn(world.commissioner.email!)).status).toBe(200);
  });
  afterAll(async () => {
    await server.close();
  });

  it('values the paired life satisfaction change with the WELLBY, uplifted to the report year', async () => {
    const r = await commissioner.post(sroiUrl(), {
      reportYear: 2024,
      wave: 'm12',
      outcomes: [{ engine: 'wellby', deadweight: 0.1, displacement: 0, attribution: '0.2', dropOff: 0, durationYears: 1 }],
      inputs,
    });
    expect(r.status).toBe(200);
    const o = r.body.outcomes[0];
    // Per person: GBP 13,000 x 1.2 = 1,560,000p (2019) x 100/81.1085 = 1,923,350p (2024).
    expect(o).toMatchObject({ quantity: 10, upliftFactor: 1.232916, proxyReportYearPence: 1_923_350, grossPence: 19_233_496, year1Pence: 13_848_117, presentValuePence: 13_379_823 });
    expect(o.proxy).toMatchObject({ valuePence: 1_560_000, priceYear: 2019, licence: 'Open Government Licence v3.0' });
    expect(o.proxy.source).toContain('mean 1.2 points over 10 people');
    // Inputs: 500,000p + 200 members' hours x 1,221p = 744,200p; ratio 17.98.
    expect(r.body).toMatchObject({ presentValuePence: 13_379_823, ratio: 17.98, paybackMonths: 0.6, inputs: { totalPence: 744_200 } });
    expect(r.body.reference.wellby).toMatchObject({ valuePence: 1_300_000, priceYear: 2019 });
  });

  it('counts the members’ hours given in the report year from the ledger when none are entered', async () => {
    const { memberHours: _, ...noHours } = inputs;
    const r = await commissioner.post(sroiUrl(), { reportYear: 2024, outcomes: [{ engine: 'wellby', deadweight: 0, displacement: 0, attribution: 0, dropOff: 0, durationYears: 1 }], inputs: noHours });
    // 90 + 60 minutes = 2.5 hours x 1,221p = 3,052.5p, rounded half away from zero: 3,053p.
    expect(r.body.inputs).toMatchObject({ memberHours: 2.5, memberHoursSource: 'ledger', membersPence: 3_053, totalPence: 503_053 });
    const none = await commissioner.post(sroiUrl(), { reportYear: 2023, outcomes: [{ engine: 'wellby', deadweight: 0, displacement: 0, attribution: 0, dropOff: 0, durationYears: 1 }], inputs: noHours });
    expect(none.body.inputs).toMatchObject({ memberHours: 0, membersPence: 0 });
  });

  it('gives no WELLBY value over fewer than 10 paired people', async () => {
    const r = await coordinator.post(`/api/v1/timebanks/${world.south}/social-value/sroi`, {
      outcomes: [{ engine: 'wellby', deadweight: 0, displacement: 0, attribution: 0, dropOff: 0, durationYears: 1 }],
      inputs,
    });
    // The coordinator of North reads no report of South.
    expect(r.status).toBe(403);
    const c = await commissioner.post(`/api/v1/timebanks/${world.south}/social-value/sroi`, {
      outcomes: [{ engine: 'wellby', deadweight: 0, displacement: 0, attribution: 0, dropOff: 0, durationYears: 1 }],
      inputs,
    });
    expect(c.status).toBe(422);
    expect(c.body).toMatchObject({ code: 'too_few_people', errors: [{ path: '/body/outcomes/0/engine' }] });
  });

  it('refuses a proxy without its source or price year, and writes nothing', async () => {
    const url = `/api/v1/timebanks/${world.north}/social-value/proxies`;
    const bad = await coordinator.post(url, { name: 'Volunteering', unit: 'person-year', valuePence: 300_000, licence: 'Our own' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path)).toEqual(['/body/source', '/body/priceYear']);
    const badShape = await coordinator.post(url, { name: 'Volunteering', unit: 'person-year', valuePence: -5, priceYear: 2023, source: 'x', licence: 'Our own' });
    expect(badShape.status).toBe(400);
    expect((await coordinator.get(url)).body.items).toEqual([]);
    // The commissioner reads proxies but does not enter them.
    const denied = await commissioner.post(url, { name: 'Volunteering', unit: 'person-year', valuePence: 300_000, priceYear: 2023, source: 'Our survey', licence: 'CC BY 4.0' });
    expect(denied.status).toBe(403);
  });

  it('values an outcome with a proxy the coordinator entered, with its source shown', async () => {
    const url = `/api/v1/timebanks/${world.north}/social-value/proxies`;
    const made = await coordinator.post(url, { name: 'A lift to hospital', unit: 'lift', valuePence: 2_500, priceYear: 2023, source: 'Local taxi fares survey 2023', licence: 'CC BY 4.0' });
    expect(made.status).toBe(200);
    const r = await coordinator.post(sroiUrl(), {
      reportYear: 2024,
      outcomes: [{ engine: 'proxy', proxyId: made.body.id, quantity: 40, deadweight: 0, displacement: 0, attribution: 0, dropOff: 0, durationYears: 1 }],
      inputs: { fundingPence: 100_000, staffHours: 0, staffHourPence: 0, memberHours: 0, memberHourPence: 0 },
    });
    expect(r.status).toBe(200);
    // 2,500p x 100/96.2507 = 2,597.38p; x 40 = 103,895p; / 1.035 = 100,382p.
    expect(r.body.outcomes[0]).toMatchObject({ proxyReportYearPence: 2_597, grossPence: 103_895, presentValuePence: 100_382, proxy: { source: 'Local taxi fares survey 2023' } });
    const missing = await coordinator.post(sroiUrl(), { outcomes: [{ engine: 'proxy', proxyId: newId(), quantity: 1, deadweight: 0, displacement: 0, attribution: 0, dropOff: 0, durationYears: 1 }], inputs });
    expect(missing.body).toMatchObject({ status: 400, errors: [{ path: '/body/outcomes/0/proxyId' }] });
    const share = await coordinator.post(sroiUrl(), { outcomes: [{ engine: 'wellby', deadweight: 1.5, displacement: 0, attribution: 0, dropOff: 0, durationYears: 1 }], inputs });
    expect(share.status).toBe(400);
    expect(share.body.errors[0].path).toBe('/body/outcomes/0/deadweight');
  });

  it('shows the calculation on the page with its formula, inputs and sensitivity table, in Polish too', async () => {
    const page = `/timebanks/${world.north}/social-value`;
    const form = new URLSearchParams({
      _csrf: commissioner.csrf!,
      reportYear: '2024',
      includeWellby: 'yes',
      wave: 'm12',
      w_deadweight: '0.1',
      w_displacement: '0',
      w_attribution: '0.2',
      w_dropOff: '0',
      w_durationYears: '1',
      p_proxyId: '',
      fundingPounds: '5000',
      staffHours: '0',
      staffHourPounds: '0',
      memberHours: '200',
      memberHourPounds: '12.21',
    });
    const r = await commissioner.request('POST', page, form.toString(), { 'content-type': 'application/x-www-form-urlencoded' });
    expect(r.status).toBe(200);
    expect(r.text).toContain('£17.98 of social value for each £1 put in');
    expect(r.text).toContain('quantity × proxy × deflator(report year)/deflator(price year)');
    expect(r.text).toContain('Sensitivity: each assumption varied on its own');
    expect(r.text).not.toContain('Add a proxy');
    form.set('w_deadweight', 'lots');
    form.set('memberHourPounds', '12.999');
    const bad = await commissioner.request('POST', `${page}?lang=pl`, form.toString(), { 'content-type': 'application/x-www-form-urlencoded' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('id="w_deadweight-error"');
    expect(bad.text).toContain('Wpisz udział od 0 do 1, np. 0.25');
    expect(bad.text).toContain('id="memberHourPounds-error"');
  });
});
