// A counterexample of the explorer goes from representative to representative (symmetry
// reduction, as in TLC and SPIN), so its letters may name regions of a relabelled state. This
// finds the real run it stands for: from the real initial state, at each step, a successor
// whose representative encodes as the trace's next state (one exists because the reduction
// is a symmetry), preferring, at the last step, one that breaks the property.

import { Encoder } from '../encoder.js';
import type { Trace } from '../exploreReport.js';
import type { BoundedState } from './boundedState.js';
import { initialBounded } from './kernelSystem.js';
import type { KernelSystem } from './kernelSystem.js';
import type { Letter } from './letter.js';
import type { AnyProperty } from './replayLetters.js';
import { permuteRegions, permutations } from './symmetry.js';

function keyOf(system: KernelSystem, s: BoundedState, enc: Encoder): string {
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
function matches(system: KernelSystem, s: BoundedState, want: string, enc: Encoder): boolean {
  if (system.canonicalize === undefined) return keyOf(system, s, enc) === want;
  return permutations(s.hints).some((map) => keyOf(system, permuteRegions(s, map), enc) === want);
}

export function concretize(
  system: KernelSystem,
  trace: Trace<BoundedState, Letter>,
  prop: AnyProperty,
): { setup: number; letters: Letter[] } {
  const enc = new Encoder(system.encodedWords);
  const setup = trace.initial.setup;
  let s = initialBounded(system.model, system.bound, setup);
  const letters: Letter[] = [];
  trace.steps.forEach((t, i) => {
    const want = keyOf(system, t.state, enc);
    const last = i === trace.steps.length - 1;
    let chosen: { letter: Letter; next: BoundedState } | undefined;
    let fallback: { letter: Letter; next: BoundedState } | undefined;
    const from = s;
    system.successors(from, (letter, next) => {
      if (chosen !== undefined || !matches(system, next, want, enc)) return;
      const breaks =
        prop.kind === 'invariant'
          ? !prop.property.holds(next)
          : !prop.property.holds(from, letter, next);
      if (!last || breaks) chosen = { letter, next };
      else fallback ??= { letter, next };
    });
    const pick = chosen ?? fallback;
    if (pick === undefined)
      throw new Error(
        `concretize: step ${i + 1} of the counterexample has no real successor; the symmetry reduction is unsound here`,
      );
    letters.push(pick.letter);
    s = pick.next;
  });
  return { setup, letters };
}
