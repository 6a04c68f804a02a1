// One dashboard table as CSV (RFC 4180): a header, a row per row label with its total, the
// column totals, then the notes: what [c] means and the method statement.
import { cell as field } from '../ledger/csv.ts';
import type { T } from '../../web/i18n/i18n.ts';
import { cellText, type PresentedTable } from './present.ts';

export function tableCsv(table: PresentedTable, t: T, threshold: number, method: string[]): string {
  const unit = table.unit === 'hours' ? t('reports.hoursUnit') : t('reports.peopleUnit');
  const line = (xs: string[]) => xs.map(field).join(',');
  const lines = [line([table.corner, ...table.cols, t('reports.total')])];
  for (const r of table.rows)
    lines.push(
      line([
        r.label,
        ...r.cells.map((c) => cellText(c, table.unit)),
        cellText(r.total, table.unit),
      ]),
    );
  if (table.colTotals && table.total)
    lines.push(
      line([
        t('reports.total'),
        ...table.colTotals.map((c) => cellText(c, table.unit)),
        cellText(table.total, table.unit),
      ]),
    );
  lines.push('');
  for (const note of [
    table.title,
    table.period,
    unit,
    t('reports.suppressedNote', { n: threshold }),
    ...method,
  ])
    lines.push(line([note]));
  return `${lines.join('\r\n')}\r\n`;
}
