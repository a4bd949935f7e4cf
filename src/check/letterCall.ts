// A letter of a bound as the spec's `judgesLetter` declarations read it (spec/invariants/
// specInvariant.ts LetterCall): the call's name and the arguments the letter gives as numbers,
// which callOf (boundedState.ts) passes to the call unchanged in every state. The rest (an
// address in a region, a target, a descriptor, the heap) is left out: callOf places them at
// constants of the bound's layout (regionHint), all but mmap's NULL hint, which the state
// decides; a declaration reading them would be tied to that layout (spec/reduction.md, props35,
// "Left").

import type { LetterCall } from '../../spec/invariants/specInvariant.js';
import type { Letter } from './letter.js';

export function letterCall(letter: Letter): LetterCall {
  const args = letter.args;
  return {
    call: letter.call,
    arg: (i) => {
      const a = args[i];
      return a?.kind === 'int' ? a.value : undefined;
    },
  };
}
