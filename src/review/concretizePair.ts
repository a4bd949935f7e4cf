// With symmetry reduction the explorer's shortest differing run goes from representative to
// representative, so its letters may name regions of a relabelled pair. This finds the real
// run it stands for, as src/check/kernel/concretize.ts does for one model: from the real
// initial pair, at each step, a successor some common relabelling of which encodes as the
// run's next pair, preferring, at the last step, one on which the models differ.

import { Encoder } from '../check/encoder.js';
import type { Trace } from '../check/exploreReport.js';
import type { Letter } from '../check/kernel/letter.js';
import { permutations } from '../check/kernel/symmetry.js';
import type { DiffSystem } from './diffSystem.js';
import type { PairState } from './pairState.js';
import { permutePair } from './pairSymmetry.js';

function keyOf(system: DiffSystem, s: PairState, enc: Encoder): string {
  enc.reset();
  system.encode(s, enc);
  enc.finish();
  return enc.words.join(',');
}

/** Every relabelling, not the representative: ties between equal signatures make it non-canonical. */
function matches(system: DiffSystem, s: PairState, want: string, enc: Encoder): boolean {
  if (system.canonicalize === undefined) return keyOf(system, s, enc) === want;
  return permutations(s.a.hints).some((map) => keyOf(system, permutePair(s, map), enc) === want);
}

export function concretizePair(
  system: DiffSystem,
  trace: Trace<PairState, Letter>,
): { setup: number; letters: Letter[] } {
  const enc = new Encoder(system.encodedWords);
  const setup = trace.initial.a.setup;
  const first = [...system.initial()][setup];
  if (first === undefined) throw new RangeError(`concretizePair: no initial process ${setup}`);
  let s: PairState = first;
  const differ = (p: PairState) => system.invariants.some((inv) => !inv.holds(p));
  const letters: Letter[] = [];
  trace.steps.forEach((t, i) => {
    const want = keyOf(system, t.state, enc);
    const last = i === trace.steps.length - 1;
    let chosen: { letter: Letter; next: PairState } | undefined;
    let fallback: { letter: Letter; next: PairState } | undefined;
    system.successors(s, (letter, next) => {
      if (chosen !== undefined || !matches(system, next, want, enc)) return;
      if (!last || differ(next)) chosen = { letter, next };
      else fallback ??= { letter, next };
    });
    const pick = chosen ?? fallback;
    if (pick === undefined)
      throw new Error(
        `concretizePair: step ${i + 1} of the differing run has no real successor; the symmetry reduction is unsound here`,
      );
    letters.push(pick.letter);
    s = pick.next;
  });
  return { setup, letters };
}
