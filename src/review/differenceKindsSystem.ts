// The side-by-side run of two models as the transition system `mmspec review` explores for
// every kind of difference, on the explorer's worker threads like `mmspec diff`:
// - a pair of states that a trace can tell apart is a leaf: it has no successors (its first
//   difference is the one that counts), and it remembers the call that led to it (encoded,
//   for leaves only, so pairs that still agree merge as in `mmspec diff`);
// - a kind is a call (with the argument that selects its behaviour) and one observable that
//   differs after it; each kind is an invariant "no leaf of this kind", so the explorer's BFS
//   keeps the shortest run to each, all in one search (exhaustive: it does not stop at the
//   first);
// - how many leaves show each kind, and how often each decision point was consulted, are
//   statistics each worker hands over at the end.

import type { Decoder } from '../explore/decoder.js';
import type { Encoder } from '../explore/encoder.js';
import type { Invariant, SystemArg, TransitionSystem } from '../explore/transitionSystem.js';
import type { KernelBound } from '../check/kernelBound.js';
import type { Letter } from '../check/letter.js';
import {
  type Coverage,
  addCoverage,
  countingModel,
  emptyCoverage,
  takeCoverage,
} from '../check/coverage.js';
import type { CoverageCounts } from '../check/coverage.js';
import type { KernelModel } from '../kernel/model.js';
import type { ConcreteObservable } from '../uapi/engine.js';
import { type DiffSystem, diffSystem } from './diffSystem.js';
import { observableDifferences } from './observableDifferences.js';
import type { PairState } from './pairState.js';
import { sameObservables } from './sameObservables.js';

/** A pair state; `leaf` is 0 while the two agree, else 1 + the index of the call that led here. */
export interface KindState extends PairState {
  readonly leaf: number;
}

export const INITIAL_CALL = '(initial state)';

/** What can differ first: the return value, or one kind of observable. */
export const OBSERVABLE_KINDS: readonly string[] = [
  'return',
  ...([
    'pages',
    'vma',
    'vmflags',
    'vmas',
    'VmLck',
    'def_flags',
  ] satisfies ConcreteObservable['kind'][]),
];

export interface DifferenceKindsSystem extends TransitionSystem<KindState, Letter> {
  readonly pairs: DiffSystem;
  /** Index 0 is the initial state; then each call text of the alphabet. */
  readonly calls: readonly string[];
  /** Leaves per kind (`call -> observable`), and decision points consulted, so far. */
  readonly tally: Map<string, number>;
  readonly coverage: Coverage;
}

/** The call with the argument that selects its behaviour (flags, advice), not its address. */
export function callText(l: Letter): string {
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

export const kindName = (call: string, observable: string): string => `${call} -> ${observable}`;

interface Statistics {
  readonly tally: readonly (readonly [string, number])[];
  readonly coverage: CoverageCounts;
}

/** The totals an exploration's report carries (ExploreReport.statistics). */
export function kindStatistics(arg: SystemArg | undefined): {
  tally: ReadonlyMap<string, number>;
  decisions: ReadonlyMap<string, number>;
} {
  const s = arg as unknown as Statistics | undefined;
  return { tally: new Map(s?.tally), decisions: new Map(s?.coverage.decisions) };
}

export function differenceKindsSystem(
  a: KernelModel,
  b: KernelModel,
  bound: KernelBound,
): DifferenceKindsSystem {
  const coverage = emptyCoverage(a);
  const pairs = diffSystem(countingModel(a, coverage), countingModel(b, coverage), bound);
  const same = sameObservables(bound.pages);
  const calls = [INITIAL_CALL, ...new Set(pairs.alphabet.map(callText))];
  const callIndex = new Map(calls.map((c, i) => [c, i]));
  const letterCall = new Map(pairs.alphabet.map((l) => [l, callIndex.get(callText(l)) ?? 0]));
  const leafBits = Math.ceil(Math.log2(calls.length + 1));
  const decodePair = pairs.decode?.bind(pairs);
  if (decodePair === undefined) throw new Error(`differenceKinds: ${pairs.name} has no decode`);
  const tally = new Map<string, number>();
  // The kinds of the state last classified: the explorer checks every invariant of a state,
  // then expands it, with the same object, and classifies each stored state once.
  let last: KindState | undefined;
  let lastKinds: ReadonlySet<string> = new Set();
  const kindsOf = (s: KindState): ReadonlySet<string> => {
    if (s === last) return lastKinds;
    last = s;
    lastKinds = new Set();
    if (s.leaf === 0) return lastKinds;
    const call = calls[s.leaf - 1] ?? INITIAL_CALL;
    const observed = observableDifferences(s.a.kernel, s.b.kernel, s.a.hints, bound.pages);
    const kinds = new Set([
      ...(s.resultsDiffer ? ['return'] : []),
      ...observed.map((d) => d.a.what.kind),
    ]);
    lastKinds = new Set([...kinds].map((k) => kindName(call, k)));
    for (const k of lastKinds) tally.set(k, (tally.get(k) ?? 0) + 1);
    return lastKinds;
  };
  const leafOf = (p: PairState, call: number): KindState => ({
    ...p,
    leaf: same.holds(p) ? 0 : call + 1,
  });
  // First an invariant that always holds, so that every state is classified (and counted)
  // even once every kind has its shortest run.
  const classify: Invariant<KindState> = {
    name: 'differenceKinds',
    holds: (s) => kindsOf(s).size >= 0,
  };
  const kinds: Invariant<KindState>[] = calls.flatMap((call) =>
    OBSERVABLE_KINDS.map((o) => {
      const name = kindName(call, o);
      return { name, holds: (s: KindState) => !kindsOf(s).has(name) };
    }),
  );
  return {
    name: `kinds of ${pairs.name}`,
    pairs,
    calls,
    tally,
    coverage,
    encodedWords: pairs.encodedWords + 1,
    initial: () => [...pairs.initial()].map((p) => leafOf(p, 0)),
    successors(s, emit) {
      if (s.leaf !== 0) return;
      pairs.successors(s, (l, next) => emit(l, leafOf(next, letterCall.get(l) ?? 0)));
    },
    encode(s: KindState, out: Encoder) {
      out.bits(s.leaf, leafBits);
      pairs.encode(s, out);
    },
    decode(input: Decoder): KindState {
      const leaf = input.bits(leafBits);
      return { ...decodePair(input), leaf };
    },
    canonicalize: (s) => {
      const c = pairs.canonicalize?.(s) ?? s;
      return { ...c, leaf: s.leaf };
    },
    invariants: [classify, ...kinds],
    describeLabel: (l) => pairs.describeLabel(l),
    takeStatistics(): SystemArg {
      const out: Statistics = { tally: [...tally], coverage: takeCoverage(coverage) };
      tally.clear();
      return out as unknown as SystemArg;
    },
    addStatistics(statistics: SystemArg) {
      const s = statistics as unknown as Statistics;
      for (const [k, n] of s.tally) tally.set(k, (tally.get(k) ?? 0) + n);
      addCoverage(coverage, s.coverage);
    },
  };
}
