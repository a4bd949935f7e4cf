// A letter of a bound as the spec's `judgesLetter` declarations read it (spec/invariants/
// specInvariant.ts LetterCall): the call's name and the arguments the letter gives as numbers,
// which callOf (boundedState.ts) passes to the call unchanged in every state. The rest (an
// address in a region, a target, a descriptor, the heap) depends on where the state placed the
// regions, so a declaration cannot read them.

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
