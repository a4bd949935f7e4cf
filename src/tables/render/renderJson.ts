// A table as JSON for scripts: every line with its inputs and outputs by column, whether the
// engines differ on it, and the trace that shows each engine's values.

import type { Grid } from '../tableGrid.js';

export function renderJson(grid: Grid): string {
  const doc = {
    table: grid.name,
    title: grid.title,
    summary: grid.summary,
    sources: grid.sources,
    engines: grid.engines,
    columns: grid.header,
    inputColumns: grid.inputColumns,
    differing: grid.differing,
    lines: grid.lines.map((l) => ({
      id: l.id,
      cells: Object.fromEntries(grid.header.map((h, i) => [h, l.cells[i]?.text ?? ''])),
      differs: grid.header.filter((_, i) => l.cells[i]?.differs === true),
      traces: Object.fromEntries(grid.engines.map((e, i) => [e, l.traces[i] ?? ''])),
    })),
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
