import { spawnSync } from 'node:child_process';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { engineOf } from '../../src/kernel/modelEngine.js';
import { computeTable } from '../../src/tables/computeTable.js';
import { renderTable } from '../../src/tables/render/renderTable.js';
import { escapeHtml } from '../../src/tables/render/renderHtml.js';
import { type Grid, tableGrid } from '../../src/tables/tableGrid.js';
import { tableFiles } from '../../src/tables/tableFiles.js';
import { TABLES, findTable } from '../../src/tables/tables.js';
import type { TableSpec } from '../../src/tables/tableSpec.js';
import { verifyTable } from '../../src/tables/verifyTable.js';
import { getModel } from '../../models/registry.js';
import { NO_START_STATE } from '../../src/tables/cellValue.js';
import { judge } from '../../src/trace/judge.js';
import { parse } from '../../src/trace/parser.js';
import { resolveProgram } from '../../src/trace/resolve.js';
import { runProgram } from '../../src/trace/runner.js';
import { versionModels } from '../../src/tables/versions/versionModels.js';
import { RECORDS_FOLDER, loadRecords } from '../../src/tables/versions/loadRecords.js';

const linux = engineOf(getModel('linux-6.18'));
const planted = engineOf(getModel('planted:mcl-future-unlocks'));
const spec = (name: string): TableSpec => {
  const t = findTable(name);
  if (t === undefined) throw new Error(`no table ${name}`);
  return t;
};
const groff = spawnSync('groff', ['--version']).status === 0;

describe('truth tables', () => {
  it('spec/tables/ holds every table in every format, fresh (regenerate: mmspec table --write spec/tables)', async () => {
    const versions = versionModels().map((v) => engineOf(getModel(v)));
    const { files, stale } = await tableFiles(linux, versions, await loadRecords('spec/tables'));
    expect(stale, 're-record: mmspec table --verify --kernel TARGET --record spec/tables').toEqual(
      [],
    );
    const committed = (await readdir('spec/tables'))
      .filter((f) => f !== 'README.md' && f !== RECORDS_FOLDER)
      .sort();
    expect(committed).toEqual([...files.keys()].sort());
    for (const [name, text] of files)
      expect(
        await readFile(join('spec/tables', name), 'utf8'),
        `spec/tables/${name} is stale`,
      ).toBe(text);
  });

  it('marks MCL_CURRENT|MCL_ONFAULT then MCL_FUTURE as order-dependent, and not every pair', async () => {
    const grid = tableGrid(await computeTable(spec('mlockall-order'), [linux]));
    const col = (h: string) => grid.header.indexOf(h);
    const line = grid.lines.find(
      (l) =>
        l.cells[col('first')]?.text === 'MCL_CURRENT|MCL_ONFAULT' &&
        l.cells[col('second')]?.text === 'MCL_FUTURE',
    );
    expect(line?.cells[col('order matters')]?.text).toBe('YES');
    expect(grid.lines.some((l) => l.cells[col('order matters')]?.text === 'no')).toBe(true);
  });

  it.skipIf(!groff)(
    'every man page renders with groff -t -man -Tutf8 -ww without a warning, within 78 columns',
    async () => {
      for (const t of TABLES) {
        const man = renderTable(tableGrid(await computeTable(t, [linux])), 'man');
        // -P-bcu: plain characters, no overstriking for bold or underline.
        const r = spawnSync('groff', ['-t', '-man', '-Tutf8', '-ww', '-P-bcu'], {
          input: man,
          encoding: 'utf8',
        });
        expect(r.status, t.name).toBe(0);
        expect(r.stderr, t.name).toBe('');
        expect(r.stdout.length).toBeGreaterThan(0);
        // man(7)'s line for an 80-column terminal: no line longer, none set wider.
        const lines = r.stdout.split('\n');
        expect(Math.max(...lines.map((l) => [...l].length)), t.name).toBeLessThanOrEqual(78);
        expect(man, t.name).not.toContain('.nr LL');
      }
    },
  );

  it('puts models side by side and marks exactly the cells that differ', async () => {
    const same = tableGrid(await computeTable(spec('mlockall-order'), [linux, linux]));
    expect(same.differing).toBe(0);
    const two = tableGrid(await computeTable(spec('mlockall-order'), [linux, planted]));
    expect(two.differing).toBeGreaterThan(0);
    const marked = two.lines.flatMap((l) => l.cells).filter((c) => c.differs);
    expect(marked.every((c) => c.text.includes(' / '))).toBe(true);
    expect(renderTable(two, 'md')).toContain(' *');
  });

  it('verification reports a cell on which the engines disagree, with its trace', async () => {
    const none = await verifyTable(spec('mlockall-order'), linux, linux);
    expect(none.disagreements).toEqual([]);
    const some = await verifyTable(spec('mlockall-order'), planted, linux);
    expect(some.disagreements.length).toBeGreaterThan(0);
    expect(some.disagreements[0]?.kernelTrace).toMatch(/^# mmspec table mlockall-order, row/);
  });

  it('escapes every text in html, csv and man', () => {
    const nasty = '<script>"a" & \'b\', c\\d';
    const grid: Grid = {
      name: 'x',
      title: nasty,
      summary: `.${nasty}`,
      sources: [nasty],
      header: ['#', nasty],
      inputColumns: 1,
      engines: ['m'],
      differing: 0,
      lines: [
        {
          id: '1',
          firstOfRow: true,
          traces: [nasty],
          cells: [
            { text: '1', differs: false },
            { text: nasty, differs: false },
          ],
        },
      ],
    };
    const html = renderTable(grid, 'html');
    expect(html).not.toContain('<script>');
    expect(html).toContain(escapeHtml(nasty));
    expect(renderTable(grid, 'csv')).toContain('"<script>""a"" & \'b\', c\\d"');
    const man = renderTable(grid, 'man');
    expect(man).toContain('\\&.<script>');
    expect(man).toContain('c\\ed');
  });

  it('says where an engine cannot build a start state, and prints a trace that holds there', async () => {
    // mlock2 is 4.4's: on linux-4.3 the rows whose mapping was locked by mlock2 start nowhere.
    const old = engineOf(getModel('linux-4.3'));
    const table = await computeTable(spec('mlock2-flags'), [old]);
    const unbuilt = table.rows.flatMap((r) => r.cells.flat()).filter((c) => c.unbuilt.length > 0);
    const built = table.rows.flatMap((r) => r.cells.flat()).filter((c) => c.unbuilt.length === 0);
    expect(unbuilt.length).toBeGreaterThan(0);
    expect(built.length).toBeGreaterThan(0);
    for (const c of unbuilt) expect(new Set(c.values)).toEqual(new Set([NO_START_STATE]));
    for (const c of built) expect(c.values).not.toContain(NO_START_STATE);
    const cell = unbuilt[0];
    expect(cell?.trace).toMatch(
      /# linux-4\.3 cannot build this row's start state: mlock2\(a, 4P, MLOCK_ONFAULT\) returns -1 ENOSYS, not 0\n/,
    );
    // The printed trace states what linux-4.3 returned, so it holds there when run again.
    const program = parse(cell?.trace ?? '', 'cell.mmt');
    const constants = resolveProgram(program);
    const verdicts = judge(program, await runProgram(program, old, { constants }), constants);
    expect(verdicts.length).toBeGreaterThan(3);
    expect(verdicts.filter((v) => !v.held)).toEqual([]);
    // linux-6.18 builds every start state of every table.
    for (const t of TABLES)
      for (const row of (await computeTable(t, [linux])).rows)
        for (const c of row.cells.flat()) expect(c.unbuilt, `${t.name} ${row.spec.id}`).toEqual([]);
  });

  it('opens a man page with the tbl line and shows its commands in bold', async () => {
    const man = renderTable(tableGrid(await computeTable(spec('mlock2-flags'), [linux])), 'man');
    const [first, second] = man.split('\n');
    expect(first).toBe(`'\\" t`);
    expect(second).toContain('mmspec table mlock2-flags --format man');
    expect(man).toContain('\\fBmmspec table mlock2-flags --trace ID\\fR');
    expect(man).not.toContain('`');
  });

  it('every cell of every table runs to its end on the model', async () => {
    for (const t of TABLES) {
      const table = await computeTable(t, [linux]);
      for (const row of table.rows)
        for (const c of row.cells.flat()) {
          expect(c.outcome.unsupported, `${t.name} ${row.spec.id}`).toEqual([]);
          expect(c.values, `${t.name} ${row.spec.id}`).not.toContain('?');
        }
    }
  });
});
