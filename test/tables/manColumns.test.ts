// The man layout of a table on an 80-column terminal: cells wrap, and a table too wide even so
// is split into tables of the same lines (src/tables/render/manColumns.ts).

import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import {
  MAN_TABLE_WIDTH,
  manGrid,
  manTables,
  tableWidth,
} from '../../src/tables/render/manColumns.js';
import { renderMan } from '../../src/tables/render/renderMan.js';
import type { Grid } from '../../src/tables/tableGrid.js';

/** A grid of `rows` lines whose column k holds `cell(k, row)`. */
function grid(
  header: readonly string[],
  inputs: number,
  cell: (k: number, r: number) => string,
): Grid {
  return {
    name: 'x',
    title: 'a test table',
    summary: 'rows',
    sources: ['mm/mlock.c'],
    header,
    inputColumns: inputs,
    engines: ['linux-6.18'],
    differing: 0,
    lines: [1, 2, 3].map((r) => ({
      id: String(r),
      firstOfRow: true,
      traces: [''],
      cells: header.map((_, k) => ({ text: k === 0 ? String(r) : cell(k, r), differs: false })),
    })),
  };
}

/** Three inputs and nine outputs: more than one table holds. */
const manyOutputs = grid(
  ['#', 'def_flags before', 'flags', ...Array.from({ length: 9 }, (_, k) => `VmFlags ${k}`)],
  3,
  (k) => (k < 3 ? 'MCL_CURRENT|MCL_FUTURE' : 'lo lf'),
);

const columnsOf = (tables: ReturnType<typeof manTables>) =>
  tables.map((t) => t.map((c) => c.index));
const groff = spawnSync('groff', ['--version']).status === 0;

describe('man tables on an 80-column terminal', () => {
  it('keeps a narrow table whole, nothing wrapped', () => {
    const tables = manTables(grid(['#', 'flags', 'result'], 2, () => 'MCL_FUTURE'));
    expect(columnsOf(tables)).toEqual([[0, 1, 2]]);
    expect(tables[0]?.every((c) => !c.wraps)).toBe(true);
  });

  it('wraps long cells at spaces and after | before it splits the table', () => {
    const long = 'MCL_CURRENT|MCL_FUTURE|MCL_ONFAULT and a long note about it';
    const tables = manTables(grid(['#', 'flags', 'result', 'note'], 2, () => long));
    expect(columnsOf(tables)).toEqual([[0, 1, 2, 3]]);
    expect(tables[0]?.filter((c) => c.wraps).length).toBeGreaterThan(0);
    expect(tableWidth(tables[0] ?? [])).toBeLessThanOrEqual(MAN_TABLE_WIDTH);
  });

  it('splits many outputs into tables that each repeat the inputs, every output once', () => {
    const tables = manTables(manyOutputs);
    expect(tables.length).toBeGreaterThan(1);
    for (const t of tables) {
      expect(t.slice(0, 3).map((c) => c.index)).toEqual([0, 1, 2]);
      expect(tableWidth(t)).toBeLessThanOrEqual(MAN_TABLE_WIDTH);
    }
    const outputs = tables.flatMap((t) => t.slice(3).map((c) => c.index));
    expect(outputs).toEqual(manyOutputs.header.map((_, k) => k).slice(3));
  });

  it('deals the columns out, each table after the first led by #, where the inputs fill a table', () => {
    const header = [
      '#',
      ...Array.from({ length: 8 }, (_, k) => `MAP_INPUT_${k}`),
      'result',
      'VmLck',
    ];
    const tables = manTables(grid(header, 9, () => 'MAP_POPULATE'));
    expect(tables.length).toBeGreaterThan(1);
    expect(tables.every((t) => t[0]?.index === 0)).toBe(true);
    expect(tables.flatMap((t) => t.slice(1).map((c) => c.index))).toEqual(
      header.map((_, k) => k).slice(1),
    );
    for (const t of tables) expect(tableWidth(t)).toBeLessThanOrEqual(MAN_TABLE_WIDTH);
  });

  it('puts an output too wide beside the inputs after # alone, the page kept at 80 columns', () => {
    const note = 'a note of many words that wraps, with one long word_of_forty_five_characters_xx';
    const g = grid(['#', 'flags', 'result', 'note'], 2, (k) =>
      k === 1 ? 'MCL_CURRENT_AND_A_LONG_FLAG_NAME' : k === 2 ? '0' : note,
    );
    const tables = manTables(g);
    expect(columnsOf(tables)).toEqual([
      [0, 1, 2],
      [0, 3],
    ]);
    expect(renderMan(g)).not.toContain('.nr LL');
  });

  it('writes inputs too wide beside an output as one column: flags by name, the rest with values', () => {
    const header = [
      '#',
      'mlockall',
      ...Array.from({ length: 7 }, (_, k) => `MAP_INPUT_${k}`),
      'mmap',
    ];
    const g = grid(header, 9, (k, r) =>
      k === 1 ? 'MCL_FUTURE|MCL_ONFAULT' : k === 9 ? 'ok' : k === r + 1 ? 'yes' : '-',
    );
    const m = manGrid(g);
    expect(m.header).toEqual(['#', 'inputs', 'mmap']);
    expect(m.inputColumns).toBe(2);
    expect(m.lines.map((l) => l.cells[1]?.text)).toEqual([
      'mlockall MCL_FUTURE|MCL_ONFAULT, MAP_INPUT_0',
      'mlockall MCL_FUTURE|MCL_ONFAULT, MAP_INPUT_1',
      'mlockall MCL_FUTURE|MCL_ONFAULT, MAP_INPUT_2',
    ]);
    expect(m.lines.map((l) => l.cells[2]?.text)).toEqual(['ok', 'ok', 'ok']);
    // Inputs that fit beside an output are left as they are.
    expect(manGrid(manyOutputs)).toBe(manyOutputs);
  });

  it.skipIf(!groff)('gives each range of versions a line, kept whole where it fits', () => {
    const versions = '3.8-4.3: ENOSYS; 4.4-6.1: EINVAL; 6.12+: 0 *';
    const g = grid(
      ['#', 'def_flags before', 'mapping before', 'flags', 'result', 'def_flags'],
      4,
      (k) => ['', 'none', 'lo lf (mlock2 MLOCK_ONFAULT)', 'MLOCK_ONFAULT'][k] ?? versions,
    );
    const man = renderMan(g);
    expect(man).toContain('3.8-4.3: ENOSYS;\n.br\n\\&4.4-6.1: EINVAL;\n.br\n');
    const r = spawnSync('groff', ['-t', '-man', '-Tutf8', '-ww', '-P-bcu'], {
      input: man,
      encoding: 'utf8',
    });
    expect(r.stderr).toBe('');
    for (const range of ['3.8-4.3: ENOSYS;', '4.4-6.1: EINVAL;', '6.12+: 0 *'])
      expect(r.stdout).toContain(range);
  });

  it('widens the page only for a column no terminal line holds', () => {
    const narrow = renderMan(grid(['#', 'flags', 'result'], 2, () => 'MCL_FUTURE'));
    expect(narrow).not.toContain('.nr LL');
    const wide = renderMan(grid(['#', 'result'], 1, () => 'x'.repeat(90)));
    expect(wide).toMatch(/^\.nr LL (\d+)n$/m);
  });

  it.skipIf(!groff)('renders a split table within 78 columns without a warning', () => {
    const man = renderMan(manyOutputs);
    // -P-bcu: plain characters, no overstriking for bold or underline.
    const r = spawnSync('groff', ['-t', '-man', '-Tutf8', '-ww', '-P-bcu'], {
      input: man,
      encoding: 'utf8',
    });
    expect(r.stderr).toBe('');
    const lines = r.stdout.split('\n');
    expect(Math.max(...lines.map((l) => [...l].length))).toBeLessThanOrEqual(78);
    expect(r.stdout).toContain('Continued: the same lines, with');
  });
});
