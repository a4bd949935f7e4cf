// A counterexample of the explorer goes from representative to representative (symmetry
// reduction, as in TLC and SPIN), so its letters may name regions of a relabelled state. This
// finds the real run it stands for: from the real initial state, at each step, a successor
// some relabelling of which encodes as the trace's next state (one exists because the
// reduction is a symmetry), preferring, at the last step, one that breaks the property.

import { Encoder } from '../explore/encoder.js';
import type { Trace, TraceStep } from '../explore/exploreReport.js';
import type { TransitionSystem } from '../explore/transitionSystem.js';
import type { BoundedState } from './boundedState.js';
import { initialBounded } from './kernelSystem.js';
import type { KernelSystem } from './kernelSystem.js';
import type { Letter } from './letter.js';
import type { AnyProperty } from './replayLetters.js';
import { permuteRegions, permutations } from './symmetry.js';

/** How the states of a system with symmetry reduction are relabelled (kernel states, pairs). */
export interface Relabelling<S> {
  /** Placed regions: every permutation of them is tried. */
  regions(s: S): number;
  relabel(s: S, map: readonly number[]): S;
}

function keyOf<S>(system: TransitionSystem<S, Letter>, s: S, enc: Encoder): string {
  enc.reset();
  system.encode(s, enc);
  enc.finish();
  return enc.words.join(',');
}

/**
 * Whether some relabelling of the regions of `s` encodes as `want`. Not the canonical keys:
 * the representative of a class is only canonical up to ties between regions of equal
 * signature, which the explorer tolerates (it stores a class at worst twice) but a match must not.
 */
function matches<S>(
  system: TransitionSystem<S, Letter>,
  r: Relabelling<S>,
  s: S,
  want: string,
  enc: Encoder,
): boolean {
  if (system.canonicalize === undefined) return keyOf(system, s, enc) === want;
  return permutations(r.regions(s)).some((map) => keyOf(system, r.relabel(s, map), enc) === want);
}

/** The real letters from `start` that `steps` stand for; `breaks` picks the last one. */
export function concretizeRun<S>(
  system: TransitionSystem<S, Letter>,
  r: Relabelling<S>,
  start: S,
  steps: readonly TraceStep<S, Letter>[],
  breaks: (from: S, letter: Letter, next: S) => boolean,
): Letter[] {
  const enc = new Encoder(system.encodedWords);
  let s = start;
  const letters: Letter[] = [];
  steps.forEach((t, i) => {
    const want = keyOf(system, t.state, enc);
    const last = i === steps.length - 1;
    let chosen: { letter: Letter; next: S } | undefined;
    let fallback: { letter: Letter; next: S } | undefined;
    const from = s;
    system.successors(from, (letter, next) => {
      if (chosen !== undefined || !matches(system, r, next, want, enc)) return;
      if (!last || breaks(from, letter, next)) chosen = { letter, next };
      else fallback ??= { letter, next };
    });
    const pick = chosen ?? fallback;
    if (pick === undefined)
      throw new Error(
        `concretize: step ${i + 1} of ${system.name}'s run has no real successor; the symmetry reduction is unsound here`,
      );
    letters.push(pick.letter);
    s = pick.next;
  });
  return letters;
}

const KERNEL_RELABELLING: Relabelling<BoundedState> = {
  regions: (s) => s.hints,
  relabel: permuteRegions,
};

export function concretize(
  system: KernelSystem,
  trace: Trace<BoundedState, Letter>,
  prop: AnyProperty,
): { setup: number; letters: Letter[] } {
  const setup = trace.initial.setup;
  const start = initialBounded(system.model, system.bound, setup);
  const letters = concretizeRun(system, KERNEL_RELABELLING, start, trace.steps, (from, l, next) =>
    prop.kind === 'invariant' ? !prop.property.holds(next) : !prop.property.holds(from, l, next),
  );
  return { setup, letters };
}
