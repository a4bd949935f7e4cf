// Everything whose coverage counts: the litmus corpus, every cell of every table and every
// man-page claim, as labelled Programs; and where the compiled kernel and its source live.

import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from '../../trace/parser.js';
import { resolveProgram } from '../../trace/resolve.js';
import { programOf } from '../computeTable.js';
import { loadClaims } from '../manpages/manClaim.js';
import { TABLES } from '../tables.js';
import { variantsOf } from '../tableSpec.js';
import type { LabelledProgram } from './requirementCoverage.js';

export async function coverageCorpus(
  litmusDir: string,
  claimsDir: string,
): Promise<LabelledProgram[]> {
  const out: LabelledProgram[] = [];
  for (const f of (await readdir(litmusDir)).filter((n) => n.endsWith('.mmt')).sort()) {
    const file = join(litmusDir, f);
    const program = parse(await readFile(file, 'utf8'), file);
    out.push({ label: file, kind: 'litmus', program, constants: resolveProgram(program) });
  }
  for (const spec of TABLES)
    for (const row of spec.rows())
      variantsOf(spec).forEach((_, v) => {
        const { program, constants } = programOf(spec, row, v);
        const id = row.cells.length > 1 ? `${row.id}.${v + 1}` : row.id;
        out.push({ label: `mmspec table ${spec.name} --trace ${id}`, kind: 'table', program, constants });
      });
  for (const c of await loadClaims(claimsDir))
    out.push({ label: c.file, kind: 'claim', program: c.program, constants: c.constants });
  return out;
}

/** The compiled kernel (next to this module in dist/) and its TypeScript source. */
export function kernelDirs(): { readonly dist: string; readonly src: string } {
  return {
    dist: fileURLToPath(new URL('../../kernel/', import.meta.url)),
    src: fileURLToPath(new URL('../../../../src/kernel/', import.meta.url)),
  };
}
