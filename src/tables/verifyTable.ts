// Runs every cell of a table on a real kernel (any Engine: the host, later a kernel under
// qemu) and on the model, and compares them statement by statement with the trace comparison
// of `mmspec run --compare`: a cell whose runs differ anywhere, or that the kernel could not
// run, is a disagreement, reported with the trace the kernel's values make.

import { compareOutcomes } from '../trace/compare.js';
import type { Engine } from '../uapi/engine.js';
import { type ComputedCell, type ComputedTable, runCell } from './computeTable.js';
import { type TableSpec, variantsOf } from './tableSpec.js';

export interface Disagreement {
  /** `7` or `7.2`, as the grid names the line. */
  readonly id: string;
  /** Why: the statements that differ, or what the kernel could not do. */
  readonly reason: string;
  /** The cell as the kernel showed it. */
  readonly kernelTrace: string;
  /** The cell as the model showed it. */
  readonly modelTrace: string;
}

export interface Verification {
  readonly table: string;
  readonly kernel: string;
  readonly model: string;
  readonly cells: number;
  readonly disagreements: readonly Disagreement[];
  /** The model's cells, computed with the rest-of-process size the kernel measured. */
  readonly computed: ComputedTable;
  /** The kernel's cells: the table as the kernel shows it. */
  readonly kernelComputed: ComputedTable;
}

function why(kernel: ComputedCell, model: ComputedCell): string | undefined {
  const k = kernel.outcome;
  if (k.unsupported.length > 0)
    return `the kernel could not run it: ${k.unsupported.map((u) => u.reason).join('; ')}`;
  // A statement one side never ran is not compared (compareOutcomes): a model that stopped
  // early must not pass for one that agrees.
  const m = model.outcome;
  if (m.unsupported.length > 0)
    return `the model could not run it: ${m.unsupported.map((u) => u.reason).join('; ')}`;
  const c = compareOutcomes(kernel.program, k, m);
  if (c.differences === 0) return undefined;
  const lines = c.statements
    .flatMap((s) => [s, ...s.body])
    .filter((s) => !s.same)
    .map((s) => `line ${s.line} ${s.text}: kernel ${s.kernel}, model ${s.model}`);
  return lines.join('; ');
}

export async function verifyTable(
  spec: TableSpec,
  kernel: Engine,
  model: Engine,
  onCell?: () => void,
): Promise<Verification> {
  const variants = variantsOf(spec);
  const disagreements: Disagreement[] = [];
  const modelRows: ComputedTable['rows'][number][] = [];
  const kernelRows: ComputedTable['rows'][number][] = [];
  let cells = 0;
  for (const row of spec.rows()) {
    const ks: ComputedCell[] = [];
    const ms: ComputedCell[] = [];
    for (let v = 0; v < variants.length; v++) {
      // The kernel first: its measure of the rest of the process is the model's parameter.
      const k = await runCell(spec, row, v, kernel);
      const m = await runCell(spec, row, v, model, k.outcome.restPages);
      cells++;
      onCell?.();
      ks.push(k);
      ms.push(m);
      const reason = why(k, m);
      if (reason !== undefined)
        disagreements.push({
          id: variants.length > 1 ? `${row.id}.${v + 1}` : row.id,
          reason,
          kernelTrace: k.trace,
          modelTrace: m.trace,
        });
    }
    modelRows.push({ spec: row, cells: [ms] });
    kernelRows.push({ spec: row, cells: [ks] });
  }
  return {
    table: spec.name,
    kernel: kernel.name,
    model: model.name,
    cells,
    disagreements,
    computed: { spec, engines: [model.name], rows: modelRows },
    kernelComputed: { spec, engines: [kernel.name], rows: kernelRows },
  };
}

/**
 * The table with the model's and the kernel's values side by side: cells they show differently
 * are marked. NOTE: texts are compared, so a cell where the model allows a class of pages
 * (`[pL]`) and the kernel shows one of them is marked though the comparison above agrees.
 */
export function sideBySide(v: Verification): ComputedTable {
  const rows = v.computed.rows.map((row, i) => ({
    spec: row.spec,
    cells: [...row.cells, ...(v.kernelComputed.rows[i]?.cells ?? [])],
  }));
  return { spec: v.computed.spec, engines: [v.model, v.kernel], rows };
}
