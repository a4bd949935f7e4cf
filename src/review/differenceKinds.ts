// Every kind of difference between two models within a bound, not only the first: the
// side-by-side run explored breadth-first by the explorer (on its worker threads, with the
// symmetry reduction of `mmspec diff`), each pair of states that a trace can tell apart kept
// as a leaf (its first difference is the one that counts), and the leaves grouped by the call
// that led there and the observable that differs first (differenceKindsSystem). Each group
// keeps its count and its shortest run, printed as a trace like `mmspec diff` prints one.
// Stopped early (Ctrl-C, --max-states), it keeps the kinds found so far.

import type { KernelBound } from '../check/kernelBound.js';
import { explore } from '../explore/explore.js';
import type { SearchOptions } from '../explore/exploreOptions.js';
import type { StopReason } from '../explore/exploreReport.js';
import type { KernelModel } from '../kernel/model.js';
import { concretizePair } from './concretizePair.js';
import { type DiffFinding, type ModelNames, diffFinding } from './diffFinding.js';
import { modelRef } from '../../models/registry.js';
import {
  callText,
  differenceKindsSystem,
  kindName,
  kindStatistics,
} from './differenceKindsSystem.js';
import { pairSystemRef } from './pairSystemFor.js';

export interface DifferenceKind {
  /** `mmap MAP_PRIVATE|MAP_ANONYMOUS|MAP_LOCKONFAULT -> vmflags`. */
  readonly kind: string;
  readonly call: string;
  /** The observable that differs (or `return`); the shortest run lists all that differ. */
  readonly observables: readonly string[];
  /** Steps from an agreeing pair of states to one that shows this kind first. */
  readonly count: number;
  readonly shortest: DiffFinding;
}

export interface DifferenceKinds {
  /** Pairs of states stored: the agreeing ones (a pair that differs is a leaf, not stored). */
  readonly states: number;
  readonly transitions: number;
  readonly depth: number;
  readonly seconds: number;
  readonly stopped: 'max-depth' | 'max-states' | 'done' | 'aborted';
  readonly alphabet: number;
  readonly workers: number;
  readonly kinds: readonly DifferenceKind[];
  /** How often each function decision point was consulted, A and B together. */
  readonly decisionsReached: ReadonlyMap<string, number>;
}

export interface DifferenceKindsOptions extends Pick<
  SearchOptions,
  'maxStates' | 'signal' | 'onProgress' | 'workers'
> {
  /**
   * The models as the user named them (a registered name or a file path each): how worker
   * threads find them again, and how the printed commands name them.
   */
  readonly refs?: ModelNames;
}

function stoppedAs(reason: StopReason): DifferenceKinds['stopped'] {
  if (reason === 'max-depth' || reason === 'max-states') return reason;
  return reason === 'complete' || reason === 'all-violated' ? 'done' : 'aborted';
}

export async function differenceKinds(
  a: KernelModel,
  b: KernelModel,
  bound: KernelBound,
  options: DifferenceKindsOptions = {},
): Promise<DifferenceKinds> {
  const { refs, ...search } = options;
  const workers = refs === undefined ? 1 : (search.workers ?? 1);
  const system = differenceKindsSystem(a, b, bound);
  const report = await explore(system, {
    ...search,
    workers,
    ...(workers > 1 && refs !== undefined
      ? { systemRef: pairSystemRef('kinds', modelRef(refs.a), modelRef(refs.b), bound) }
      : {}),
    maxDepth: bound.depth,
    exhaustive: true,
  });
  // Taken before the traces were rebuilt (which steps the models again).
  const { tally, decisions } = kindStatistics(report.statistics);
  const kinds: DifferenceKind[] = [];
  for (const p of report.properties) {
    if (p.verdict.status !== 'violated') continue;
    const [call, observable] = p.name.split(' -> ');
    if (call === undefined || observable === undefined) continue;
    const real = concretizePair(system.pairs, p.verdict.trace, (l) => callText(l) === call);
    kinds.push({
      kind: kindName(call, observable),
      call,
      observables: [observable],
      count: tally.get(p.name) ?? 0,
      shortest: diffFinding(system.pairs, real.setup, real.letters, refs),
    });
  }
  const merged = sameRunsMerged(kinds);
  merged.sort((x, y) => x.shortest.steps.length - y.shortest.steps.length || y.count - x.count);
  return {
    states: report.states,
    transitions: report.transitions,
    depth: report.depth,
    seconds: report.seconds,
    stopped: stoppedAs(report.stopReason),
    alphabet: system.pairs.alphabet.length,
    workers,
    kinds: merged,
    decisionsReached: decisions,
  };
}

/**
 * One kind for the observables that differ first after the same call on the same shortest
 * run: a pair of states that differs in its pages and its lock bits at once counts under both,
 * and their runs are then the same trace, which a reviewer should read once. The count is the
 * larger (the same steps are counted under each).
 */
function sameRunsMerged(kinds: readonly DifferenceKind[]): DifferenceKind[] {
  const byRun = new Map<string, DifferenceKind>();
  for (const k of kinds) {
    const key = `${k.call}\n${k.shortest.trace.text}`;
    const seen = byRun.get(key);
    if (seen === undefined) {
      byRun.set(key, k);
      continue;
    }
    const observables = [...seen.observables, ...k.observables];
    byRun.set(key, {
      ...seen,
      kind: kindName(k.call, observables.join(', ')),
      observables,
      count: Math.max(seen.count, k.count),
    });
  }
  return [...byRun.values()];
}
