// One transition as the searches that keep no state objects see it (bit-state, on disk): its
// properties checked, then its target encoded in canonical form unless it is not to be stored.

import type { Encoder } from '../encoder.js';
import type { TransitionSystem } from '../transitionSystem.js';
import { NONE } from './expander.js';

/**
 * Checks the transition properties of the step `from` -> `to` (first violation by state
 * `index`, after the invariants in `violations`); false when its target is not to be stored: a
 * leaf, or a self-loop the system recognises without encoding.
 */
export function checkStep<S, L>(
  system: TransitionSystem<S, L>,
  violations: Int32Array,
  index: number,
  from: S,
  label: L,
  to: S,
): boolean {
  const props = system.transitionProperties ?? [];
  const offset = system.invariants.length;
  for (let k = 0; k < props.length; k++)
    if (violations[offset + k] === NONE && props[k]?.holds(from, label, to) === false)
      violations[offset + k] = index;
  return system.isLeaf?.(to) !== true && system.isSelfLoop?.(from, to) !== true;
}

/** The canonical words of `s`, in `encoder.words`. */
export function encodeCanonical<S, L>(
  system: TransitionSystem<S, L>,
  s: S,
  encoder: Encoder,
): Int32Array {
  encoder.reset();
  system.encode(system.canonicalize === undefined ? s : system.canonicalize(s), encoder);
  encoder.finish();
  return encoder.words;
}
