// Breadth-first search on worker threads sharing one lock-free store. Levels are separated by
// a barrier (this thread waits for every worker), so a state is always first reached by a
// shortest path and the counts equal the single-threaded run's. Within a level, workers claim
// chunks of the level's index range from a shared cursor. When the table fills, every worker
// pauses between two states, this thread grows the table, and the level resumes.

import type { ExploreOptions } from '../exploreOptions.js';
import type { ExploreReport, StopReason } from '../exploreReport.js';
import { StateStore } from '../stateStore.js';
import type { SystemRef, TransitionSystem } from '../transitionSystem.js';
import { buildReport, reachedDepth } from './buildReport.js';
import { compiledUrl } from '../compiledUrl.js';
import { Expander, NONE, adoptFound } from './expander.js';
import { DEFAULT_CAPACITY } from './exploreSerial.js';
import { RunMonitor, propertyNames } from './runMonitor.js';
import type { RunMessage, WorkerInit } from './workerProtocol.js';
import { CONTROL_SLOTS, Control } from './workerProtocol.js';
import { WorkerPool } from './workerPool.js';

export async function exploreParallel<S, L>(
  system: TransitionSystem<S, L>,
  ref: SystemRef,
  workers: number,
  options: ExploreOptions,
): Promise<ExploreReport<S, L>> {
  if (system.decode === undefined) {
    throw new TypeError(
      `explore: '${system.name}' has no decode, so its states live in one thread; use workers: 1`,
    );
  }
  const width = system.encodedWords;
  // At least 2^14 slots: a shared table only grows between states, so one chunk's pending
  // inserts must fit in the headroom between the max load (MAX_LOAD, or ARENA_MAX_LOAD for
  // wide keys) and HARD_LOAD: past its last look at the table a worker inserts at most its 511
  // queued keys and the successors of 3 more states (83 letters on the default kernel bound:
  // under 800 a worker, against 0.15 x 2^14 = 2,457 slots of headroom at 0.75).
  const capacity = Math.max(options.initialCapacity ?? DEFAULT_CAPACITY, 1 << 14);
  let store = StateStore.create(width, capacity, true);
  const propertyCount = system.invariants.length + (system.transitionProperties?.length ?? 0);
  const violations = new Int32Array(new SharedArrayBuffer(4 * propertyCount)).fill(NONE);
  // The violations of states checked as found (Expander.checkFoundInto), adopted at the end.
  const found = new Int32Array(new SharedArrayBuffer(4 * system.invariants.length)).fill(NONE);
  const control = new Int32Array(new SharedArrayBuffer(4 * CONTROL_SLOTS));
  // Initial states go in from this thread, before any worker runs.
  const seed = new Expander(system, store, violations, false);
  for (const s of system.initial()) {
    if (store.full) store = store.grown(true);
    seed.useStore(store);
    seed.addInitial(s);
  }
  const init: WorkerInit = {
    ref,
    store: store.buffers,
    control: control.buffer,
    violations: violations.buffer,
    found: found.buffer,
    maxStates: options.maxStates ?? Infinity,
    exhaustive: options.exhaustive === true,
    partition: options.partition ?? null,
    initialCount: store.size,
  };
  const pool = await WorkerPool.start(
    compiledUrl('./exploreWorker.js', import.meta.url),
    workers,
    init,
    system,
  );
  const monitor = new RunMonitor(options);
  let transitions = 0;
  let stop: StopReason = 'complete';
  let depth = 0;
  let levelStart = 0;
  let levelEnd = store.size;
  /** Whether the workers checked the unexpanded level (at the depth bound). */
  let levelChecked = false;
  /** Whether the workers check the states they find as they find them (the last level). */
  let checkFound = false;
  const names = propertyNames(system);
  const ticker = setInterval(() => {
    monitor.progress(store.size, transitions, depth);
    monitor.noticeViolations(violations, names);
    const soft = monitor.softStop();
    if (soft !== null && stop === 'complete') {
      stop = soft;
      Atomics.store(control, Control.STOP, 1);
    }
  }, 250);
  try {
    while (levelStart < levelEnd && stop === 'complete') {
      if (depth >= (options.maxDepth ?? Infinity)) {
        stop = 'max-depth';
        break;
      }
      const soft = monitor.softStop();
      if (soft !== null) {
        stop = soft;
        break;
      }
      Atomics.store(control, Control.CURSOR, levelStart);
      Atomics.store(control, Control.LEVEL_END, levelEnd);
      // The last level to expand: its successors, which the depth bound leaves unexpanded, are
      // checked as they are found instead of decoded again in a round of their own.
      checkFound = depth === (options.maxDepth ?? Infinity) - 1 && system.freshSuccessors === true;
      let message: RunMessage = { type: 'run', checkFound };
      for (;;) {
        const replies = await pool.round(message);
        for (const reply of replies) if ('transitions' in reply) transitions += reply.transitions;
        const kinds = new Set(replies.map((r) => r.type));
        if (kinds.has('stopped')) {
          if (stop === 'complete') stop = stoppedBecause(store, options, violations);
          break;
        }
        if (!kinds.has('paused')) break;
        if (!monitor.mayGrowTo(width, store.capacity * 2)) {
          stop = 'max-memory';
          break;
        }
        store = store.grown(true);
        message = { type: 'run', checkFound, store: store.buffers };
      }
      if (stop !== 'complete') break;
      depth++;
      levelStart = levelEnd;
      levelEnd = store.size;
    }
    // The level the depth bound leaves unexpanded is checked by the workers, not by this thread
    // alone afterwards: on the default kernel bound at depth 5 it holds most of the states, and
    // decoding each took the last 8% of the run on one core. Only at the depth bound: the
    // states of the range are then all of one depth, so whichever worker records a violation
    // first, its run is as short as the serial search's.
    if (stop === 'max-depth' && checkFound) levelChecked = true;
    else if (stop === 'max-depth') {
      Atomics.store(control, Control.CURSOR, levelStart);
      Atomics.store(control, Control.LEVEL_END, store.size);
      await pool.round({ type: 'check' });
      levelChecked = true;
    }
    if (system.addStatistics !== undefined) {
      for (const reply of await pool.round({ type: 'finish' }))
        if (reply.type === 'finished') system.addStatistics(reply.statistics);
    }
  } finally {
    clearInterval(ticker);
    await pool.close();
  }
  // States found but never expanded have not been checked yet (rechecking is harmless).
  seed.useStore(store);
  if (stop !== 'all-violated' && !levelChecked)
    seed.checkRange(stop === 'complete' ? store.size : levelStart, store.size);
  adoptFound(violations, found);
  monitor.noticeViolations(violations, names);
  return buildReport(
    { system, store, stateAt: (i) => seed.stateAt(i) },
    {
      stopReason: stop,
      transitions,
      depth: reachedDepth(store.size, levelStart, levelEnd, depth),
      checkedDepth: depth,
      seconds: monitor.seconds,
      workers,
      violations,
    },
  );
}

function stoppedBecause(
  store: StateStore,
  options: ExploreOptions,
  violations: Int32Array,
): StopReason {
  if (store.size >= (options.maxStates ?? Infinity)) return 'max-states';
  if (violations.every((v) => v !== NONE)) return 'all-violated';
  return 'aborted';
}
