// The SROI engine (docs/social-value.md), pure and exact. Per outcome, per year t = 1..D:
//   value_1 = quantity x proxy(report-year prices) x (1 - deadweight) x (1 - displacement) x (1 - attribution)
//   value_t = value_(t-1) x (1 - drop-off)
//   PV      = sum over t of value_t / (1 + r)^t          (r = 3.5%, HM Treasury Green Book)
// SROI ratio = total PV / value of inputs; payback (months) = inputs / (year-1 value / 12).
// Every figure is returned with its formula and inputs; money is rounded once to whole pence.
import { DomainError } from '../../lib/errors.ts';
import { DISCOUNT_RATE, GDP_DEFLATOR } from './reference.ts';
import { ONE, Q, ZERO } from './rational.ts';

export interface FinancialProxy {
  name: string;
  unit: string;
  /** Value of one unit for one year, in pence at the prices of priceYear. */
  valuePence: Q;
  priceYear: number;
  source: string;
  licence: string;
  url: string | null;
}

export interface Outcome {
  name: string;
  quantity: Q;
  proxy: FinancialProxy;
  deadweight: Q;
  displacement: Q;
  attribution: Q;
  dropOff: Q;
  durationYears: number;
}

export interface Inputs {
  fundingPence: number;
  staffHours: Q;
  staffHourPence: number;
  memberHours: Q;
  memberHourPence: number;
}

export interface Model {
  reportYear: number;
  discountRate: Q;
  outcomes: Outcome[];
  inputs: Inputs;
}

const pounds = (pence: number) => `£${(pence / 100).toLocaleString('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
const pct = (x: Q) => `${x.mul(Q.of(100n)).toFixed(2)}%`;

/** Report-year prices over price-year prices, from the shipped GDP deflator. */
export function uplift(priceYear: number, reportYear: number): Q {
  const from = GDP_DEFLATOR.index[priceYear];
  const to = GDP_DEFLATOR.index[reportYear];
  if (!from) throw new DomainError('validation_failed', `no GDP deflator for ${priceYear}`, { fields: [{ path: '/body/priceYear', message: 'no GDP deflator for that year' }] });
  if (!to) throw new DomainError('validation_failed', `no GDP deflator for ${reportYear}`, { fields: [{ path: '/body/reportYear', message: 'no GDP deflator for that year' }] });
  return Q.dec(to).div(Q.dec(from));
}

function outcomeValue(o: Outcome, reportYear: number, r: Q) {
  const up = uplift(o.proxy.priceYear, reportYear);
  const proxy = o.proxy.valuePence.mul(up);
  const gross = o.quantity.mul(proxy);
  const keep = ONE.sub(o.deadweight).mul(ONE.sub(o.displacement)).mul(ONE.sub(o.attribution));
  const year1 = gross.mul(keep);
  const years = [];
  let value = year1;
  let pv = ZERO;
  for (let t = 1; t <= o.durationYears; t++) {
    if (t > 1) value = value.mul(ONE.sub(o.dropOff));
    const factor = ONE.div(ONE.add(r).pow(t));
    pv = pv.add(value.mul(factor));
    years.push({ year: t, valuePence: value.round(), discountFactor: factor.toFixed(6), presentValuePence: value.mul(factor).round() });
  }
  return { up, proxy, gross, year1, pv, years };
}

function inputsValue(i: Inputs) {
  const staff = i.staffHours.mul(Q.of(BigInt(i.staffHourPence)));
  const members = i.memberHours.mul(Q.of(BigInt(i.memberHourPence)));
  return { staff, members, total: Q.of(BigInt(i.fundingPence)).add(staff).add(members) };
}

/** Total PV and the SROI ratio of a model (used by the sensitivity table too). */
function totals(m: Model) {
  const values = m.outcomes.map((o) => outcomeValue(o, m.reportYear, m.discountRate));
  const pv = values.reduce((s, v) => s.add(v.pv), ZERO);
  const year1 = values.reduce((s, v) => s.add(v.year1), ZERO);
  const inputs = inputsValue(m.inputs);
  return { values, pv, year1, inputs, ratio: inputs.total.isZero() ? null : pv.div(inputs.total) };
}

export function calculate(m: Model) {
  const t = totals(m);
  const outcomes = m.outcomes.map((o, i) => outcomeReport(o, t.values[i]!, m));
  const inputsPence = t.inputs.total.round();
  const pvPence = t.pv.round();
  const payback = t.year1.cmp(ZERO) > 0 && !t.inputs.total.isZero() ? t.inputs.total.div(t.year1.div(Q.of(12n))).toFixed(1) : null;
  return {
    reportYear: m.reportYear,
    discountRate: m.discountRate.toFixed(4),
    outcomes,
    inputs: {
      fundingPence: m.inputs.fundingPence,
      staffPence: t.inputs.staff.round(),
      membersPence: t.inputs.members.round(),
      totalPence: inputsPence,
      formula: 'funding + staff hours × staff rate + members’ hours × value of a member’s hour',
      workings: `${pounds(m.inputs.fundingPence)} + ${m.inputs.staffHours.toFixed(2)} h × ${pounds(m.inputs.staffHourPence)} + ${m.inputs.memberHours.toFixed(2)} h × ${pounds(m.inputs.memberHourPence)} = ${pounds(inputsPence)}`,
    },
    presentValuePence: pvPence,
    netPresentValuePence: t.pv.sub(t.inputs.total).round(),
    ratio: t.ratio ? t.ratio.toFixed(2) : null,
    ratioFormula: `total present value / value of inputs = ${pounds(pvPence)} / ${pounds(inputsPence)}`,
    paybackMonths: payback,
    paybackFormula: 'value of inputs / (value in year 1 / 12)',
    sensitivity: sensitivity(m),
  };
}

function outcomeReport(o: Outcome, v: ReturnType<typeof outcomeValue>, m: Model) {
  const proxyPence = v.proxy.round();
  return {
    name: o.name,
    quantity: o.quantity.toFixed(4),
    proxy: { name: o.proxy.name, unit: o.proxy.unit, valuePence: o.proxy.valuePence.round(), priceYear: o.proxy.priceYear, source: o.proxy.source, licence: o.proxy.licence, url: o.proxy.url },
    upliftFactor: v.up.toFixed(6),
    proxyReportYearPence: proxyPence,
    deadweight: o.deadweight.toFixed(4),
    displacement: o.displacement.toFixed(4),
    attribution: o.attribution.toFixed(4),
    dropOff: o.dropOff.toFixed(4),
    durationYears: o.durationYears,
    grossPence: v.gross.round(),
    year1Pence: v.year1.round(),
    presentValuePence: v.pv.round(),
    years: v.years,
    formula: 'quantity × proxy × deflator(report year)/deflator(price year) × (1 − deadweight) × (1 − displacement) × (1 − attribution); later years × (1 − drop-off); each year ÷ (1 + r)^t',
    workings: `${o.quantity.toFixed(4)} × ${pounds(o.proxy.valuePence.round())} (${o.proxy.priceYear}) × ${v.up.toFixed(6)} × (1 − ${pct(o.deadweight)}) × (1 − ${pct(o.displacement)}) × (1 − ${pct(o.attribution)}) = ${pounds(v.year1.round())} in year 1; present value over ${o.durationYears} year(s) at ${pct(m.discountRate)} = ${pounds(v.pv.round())}`,
  };
}

const clamp01 = (x: Q) => (x.cmp(ZERO) < 0 ? ZERO : x.cmp(ONE) > 0 ? ONE : x);
const POINTS = Q.dec('0.1');
const LOW = Q.dec('0.75');
const HIGH = Q.dec('1.25');

type Variant = { assumption: string; change: string; apply: (m: Model) => Model };

const eachOutcome = (f: (o: Outcome) => Outcome) => (m: Model) => ({ ...m, outcomes: m.outcomes.map(f) });
const share = (key: 'deadweight' | 'displacement' | 'attribution' | 'dropOff'): Variant[] =>
  [
    ['−10 points', (x: Q) => clamp01(x.sub(POINTS))],
    ['+10 points', (x: Q) => clamp01(x.add(POINTS))],
  ].map(([change, f]) => ({ assumption: key, change: change as string, apply: eachOutcome((o) => ({ ...o, [key]: (f as (x: Q) => Q)(o[key]) })) }));

const VARIANTS: Variant[] = [
  ...share('deadweight'),
  ...share('displacement'),
  ...share('attribution'),
  ...share('dropOff'),
  { assumption: 'proxy', change: '−25%', apply: eachOutcome((o) => ({ ...o, proxy: { ...o.proxy, valuePence: o.proxy.valuePence.mul(LOW) } })) },
  { assumption: 'proxy', change: '+25%', apply: eachOutcome((o) => ({ ...o, proxy: { ...o.proxy, valuePence: o.proxy.valuePence.mul(HIGH) } })) },
  { assumption: 'quantity', change: '−25%', apply: eachOutcome((o) => ({ ...o, quantity: o.quantity.mul(LOW) })) },
  { assumption: 'quantity', change: '+25%', apply: eachOutcome((o) => ({ ...o, quantity: o.quantity.mul(HIGH) })) },
  { assumption: 'durationYears', change: '−1 year', apply: eachOutcome((o) => ({ ...o, durationYears: Math.max(1, o.durationYears - 1) })) },
  { assumption: 'durationYears', change: '+1 year', apply: eachOutcome((o) => ({ ...o, durationYears: o.durationYears + 1 })) },
  { assumption: 'discountRate', change: '1.5%', apply: (m) => ({ ...m, discountRate: Q.dec('0.015') }) },
  { assumption: 'discountRate', change: '5.5%', apply: (m) => ({ ...m, discountRate: Q.dec('0.055') }) },
  { assumption: 'memberHourValue', change: '−25%', apply: (m) => ({ ...m, inputs: { ...m.inputs, memberHourPence: Q.of(BigInt(m.inputs.memberHourPence)).mul(LOW).round() } }) },
  { assumption: 'memberHourValue', change: '+25%', apply: (m) => ({ ...m, inputs: { ...m.inputs, memberHourPence: Q.of(BigInt(m.inputs.memberHourPence)).mul(HIGH).round() } }) },
];

/** The SROI ratio with each assumption varied on its own, the others as given. */
function sensitivity(m: Model) {
  return VARIANTS.map((v) => {
    const t = totals(v.apply(m));
    return { assumption: v.assumption, change: v.change, presentValuePence: t.pv.round(), ratio: t.ratio ? t.ratio.toFixed(2) : null };
  });
}

export const defaultDiscountRate = () => Q.dec(DISCOUNT_RATE);
