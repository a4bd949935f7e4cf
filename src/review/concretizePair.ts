// With symmetry reduction the explorer's shortest differing run goes from representative to
// representative, so its letters may name regions of a relabelled pair. This finds the real
// run it stands for (src/check/concretize.ts, with one relabelling for both sides),
// preferring, at the last step, a pair on which the models differ.

import type { Trace } from '../explore/exploreReport.js';
import { type Relabelling, concretizeRun } from '../check/concretize.js';
import type { Letter } from '../check/letter.js';
import type { DiffSystem } from './diffSystem.js';
import type { PairState } from './pairState.js';
import { permutePair } from './pairSymmetry.js';

const PAIR_RELABELLING: Relabelling<PairState> = {
  regions: (p) => p.a.hints,
  relabel: permutePair,
};

/** `lastCall`, when given, must accept the last letter (a kind names the call it ends with). */
export function concretizePair(
  system: DiffSystem,
  trace: Trace<PairState, Letter>,
  lastCall: (l: Letter) => boolean = () => true,
): { setup: number; letters: Letter[] } {
  const setup = trace.initial.a.setup;
  const start = [...system.initial()][setup];
  if (start === undefined) throw new RangeError(`concretizePair: no initial process ${setup}`);
  const differ = (p: PairState) => system.invariants.some((inv) => !inv.holds(p));
  const letters = concretizeRun(
    system,
    PAIR_RELABELLING,
    start,
    trace.steps,
    (_f, l, next) => lastCall(l) && differ(next),
  );
  return { setup, letters };
}
