// The relabellings of placed regions that leave a state as it is (its stabilizer), and what
// they do to the alphabet: the measuring stick of bench/stabilizer.ts. When a relabelling π
// leaves the state s unchanged, the step of letter π(l) from s is the image under π of the step
// of l from s (the system's symmetry, on which the explorer's symmetry reduction already rests),
// so both reach one stored state with the same verdicts: of each orbit of letters, one would do.

import type { BoundedState } from '../../src/check/boundedState.js';
import type { KernelSystem } from '../../src/check/kernelSystem.js';
import type { Letter } from '../../src/check/letter.js';
import { describeLetter } from '../../src/check/describeLetter.js';
import { permutations } from '../../src/check/symmetry.js';
import { StateCodec } from '../../src/check/_internals/stateCodec.js';
import { layoutOf } from '../../src/check/_internals/layout.js';
import { Encoder } from '../../src/explore/encoder.js';

export interface Stabilizer {
  /**
   * For state `s`, the index of the first letter of each letter's orbit under the stabilizer of
   * `s`: a letter that is not its orbit's first makes a mirror image of that one's transition.
   */
  representatives(s: BoundedState): Int32Array;
  /** The stabilizer's order at the last state asked (1: only the identity). */
  readonly order: number;
}

export function stabilizer(system: KernelSystem): Stabilizer {
  const { alphabet, bound } = system;
  const codec = new StateCodec(layoutOf(bound));
  const encoder = new Encoder(system.encodedWords);
  const words = (s: BoundedState, map: readonly number[] | null): string => {
    encoder.reset();
    codec.encode(s, encoder, map);
    encoder.finish();
    return encoder.words.join(',');
  };
  // Each relabelling of the first n regions (n = the regions placed), the identity left out,
  // with the alphabet's image under it.
  const images = new Map<number, { map: number[]; letters: Int32Array }[]>();
  const imagesOf = (n: number) => {
    let list = images.get(n);
    if (list === undefined) {
      list = permutations(n)
        .filter((p) => p.some((x, i) => x !== i))
        .map((p) => ({ map: p, letters: letterImages(alphabet, p) }));
      images.set(n, list);
    }
    return list;
  };
  const result = {
    order: 1,
    representatives(s: BoundedState): Int32Array {
      const rep = Int32Array.from(alphabet, (_, i) => i);
      result.order = 1;
      if (s.hints < 2) return rep;
      const own = words(s, null);
      for (const { map, letters } of imagesOf(s.hints)) {
        if (words(s, map) !== own) continue;
        result.order++;
        // The stabilizer is a group: a letter's orbit is its images under the elements.
        for (let i = 0; i < rep.length; i++) rep[i] = Math.min(rep[i] ?? i, letters[i] ?? i);
      }
      return rep;
    },
  };
  return result;
}

/** Letter i's image under the relabelling `map` of regions (regions past it stay), by index. */
function letterImages(alphabet: readonly Letter[], map: readonly number[]): Int32Array {
  const to = (k: number | undefined) => (k === undefined ? undefined : (map[k] ?? k));
  const index = new Map(alphabet.map((l, i) => [describeLetter(l), i]));
  if (index.size !== alphabet.length) throw new Error('stabilizer: two letters print alike');
  return Int32Array.from(alphabet, (l) => {
    const region = to(l.region);
    const target = to(l.target);
    const image: Letter = {
      ...l,
      ...(region === undefined ? {} : { region }),
      ...(target === undefined ? {} : { target }),
    };
    const j = index.get(describeLetter(image));
    if (j === undefined) throw new Error(`stabilizer: no letter ${describeLetter(image)}`);
    return j;
  });
}
