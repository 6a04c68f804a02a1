// The archive of everything held about a person: JSON files (the whole record) and CSV files
// (the tables a spreadsheet opens), zipped with fflate. CSV is RFC 4180; text a spreadsheet
// would run as a formula is prefixed with an apostrophe.
import { strToU8, zipSync } from 'fflate';

export type CsvValue = string | number | boolean | null | undefined | Date;

function cell(v: CsvValue): string {
  if (v === null || v === undefined) return '';
  const s = v instanceof Date ? v.toISOString() : String(v);
  const safe = typeof v === 'string' && /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function toCsv(header: readonly string[], rows: readonly CsvValue[][]): string {
  return `${[header.map((h) => cell(h)).join(','), ...rows.map((r) => r.map(cell).join(','))].join('\r\n')}\r\n`;
}

export const toJson = (v: unknown) => `${JSON.stringify(v, null, 2)}\n`;

/** A zip of the files (name → text), with a fixed date so the same record gives the same bytes. */
export function zipFiles(files: Record<string, string>, at: Date): Uint8Array {
  const entries: Record<string, [Uint8Array, { mtime: Date }]> = {};
  for (const [name, text] of Object.entries(files)) entries[name] = [strToU8(text), { mtime: at }];
  return zipSync(entries, { level: 6 });
}
