// A computed cell printed as the trace that shows it: the cell's script with every probe
// stating what the engine saw, under a comment naming the table, the row and the engine.

import type { Outcome, Step } from '../uapi/outcome.js';
import { setupLines } from './cellProgram.js';
import type { CellScript, Probe } from './cellScript.js';
import { cellValue, statingLines } from './cellValue.js';
import { type RowSpec, type TableSpec, variantsOf } from './tableSpec.js';

export function cellTrace(
  spec: TableSpec,
  row: RowSpec,
  variant: number,
  script: CellScript,
  outcome: Outcome,
  steps: ReadonlyMap<number, Step>,
  probes: ReadonlyMap<number, Probe>,
): string {
  const label = variantsOf(spec)[variant] ?? '';
  const shown = spec.variantInputs?.(row.inputs, variant) ?? row.inputs;
  const inputs = spec.inputs.map((h, i) => `${h}=${shown[i] ?? ''}`).join(', ');
  const head = [
    `# mmspec table ${spec.name}, row ${row.id}${label === '' ? '' : ` (${label})`}: ${inputs}`,
    `# the values ${outcome.engine} showed`,
  ];
  const setup = setupLines(script.setup);
  const body = script.lines.flatMap((line, i) => {
    if (line.kind === 'stmt') return [line.indent + line.text];
    const at = setup.length + i + 1;
    const probe = probes.get(at) ?? line;
    return statingLines(probe, cellValue(probe, steps.get(at))).map((l) => line.indent + l);
  });
  return `${[...head, ...setup, ...body].join('\n')}\n`;
}
