// Social value (docs/social-value.md): the financial proxies a timebank enters (each with its
// source, licence and price year) and the SROI calculation, whose default engine is the HM
// Treasury WELLBY fed by the paired change in ONS life satisfaction from the check-ins.
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Clock } from '../../lib/clock.ts';
import { DomainError, type FieldError } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import { type Actor, recordAudit } from '../audit/record.ts';
import type { Principal } from '../auth/principal.ts';
import type { Ledger } from '../ledger/service.ts';
import { authorize } from '../policy/policy.ts';
import { timebankResource } from '../tenancy/guard.ts';
import { meanAllowed, WELLBEING_THRESHOLD } from '../wellbeing/disclosure-local.ts';
import type { Wellbeing } from '../wellbeing/service.ts';
import type { Wave } from '../wellbeing/tables.ts';
import * as q from './queries.ts';
import { Q } from './rational.ts';
import { DISCOUNT_SOURCE, GDP_DEFLATOR, LATEST_PRICE_YEAR, WELLBY } from './reference.ts';
import { calculate, defaultDiscountRate, type Outcome, type FinancialProxy } from './sroi.ts';

export interface ProxyInput {
  name: string;
  unit: string;
  valuePence: number;
  priceYear?: number | undefined;
  source?: string | undefined;
  sourceUrl?: string | undefined;
  licence: string;
}

type Decimal = number | string;
export interface OutcomeInput {
  name?: string | undefined;
  /** 'wellby': the WELLBY engine; otherwise a proxy of the timebank. */
  engine: 'wellby' | 'proxy';
  proxyId?: string | undefined;
  quantity?: Decimal | undefined;
  deadweight: Decimal;
  displacement: Decimal;
  attribution: Decimal;
  dropOff: Decimal;
  durationYears: number;
}

export interface SroiInput {
  reportYear?: number | undefined;
  wave?: Exclude<Wave, 'joining'> | undefined;
  outcomes: OutcomeInput[];
  /** memberHours left out: the hours exchanged in the timebank in the report year, from the ledger. */
  inputs: { fundingPence: number; staffHours: Decimal; staffHourPence: number; memberHours?: Decimal | undefined; memberHourPence: number };
}

const field = (path: string, message: string): FieldError => ({ path: `/body/${path}`, message });
const invalid = (f: FieldError[]) => new DomainError('validation_failed', f.map((x) => `${x.path}: ${x.message}`).join('; '), { fields: f });

/** Members' hours given in a year: booked exchange and activity minutes of the timebank, reversals netted (the ledger's totals). */
type LedgerTotals = Pick<Ledger, 'timebankTotals'>;

export function createSocialValue({ db, clock, wellbeing, ledger }: { db: Kysely<DB>; clock: Clock; wellbeing: Wellbeing; ledger: LedgerTotals }) {
  async function memberMinutes(networkId: string, timebankId: string, year: number): Promise<number> {
    const t = await ledger.timebankTotals(networkId, timebankId, { from: new Date(Date.UTC(year, 0, 1)), to: new Date(Date.UTC(year + 1, 0, 1)) });
    return (t.byKind.exchange ?? 0) + (t.byKind.activity ?? 0);
  }

  async function proxies(p: Principal, timebankId: string) {
    authorize(p, 'report.read', await timebankResource(db, p, timebankId));
    return q.proxiesOf(db, p.networkId, timebankId);
  }

  /** A coordinator enters a proxy: without its source or price year it is refused. */
  async function addProxy(p: Principal, actor: Actor, timebankId: string, input: ProxyInput) {
    authorize(p, 'socialvalue.manage', await timebankResource(db, p, timebankId));
    const fields: FieldError[] = [];
    if (!input.source?.trim()) fields.push(field('source', 'a proxy needs its source'));
    if (input.priceYear === undefined) fields.push(field('priceYear', 'a proxy needs the year of its prices'));
    else if (!GDP_DEFLATOR.index[input.priceYear]) fields.push(field('priceYear', `a year with a GDP deflator (${Object.keys(GDP_DEFLATOR.index)[0]}–${LATEST_PRICE_YEAR})`));
    if (fields.length) throw invalid(fields);
    if (await q.proxyNamed(db, p.networkId, timebankId, input.name.trim())) throw new DomainError('conflict', 'a proxy of that name exists', { fields: [field('name', 'already used')] });
    const id = newId();
    await db.transaction().execute(async (tx) => {
      await q.insertProxy(tx, {
        network_id: p.networkId,
        id,
        timebank_id: timebankId,
        name: input.name.trim(),
        unit: input.unit.trim(),
        value_pence: input.valuePence,
        price_year: input.priceYear!,
        source: input.source!.trim(),
        source_url: input.sourceUrl?.trim() || null,
        licence: input.licence.trim(),
        created_at: clock.now(),
        created_by_person_id: p.personId,
      });
      await recordAudit(tx, actor, { action: 'socialvalue.proxy', subjectType: 'social_value_proxy', subjectId: id, timebankId, detail: { name: input.name.trim() } });
    });
    return { id };
  }

  /** The WELLBY outcome: n paired people, each valued at WELLBY x their mean change. */
  async function wellbyProxy(p: Principal, timebankId: string, wave: Exclude<Wave, 'joining'>, i: number) {
    const s = await wellbeing.lifeSatisfactionSums(p, timebankId, wave);
    // disclosure: no mean over fewer than 10 people, so no WELLBY value either.
    if (!meanAllowed(s.n)) {
      throw new DomainError('too_few_people', `fewer than ${WELLBEING_THRESHOLD} people answered life satisfaction at joining and at ${wave}`, {
        fields: [field(`outcomes/${i}/engine`, `fewer than ${WELLBEING_THRESHOLD} paired people`)],
      });
    }
    const mean = Q.of(BigInt(s.sumChange), BigInt(s.n));
    const proxy: FinancialProxy = {
      name: 'WELLBY × mean change in life satisfaction',
      unit: 'person-year',
      valuePence: Q.of(BigInt(WELLBY.valuePence)).mul(mean),
      priceYear: WELLBY.priceYear,
      source: `${WELLBY.source}; × the paired change in ONS life satisfaction, joining to ${wave}: mean ${mean.toFixed(4)} points over ${s.n} people`,
      licence: WELLBY.licence,
      url: WELLBY.url,
    };
    return { proxy, quantity: Q.of(BigInt(s.n)), mean, n: s.n };
  }

  async function outcomeOf(p: Principal, timebankId: string, o: OutcomeInput, i: number, wave: Exclude<Wave, 'joining'>, rows: Awaited<ReturnType<typeof q.proxiesOf>>): Promise<Outcome> {
    const shares = { deadweight: Q.dec(o.deadweight), displacement: Q.dec(o.displacement), attribution: Q.dec(o.attribution), dropOff: Q.dec(o.dropOff), durationYears: o.durationYears };
    if (o.engine === 'wellby') {
      const w = await wellbyProxy(p, timebankId, wave, i);
      return { name: o.name ?? 'Life satisfaction (WELLBY)', quantity: w.quantity, proxy: w.proxy, ...shares };
    }
    const row = rows.find((r) => r.id === o.proxyId);
    if (!row) throw invalid([field(`outcomes/${i}/proxyId`, 'choose a proxy of this timebank')]);
    if (o.quantity === undefined) throw invalid([field(`outcomes/${i}/quantity`, 'how many units')]);
    const proxy: FinancialProxy = { name: row.name, unit: row.unit, valuePence: Q.of(BigInt(row.value_pence)), priceYear: row.price_year, source: row.source, licence: row.licence, url: row.source_url };
    return { name: o.name ?? row.name, quantity: Q.dec(o.quantity), proxy, ...shares };
  }

  /** The SROI of a set of outcomes against the inputs: every figure with its formula and inputs. */
  async function sroi(p: Principal, timebankId: string, input: SroiInput) {
    authorize(p, 'report.read', await timebankResource(db, p, timebankId));
    const reportYear = input.reportYear ?? LATEST_PRICE_YEAR;
    if (!GDP_DEFLATOR.index[reportYear]) throw invalid([field('reportYear', `a year with a GDP deflator (up to ${LATEST_PRICE_YEAR})`)]);
    const rows = await q.proxiesOf(db, p.networkId, timebankId);
    const wave = input.wave ?? 'm12';
    const outcomes: Outcome[] = [];
    for (const [i, o] of input.outcomes.entries()) outcomes.push(await outcomeOf(p, timebankId, o, i, wave, rows));
    const i = input.inputs;
    const fromLedger = i.memberHours === undefined;
    const memberHours = fromLedger ? Q.of(BigInt(await memberMinutes(p.networkId, timebankId, reportYear)), 60n) : Q.dec(i.memberHours!);
    const result = calculate({
      reportYear,
      discountRate: defaultDiscountRate(),
      outcomes,
      inputs: { fundingPence: i.fundingPence, staffHours: Q.dec(i.staffHours), staffHourPence: i.staffHourPence, memberHours, memberHourPence: i.memberHourPence },
    });
    const memberHoursSource = fromLedger ? ('ledger' as const) : ('entered' as const);
    return { ...result, inputs: { ...result.inputs, memberHours: memberHours.toFixed(2), memberHoursSource }, wave, reference: { wellby: WELLBY, deflator: { source: GDP_DEFLATOR.source, url: GDP_DEFLATOR.url, licence: GDP_DEFLATOR.licence }, discount: DISCOUNT_SOURCE } };
  }

  return { proxies, addProxy, sroi };
}

export type SocialValue = ReturnType<typeof createSocialValue>;
