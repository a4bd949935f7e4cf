// Enumerates the composed statechart with @xstate/graph: every reachable state (the adjacency
// map), the shortest path to each state, one path a transition (the shortest path to its
// source, then its event: so every failing call is tried from every state), and every simple
// path up to a length bound.
// NOTE: getSimplePaths of @xstate/graph enumerates every simple path with no length bound,
// exponential in the number of states; the bounded enumeration below walks the same
// adjacency map and, without a bound, gives the same paths (test/graph checks it).

import { getAdjacencyMap, getShortestPaths } from '@xstate/graph';
import type { AdjacencyMap } from '@xstate/graph';
import type { MmEvent } from '../../spec/machines/mmEvent.js';
import type { MmMachine } from '../../spec/machines/mmMachine.js';
import { snapshotKey } from '../../spec/machines/snapshotKey.js';
import { memoizedMachine } from './_internals/memoizedMachine.js';

export type PathKind = 'shortest' | 'transition' | 'simple';

export interface GraphPath {
  readonly kind: PathKind;
  readonly events: readonly MmEvent[];
}

export type MmSnapshot = ReturnType<MmMachine['getInitialSnapshot']>;
export type MmAdjacency = AdjacencyMap<MmSnapshot, MmEvent>;

export interface MmGraph {
  readonly adjacency: MmAdjacency;
  readonly initialKey: string;
  readonly states: number;
  readonly transitions: number;
  readonly paths: readonly GraphPath[];
}

export interface GraphOptions {
  /** Longest simple path enumerated (events); 0 for none. */
  readonly simpleDepth: number;
}

export const eventKey = (e: MmEvent): string => e.type;

function boundedSimplePaths(adj: MmAdjacency, from: string, depth: number): GraphPath[] {
  const out: GraphPath[] = [];
  const onPath = new Set<string>([from]);
  const events: MmEvent[] = [];
  const walk = (key: string) => {
    if (events.length === depth) return;
    for (const { event, state } of Object.values(
      adj[key as keyof MmAdjacency]?.transitions ?? {},
    )) {
      const next = snapshotKey(state);
      if (onPath.has(next)) continue;
      events.push(event);
      out.push({ kind: 'simple', events: events.slice() });
      onPath.add(next);
      walk(next);
      onPath.delete(next);
      events.pop();
    }
  };
  walk(from);
  return out;
}

export function enumerateGraph(
  machine: MmMachine,
  events: readonly MmEvent[],
  options: GraphOptions,
): MmGraph {
  const logic = memoizedMachine(machine, snapshotKey, eventKey);
  const traversal = {
    events,
    serializeState: (s: MmSnapshot) => snapshotKey(s),
    serializeEvent: eventKey,
  };
  const adjacency = getAdjacencyMap(logic, traversal) as MmAdjacency;
  const shortest = getShortestPaths(logic, traversal)
    // alterPath puts an `xstate.init` step first: the events are those of the later steps.
    .map((p): GraphPath => ({ kind: 'shortest', events: p.steps.slice(1).map((s) => s.event) }))
    .sort((a, b) => a.events.length - b.events.length);
  const byKey = new Map<string, readonly MmEvent[]>();
  const initialKey = snapshotKey(machine.getInitialSnapshot(logic.scope));
  let transitions = 0;
  for (const p of shortest) byKey.set(keyAfter(adjacency, initialKey, p.events), p.events);
  const viaTransition: GraphPath[] = [];
  for (const [key, prefix] of byKey) {
    for (const { event } of Object.values(adjacency[key as keyof MmAdjacency]?.transitions ?? {})) {
      transitions++;
      viaTransition.push({ kind: 'transition', events: [...prefix, event] });
    }
  }
  viaTransition.sort((a, b) => a.events.length - b.events.length);
  const simple =
    options.simpleDepth > 0 ? boundedSimplePaths(adjacency, initialKey, options.simpleDepth) : [];
  return {
    adjacency,
    initialKey,
    states: Object.keys(adjacency).length,
    transitions,
    paths: [...shortest, ...viaTransition, ...simple],
  };
}

/** The key of the state a path of events leads to. */
export function keyAfter(adj: MmAdjacency, from: string, events: readonly MmEvent[]): string {
  let key = from;
  for (const e of events) {
    const next =
      adj[key as keyof MmAdjacency]?.transitions[
        eventKey(e) as keyof MmAdjacency[keyof MmAdjacency]['transitions']
      ];
    if (next === undefined) throw new Error(`keyAfter: no ${e.type} from ${key}`);
    key = snapshotKey(next.state);
  }
  return key;
}

/** The snapshot a transition from `key` by `e` leads to. */
export function nextSnapshot(adj: MmAdjacency, key: string, e: MmEvent): MmSnapshot | undefined {
  return adj[key as keyof MmAdjacency]?.transitions[
    eventKey(e) as keyof MmAdjacency[keyof MmAdjacency]['transitions']
  ]?.state;
}
