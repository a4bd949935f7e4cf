// A computed cell printed as the trace that shows it: the cell's script with every probe
// stating what the engine saw, under a comment naming the table, the row and the engine. Where
// the engine could not build the row's start state, the statement that failed states what the
// engine returned instead, under a comment saying so: the trace still holds on that engine.

import type { Outcome, Step } from '../uapi/outcome.js';
import { setupLines } from './cellProgram.js';
import type { CellScript, Probe } from './cellScript.js';
import { cellValue, statingLines } from './cellValue.js';
import { type RowSpec, type TableSpec, variantsOf } from './tableSpec.js';
import type { Verdict } from '../trace/judge.js';

export function cellTrace(
  spec: TableSpec,
  row: RowSpec,
  variant: number,
  script: CellScript,
  outcome: Outcome,
  steps: ReadonlyMap<number, Step>,
  probes: ReadonlyMap<number, Probe>,
  unbuilt: readonly Verdict[] = [],
): string {
  const label = variantsOf(spec)[variant] ?? '';
  const shown = spec.variantInputs?.(row.inputs, variant) ?? row.inputs;
  const inputs = spec.inputs.map((h, i) => `${h}=${shown[i] ?? ''}`).join(', ');
  const setup = setupLines(script.setup);
  const failed = new Map(unbuilt.map((v) => [v.line, v]));
  /** The statement on program line `at` as the trace prints it ('' for a probe's line). */
  const stmtText = (at: number): string => {
    const line = script.lines[at - setup.length - 1];
    return line?.kind === 'stmt' ? line.indent + line.text : '';
  };
  const first = unbuilt[0];
  const head = [
    `# mmspec table ${spec.name}, row ${row.id}${label === '' ? '' : ` (${label})`}: ${inputs}`,
    `# the values ${outcome.engine} showed`,
    ...(first === undefined
      ? []
      : [
          `# ${outcome.engine} cannot build this row's start state: ` +
            `${stmtText(first.line)
              .slice(0, first.column - 1)
              .replace(/\s*=\s*$/, '')
              .trim()} ` +
            `returns ${first.seen}, not ${first.expected}`,
        ]),
  ];
  const body = script.lines.flatMap((line, i) => {
    const at = setup.length + i + 1;
    if (line.kind === 'stmt') {
      // What follows a failed statement's `=` gives way to what the engine returned.
      const v = failed.get(at);
      const text = stmtText(at);
      return [v === undefined ? text : text.slice(0, v.column - 1) + v.seen];
    }
    const probe = probes.get(at) ?? line;
    return statingLines(probe, cellValue(probe, steps.get(at))).map((l) => line.indent + l);
  });
  return `${[...head, ...setup, ...body].join('\n')}\n`;
}
