// Every kind of difference between two models within a bound, not only the first: the
// side-by-side run explored breadth-first, each pair of states that a trace can tell apart
// kept as a leaf (its first difference is the one that counts), and the leaves grouped by the
// call that led there and the kinds of observable that differ. Each group keeps its count and
// its shortest run, printed as a trace like `mmspec diff` prints one.

import type { KernelBound } from '../check/kernelBound.js';
import type { Letter } from '../check/letter.js';
import type { Trace, TraceStep } from '../explore/exploreReport.js';
import type { KernelModel } from '../kernel/model.js';
import { concretizePair } from './concretizePair.js';
import { type DiffFinding, diffFinding } from './diffFinding.js';
import { type DiffSystem, diffSystem } from './diffSystem.js';
import { observableDifferences } from './observableDifferences.js';
import type { PairState } from './pairState.js';
import { sameObservables } from './sameObservables.js';
import { levelSearch } from './_internals/levelSearch.js';
import { countingModel, emptyCoverage } from '../check/coverage.js';

export interface DifferenceKind {
  /** `mmap MAP_PRIVATE|MAP_ANONYMOUS|MAP_LOCKONFAULT -> pages, vmflags`. */
  readonly kind: string;
  readonly call: string;
  readonly observables: readonly string[];
  /** Pairs of states (leaves of the search) that show this kind first. */
  readonly count: number;
  readonly shortest: DiffFinding;
}

export interface DifferenceKinds {
  readonly states: number;
  readonly transitions: number;
  readonly depth: number;
  readonly seconds: number;
  readonly stopped: 'max-depth' | 'max-states' | 'done' | 'aborted';
  readonly alphabet: number;
  readonly kinds: readonly DifferenceKind[];
  /** How often each function decision point was consulted, A and B together. */
  readonly decisionsReached: ReadonlyMap<string, number>;
}

/** The call with the argument that selects its behaviour (flags, advice), not its address. */
function callText(l: Letter): string {
  const flagArg: Partial<Record<Letter['call'], number>> = {
    mmap: 3,
    mlock2: 2,
    mlockall: 0,
    madvise: 2,
    mprotect: 2,
    mremap: 3,
  };
  const i = flagArg[l.call];
  const a = i === undefined ? undefined : l.args[i];
  return a?.kind === 'int' ? `${l.call} ${a.text}` : l.call;
}

function observableKinds(system: DiffSystem, p: PairState): string[] {
  const kinds = observableDifferences(p.a.kernel, p.b.kernel, p.a.hints, system.bound.pages).map(
    (d) => d.a.what.kind,
  );
  return [...(p.resultsDiffer ? ['return'] : []), ...new Set(kinds)];
}

function traceOf(
  system: DiffSystem,
  initial: number,
  labels: readonly Letter[],
): Trace<PairState, Letter> {
  const canon = (s: PairState) => system.canonicalize?.(s) ?? s;
  const start = [...system.initial()][initial];
  if (start === undefined) throw new RangeError(`differenceKinds: no initial process ${initial}`);
  const steps: TraceStep<PairState, Letter>[] = [];
  let s = canon(start);
  for (const l of labels) {
    let next: PairState | undefined;
    system.successors(s, (label, n) => {
      if (label === l && next === undefined) next = n;
    });
    if (next === undefined) throw new Error('differenceKinds: a path does not replay');
    s = canon(next);
    steps.push({ label: l, state: s });
  }
  return { initial: canon(start), steps };
}

export interface DifferenceKindsOptions {
  readonly maxStates?: number;
  readonly signal?: AbortSignal;
}

export function differenceKinds(
  a: KernelModel,
  b: KernelModel,
  bound: KernelBound,
  options: DifferenceKindsOptions = {},
): DifferenceKinds {
  const started = performance.now();
  const coverage = emptyCoverage(a);
  const system = diffSystem(countingModel(a, coverage), countingModel(b, coverage), bound);
  const same = sameObservables(bound.pages);
  const groups = new Map<
    string,
    { call: string; observables: string[]; count: number; index: number }
  >();
  const search = levelSearch(system, {
    maxDepth: bound.depth,
    ...(options.maxStates === undefined ? {} : { maxStates: options.maxStates }),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    visit: (p, node, last) => {
      if (same.holds(p)) return false;
      const call = last === null ? '(initial state)' : callText(last);
      const observables = observableKinds(system, p);
      const kind = `${call} -> ${observables.join(', ')}`;
      const g = groups.get(kind);
      if (g === undefined) groups.set(kind, { call, observables, count: 1, index: node.index });
      else g.count++;
      return true;
    },
  });
  const kinds = [...groups.entries()].map(([kind, g]): DifferenceKind => {
    const { initial, labels } = search.path(g.index);
    const real = concretizePair(system, traceOf(system, initial, labels));
    return {
      kind,
      call: g.call,
      observables: g.observables,
      count: g.count,
      shortest: diffFinding(system, real.setup, real.letters),
    };
  });
  kinds.sort((x, y) => x.shortest.steps.length - y.shortest.steps.length || y.count - x.count);
  return {
    states: search.states,
    transitions: search.transitions,
    depth: search.depth,
    seconds: (performance.now() - started) / 1000,
    stopped: search.stopped,
    alphabet: system.alphabet.length,
    kinds,
    decisionsReached: coverage.decisions,
  };
}
