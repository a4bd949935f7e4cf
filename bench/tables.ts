// `npm run bench -- tables [--json]`: generating every truth table on the model, each cell a
// trace run and rendered in every format (the target: under 2 s in total on one core).

import { engineOf } from '../src/kernel/modelEngine.js';
import { computeTable } from '../src/tables/computeTable.js';
import { TABLE_FORMATS, renderTable } from '../src/tables/render/renderTable.js';
import { tableGrid } from '../src/tables/tableGrid.js';
import { TABLES } from '../src/tables/tables.js';
import type { Benchmark } from './benchmark.js';
import { DEFAULT_MODEL, getModel } from '../models/registry.js';

export const tablesBenchmark: Benchmark = {
  name: 'tables',
  description: 'every truth table computed on the model and rendered in every format',
  usage: '',
  async run() {
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
      perTable.push(`${spec.name} ${((performance.now() - t0) / 1000).toFixed(2)} s`);
    }
    const seconds = (performance.now() - started) / 1000;
    return {
      figures: { tables: TABLES.length, cells, seconds: Number(seconds.toFixed(3)) },
      text: `tables: ${TABLES.length} tables, ${cells} cells, every format, in ${seconds.toFixed(2)} s on ${DEFAULT_MODEL} (${perTable.join(', ')})`,
    };
  },
};
