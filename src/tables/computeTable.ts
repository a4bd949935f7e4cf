// Runs every cell of a table on one or more engines (models, or a real kernel): each cell's
// Program, its Outcome, the values its probes read, and the trace that shows them.

import type { Program } from '../trace/ast.js';
import { runProgram } from '../trace/runner.js';
import type { Engine } from '../uapi/engine.js';
import type { Outcome } from '../uapi/outcome.js';
import { cellProgram, type CellProgram } from './cellProgram.js';
import type { CellScript } from './cellScript.js';
import { cellTrace } from './cellTrace.js';
import { NOT_APPLICABLE, NO_START_STATE, cellValue } from './cellValue.js';
import { type Verdict, judge } from '../trace/judge.js';
import { type RowSpec, type TableSpec, variantsOf } from './tableSpec.js';

export interface ComputedCell {
  readonly script: CellScript;
  readonly program: Program;
  /** One value a column of the spec's outputs (NO_START_STATE in each when `unbuilt`). */
  readonly values: readonly string[];
  /** The statements setting the scene that got another result than they ask for. */
  readonly unbuilt: readonly Verdict[];
  readonly outcome: Outcome;
  /** The cell as a trace stating what this engine showed. */
  readonly trace: string;
}

export interface ComputedRow {
  readonly spec: RowSpec;
  /** [engine][variant] */
  readonly cells: readonly (readonly ComputedCell[])[];
}

export interface ComputedTable {
  readonly spec: TableSpec;
  readonly engines: readonly string[];
  readonly rows: readonly ComputedRow[];
}

export interface ComputeOptions {
  /** Pages of the rest of the process for each cell, as a kernel run measured them. */
  readonly restPages?: (rowId: string, variant: number) => number | undefined;
}

/** The program of one cell, named so an error or a printed trace says where it came from. */
export function programOf(spec: TableSpec, row: RowSpec, variant: number): CellProgram {
  const script = row.cells[variant];
  if (script === undefined)
    throw new Error(`table ${spec.name}: row ${row.id} has no cell for variant ${variant}`);
  const label = variantsOf(spec).length > 1 ? `.${variant + 1}` : '';
  return cellProgram(script, `<table ${spec.name} ${row.id}${label}>`);
}

export async function runCell(
  spec: TableSpec,
  row: RowSpec,
  variant: number,
  engine: Engine,
  restPages?: number,
): Promise<ComputedCell> {
  const { program, constants, probes } = programOf(spec, row, variant);
  const outcome = await runProgram(
    program,
    engine,
    restPages === undefined ? { constants } : { constants, restPages },
  );
  const steps = new Map(outcome.steps.map((s) => [s.line, s]));
  // Every expectation of the program is a scene-setting statement's: a probe expects nothing.
  const unbuilt = judge(program, outcome, constants).filter(
    (v) => v.subject === 'expectation' && !v.held && !probes.has(v.line),
  );
  const byColumn = new Map<string, string>();
  for (const [line, probe] of probes) byColumn.set(probe.column, cellValue(probe, steps.get(line)));
  const values = spec.outputs.map((c) =>
    unbuilt.length > 0 ? NO_START_STATE : (byColumn.get(c) ?? NOT_APPLICABLE),
  );
  const script = row.cells[variant] as CellScript;
  const trace = cellTrace(spec, row, variant, script, outcome, steps, probes, unbuilt);
  return { script, program, values, unbuilt, outcome, trace };
}

export async function computeTable(
  spec: TableSpec,
  engines: readonly Engine[],
  options: ComputeOptions = {},
): Promise<ComputedTable> {
  const rows: ComputedRow[] = [];
  const variants = variantsOf(spec);
  for (const row of spec.rows()) {
    const cells: ComputedCell[][] = [];
    for (const engine of engines) {
      const perVariant: ComputedCell[] = [];
      for (let v = 0; v < variants.length; v++)
        perVariant.push(await runCell(spec, row, v, engine, options.restPages?.(row.id, v)));
      cells.push(perVariant);
    }
    rows.push({ spec: row, cells });
  }
  return { spec, engines: engines.map((e) => e.name), rows };
}
