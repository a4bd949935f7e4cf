// The properties a bounded exploration checks: the spec's invariants (spec/invariants), read
// on the simulator state inside a bounded one, and one transition property that needs the
// model itself: locking twice is locking once.

import type { KernelModel } from '../kernel/model.js';
import { step } from '../kernel/step.js';
import { stateKey } from '../kernel/encode.js';
import { INVARIANTS } from '../../spec/invariants/index.js';
import { STRICT_INVARIANTS } from '../../spec/invariants/strict.js';
import type { SpecInvariant } from '../../spec/invariants/index.js';
import type { Invariant, TransitionProperty } from '../explore/transitionSystem.js';
import type { BoundedState } from './boundedState.js';
import type { Letter } from './letter.js';

export interface KernelProperties {
  readonly invariants: readonly Invariant<BoundedState>[];
  readonly transitions: readonly TransitionProperty<BoundedState, Letter>[];
}

/** Every property name the explorer knows, state invariants first. */
export const ALL_INVARIANTS: readonly SpecInvariant[] = [...INVARIANTS, ...STRICT_INVARIANTS];
export const MLOCK_TWICE = 'mlockTwiceIsMlockOnce';

/**
 * mlock_fixup filters a piece whose flags would not change (mm/mlock.c: newflags == oldflags)
 * and population finds every page present: a successful mlock or mlock2, made again, leaves
 * the state as it was (semantics 12.3: "the count does not double").
 */
function mlockTwice(model: KernelModel): TransitionProperty<BoundedState, Letter> {
  return {
    name: MLOCK_TWICE,
    holds: (_from, _label, to) => {
      const call = to.call;
      if (call === null || (call.call !== 'mlock' && call.call !== 'mlock2')) return true;
      if (to.result?.kind !== 'value') return true;
      const again = step(model, to.kernel, call);
      return stateKey(again.state) === stateKey(to.kernel);
    },
  };
}

export function knownPropertyNames(): string[] {
  return [...ALL_INVARIANTS.map((i) => i.name), MLOCK_TWICE];
}

/** The properties named in `only` (every one when empty); throws for an unknown name. */
export function kernelProperties(
  model: KernelModel,
  only: readonly string[] = [],
): KernelProperties {
  const known = knownPropertyNames();
  for (const n of only)
    if (!known.includes(n))
      throw new RangeError(`unknown property '${n}' (known: ${known.join(', ')})`);
  const wanted = (n: string) => only.length === 0 || only.includes(n);
  const invariants: Invariant<BoundedState>[] = [];
  const transitions: TransitionProperty<BoundedState, Letter>[] = [];
  for (const inv of ALL_INVARIANTS) {
    if (!wanted(inv.name)) continue;
    if (inv.kind === 'state')
      invariants.push({ name: inv.name, holds: (s) => inv.holds(s.kernel) });
    else
      transitions.push({
        name: inv.name,
        holds: (from, _label, to) =>
          to.call === null ||
          to.result === null ||
          inv.holds({ before: from.kernel, call: to.call, result: to.result, after: to.kernel }),
      });
  }
  if (wanted(MLOCK_TWICE)) transitions.push(mlockTwice(model));
  return { invariants, transitions };
}
