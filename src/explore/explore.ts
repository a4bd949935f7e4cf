// The exhaustive explorer: breadth-first search over any TransitionSystem, checking every
// invariant in every reached state and every transition property on every transition.

import { type ExploreOptions, checkPartition } from './exploreOptions.js';
import type { ExploreReport } from './exploreReport.js';
import { exploreBitstate } from './_internals/exploreBitstate.js';
import { exploreOnDisk } from './_internals/exploreOnDisk.js';
import { exploreParallel } from './_internals/exploreParallel.js';
import { exploreSerial } from './_internals/exploreSerial.js';
import type { TransitionSystem } from './transitionSystem.js';

/**
 * Explores every state reachable from `system.initial()` (within the bounds of `options`).
 * Asynchronous only so that progress, Ctrl-C (via `signal`) and worker threads can run; the
 * single-threaded search yields to the event loop about every 250 ms.
 */
export function explore<S, L>(
  system: TransitionSystem<S, L>,
  options: ExploreOptions = {},
): Promise<ExploreReport<S, L>> {
  const workers = options.workers ?? 1;
  if (!Number.isInteger(workers) || workers < 1) {
    throw new RangeError(`explore: workers must be a positive integer, got ${workers}`);
  }
  if (options.partition !== undefined) checkPartition(options.partition);
  if (options.bitstate !== undefined) return exploreBitstate(system, options.bitstate, options);
  if (options.frontierMemoryMB !== undefined) {
    if (workers > 1)
      throw new RangeError(
        `explore: the exact search on disk (frontierMemoryMB) runs on one thread, not ${workers}`,
      );
    return exploreOnDisk(system, options.frontierMemoryMB, options);
  }
  if (workers === 1) return exploreSerial(system, options);
  if (options.systemRef === undefined) {
    throw new TypeError(
      `explore: workers: ${workers} needs options.systemRef (module + factory) so each worker thread can build '${system.name}'`,
    );
  }
  return exploreParallel(system, options.systemRef, workers, options);
}
