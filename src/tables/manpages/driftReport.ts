// Builds the drift report: every claim on every engine, and the errno values the first model
// returned anywhere (claims, every table cell, the litmus corpus) that the pages do not list.

import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from '../../trace/parser.js';
import { resolveProgram } from '../../trace/resolve.js';
import { runProgram } from '../../trace/runner.js';
import type { Engine } from '../../uapi/engine.js';
import { computeTable } from '../computeTable.js';
import { TABLES } from '../tables.js';
import { checkClaims } from './checkClaims.js';
import { errnoOmissions, type SeenRun } from './errnoDrift.js';
import type { ManClaim } from './manClaim.js';
import type { DriftReport } from './renderDriftReport.js';

async function litmusRuns(dir: string, model: Engine): Promise<SeenRun[]> {
  const runs: SeenRun[] = [];
  for (const f of (await readdir(dir)).filter((n) => n.endsWith('.mmt')).sort()) {
    const file = join(dir, f);
    const program = parse(await readFile(file, 'utf8'), file);
    const outcome = await runProgram(program, model, { constants: resolveProgram(program) });
    runs.push({ label: file, program, outcome });
  }
  return runs;
}

async function tableRuns(model: Engine): Promise<SeenRun[]> {
  const runs: SeenRun[] = [];
  for (const spec of TABLES) {
    const table = await computeTable(spec, [model]);
    for (const row of table.rows)
      (row.cells[0] ?? []).forEach((c, v) =>
        runs.push({
          label: `mmspec table ${spec.name} --trace ${row.spec.cells.length > 1 ? `${row.spec.id}.${v + 1}` : row.spec.id}`,
          program: c.program,
          outcome: c.outcome,
        }),
      );
  }
  return runs;
}

export async function driftReport(
  claims: readonly ManClaim[],
  engines: readonly Engine[],
  model: Engine,
  litmusDir?: string,
): Promise<DriftReport> {
  const checked = await checkClaims(claims, engines);
  const fromClaims: SeenRun[] = checked.flatMap((c) =>
    c.verdicts
      .filter((v) => v.engine === model.name)
      .map((v) => ({ label: c.claim.file, program: c.claim.program, outcome: v.outcome })),
  );
  const runs = [
    ...fromClaims,
    ...(await tableRuns(model)),
    ...(litmusDir === undefined ? [] : await litmusRuns(litmusDir, model)),
  ];
  return { engines: engines.map((e) => e.name), claims: checked, errnos: errnoOmissions(runs) };
}
