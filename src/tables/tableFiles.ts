// Every table in every format, as the files committed under spec/tables/ (NAME.FORMAT, the man
// page as NAME.7), and kapi.json, the calls' specs in KAPI's shape made from all of them.
// `mmspec table --write DIR` writes them; a test regenerates and compares. When the version
// models are given, each table carries the versions (versions/versionedGrid.ts): the values of
// every modelled version and of the kernel targets recorded under spec/tables/kernels/.

import type { Engine } from '../uapi/engine.js';
import { computeTable } from './computeTable.js';
import { FORMAT_EXTENSION, TABLE_FORMATS, renderTable } from './render/renderTable.js';
import { type Grid, tableGrid } from './tableGrid.js';
import { TABLES } from './tables.js';
import { type Observation, observations } from './kapi/kapiObservations.js';
import { kapiSpec } from './kapi/kapiSpec.js';
import type { KernelRecord } from './versions/kernelRecord.js';
import { versionedGrid } from './versions/versionedGrid.js';

export interface TableFiles {
  /** File name -> contents. */
  readonly files: Map<string, string>;
  /** Recorded kernel lines whose cell changed since (versionedGrid). */
  readonly stale: readonly string[];
}

/**
 * Every table and format, computed on `model`; with `versions` (the version models by name,
 * `model` among them) and the kernel `records`, across versions.
 */
export async function tableFiles(
  model: Engine,
  versions: readonly Engine[] = [],
  records: readonly KernelRecord[] = [],
): Promise<TableFiles> {
  const files = new Map<string, string>();
  const stale: string[] = [];
  const obs: Observation[] = [];
  const across = versions.some((v) => v.name === model.name);
  for (const spec of TABLES) {
    const table = await computeTable(spec, [model]);
    obs.push(...observations(table));
    let grid = tableGrid(table);
    if (across) {
      const grids = new Map<string, Grid>();
      for (const v of versions)
        grids.set(v.name, v.name === model.name ? grid : tableGrid(await computeTable(spec, [v])));
      const g = versionedGrid(spec, grids, model.name, records);
      grid = g.grid;
      stale.push(...g.stale);
    }
    for (const format of TABLE_FORMATS)
      files.set(`${spec.name}.${FORMAT_EXTENSION[format]}`, renderTable(grid, format));
  }
  const kapi = kapiSpec(obs, { kernels: [], disagreeing: new Set() }, model.name);
  files.set('kapi.json', `${JSON.stringify(kapi, null, 2)}\n`);
  return { files, stale };
}
