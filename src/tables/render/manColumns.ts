// How a table's columns fit a man page read on a terminal: the width of a column in characters,
// which columns wrap their cells, and, where even wrapped they do not fit, how the columns are
// split into several tables of the same rows (the inputs repeated in each, so a line still reads
// on its own). tbl draws a boxed table as wide as its columns plus three characters a column
// (the separation, the box's rules and padding), measured with groff 1.23.

import type { Grid, GridLine } from '../tableGrid.js';
import { marked } from './provenance.js';

/** man(7)'s line length for an 80-column terminal (LL 78n) less the 7n indent of a section. */
export const MAN_TABLE_WIDTH = 71;

/**
 * The longest range of versions with its value (`3.8-4.3: ENOSYS;`) that decides how many
 * outputs share a table: one that long keeps a line of its own; a longer one (`3.8-4.3: no
 * start state;`) may wrap rather than take a table of its own.
 */
const KEPT_SEGMENT = 16;

/** What tbl adds to each column of a boxed table, in characters. */
const PER_COLUMN = 3;

export interface ManColumn {
  /** The column's index in the grid. */
  readonly index: number;
  /** Its width in characters (ens). */
  readonly width: number;
  /** Its cells are wrapped to `width` (text blocks), the text being longer. */
  readonly wraps: boolean;
}

/** Where a line may break in a cell: at spaces, and after a `|` (flag lists). */
export const breakableParts = (text: string): string[] =>
  text.split(' ').flatMap((word) => word.split(/(?<=\|)/));

/**
 * The parts of a cell that go on lines of their own, split after each `; `: a cell across
 * versions gives each range of versions and its value (`3.8-4.3: ENOSYS; 4.4+: 0`) a line,
 * which renderMan breaks after (no other cell of a table holds `; `).
 */
export const cellSegments = (text: string): string[] => text.split(/(?<=;) /);

/** A header may break after a `_` too (`RLIMIT_` over `MEMLOCK`): a name, not a value. */
export const breakableHeaderParts = (text: string): string[] =>
  breakableParts(text).flatMap((part) => part.split(/(?<=_)/));

interface Extent {
  /** The longest text of the column, its header included. */
  readonly natural: number;
  /**
   * How narrow an output goes while each short range of versions with its value (up to
   * KEPT_SEGMENT) keeps a line and its header's names stay whole: what decides how many
   * outputs share a table, and where widths stop narrowing it first.
   */
  readonly kept: number;
  /** The longest part no line break can split, the header breaking after a `_`. */
  readonly least: number;
  /** The same with the header's names whole: how narrow a column goes before it breaks them. */
  readonly leastWhole: number;
}

function extents(grid: Grid): Extent[] {
  return grid.header.map((h, i) => {
    const texts = grid.lines.map((l) => marked(l.cells[i] ?? { text: '', differs: false }));
    const segments = texts.flatMap(cellSegments);
    const cells = segments.flatMap(breakableParts).map((p) => p.length);
    const longest = (header: readonly string[]) =>
      Math.max(1, ...cells, ...header.map((p) => p.length));
    const leastWhole = longest(breakableParts(h));
    const segment = Math.max(1, ...segments.map((t) => t.length));
    return {
      natural: Math.max(h.length, ...texts.map((t) => t.length)),
      kept: Math.max(leastWhole, Math.min(segment, KEPT_SEGMENT)),
      least: longest(breakableHeaderParts(h)),
      leastWhole,
    };
  });
}

const room = (columns: number, width: number) => width - PER_COLUMN * columns;

const leastOf = (ext: readonly Extent[], columns: readonly number[]) =>
  columns.reduce((n, c) => n + (ext[c]?.least ?? 0), 0);

/** Whether a column's values are only `yes` and `-`: a flag given or not. */
const flagColumn = (grid: Grid, i: number): boolean =>
  grid.lines.every((l) => ['yes', '-'].includes(l.cells[i]?.text ?? '-'));

/**
 * The grid as a man page lays it out: itself where its inputs fit beside an output, else with
 * the inputs after `#` written as one column (`mlockall none, mapping private anon, prot RW,
 * MAP_LOCKED`: a flag column by its name where given, another by its name and value), so that
 * each line still shows what it was run with beside what it showed, instead of its inputs and
 * its outputs in tables pages apart.
 */
export function manGrid(grid: Grid, width = MAN_TABLE_WIDTH): Grid {
  const ext = extents(grid);
  const inputs = grid.header.map((_, i) => i).slice(0, grid.inputColumns);
  const withOutput = [...inputs, grid.inputColumns];
  if (grid.inputColumns <= 2 || leastOf(ext, withOutput) <= room(withOutput.length, width))
    return grid;
  const described = inputs.slice(1);
  const flags = new Set(described.filter((i) => flagColumn(grid, i)));
  const describe = (cells: GridLine['cells']) =>
    described
      .flatMap((i) => {
        const text = cells[i]?.text ?? '-';
        const name = grid.header[i] ?? '';
        if (flags.has(i)) return text === 'yes' ? [name] : [];
        return [`${name} ${text}`];
      })
      .join(', ');
  return {
    ...grid,
    header: [grid.header[0] ?? '#', 'inputs', ...grid.header.slice(grid.inputColumns)],
    inputColumns: 2,
    lines: grid.lines.map((l) => ({
      ...l,
      cells: [
        l.cells[0] ?? { text: '', differs: false },
        { text: describe(l.cells), differs: false },
        ...l.cells.slice(grid.inputColumns),
      ],
    })),
  };
}

/**
 * The tables a grid is laid out in at `width` characters: each a list of columns. Where the
 * inputs fit with an output beside them, every table holds the inputs and as many outputs as
 * fit wrapped, so each line reads on its own (an output too wide for that, after `#` alone).
 * Else the columns are dealt out in order, each table after the first starting with the line
 * number `#`. A column too wide for any table gets one of its own, wider than `width`.
 */
export function manTables(grid: Grid, width = MAN_TABLE_WIDTH): ManColumn[][] {
  const ext = extents(grid);
  const columns = grid.header.map((_, i) => i);
  const fits = (cols: readonly number[]) => leastOf(ext, cols) <= room(cols.length, width);
  // The outputs with each short range of versions whole, beside the inputs however narrow.
  const fitsWhole = (cols: readonly number[]) =>
    cols.reduce((n, c) => n + ((c < grid.inputColumns ? ext[c]?.least : ext[c]?.kept) ?? 0), 0) <=
    room(cols.length, width);
  const inputs = columns.slice(0, grid.inputColumns);
  const outputs = columns.slice(grid.inputColumns);
  const first = outputs[0];
  const lead = first === undefined || fits([...inputs, first]) ? inputs : [0];
  const rest = columns.filter((c) => !lead.includes(c));
  const tables: number[][] = [];
  for (const c of rest) {
    const last = tables.at(-1);
    // Another output joins a table while each range of versions keeps a line of its own.
    if (last !== undefined && fitsWhole([...last, c])) last.push(c);
    // An output too wide beside the inputs starts a table led by `#` alone.
    else tables.push([...(fits([...lead, c]) ? lead : [0]), c]);
  }
  if (tables.length === 0) tables.push(lead);
  return tables.map((t) => widths(t, ext, width, grid.inputColumns));
}

/**
 * Widths for one table's columns: each column's natural width, the widest narrowed a
 * character at a time until the table fits: first an input no narrower than its header's names
 * and an output than its longest range of versions with its value, then every column no
 * narrower than its header's names, then than its longest unbreakable part.
 */
function widths(
  table: readonly number[],
  ext: readonly Extent[],
  width: number,
  inputColumns: number,
): ManColumn[] {
  const w = table.map((c) => ext[c]?.natural ?? 1);
  const target = room(table.length, width);
  let total = w.reduce((a, b) => a + b, 0);
  for (const floor of [
    // The inputs wrap before an output's short range of versions breaks (a long one, `3.8-4.3:
    // no start state;`, may: kept whole it left mmap-lock's inputs 15 wide, 3,511 lines).
    table.map((c) => (c < inputColumns ? ext[c]?.leastWhole : ext[c]?.kept) ?? 1),
    table.map((c) => ext[c]?.leastWhole ?? 1),
    table.map((c) => ext[c]?.least ?? 1),
  ]) {
    while (total > target) {
      let widest = -1;
      for (let k = 0; k < w.length; k++)
        if ((w[k] ?? 0) > (floor[k] ?? 0) && (widest < 0 || (w[k] ?? 0) > (w[widest] ?? 0)))
          widest = k;
      if (widest < 0) break;
      w[widest] = (w[widest] ?? 0) - 1;
      total--;
    }
  }
  return table.map((index, k) => ({
    index,
    width: w[k] ?? 1,
    wraps: (w[k] ?? 1) < (ext[index]?.natural ?? 1),
  }));
}

/** The width a table of these columns takes, as tbl draws it. */
export const tableWidth = (columns: readonly ManColumn[]): number =>
  columns.reduce((n, c) => n + c.width + PER_COLUMN, 0);
