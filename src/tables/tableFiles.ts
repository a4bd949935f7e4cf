// Every table in every format, as the files committed under spec/tables/ (NAME.FORMAT, the man
// page as NAME.7). `mmspec table --write DIR` writes them; a test regenerates and compares.

import type { Engine } from '../uapi/engine.js';
import { computeTable } from './computeTable.js';
import { FORMAT_EXTENSION, TABLE_FORMATS, renderTable } from './render/renderTable.js';
import { tableGrid } from './tableGrid.js';
import { TABLES } from './tables.js';

/** File name -> contents, for every table and format, computed on `model`. */
export async function tableFiles(model: Engine): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const spec of TABLES) {
    const grid = tableGrid(await computeTable(spec, [model]));
    for (const format of TABLE_FORMATS)
      files.set(`${spec.name}.${FORMAT_EXTENSION[format]}`, renderTable(grid, format));
  }
  return files;
}
