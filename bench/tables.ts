// `npm run bench -- tables [--verify host,linux-6.1,...|all] [--json]`: generating every truth
// table on the model, each cell a trace run and rendered in every format (the target: under 2 s
// in total on one core); then the committed form, across every version model and the kernel
// records; with --verify, every cell on each kernel named (the host: under 60 s), boot apart.
// Times are wall clock of this process; compare user CPU with /usr/bin/time -v (a guest's qemu
// is a child process).

import { parseArgs } from 'node:util';
import { engineOf } from '../src/kernel/modelEngine.js';
import { kernelEngine } from '../src/oracle/kernelEngine.js';
import { parseKernelTarget } from '../src/oracle/targets/kernelTargets.js';
import { computeTable } from '../src/tables/computeTable.js';
import { TABLE_FORMATS, renderTable } from '../src/tables/render/renderTable.js';
import { tableFiles } from '../src/tables/tableFiles.js';
import { tableGrid } from '../src/tables/tableGrid.js';
import { TABLES } from '../src/tables/tables.js';
import { verifyTable } from '../src/tables/verifyTable.js';
import { loadRecords } from '../src/tables/versions/loadRecords.js';
import {
  kernelTargets,
  modelOfTarget,
  versionModels,
} from '../src/tables/versions/versionModels.js';
import type { Benchmark } from './benchmark.js';
import { DEFAULT_MODEL, getModel } from '../models/registry.js';
import { counted } from '../src/trace/counted.js';

const seconds = (since: number) => (performance.now() - since) / 1000;

/** Every cell of every table on one kernel against its model: boot and verification times. */
async function verifyOn(name: string, signal: AbortSignal) {
  const started = performance.now();
  const engine = kernelEngine({ target: parseKernelTarget(name) });
  await engine.guest();
  const boot = seconds(started);
  const model = engineOf(getModel(modelOfTarget(name).model));
  const t0 = performance.now();
  let cells = 0;
  let disagreements = 0;
  try {
    for (const spec of TABLES) {
      if (signal.aborted) break;
      const v = await verifyTable(spec, engine, model);
      cells += v.cells;
      disagreements += v.disagreements.length;
    }
  } finally {
    await engine.close();
  }
  return { boot, verify: seconds(t0), cells, disagreements };
}

export const tablesBenchmark: Benchmark = {
  name: 'tables',
  description: 'every truth table on the model in every format, across versions, and verified',
  usage: '[--verify host,linux-6.1,...|all]',
  async run(args, signal) {
    const { values } = parseArgs({ args: [...args], options: { verify: { type: 'string' } } });
    const model = engineOf(getModel(DEFAULT_MODEL));
    const started = performance.now();
    let cells = 0;
    const perTable: string[] = [];
    for (const spec of TABLES) {
      const t0 = performance.now();
      const table = await computeTable(spec, [model]);
      const grid = tableGrid(table);
      for (const format of TABLE_FORMATS) renderTable(grid, format);
      cells += table.rows.reduce((n, r) => n + r.cells.flat().length, 0);
      perTable.push(`${spec.name} ${seconds(t0).toFixed(2)} s`);
    }
    const generation = seconds(started);
    const t1 = performance.now();
    const versions = versionModels().map((v) => engineOf(getModel(v)));
    await tableFiles(model, versions, await loadRecords('spec/tables'));
    const across = seconds(t1);
    const figures: Record<string, number> = {
      tables: TABLES.length,
      cells,
      seconds: Number(generation.toFixed(3)),
      acrossVersionsSeconds: Number(across.toFixed(3)),
    };
    const lines = [
      `tables: ${TABLES.length} tables, ${cells} cells, every format, in ${generation.toFixed(2)} s on ${DEFAULT_MODEL} (${perTable.join(', ')})`,
      `  across ${versions.length} version models and the kernel records (spec/tables as committed): ${across.toFixed(2)} s`,
    ];
    const targets = values.verify === undefined ? [] : kernelTargets(values.verify.split(','));
    for (const name of targets) {
      if (signal.aborted) break;
      const r = await verifyOn(name, signal);
      figures[`${name}.bootSeconds`] = Number(r.boot.toFixed(1));
      figures[`${name}.verifySeconds`] = Number(r.verify.toFixed(1));
      lines.push(
        `  verify on ${name.padEnd(10)} boot ${r.boot.toFixed(1).padStart(5)} s, ${r.cells} cells in ${r.verify.toFixed(1).padStart(5)} s, ${counted(r.disagreements, 'disagreement')}`,
      );
    }
    return { figures, text: lines.join('\n') };
  },
};
