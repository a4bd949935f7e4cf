// A table as CSV (RFC 4180): a header line, a line a row; cells the engines differ on are
// marked; the trace of each line is a command away (`mmspec table NAME --trace ID`).

import type { Grid } from '../tableGrid.js';
import { marked } from './provenance.js';

function field(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function renderCsv(grid: Grid): string {
  const line = (cells: readonly string[]) => cells.map(field).join(',');
  return [line(grid.header), ...grid.lines.map((l) => line(l.cells.map(marked)))]
    .map((l) => `${l}\r\n`)
    .join('');
}
