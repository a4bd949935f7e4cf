// Every table in every format, as the files committed under spec/tables/ (NAME.FORMAT, the man
// page as NAME.7), and kapi.json, the calls' specs in KAPI's shape made from all of them. `mmspec table --write DIR` writes them; a test regenerates and compares.

import type { Engine } from '../uapi/engine.js';
import { computeTable } from './computeTable.js';
import { FORMAT_EXTENSION, TABLE_FORMATS, renderTable } from './render/renderTable.js';
import { tableGrid } from './tableGrid.js';
import { TABLES } from './tables.js';
import { type Observation, observations } from './kapi/kapiObservations.js';
import { kapiSpec } from './kapi/kapiSpec.js';

/** File name -> contents, for every table and format, computed on `model`. */
export async function tableFiles(model: Engine): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  const obs: Observation[] = [];
  for (const spec of TABLES) {
    const table = await computeTable(spec, [model]);
    obs.push(...observations(table));
    const grid = tableGrid(table);
    for (const format of TABLE_FORMATS)
      files.set(`${spec.name}.${FORMAT_EXTENSION[format]}`, renderTable(grid, format));
  }
  const kapi = kapiSpec(obs, { engines: [model.name], disagreeing: new Set() }, model.name);
  files.set('kapi.json', `${JSON.stringify(kapi, null, 2)}\n`);
  return files;
}
