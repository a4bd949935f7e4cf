// Transitions of a kernel bound, as the property tests judge them: a breadth-first search
// without symmetry reduction, so each transition is the step the simulator made.

import type { BoundedState } from '../../src/check/boundedState.js';
import { parseBound } from '../../src/check/kernelBound.js';
import { SMALL_KERNEL_BOUND } from '../../src/check/kernelBounds.js';
import { kernelSystem } from '../../src/check/kernelSystem.js';
import type { Letter } from '../../src/check/letter.js';
import { getModel } from '../../models/registry.js';

export interface BoundTransition {
  readonly from: BoundedState;
  readonly letter: Letter;
  readonly to: BoundedState;
}

/**
 * The first `limit` transitions of a breadth-first search of `boundText` (over the small
 * bound) on `model`, out of every `stride`th state of each depth past the first (a stride
 * above 1 lets deeper states in before the limit).
 */
export function transitionsOf(
  model: string,
  boundText: string,
  limit: number,
  stride = 1,
): BoundTransition[] {
  const bound = parseBound(boundText, SMALL_KERNEL_BOUND);
  const sys = kernelSystem(getModel(model), bound, { symmetry: false });
  const steps: BoundTransition[] = [];
  let frontier = [...sys.initial()];
  for (let depth = 0; depth < bound.depth && steps.length < limit; depth++) {
    const next: BoundedState[] = [];
    for (let i = 0; i < frontier.length && steps.length < limit; i += depth === 0 ? 1 : stride) {
      const s = frontier[i];
      if (s === undefined) continue;
      sys.successors(s, (letter, to) => {
        steps.push({ from: s, letter, to });
        next.push(to);
      });
    }
    frontier = next;
  }
  return steps.slice(0, limit);
}
