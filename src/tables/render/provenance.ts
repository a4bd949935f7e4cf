// The sentences every format prints under a table: what computed it, how a cell is re-run, and
// what a marked cell means.

import type { Grid } from '../tableGrid.js';

export function provenance(grid: Grid): string[] {
  const lines = [
    `Each cell was computed by running a trace on ${grid.engines.join(', ')}; ` +
      `\`mmspec table ${grid.name} --trace ID\` prints the trace of line ID.`,
    'Pages: . not present, z the shared zero page, p present, L present and mlocked. ' +
      'VmFlags and def_flags show the lock bits: lo (VM_LOCKED), lf (VM_LOCKONFAULT), - neither.',
  ];
  if (grid.engines.length > 1)
    lines.push(
      `Side by side: a cell shows one value when ${grid.engines.join(' and ')} agree, and ` +
        `their values in that order, marked *, when they differ (${grid.differing} cells).`,
    );
  lines.push(...(grid.versions ?? []));
  return lines;
}

/** A cell's text with the mark of a cell the engines differ on. */
export function marked(cell: { readonly text: string; readonly differs: boolean }): string {
  return cell.differs ? `${cell.text} *` : cell.text;
}
