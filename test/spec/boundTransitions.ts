// Transitions of a kernel bound, as the property tests judge them: a breadth-first search
// without symmetry reduction, so each transition is the step the simulator made.

import type { BoundedState } from '../../src/check/boundedState.js';
import { parseBound } from '../../src/check/parseBound.js';
import { SMALL_KERNEL_BOUND } from '../../src/check/kernelBounds.js';
import { kernelSystem } from '../../src/check/kernelSystem.js';
import type { Letter } from '../../src/check/letter.js';
import fc from 'fast-check';
import { expect } from 'vitest';
import { getModel } from '../../models/registry.js';
import type { Transition } from '../../spec/invariants/specInvariant.js';

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

/**
 * The transitions a rewritten predicate is held to the reading it replaced on: the newest
 * model (the first `limit` of regions=3,pages=4,depth=3, out of every 7th state), the oldest
 * and a planted fault (3,000 each of smaller bounds, out of every 5th state).
 */
export function threeModelTransitions(limit: number): BoundTransition[] {
  return [
    ...transitionsOf('linux-6.18', 'regions=3,pages=4,depth=3', limit, 7),
    ...transitionsOf('linux-4.4', 'regions=2,pages=2,depth=3', 3000, 5),
    ...transitionsOf('planted:relock-charged', 'regions=2,pages=3,depth=3', 3000, 5),
  ];
}

/**
 * The simulator step a bounded transition stands for, on the model's whole state after
 * (`judged`, where the bound keeps less); null out of an initial state.
 */
export function stepOf(s: BoundTransition): Transition | null {
  const { call, result } = s.to;
  if (call === null || result === null) return null;
  return { before: s.from.kernel, call, result, after: s.to.judged ?? s.to.kernel };
}

/** threeModelTransitions(limit) as simulator steps (the initial states' own left out). */
export function threeModelSteps(limit: number): Transition[] {
  return threeModelTransitions(limit).flatMap((s) => {
    const t = stepOf(s);
    return t === null ? [] : [t];
  });
}

/**
 * Holds a rewritten predicate `now` to the reading it replaced, `before`, on `runs` transitions
 * fast-check draws from `judged`: as they are, with the state after of one of `afters`, or with
 * the state before as the state after. Returns how often the reading held and failed, for the
 * caller to demand both often (so neither side of a wrong rewrite goes unnoticed).
 */
export function agreesOnMadeUp(
  judged: readonly Transition[],
  afters: readonly Transition[],
  now: (t: Transition) => boolean,
  before: (t: Transition) => boolean,
  seed: number,
  runs = 20_000,
): { readonly kept: number; readonly broken: number } {
  let kept = 0;
  let broken = 0;
  fc.assert(
    fc.property(
      fc.nat({ max: judged.length - 1 }),
      fc.nat({ max: afters.length - 1 }),
      fc.constantFrom('real', 'other after', 'before as after'),
      (i, j, how) => {
        const s = judged[i];
        const o = afters[j];
        if (s === undefined || o === undefined) return;
        const t: Transition =
          how === 'real'
            ? s
            : how === 'other after'
              ? { ...s, after: o.after }
              : { ...s, after: s.before };
        const want = before(t);
        expect(now(t)).toBe(want);
        if (want) kept++;
        else broken++;
      },
    ),
    { numRuns: runs, seed },
  );
  return { kept, broken };
}
