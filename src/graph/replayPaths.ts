// Replays graph paths on the simulator, step by step from initialState, and compares at every
// step the abstraction of the simulator state with the statechart state, and tests every
// invariant on the transition. Paths share prefixes (the shortest paths form a tree, simple
// paths a trie): the step function is pure, so a shared prefix is stepped once and its result
// reused; `steps` counts every step of every path, `simulatorSteps` those actually run.

import type { MmShape } from '../../spec/machines/mmContext.js';
import type { MmEvent } from '../../spec/machines/mmEvent.js';
import { snapshotKey } from '../../spec/machines/snapshotKey.js';
import { invariantHolds } from '../../spec/invariants/specInvariant.js';
import type { SpecInvariant } from '../../spec/invariants/specInvariant.js';
import { initialState } from '../kernel/initialState.js';
import type { KernelModel } from '../kernel/model.js';
import type { KernelState } from '../kernel/state.js';
import { step } from '../kernel/step.js';
import { sameAbstractMm, showAbstractMm } from './abstractMm.js';
import type { AbstractMm } from './abstractMm.js';
import { abstractState } from './abstraction.js';
import { eventCall } from './eventCall.js';
import { expectedAbstraction } from './expectedAbstraction.js';
import type { MmGraph } from './graphPaths.js';
import { nextSnapshot } from './graphPaths.js';

interface Node {
  readonly sim: KernelState;
  readonly key: string;
  readonly failed: boolean;
  readonly children: Map<string, Node>;
}

/** A raw finding: the trace is printed later, once per distinct finding. */
export interface Finding {
  readonly kind: 'disagreement' | 'invariant';
  readonly invariant?: string;
  readonly events: readonly MmEvent[];
  readonly expected: AbstractMm;
  readonly actual: string;
}

export interface ReplayResult {
  readonly paths: number;
  readonly steps: number;
  readonly simulatorSteps: number;
  /** Invariant name -> transitions it was tested on and how many failed. */
  readonly invariantFailures: ReadonlyMap<string, number>;
  /** At most one finding a (source state, event, kind, invariant); the shortest first. */
  readonly findings: readonly Finding[];
}

export interface ReplayInput {
  readonly model: KernelModel;
  readonly shape: MmShape;
  /** The enumerated statechart: its paths are replayed, its adjacency gives each expectation. */
  readonly graph: Pick<MmGraph, 'adjacency' | 'initialKey' | 'paths'>;
  readonly invariants: readonly SpecInvariant[];
  /** false: replay every path from initialState without sharing prefixes (for measurements). */
  readonly sharePrefixes?: boolean;
  /** Called every few hundred paths with how many are replayed, for a progress line. */
  readonly onProgress?: (done: number, total: number) => void;
}

export function replayPaths(input: ReplayInput): ReplayResult {
  const { model, shape, invariants } = input;
  const { adjacency, paths } = input.graph;
  const share = input.sharePrefixes ?? true;
  const setup = { rlimitMemlock: null, capIpcLock: true };
  const newRoot = (): Node => ({
    sim: initialState(setup),
    key: input.graph.initialKey,
    failed: false,
    children: new Map(),
  });
  let root = newRoot();
  const seen = new Set<string>();
  const findings: Finding[] = [];
  const failures = new Map<string, number>(invariants.map((i) => [i.name, 0]));
  let steps = 0;
  let simulatorSteps = 0;
  for (const [index, path] of paths.entries()) {
    if (index % 500 === 0) input.onProgress?.(index, paths.length);
    if (!share) root = newRoot();
    let node = root;
    for (let i = 0; i < path.events.length && !node.failed; i++) {
      const e = path.events[i];
      if (e === undefined) break;
      steps++;
      const known = node.children.get(e.type);
      if (known !== undefined) {
        node = known;
        continue;
      }
      simulatorSteps++;
      const snap = nextSnapshot(adjacency, node.key, e);
      if (snap === undefined)
        throw new Error(`replayPaths: the graph has no ${e.type} from ${node.key}`);
      const call = eventCall(e, shape.pages);
      const { state: after, result } = step(model, node.sim, call);
      const expected = expectedAbstraction(snap, shape);
      const actual = abstractState(after, shape, result);
      const events = path.events.slice(0, i + 1);
      let failed = false;
      const report = (f: Finding, id: string) => {
        failed = true;
        if (seen.has(id)) return;
        seen.add(id);
        findings.push(f);
      };
      if (!sameAbstractMm(expected, actual))
        report(
          { kind: 'disagreement', events, expected, actual: showAbstractMm(actual) },
          `d ${node.key} ${e.type}`,
        );
      const t = { before: node.sim, call, result, after };
      for (const inv of invariants) {
        if (invariantHolds(inv, t)) continue;
        failures.set(inv.name, (failures.get(inv.name) ?? 0) + 1);
        report(
          {
            kind: 'invariant',
            invariant: inv.name,
            events,
            expected,
            actual: showAbstractMm(actual),
          },
          `i ${inv.name} ${node.key} ${e.type}`,
        );
      }
      const child: Node = { sim: after, key: snapshotKey(snap), failed, children: new Map() };
      node.children.set(e.type, child);
      node = child;
    }
  }
  findings.sort((a, b) => a.events.length - b.events.length);
  return {
    paths: paths.length,
    steps,
    simulatorSteps,
    invariantFailures: failures,
    findings,
  };
}
