import { html, type TemplateResult } from 'lit';
import type { TableCell, TableSection } from '../schema/types.ts';

function cellText(cell: TableCell | undefined): string {
  return cell === undefined || cell === null ? '' : String(cell);
}

const LONG_CELL_CHARS = 40;

export function renderTable(section: TableSection): TemplateResult {
  const columns = Array.isArray(section.columns) ? section.columns : [];
  const rows = Array.isArray(section.rows)
    ? section.rows.filter((row): row is TableCell[] => Array.isArray(row))
    : [];
  const width = rows.reduce((max, row) => Math.max(max, row.length), columns.length);
  const indexes = Array.from({ length: width }, (_, i) => i);
  // A column whose filled cells are all numbers is right-aligned, header included.
  const numeric = indexes.map((i) => {
    const cells = rows.map((row) => row[i]).filter((cell) => cell !== undefined && cell !== '');
    return cells.length > 0 && cells.every((cell) => typeof cell === 'number');
  });
  const align = (i: number, cell?: TableCell) =>
    numeric[i] || typeof cell === 'number' ? 'la-num' : '';
  // Short cells stay on one line (the table scrolls); long prose wraps instead of making it huge.
  const cellClass = (i: number, cell?: TableCell) =>
    typeof cell === 'string' && cell.length > LONG_CELL_CHARS ? 'la-wrap' : align(i, cell);
  return html`<div class="la-table-wrap" tabindex="0">
    <table class="la-table">
      <thead>
        <tr>${indexes.map((i) => html`<th scope="col" class=${align(i)}>${columns[i] ?? ''}</th>`)}</tr>
      </thead>
      <tbody>
        ${rows.map(
          (row) =>
            html`<tr>${indexes.map((i) => html`<td class=${cellClass(i, row[i])}>${cellText(row[i])}</td>`)}</tr>`,
        )}
      </tbody>
    </table>
  </div>`;
}
