// The kernel records committed beside the tables: DIR/kernels/TARGET.json, none when the folder
// is absent.

import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { type KernelRecord, parseRecord } from './kernelRecord.js';

/** Where, under a tables folder (spec/tables), the kernel records live. */
export const RECORDS_FOLDER = 'kernels';

export function recordPath(tablesDir: string, target: string): string {
  return join(tablesDir, RECORDS_FOLDER, `${target}.json`);
}

export async function loadRecords(tablesDir: string): Promise<KernelRecord[]> {
  const dir = join(tablesDir, RECORDS_FOLDER);
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith('.json')).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return Promise.all(
    names.map(async (n) => parseRecord(await readFile(join(dir, n), 'utf8'), join(dir, n))),
  );
}
