// A machine diagram as Graphviz DOT: compound and parallel states as clusters (parallel ones
// dashed), the initial state of each marked by an arrow from a point.

import type { DiagramNode, MachineDiagram } from './machineEdges.js';

const q = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

function nodeLines(n: DiagramNode, indent: string): string[] {
  if (n.children.length === 0) {
    const lines = [
      `${indent}${q(n.id)} [label=${q(n.label)}${n.label === 'populate' ? ', style=dashed' : ''}];`,
    ];
    if (n.initial)
      lines.push(
        `${indent}${q(`${n.id}.init`)} [shape=point];`,
        `${indent}${q(`${n.id}.init`)} -> ${q(n.id)};`,
      );
    return lines;
  }
  const style = n.kind === 'parallel' ? 'dashed' : 'rounded';
  return [
    `${indent}subgraph ${q(`cluster_${n.id}`)} {`,
    `${indent}  label=${q(n.label)}; style=${style};`,
    ...n.children.flatMap((c) => nodeLines(c, `${indent}  `)),
    `${indent}}`,
  ];
}

export function toDot(d: MachineDiagram): string {
  const lines = [
    `digraph ${q(d.root.id)} {`,
    '  rankdir=LR; compound=true;',
    '  node [shape=box, style=rounded, fontname="Helvetica"]; edge [fontname="Helvetica", fontsize=9];',
    ...nodeLines(d.root, '  '),
    ...d.edges.map((e) => `  ${q(e.source)} -> ${q(e.target)} [label=${q(e.labels.join('\n'))}];`),
    '}',
  ];
  return `${lines.join('\n')}\n`;
}
