// The conformance check of the simulator against the statechart: enumerate the composed
// machine with @xstate/graph, replay every path on the simulator, compare and test the
// invariants at every step, and report each disagreement as its shortest trace.

import { INVARIANTS } from '../../spec/invariants/index.js';
import type { SpecInvariant } from '../../spec/invariants/specInvariant.js';
import type { MmShape } from '../../spec/machines/mmContext.js';
import { mmEvents } from '../../spec/machines/mmEvent.js';
import { createMmMachine } from '../../spec/machines/mmMachine.js';
import type { MmMachine } from '../../spec/machines/mmMachine.js';
import { snapshotKey } from '../../spec/machines/snapshotKey.js';
import type { KernelModel } from '../kernel/model.js';
import { counterexampleTrace } from './counterexample.js';
import { enumerateGraph, nextSnapshot } from './graphPaths.js';
import type { MmAdjacency } from './graphPaths.js';
import type { Mismatch } from './mismatch.js';
import { replayPaths } from './replayPaths.js';
import type { Finding, ReplayResult } from './replayPaths.js';
import { showAbstractMm } from './abstractMm.js';

export interface ConformanceOptions {
  readonly model: KernelModel;
  readonly shape: MmShape;
  /** Longest simple path replayed, in events. */
  readonly simpleDepth: number;
  /** The statechart; the composed machine of `shape` unless a test plants a mutation. */
  readonly machine?: MmMachine;
  readonly invariants?: readonly SpecInvariant[];
  readonly sharePrefixes?: boolean;
  /** What the check is doing, for a progress line: building the graph, then replaying. */
  readonly onProgress?: (p: ConformanceProgress) => void;
}

export type ConformanceProgress =
  | { readonly phase: 'graph' }
  | { readonly phase: 'replay'; readonly done: number; readonly total: number };

export interface InvariantVerdict {
  readonly name: string;
  readonly verdict: 'holds' | 'fails';
  /** Transitions on which it failed. */
  readonly failures: number;
}

/** The statechart's graph, and the replay's counts of paths and steps (ReplayResult's). */
export interface ConformanceReport extends Pick<
  ReplayResult,
  'paths' | 'steps' | 'simulatorSteps'
> {
  readonly model: string;
  readonly shape: MmShape;
  readonly simpleDepth: number;
  readonly states: number;
  readonly transitions: number;
  readonly pathsByKind: Readonly<Record<string, number>>;
  readonly graphSeconds: number;
  readonly replaySeconds: number;
  readonly pathsPerSecond: number;
  readonly mismatches: readonly Mismatch[];
  readonly invariants: readonly InvariantVerdict[];
}

function toMismatch(
  f: Finding,
  o: ConformanceOptions,
  adj: MmAdjacency,
  initialKey: string,
): Mismatch {
  const outcomes: string[] = [];
  let key = initialKey;
  for (const e of f.events) {
    const snap = nextSnapshot(adj, key, e);
    outcomes.push(snap?.context.last ?? 'ok');
    key = snap === undefined ? key : snapshotKey(snap);
  }
  const trace = counterexampleTrace(o.shape, o.model.name, f.events, outcomes, f.expected);
  return {
    kind: f.kind,
    ...(f.invariant === undefined ? {} : { invariant: f.invariant }),
    events: f.events,
    step: f.events.length,
    expected: showAbstractMm(f.expected),
    actual: f.actual,
    trace,
  };
}

export function runConformance(o: ConformanceOptions): ConformanceReport {
  const invariants = o.invariants ?? INVARIANTS;
  const t0 = performance.now();
  o.onProgress?.({ phase: 'graph' });
  const machine = o.machine ?? createMmMachine(o.shape);
  const graph = enumerateGraph(machine, mmEvents(o.shape), { simpleDepth: o.simpleDepth });
  const t1 = performance.now();
  const replay = replayPaths({
    model: o.model,
    shape: o.shape,
    graph,
    invariants,
    ...(o.sharePrefixes === undefined ? {} : { sharePrefixes: o.sharePrefixes }),
    ...(o.onProgress === undefined
      ? {}
      : {
          onProgress: (done: number, total: number) =>
            o.onProgress?.({ phase: 'replay', done, total }),
        }),
  });
  const t2 = performance.now();
  const pathsByKind: Record<string, number> = {};
  for (const p of graph.paths) pathsByKind[p.kind] = (pathsByKind[p.kind] ?? 0) + 1;
  const replaySeconds = (t2 - t1) / 1000;
  return {
    model: o.model.name,
    shape: o.shape,
    simpleDepth: o.simpleDepth,
    states: graph.states,
    transitions: graph.transitions,
    paths: replay.paths,
    pathsByKind,
    steps: replay.steps,
    simulatorSteps: replay.simulatorSteps,
    graphSeconds: (t1 - t0) / 1000,
    replaySeconds,
    pathsPerSecond: replaySeconds > 0 ? replay.paths / replaySeconds : 0,
    mismatches: replay.findings.map((f) => toMismatch(f, o, graph.adjacency, graph.initialKey)),
    invariants: invariants.map((i) => {
      const failures = replay.invariantFailures.get(i.name) ?? 0;
      return { name: i.name, verdict: failures === 0 ? 'holds' : 'fails', failures };
    }),
  };
}
