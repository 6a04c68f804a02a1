// The map's tables as CSV (RFC 4180, through the archive's writer). A suppressed count is
// written as "<5" (the reports' threshold), never as the number.
import { type CsvValue, toCsv } from '../datarights/archive.ts';
import { SUPPRESS_BELOW } from '../reports/service.ts';
import type { AssetMap } from './service.ts';

export const CSV_TABLES = ['cells', 'areas', 'gaps', 'trend'] as const;
export type CsvTable = (typeof CSV_TABLES)[number];

type MapData = Awaited<ReturnType<AssetMap['map']>>;
type N = { value: number | null; suppressed: boolean };

const n = (c: N): CsvValue => (c.suppressed ? `<${SUPPRESS_BELOW}` : c.value);

export function mapCsv(m: MapData, table: CsvTable, noAreaName: string): string {
  const areaName = new Map(m.areas.map((a) => [a.id, a.name || noAreaName]));
  const catName = new Map(m.categories.map((c) => [c.slug, c.name]));
  const cellRow = (c: MapData['cells'][number]): CsvValue[] => [
    m.month,
    areaName.get(c.areaId) ?? c.areaId,
    catName.get(c.category) ?? c.category,
    n(c.peopleOffering),
    n(c.hoursOffered),
    n(c.needPeople),
    n(c.requestsOpen),
    n(c.exchangesDone),
  ];
  const cellHeader = ['month', 'area', 'category', 'people_offering', 'hours_offered_per_month', 'people_in_need', 'requests_open', 'exchanges_done_12_months'];
  if (table === 'cells') return toCsv(cellHeader, m.cells.map(cellRow));
  if (table === 'gaps') {
    return toCsv(
      ['gap', ...cellHeader],
      [...m.gaps.needs.map((c) => ['need_with_little_capability', ...cellRow(c)]), ...m.gaps.unused.map((c) => ['capability_unused', ...cellRow(c)])],
    );
  }
  if (table === 'trend') {
    return toCsv(
      ['month', 'people_offering', 'hours_offered_per_month', 'people_in_need', 'requests_open', 'exchanges_done_12_months'],
      m.trend.map((t) => [t.month, n(t.peopleOffering), n(t.hoursOffered), n(t.needPeople), n(t.requestsOpen), n(t.exchangesDone)]),
    );
  }
  return toCsv(
    ['month', 'area', 'members', 'pillars', 'conversations', 'survey_answers', 'survey_co_producing', 'survey_would_do_more', 'survey_extra_hours_per_month'],
    m.areaTotals.map((a) => [
      m.month,
      areaName.get(a.areaId) ?? a.areaId,
      n(a.members),
      n(a.pillars),
      n(a.conversations),
      n(a.surveyAnswers),
      n(a.surveyCoProducing),
      n(a.surveyWouldDoMore),
      n(a.surveyExtraHours),
    ]),
  );
}
