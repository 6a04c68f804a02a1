// Open data for a timebank whose coordinators turned it on (docs/reports.md, "Open data"):
// an anonymised aggregate feed (JSON and CSV, with a data dictionary, under the licence the
// timebank chose) and its public offers and group activities in the Open Referral UK (HSDS)
// shape. Everything is public: no personal data, every count through the disclosure library.
import type { Kysely } from 'kysely';
import { type Config, publicBaseUrl } from '../../config.ts';
import type { DB } from '../../db/schema.ts';
import type { Clock } from '../../lib/clock.ts';
import { notFound } from '../../lib/errors.ts';
import { parentOf, SHIPPED } from '../categories/taxonomy.ts';
import { type Cell, methodStatement, primary, type ProtectedTable } from '../disclosure/index.ts';
import { cell as csvField } from '../ledger/csv.ts';
import { monthsBetween, protect, Tally } from '../reports/dashboard.ts';
import { activityRows } from '../reports/queries.ts';
import { effectiveRules } from '../reports/settings.ts';
import { hsdsServices, type Paging } from './hsds.ts';
import * as q from './queries.ts';

export const LICENCES = {
  'OGL-UK-3.0': {
    name: 'Open Government Licence v3.0',
    url: 'https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/',
  },
  'CC-BY-4.0': {
    name: 'Creative Commons Attribution 4.0 International',
    url: 'https://creativecommons.org/licenses/by/4.0/',
  },
} as const;

/** The columns of the feed, in order: the data dictionary. */
export const DICTIONARY = [
  {
    field: 'measure',
    type: 'string',
    description:
      'hours_given: minutes members gave each other in exchanges and group activities (a reversal counts against the month of what it reverses); active_members: members who gave or received help in the month.',
  },
  {
    field: 'period_start',
    type: 'date',
    description: 'First day of the period (ISO 8601, YYYY-MM-DD).',
  },
  {
    field: 'period_end',
    type: 'date',
    description: 'Last day of the period, included (ISO 8601).',
  },
  {
    field: 'category',
    type: 'string',
    description:
      'Top-level category slug of the help (hours_given); "all" for the total over categories; empty for active_members.',
  },
  { field: 'category_name', type: 'string', description: 'The category in English.' },
  {
    field: 'value',
    type: 'integer',
    description: 'The figure in the unit below; empty when suppressed.',
  },
  { field: 'unit', type: 'string', description: 'minutes (divide by 60 for hours) or people.' },
  {
    field: 'suppressed',
    type: 'boolean',
    description: 'true when the figure is withheld to protect people (see method).',
  },
  {
    field: 'suppression_reason',
    type: 'string',
    description:
      'primary: fewer people than the threshold; secondary: withheld so a primary figure cannot be worked out from totals; population: the whole table covers too few people.',
  },
] as const;

export interface FeedRecord {
  measure: 'hours_given' | 'active_members';
  period_start: string;
  period_end: string;
  category: string | null;
  category_name: string | null;
  value: number | null;
  unit: 'minutes' | 'people';
  suppressed: boolean;
  suppression_reason: string | null;
}

const isoDay = (d: Date) => d.toISOString().slice(0, 10);
const monthEnd = (month: string) =>
  isoDay(new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0)));
const topOf = (slug: string) => parentOf(slug) ?? slug;

export function createOpenData({
  db,
  clock,
  config,
}: {
  db: Kysely<DB>;
  clock: Clock;
  config: Config;
}) {
  async function find(networkSlug: string, timebankSlug: string) {
    const tb = await q.openTimebank(db, networkSlug, timebankSlug);
    if (!tb) throw notFound('open data');
    return tb;
  }

  /** The last twelve complete calendar months, as protected figures. */
  async function aggregates(networkSlug: string, timebankSlug: string) {
    const tb = await find(networkSlug, timebankSlug);
    const rules = await effectiveRules(db, tb.network_id, tb.timebank_id);
    const now = clock.now();
    const to = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
    const from = new Date(Date.UTC(now.getUTCFullYear() - 1, now.getUTCMonth(), 1));
    const rows = await activityRows(db, tb.network_id, tb.timebank_id, from, to);
    const months = monthsBetween(from, to);
    const hours = new Tally();
    const activeByMonth = new Map<string, Set<string>>();
    for (const r of rows) {
      activeByMonth.set(r.month, (activeByMonth.get(r.month) ?? new Set()).add(r.member_id));
      if (r.side === 'gave') hours.add(r.month, topOf(r.category), r.minutes, r.member_id);
    }
    const categories = [
      ...new Set(rows.filter((r) => r.side === 'gave').map((r) => topOf(r.category))),
    ].sort();
    const table = protect(hours, months, categories, rules.countMin);
    const period = { from: isoDay(from), to: isoDay(new Date(to.getTime() - 86_400_000)) };
    const records = [
      ...hoursRecords(table, period),
      ...months.map((m) =>
        activeRecord(m, primary(activeByMonth.get(m)?.size ?? 0, rules.countMin)),
      ),
    ];
    const base = publicBaseUrl(config);
    return {
      title: `${tb.name}: timebank activity (open data)`,
      publisher: { name: tb.name, url: `${base}/join/${tb.network_slug}/${tb.timebank_slug}` },
      licence: { id: tb.open_data_licence, ...LICENCES[tb.open_data_licence] },
      period,
      generatedAt: now.toISOString(),
      method: methodStatement(rules, 'en'),
      dictionary: DICTIONARY.map((d) => ({ ...d })),
      records,
    };
  }

  async function aggregatesCsv(networkSlug: string, timebankSlug: string) {
    const feed = await aggregates(networkSlug, timebankSlug);
    const fields = DICTIONARY.map((d) => d.field);
    const line = (xs: (string | number | boolean | null)[]) =>
      xs.map((x) => csvField(x === null ? '' : String(x))).join(',');
    return `${[line(fields), ...feed.records.map((r) => line(fields.map((f) => r[f])))].join('\r\n')}\r\n`;
  }

  async function dictionaryCsv(networkSlug: string, timebankSlug: string) {
    const feed = await aggregates(networkSlug, timebankSlug);
    const meta = [
      ['licence', `${feed.licence.name} (${feed.licence.id}) ${feed.licence.url}`],
      ['method', feed.method.join(' ')],
    ];
    const rows = [
      ['field', 'type', 'description'],
      ...DICTIONARY.map((d) => [d.field, d.type, d.description]),
      ...meta.map(([k, v]) => [k!, '', v!]),
    ];
    return `${rows.map((r) => r.map(csvField).join(',')).join('\r\n')}\r\n`;
  }

  async function hsds(networkSlug: string, timebankSlug: string, paging: Paging = { page: 1, perPage: 50 }) {
    const tb = await find(networkSlug, timebankSlug);
    const rules = await effectiveRules(db, tb.network_id, tb.timebank_id);
    const [areas, offering, offers, activities] = await Promise.all([
      q.areaNames(db, tb.network_id, tb.timebank_id),
      q.offeringMembersByCategory(db, tb.network_id, tb.timebank_id),
      q.organisationOffers(db, tb.network_id, tb.timebank_id),
      tb.publish_activities
        ? q.upcomingActivities(db, tb.network_id, tb.timebank_id, clock.now())
        : Promise.resolve([]),
    ]);
    // A category is named as help on offer only when enough members offer it.
    const categories = offering
      .filter((c) => !primary(c.n, rules.countMin).suppressed && c.n > 0)
      .map((c) => c.category);
    return hsdsServices({
      tb,
      baseUrl: publicBaseUrl(config),
      areas,
      categories,
      offers,
      activities,
    }, paging);
  }

  /** The addresses of a timebank's feeds (whether or not they are on). */
  async function feedPaths(networkId: string, timebankId: string): Promise<string[]> {
    const s = await q.slugsOf(db, networkId, timebankId);
    if (!s) return [];
    const base = `/api/v1/open/${s.network}/${s.timebank}`;
    return ['aggregates.json', 'aggregates.csv', 'dictionary.csv', 'hsds/services'].map(
      (f) => `${base}/${f}`,
    );
  }

  return { aggregates, aggregatesCsv, dictionaryCsv, hsds, feedPaths };
}

function hoursRecords(t: ProtectedTable, period: { from: string; to: string }): FeedRecord[] {
  const rec = (start: string, end: string, category: string, c: Cell): FeedRecord => ({
    measure: 'hours_given',
    period_start: start,
    period_end: end,
    category,
    category_name: category === 'all' ? 'All categories' : (SHIPPED.get(category)?.en ?? category),
    value: c.value,
    unit: 'minutes',
    suppressed: c.suppressed,
    suppression_reason: c.reason,
  });
  const out: FeedRecord[] = [];
  for (const [i, m] of t.rows.entries()) {
    for (const [j, c] of t.cols.entries())
      out.push(rec(`${m}-01`, monthEnd(m), c, t.cells[i]![j]!));
    out.push(rec(`${m}-01`, monthEnd(m), 'all', t.rowTotals[i]!));
  }
  for (const [j, c] of t.cols.entries()) out.push(rec(period.from, period.to, c, t.colTotals[j]!));
  out.push(rec(period.from, period.to, 'all', t.total));
  return out;
}

function activeRecord(month: string, c: Cell): FeedRecord {
  return {
    measure: 'active_members',
    period_start: `${month}-01`,
    period_end: monthEnd(month),
    category: null,
    category_name: null,
    value: c.value,
    unit: 'people',
    suppressed: c.suppressed,
    suppression_reason: c.reason,
  };
}

export type OpenData = ReturnType<typeof createOpenData>;
