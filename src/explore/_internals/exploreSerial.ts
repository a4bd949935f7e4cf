// Breadth-first search on the calling thread, level by level: states of one level occupy a
// contiguous index range of the store, so the store is also the queue.

import type { ExploreOptions } from '../exploreOptions.js';
import type { ExploreReport, StopReason } from '../exploreReport.js';
import { StateStore } from '../stateStore.js';
import type { TransitionSystem } from '../transitionSystem.js';
import { buildReport, reachedDepth } from './buildReport.js';
import { Expander, NONE, adoptFound } from './expander.js';
import { RunMonitor, propertyNames, yieldToEventLoop } from './runMonitor.js';

const CHUNK = 2048;
export const DEFAULT_CAPACITY = 1 << 16;

export async function exploreSerial<S, L>(
  system: TransitionSystem<S, L>,
  options: ExploreOptions,
): Promise<ExploreReport<S, L>> {
  const width = system.encodedWords;
  const monitor = new RunMonitor(options);
  const store = StateStore.create(width, options.initialCapacity ?? DEFAULT_CAPACITY, false);
  const propertyCount = system.invariants.length + (system.transitionProperties?.length ?? 0);
  const violations = new Int32Array(propertyCount).fill(NONE);
  const expander = new Expander(system, store, violations, false, options.partition ?? null);
  const names = propertyNames(system);
  const maxStates = options.maxStates ?? Infinity;
  const maxDepth = options.maxDepth ?? Infinity;

  /** Doubles the store if it is too full; false when the memory bound forbids it. */
  const makeRoom = (): boolean => {
    if (!store.full) return true;
    if (!monitor.mayGrowTo(width, store.capacity * 2)) return false;
    store.growInPlace();
    return true;
  };
  const allViolated = (): boolean =>
    options.exhaustive !== true && propertyCount > 0 && violations.every((v) => v !== NONE);

  /** Violations of the states found while expanding the last level (Expander.checkFoundInto). */
  const found = new Int32Array(system.invariants.length).fill(NONE);
  /** States from this index on were checked as they were found. */
  let foundFrom = Infinity;
  let stop: StopReason = 'complete';
  for (const s of system.initial()) {
    if (!makeRoom()) throw new RangeError('explore: the initial states alone exceed maxMemoryMB');
    expander.addInitial(s);
  }
  expander.setInitialCount(store.size);
  let depth = 0;
  let levelStart = 0;
  let levelEnd = store.size;
  /** Every state below this index has been checked and expanded. */
  let expanded = 0;
  levels: while (levelStart < levelEnd) {
    if (depth >= maxDepth) {
      stop = 'max-depth';
      break;
    }
    if (depth === maxDepth - 1 && expander.checkFoundInto(found)) foundFrom = levelEnd;
    for (let i = levelStart; i < levelEnd;) {
      if (allViolated()) {
        stop = 'all-violated';
        break levels;
      }
      i = expander.expandRange(i, Math.min(levelEnd, i + CHUNK), maxStates);
      expanded = i;
      monitor.noticeViolations(violations, names);
      if (store.size >= maxStates) {
        stop = 'max-states';
        break levels;
      }
      if (!makeRoom()) {
        stop = 'max-memory';
        break levels;
      }
      if (monitor.due()) {
        monitor.progress(store.size, expander.transitions, depth);
        await yieldToEventLoop();
        const soft = monitor.softStop();
        if (soft !== null) {
          stop = soft;
          break levels;
        }
      }
    }
    depth++;
    levelStart = levelEnd;
    levelEnd = store.size;
  }
  // States found but never expanded have not been checked yet (but those checked as found).
  if (stop !== 'all-violated') expander.checkRange(expanded, Math.min(foundFrom, store.size));
  adoptFound(violations, found);
  monitor.noticeViolations(violations, names);
  return buildReport(
    { system, store, stateAt: (i) => expander.stateAt(i) },
    {
      stopReason: stop,
      transitions: expander.transitions,
      depth: reachedDepth(store.size, levelStart, levelEnd, depth),
      checkedDepth: depth,
      seconds: monitor.seconds,
      workers: 1,
      violations,
    },
  );
}
