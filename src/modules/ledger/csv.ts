// Statement as CSV (RFC 4180), oldest entry first, minutes as whole numbers. Text that a
// spreadsheet would run as a formula is prefixed with an apostrophe.
import type { StatementEntry } from './types.ts';

export const STATEMENT_CSV_HEADER = [
  'date',
  'entry',
  'transfer_id',
  'kind',
  'category',
  'counterparty',
  'memo',
  'change_minutes',
  'balance_after_minutes',
] as const;

/** One CSV field: quoted when needed, and a leading =, +, -, @ made harmless. */
export function cell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function statementCsvRow(e: StatementEntry): string {
  return [
    e.createdAt.toISOString(),
    String(e.entrySeq),
    e.transferId,
    e.kind,
    cell(e.category),
    cell(e.counterpartyName),
    cell(e.memo ?? ''),
    String(e.changeMinutes),
    String(e.balanceAfterMinutes),
  ].join(',');
}

/** entries newest first (as statement pages come); the CSV lists them oldest first. */
export function renderStatementCsv(entriesNewestFirst: StatementEntry[]): string {
  const lines = [STATEMENT_CSV_HEADER.join(',')];
  for (let i = entriesNewestFirst.length - 1; i >= 0; i--)
    lines.push(statementCsvRow(entriesNewestFirst[i]!));
  return `${lines.join('\r\n')}\r\n`;
}
