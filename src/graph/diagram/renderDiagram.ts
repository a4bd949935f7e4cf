// One machine in one format: what `mmspec graph` prints and the committed diagrams hold.

import type { DiagramFormat } from './diagramMachines.js';
import { DIAGRAM_MACHINES } from './diagramMachines.js';
import { machineDiagram } from './machineEdges.js';
import { toDot } from './toDot.js';
import { toMermaid } from './toMermaid.js';
import { toSvg } from './toSvg.js';

export async function renderDiagram(machine: string, format: DiagramFormat): Promise<string> {
  const make = DIAGRAM_MACHINES[machine];
  if (make === undefined)
    throw new RangeError(
      `renderDiagram: unknown machine '${machine}' (known: ${Object.keys(DIAGRAM_MACHINES).join(', ')})`,
    );
  const d = machineDiagram(make());
  if (format === 'mermaid') return toMermaid(d);
  const dot = toDot(d);
  return format === 'dot' ? dot : toSvg(dot);
}
