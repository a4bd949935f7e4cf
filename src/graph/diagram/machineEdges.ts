// The states and transitions of a machine definition, read off its state nodes (not off an
// enumeration): what the diagrams draw. Edges between the same two states are merged, their
// event labels listed; an eventless (`always`) transition is labelled `always`; a guarded one
// carries the state it tests (`[defFlags=future]`).

import { toDirectedGraph } from '@xstate/graph';
import type { DirectedGraphNode } from '@xstate/graph';
import type { AnyStateMachine } from 'xstate';

export interface DiagramNode {
  readonly id: string;
  readonly label: string;
  readonly kind: 'atomic' | 'compound' | 'parallel' | 'final' | 'history';
  readonly initial: boolean;
  readonly children: readonly DiagramNode[];
}

export interface DiagramEdge {
  readonly source: string;
  readonly target: string;
  readonly labels: readonly string[];
}

export interface MachineDiagram {
  readonly root: DiagramNode;
  readonly edges: readonly DiagramEdge[];
}

function guardLabel(guard: unknown): string {
  if (guard === undefined) return '';
  const stateValue = (guard as { stateValue?: unknown }).stateValue;
  if (stateValue !== undefined && typeof stateValue === 'object' && stateValue !== null)
    return ` [${Object.entries(stateValue)
      .map(([k, v]) => `${k}=${String(v)}`)
      .join(',')}]`;
  return ' [guard]';
}

function node(g: DirectedGraphNode, parentInitial: string | undefined): DiagramNode {
  const sn = g.stateNode;
  const initial = sn.initial?.target[0]?.key;
  return {
    id: g.id,
    label: sn.key,
    kind: sn.type,
    initial: parentInitial === sn.key,
    children: g.children.map((c) => node(c, initial)),
  };
}

function collectEdges(
  g: DirectedGraphNode,
  out: Map<string, { s: string; t: string; labels: string[] }>,
): void {
  for (const e of g.edges) {
    const label = `${e.transition.eventType === '' ? 'always' : e.transition.eventType}${guardLabel(e.transition.guard)}`;
    const key = `${e.source.id}\n${e.target.id}`;
    const entry = out.get(key) ?? { s: e.source.id, t: e.target.id, labels: [] };
    if (!entry.labels.includes(label)) entry.labels.push(label);
    out.set(key, entry);
  }
  for (const c of g.children) collectEdges(c, out);
}

export function machineDiagram(machine: AnyStateMachine): MachineDiagram {
  const g = toDirectedGraph(machine);
  const edges = new Map<string, { s: string; t: string; labels: string[] }>();
  collectEdges(g, edges);
  return {
    root: node(g, undefined),
    edges: [...edges.values()].map(({ s, t, labels }) => ({ source: s, target: t, labels })),
  };
}
