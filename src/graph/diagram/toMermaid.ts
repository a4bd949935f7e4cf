// A machine diagram as a mermaid stateDiagram-v2 (GitHub renders it in the README).
// Parallel regions are separated by `--`; a composite state's id is its full path.

import type { DiagramNode, MachineDiagram } from './machineEdges.js';

const id = (s: string) => s.replace(/[^A-Za-z0-9_]/g, '_');
const label = (s: string) => s.replace(/[:;#]/g, ' ');

function nodeLines(
  n: DiagramNode,
  indent: string,
  parallelParent: boolean,
  last: boolean,
): string[] {
  const lines: string[] = [];
  if (n.initial) lines.push(`${indent}[*] --> ${id(n.id)}`);
  if (n.children.length === 0) {
    lines.push(`${indent}state "${label(n.label)}" as ${id(n.id)}`);
  } else {
    lines.push(`${indent}state "${label(n.label)}" as ${id(n.id)} {`);
    n.children.forEach((c, i) =>
      lines.push(
        ...nodeLines(c, `${indent}  `, n.kind === 'parallel', i === n.children.length - 1),
      ),
    );
    lines.push(`${indent}}`);
  }
  if (parallelParent && !last) lines.push(`${indent}--`);
  return lines;
}

export function toMermaid(d: MachineDiagram): string {
  const lines = ['stateDiagram-v2'];
  for (const c of d.root.children)
    lines.push(...nodeLines(c, '  ', d.root.kind === 'parallel', c === d.root.children.at(-1)));
  for (const e of d.edges)
    lines.push(`  ${id(e.source)} --> ${id(e.target)}: ${e.labels.map(label).join(', ')}`);
  return `${lines.join('\n')}\n`;
}
