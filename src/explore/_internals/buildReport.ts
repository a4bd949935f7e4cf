// Turns the raw outcome of a run (counters, violation indices, why it stopped) into verdicts.

import type { ExploreReport, PropertyResult, StopReason } from '../exploreReport.js';
import { NONE } from './expander.js';
import type { StoredSearch } from './reconstructTrace.js';
import { traceThrough, traceTo } from './reconstructTrace.js';

export interface RunOutcome {
  readonly stopReason: StopReason;
  readonly transitions: number;
  readonly depth: number;
  readonly seconds: number;
  readonly workers: number;
  readonly violations: Int32Array;
  /**
   * The depth of the level the search was on when it stopped: every state above it was checked
   * and expanded, and every state of it checked (the states found but not expanded are checked
   * after a stop). Absent for a search that does not go level by level.
   */
  readonly checkedDepth?: number;
}

/**
 * The depth a level-by-level search reached, from the states it holds (`size`), the last
 * level's range and its depth: one deeper when states were found past that level, that level
 * when it holds states, the one before when it came out empty.
 */
export const reachedDepth = (
  size: number,
  levelStart: number,
  levelEnd: number,
  depth: number,
): number => Math.max(0, size > levelEnd ? depth + 1 : levelStart < levelEnd ? depth : depth - 1);

export function buildReport<S, L>(
  search: StoredSearch<S, L>,
  run: RunOutcome,
): ExploreReport<S, L> {
  const { system, store } = search;
  // Before the traces are rebuilt below: that steps the system again, outside the exploration.
  const statistics = system.takeStatistics?.();
  const at = (k: number): number => run.violations[k] ?? NONE;
  const undecided = run.stopReason === 'complete' ? null : run.stopReason;
  const checked = run.checkedDepth ?? 0;
  const unknown = {
    status: 'unknown',
    reason: undecided ?? 'complete',
    ...(checked > 0 ? { toDepth: checked } : {}),
  } as const;
  const properties: PropertyResult<S, L>[] = system.invariants.map((inv, k) => ({
    name: inv.name,
    kind: 'invariant',
    verdict:
      at(k) !== NONE
        ? { status: 'violated', trace: traceTo(search, at(k)), state: at(k) + 1 }
        : undecided === null
          ? { status: 'holds' }
          : unknown,
  }));
  const offset = system.invariants.length;
  (system.transitionProperties ?? []).forEach((prop, k) => {
    properties.push({
      name: prop.name,
      kind: 'transition',
      verdict:
        at(offset + k) !== NONE
          ? {
              status: 'violated',
              trace: traceThrough(search, at(offset + k), prop),
              state: at(offset + k) + 1,
            }
          : undecided === null
            ? { status: 'holds' }
            : unknown,
    });
  });
  return {
    system: system.name,
    stopReason: run.stopReason,
    states: store.size,
    transitions: run.transitions,
    depth: run.depth,
    seconds: run.seconds,
    statesPerSecond: run.seconds > 0 ? Math.round(store.size / run.seconds) : 0,
    peakRssMB: peakRssMB(),
    storeBytes: store.bytesHeld,
    workers: run.workers,
    properties,
    ...(statistics === undefined ? {} : { statistics }),
  };
}

/** Peak resident set of this process, all threads; ru_maxrss is in kilobytes on Linux. */
export function peakRssMB(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}
