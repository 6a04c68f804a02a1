// The dashboard as a PDF made on the server with pdfkit (no browser): the title and period,
// each table with a bar chart drawn as vector graphics, suppressed cells as [c], and the
// method statement. DejaVu Sans (embedded, subset) carries Polish letters.
import PDFDocument from 'pdfkit';
import { SUPPRESSED_MARKER } from '../disclosure/index.ts';
import type { T } from '../../web/i18n/i18n.ts';
import { pdfFont } from './font.ts';
import { type Bar, cellText, chartBars, type PresentedTable } from './present.ts';

const MARGIN = 40;
/** Columns per block: a wide table is printed in blocks of columns, each with the row labels. */
const COLS_PER_BLOCK = 7;

export interface PdfReport {
  title: string;
  subtitle: string;
  tables: PresentedTable[];
  threshold: number;
  method: string[];
  /** false writes plain content streams (tests read the text back). */
  compress?: boolean;
}

export async function renderPdf(r: PdfReport, t: T): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    layout: 'landscape',
    margin: MARGIN,
    compress: r.compress ?? true,
    info: { Title: r.title },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve) => doc.on('end', () => resolve()));
  doc.registerFont('body', pdfFont());
  doc.font('body');
  doc.fontSize(18).text(r.title).fontSize(10).text(r.subtitle).moveDown();
  for (const table of r.tables) {
    ensureRoom(doc, 200);
    doc
      .fontSize(13)
      .text(table.title)
      .fontSize(9)
      .text(
        `${table.period} · ${table.unit === 'hours' ? t('reports.hoursUnit') : t('reports.peopleUnit')}`,
      );
    drawBars(doc, chartBars(table), table.unit);
    drawTable(doc, table, t);
    doc.moveDown();
  }
  ensureRoom(doc, 120);
  doc.fontSize(13).text(t('reports.method')).fontSize(9);
  doc.text(t('reports.suppressedNote', { n: r.threshold }));
  for (const p of r.method) doc.moveDown(0.3).text(p);
  doc.end();
  await done;
  return Buffer.concat(chunks);
}

function ensureRoom(doc: PDFKit.PDFDocument, height: number): void {
  if (doc.y + height > doc.page.height - MARGIN) doc.addPage();
}

/** Horizontal bars; a suppressed value is an outlined empty bar marked [c]. */
function drawBars(doc: PDFKit.PDFDocument, bars: Bar[], unit: PresentedTable['unit']): void {
  const shown = bars.slice(0, 24);
  if (shown.length === 0) return;
  const max = Math.max(1, ...shown.map((b) => b.cell.value ?? 0));
  const labelW = 150;
  const width = doc.page.width - 2 * MARGIN - labelW - 60;
  const rowH = 11;
  ensureRoom(doc, shown.length * rowH + 10);
  let y = doc.y + 4;
  doc.fontSize(7);
  for (const b of shown) {
    doc
      .fillColor('black')
      .text(b.label, MARGIN, y + 1, { width: labelW - 6, lineBreak: false, ellipsis: true });
    if (b.cell.suppressed || b.cell.value === null) {
      doc
        .rect(MARGIN + labelW, y, 24, rowH - 3)
        .lineWidth(0.5)
        .strokeColor('#555')
        .dash(2, { space: 2 })
        .stroke()
        .undash();
      doc.text(SUPPRESSED_MARKER, MARGIN + labelW + 28, y + 1, { lineBreak: false });
    } else {
      const w = Math.max(0.5, (b.cell.value / max) * width);
      doc.rect(MARGIN + labelW, y, w, rowH - 3).fill('#1d70b8');
      doc
        .fillColor('black')
        .text(cellText(b.cell, unit), MARGIN + labelW + w + 4, y + 1, { lineBreak: false });
    }
    y += rowH;
  }
  doc.fillColor('black').x = MARGIN;
  doc.y = y + 6;
}

function drawTable(doc: PDFKit.PDFDocument, table: PresentedTable, t: T): void {
  const rows: string[][] = table.rows.map((r) => [
    r.label,
    ...r.cells.map((c) => cellText(c, table.unit)),
    cellText(r.total, table.unit),
  ]);
  if (table.colTotals && table.total)
    rows.push([
      t('reports.total'),
      ...table.colTotals.map((c) => cellText(c, table.unit)),
      cellText(table.total, table.unit),
    ]);
  const header = [table.corner, ...table.cols, t('reports.total')];
  const valueCols = header.length - 1;
  for (let start = 1; start <= valueCols; start += COLS_PER_BLOCK) {
    const idx = [
      0,
      ...Array.from(
        { length: Math.min(COLS_PER_BLOCK, valueCols - start + 1) },
        (_, k) => start + k,
      ),
    ];
    drawBlock(doc, [idx.map((i) => header[i]!), ...rows.map((r) => idx.map((i) => r[i]!))]);
  }
}

function drawBlock(doc: PDFKit.PDFDocument, rows: string[][]): void {
  const labelW = 150;
  const colW = Math.min(
    80,
    (doc.page.width - 2 * MARGIN - labelW) / Math.max(1, rows[0]!.length - 1),
  );
  const rowH = 12;
  doc.fontSize(7);
  for (const [n, row] of rows.entries()) {
    ensureRoom(doc, rowH);
    const y = doc.y;
    row.forEach((text, i) => {
      const x = i === 0 ? MARGIN : MARGIN + labelW + (i - 1) * colW;
      doc.text(text, x, y, {
        width: (i === 0 ? labelW : colW) - 4,
        align: i === 0 ? 'left' : 'right',
        lineBreak: false,
        ellipsis: true,
      });
    });
    if (n === 0)
      doc
        .moveTo(MARGIN, y + rowH - 2)
        .lineTo(MARGIN + labelW + (row.length - 1) * colW, y + rowH - 2)
        .lineWidth(0.5)
        .strokeColor('#000')
        .stroke();
    doc.x = MARGIN;
    doc.y = y + rowH;
  }
  doc.moveDown(0.5);
}
