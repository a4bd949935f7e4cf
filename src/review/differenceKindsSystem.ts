// The side-by-side run of two models as the transition system `mmspec review` explores for
// every kind of difference, on the explorer's worker threads like `mmspec diff`:
// - a pair of states that a trace can tell apart is a leaf: it has no successors (its first
//   difference is the one that counts). The system answers `isLeaf` for it, so the explorer
//   checks the step's properties without encoding or storing the pair: at the default bound to
//   depth 4, 42% of the pairs a search storing them kept were leaves (95,081 of 226,369).
// - a kind is a call (with the argument that selects its behaviour) and one observable that
//   differs after it; each kind is a transition property "no step of this call into a leaf of
//   this kind", so the explorer's BFS keeps the shortest run to each, all in one search
//   (exhaustive: it does not stop at the first). An initial pair that differs already is a
//   kind of its own, an invariant of the stored initial state;
// - how many steps into a leaf show each kind, and how often each decision point was
//   consulted, are statistics each worker hands over at the end.

import type { Decoder } from '../explore/decoder.js';
import type { Encoder } from '../explore/encoder.js';
import type {
  Invariant,
  SystemArg,
  TransitionProperty,
  TransitionSystem,
} from '../explore/transitionSystem.js';
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
  /** Steps into a leaf per kind (`call -> observable`), and decision points consulted, so far. */
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
  // The kinds of the leaf last classified: the explorer checks every property of a step with
  // the same object.
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
    return lastKinds;
  };
  const count = (s: KindState) => {
    for (const k of kindsOf(s)) tally.set(k, (tally.get(k) ?? 0) + 1);
  };
  const leafOf = (p: PairState, call: number): KindState => ({
    ...p,
    leaf: same.holds(p) ? 0 : call + 1,
  });
  const initialKinds: Invariant<KindState>[] = OBSERVABLE_KINDS.map((o) => {
    const name = kindName(INITIAL_CALL, o);
    return { name, holds: (s: KindState) => !kindsOf(s).has(name) };
  });
  const kinds: TransitionProperty<KindState, Letter>[] = calls.slice(1).flatMap((call) =>
    OBSERVABLE_KINDS.map((o) => {
      const name = kindName(call, o);
      return {
        name,
        holds: (_f: KindState, _l: Letter, to: KindState) =>
          to.leaf === 0 || !kindsOf(to).has(name),
      };
    }),
  );
  return {
    name: `kinds of ${pairs.name}`,
    pairs,
    calls,
    tally,
    coverage,
    encodedWords: pairs.encodedWords + 1,
    initial: () =>
      [...pairs.initial()].map((p) => {
        const s = leafOf(p, 0);
        if (s.leaf !== 0) count(s);
        return s;
      }),
    successors(s, emit) {
      if (s.leaf !== 0) return;
      pairs.successors(s, (l, next) => {
        const k = leafOf(next, letterCall.get(l) ?? 0);
        if (k.leaf !== 0) count(k);
        emit(l, k);
      });
    },
    // A leaf is not stored (see the top of this file).
    isLeaf: (next) => next.leaf !== 0,
    // A step that changed neither side (step hands back the state it was given), as in
    // kernelSystem.
    isSelfLoop: (s, next) =>
      next.a.kernel === s.a.kernel &&
      next.b.kernel === s.b.kernel &&
      next.a.hints === s.a.hints &&
      next.resultsDiffer === s.resultsDiffer &&
      s.leaf === 0,
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
    invariants: initialKinds,
    transitionProperties: kinds,
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
