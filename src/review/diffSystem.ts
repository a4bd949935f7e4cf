// The side-by-side run of two models as one transition system: a state is a pair of bounded
// states (src/check), a transition applies the same letter of the bound's alphabet to
// both through the pure step function, and the one invariant says a trace cannot tell the two
// apart. The explorer's BFS then finds the shortest run that can.

import type { Decoder } from '../explore/decoder.js';
import type { Encoder } from '../explore/encoder.js';
import { callOf, placesRegion } from '../check/boundedState.js';
import type { KernelBound } from '../check/kernelBound.js';
import { type KernelSystem, initialBounded, kernelSystem } from '../check/kernelSystem.js';
import type { Letter } from '../check/letter.js';
import { describeLetter } from '../check/describeLetter.js';
import type { TransitionSystem } from '../explore/transitionSystem.js';
import type { KernelModel } from '../kernel/model.js';
import { step } from '../kernel/step.js';
import { type PairState, sameResult } from './pairState.js';
import { canonicalPair } from './pairSymmetry.js';
import { sameObservables } from './sameObservables.js';

export interface DiffSystem extends TransitionSystem<PairState, Letter> {
  readonly bound: KernelBound;
  /** Each model's own bounded system: the pair is encoded as A's encoding, then B's. */
  readonly systemA: KernelSystem;
  readonly systemB: KernelSystem;
  readonly alphabet: readonly Letter[];
}

export interface DiffSystemOptions {
  /** Symmetry reduction over regions, the same relabelling on both sides (default on). */
  readonly symmetry?: boolean;
}

function decoderOf(system: KernelSystem): (input: Decoder) => PairState['a'] {
  const decode = system.decode?.bind(system);
  if (decode === undefined) throw new Error(`diffSystem: ${system.name} has no decode`);
  return decode;
}

export function diffSystem(
  a: KernelModel,
  b: KernelModel,
  bound: KernelBound,
  options: DiffSystemOptions = {},
): DiffSystem {
  const systemA = kernelSystem(a, bound, { symmetry: false });
  const systemB = kernelSystem(b, bound, { symmetry: false });
  const decodeA = decoderOf(systemA);
  const decodeB = decoderOf(systemB);
  const alphabet = systemA.alphabet;
  const system: DiffSystem = {
    name: `${a.name} vs ${b.name} @ ${bound.name}`,
    bound,
    systemA,
    systemB,
    alphabet,
    // One bit for resultsDiffer; each side's encoding is self-delimiting, so they concatenate.
    encodedWords: systemA.encodedWords + systemB.encodedWords + 1,
    initial: () =>
      bound.setups.map((_, i) => ({
        a: initialBounded(a, bound, i),
        b: initialBounded(b, bound, i),
        resultsDiffer: false,
      })),
    successors(s, emit) {
      for (const letter of alphabet) {
        // The same letters place the same regions, so both sides make the same call; fork and
        // exit also depend on the process stack, which the two could in principle disagree on.
        const call = callOf(letter, s.a, bound.regions);
        if (call === null || callOf(letter, s.b, bound.regions) === null) continue;
        const ra = step(a, s.a.kernel, call);
        const rb = step(b, s.b.kernel, call);
        const hints = s.a.hints + (placesRegion(letter) ? 1 : 0);
        const setup = s.a.setup;
        emit(letter, {
          a: { kernel: ra.state, hints, setup, result: ra.result, call },
          b: { kernel: rb.state, hints, setup, result: rb.result, call },
          resultsDiffer: !sameResult(ra.result, rb.result),
        });
      }
    },
    // step hands back the state it was given when a call changed nothing: on both sides, the
    // pair is the same pair again (as kernelSystem's isSelfLoop).
    isSelfLoop: (s, next) =>
      next.a.kernel === s.a.kernel &&
      next.b.kernel === s.b.kernel &&
      next.a.hints === s.a.hints &&
      next.resultsDiffer === s.resultsDiffer,
    encode(s: PairState, out: Encoder) {
      out.bits(s.resultsDiffer ? 1 : 0, 1);
      systemA.encode(s.a, out);
      systemB.encode(s.b, out);
    },
    decode(input: Decoder): PairState {
      const resultsDiffer = input.bits(1) === 1;
      const sa = decodeA(input);
      return { a: sa, b: decodeB(input), resultsDiffer };
    },
    invariants: [sameObservables(bound.pages)],
    describeLabel: (l) => describeLetter(l),
  };
  return options.symmetry === false ? system : { ...system, canonicalize: canonicalPair };
}
