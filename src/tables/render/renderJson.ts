// A table as JSON for scripts: every line with its inputs and outputs by column, whether the
// engines differ on it, and the trace that shows each engine's values; across versions, each
// version's value of a cell they differ on, by column and version.

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
      ...(grid.versions === undefined
        ? {}
        : {
            byVersion: Object.fromEntries(
              grid.header.flatMap((h, i) => {
                const v = l.cells[i]?.byVersion;
                return v === undefined ? [] : [[h, v]];
              }),
            ),
          }),
      traces: Object.fromEntries(grid.engines.map((e, i) => [e, l.traces[i] ?? ''])),
    })),
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
