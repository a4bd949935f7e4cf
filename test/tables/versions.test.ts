import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { engineOf } from '../../src/kernel/modelEngine.js';
import { computeTable } from '../../src/tables/computeTable.js';
import { failures } from '../../src/tables/renderVerification.js';
import { type Grid, tableGrid } from '../../src/tables/tableGrid.js';
import { findTable } from '../../src/tables/tables.js';
import type { TableSpec } from '../../src/tables/tableSpec.js';
import { verifyTable } from '../../src/tables/verifyTable.js';
import {
  type KernelRecord,
  kernelRecord,
  parseRecord,
  renderRecord,
} from '../../src/tables/versions/kernelRecord.js';
import { recordedDisagreements } from '../../src/tables/versions/recordedDisagreements.js';
import { versionedGrid } from '../../src/tables/versions/versionedGrid.js';
import { renderJson } from '../../src/tables/render/renderJson.js';
import { modelOfTarget, versionModels } from '../../src/tables/versions/versionModels.js';
import { getModel } from '../../models/registry.js';
import { type Engine, UnsupportedSetupError } from '../../src/uapi/engine.js';

const engine = (name: string) => engineOf(getModel(name));
const spec = (name: string): TableSpec => {
  const t = findTable(name);
  if (t === undefined) throw new Error(`no table ${name}`);
  return t;
};
const grid = async (t: TableSpec, model: string): Promise<Grid> =>
  tableGrid(await computeTable(t, [engine(model)]));
const cellOf = (g: Grid, id: string, column: string) =>
  g.lines.find((l) => l.id === id)?.cells[g.header.indexOf(column)];

async function cli(argv: string[], kernel: string) {
  const out: string[] = [];
  const status = await main(argv, {
    stdout: { write: (s: string) => out.push(s) },
    stderr: { write: () => undefined },
    // A model stands in for every kernel target.
    engines: { kernel: () => Promise.resolve(engine(kernel)) },
  });
  return { status, stdout: out.join('') };
}

describe('truth tables across kernel versions', () => {
  it('knows the version models in order and which model holds each kernel target', () => {
    const v = versionModels();
    expect(v).toContain('linux-6.18');
    expect(v.indexOf('linux-3.8')).toBeLessThan(v.indexOf('linux-7.3'));
    expect(modelOfTarget('linux-6.12')).toEqual({ model: 'linux-6.12', own: true });
    expect(modelOfTarget('linux-6.16')).toEqual({ model: 'linux-6.18', own: false });
    expect(modelOfTarget('host', 'linux-7.3')).toEqual({ model: 'linux-7.3', own: true });
  });

  it('shows each range of versions where they differ, one value where they agree', async () => {
    const t = spec('madvise-populate');
    const grids = new Map([
      ['linux-3.8', await grid(t, 'linux-3.8')],
      ['linux-6.18', await grid(t, 'linux-6.18')],
    ]);
    const { grid: g, stale } = versionedGrid(t, grids, 'linux-6.18', []);
    expect(stale).toEqual([]);
    expect(cellOf(g, '1', 'result')).toEqual({
      text: '3.8: EINVAL; 6.18+: 0',
      differs: true,
      byVersion: { 'linux-3.8': 'EINVAL', 'linux-6.18': '0' },
    });
    expect(cellOf(g, '3', 'result')).toEqual({ text: 'EINVAL', differs: false });
    expect(g.versions?.join(' ')).toContain('the models of Linux 3.8, 6.18');
    // Scripts read each version's value from the JSON, not from the text.
    const doc = JSON.parse(renderJson(g)) as {
      lines: { id: string; byVersion: Record<string, Record<string, string>> }[];
    };
    expect(doc.lines.find((l) => l.id === '1')?.byVersion.result).toEqual({
      'linux-3.8': 'EINVAL',
      'linux-6.18': '0',
    });
    expect(doc.lines.find((l) => l.id === '3')?.byVersion).toEqual({});
  });

  it('adds a recorded kernel: observed only without a model, a disagreement beside a model, stale when its cell changed', async () => {
    const t = spec('madvise-populate');
    const grids = new Map([['linux-6.18', await grid(t, 'linux-6.18')]]);
    // linux-3.8's model stands in for the kernel of a target without a model...
    const observed = kernelRecord('linux-6.16', false, [
      await verifyTable(t, engine('linux-3.8'), engine('linux-6.18')),
    ]);
    const g1 = versionedGrid(t, grids, 'linux-6.18', [observed]).grid;
    expect(cellOf(g1, '1', 'result')?.text).toBe('6.16: EINVAL; 6.18+: 0');
    // ...and of linux-6.18 itself, which then disagrees with its model.
    const own: KernelRecord = { ...observed, target: 'linux-6.18', own: true };
    const g2 = versionedGrid(t, grids, 'linux-6.18', [own]).grid;
    expect(cellOf(g2, '1', 'result')).toEqual({
      text: '6.18+: 0 (kernel: EINVAL)',
      differs: true,
      byVersion: { 'linux-6.18': '0 (kernel: EINVAL)' },
    });
    const tables = { ...own.tables };
    const lines = tables['madvise-populate'] ?? {};
    const first = lines['1'];
    if (first === undefined) throw new Error('no line 1');
    const changed = {
      ...own,
      tables: { 'madvise-populate': { ...lines, 1: { ...first, digest: 'x' } } },
    };
    expect(versionedGrid(t, grids, 'linux-6.18', [changed]).stale).toEqual([
      'linux-6.18 madvise-populate 1',
    ]);
    expect(parseRecord(renderRecord(own), 'r.json')).toEqual(own);
  });

  it('a cell the model could not run is a disagreement, not an agreement', async () => {
    const stopped: Engine = {
      name: 'linux-6.18',
      start: () => Promise.reject(new UnsupportedSetupError('not here')),
    };
    const v = await verifyTable(spec('fork'), engine('linux-6.18'), stopped);
    expect(v.disagreements.length).toBe(v.cells);
    expect(v.disagreements[0]?.reason).toContain('the model could not run it: not here');
  });

  it('a recorded disagreement passes a later verification; any other fails it', async () => {
    const t = spec('mlockall-order');
    const planted = engine('planted:mcl-future-unlocks');
    const v = await verifyTable(t, planted, engine('linux-6.18'));
    expect(v.disagreements.length).toBeGreaterThan(0);
    const run = { verification: v, seconds: 0, target: 'linux-6.18', own: true };
    expect(failures(run)).toBe(v.disagreements.length);
    const record = kernelRecord('linux-6.18', true, [v]);
    const expectation = recordedDisagreements(v, record);
    expect(failures({ ...run, ...expectation })).toBe(0);
    expect(expectation.nowAgree).toEqual([]);
    const fixed = await verifyTable(t, engine('linux-6.18'), engine('linux-6.18'));
    expect(recordedDisagreements(fixed, record).nowAgree.length).toBe(v.disagreements.length);
  });

  it('mmspec table --verify --kernel: each target against its own model, one without as observed only', async () => {
    const r = await cli(
      ['table', 'fork', '--verify', '--kernel', 'linux-6.18', '--kernel', 'linux-6.16'],
      'linux-6.18',
    );
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('# linux-6.18: 7 cells vs linux-6.18, 0 disagreements');
    expect(r.stdout).toMatch(
      /# linux-6.16: 7 cells vs linux-6.18, 0 differences \(observed only\)/,
    );
    const bad = await cli(
      ['table', 'mlockall-order', '--verify', '--kernel', 'linux-6.16'],
      'planted:mcl-future-unlocks',
    );
    expect(bad.status).toBe(0);
    expect(bad.stdout).toMatch(/[1-9]\d* differences on kernels without a model/);
  });

  it('mmspec manpages: every claim on every version model and kernel, exit 1 only when a kernel leaves its own model', async () => {
    const good = await cli(['manpages', '--kernel', 'linux-6.12'], 'linux-6.12');
    expect(good.status).toBe(0);
    expect(good.stdout).toMatch(/claim +m3\.8 m4\.3 .* m7\.3 k6\.12/);
    const bad = await cli(['manpages', '--kernel', 'linux-6.12'], 'linux-3.8');
    expect(bad.status).toBe(1);
  });
});
