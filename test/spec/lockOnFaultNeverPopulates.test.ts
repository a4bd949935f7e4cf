// lockOnFaultNeverPopulates (spec/invariants/lockOnFaultNeverPopulates.ts) finds the VMA of the
// state before at each page by a cursor since props37, not by a vmaAt (a linear search) for
// the VMA and again for each page. The predicate it had is kept here as the reference, and
// both must agree on real transitions of three models and on made-up ones (another
// transition's state after, the state before as the state after): a cursor that skips a VMA of
// the state before, or reads a PTE of the wrong one, fails.

import { describe, expect, it } from 'vitest';
import { PTE_GUARD, PTE_NONE, currentMm } from '../../src/kernel/state.js';
import type { Mm } from '../../src/kernel/state.js';
import type { Transition } from '../../spec/invariants/specInvariant.js';
import { lockOnFaultNeverPopulates } from '../../spec/invariants/lockOnFaultNeverPopulates.js';
import { isLockOnFault, pteAt, vmaAt } from '../../spec/invariants/_internals/mmFacts.js';
import { agreesOnMadeUp, threeModelSteps } from './boundTransitions.js';

const FAULTING_CALLS: ReadonlySet<string> = new Set(['read', 'write', 'madvise', 'fork', 'exit']);

function mappedIds(mm: Mm): Set<number> {
  const ids = new Set<number>();
  for (const v of mm.vmas) for (const pte of v.ptes.toArray()) if (pte !== PTE_NONE) ids.add(pte);
  return ids;
}

/** lockOnFaultNeverPopulates as it was before props37: a vmaAt, a pteAt each page. */
function heldBefore({ before, call, after }: Transition): boolean {
  if (FAULTING_CALLS.has(call.call)) return true;
  const b = currentMm(before);
  const a = currentMm(after);
  if (a.vmas === b.vmas) return true;
  let ids: Set<number> | null = null;
  for (const v of a.vmas) {
    if (!isLockOnFault(v) || vmaAt(b, v.start) === v) continue;
    const ptes = v.ptes.toArray();
    for (let i = 0; i < ptes.length; i++) {
      const pte = ptes[i] ?? PTE_NONE;
      if (pte === PTE_NONE || pte === PTE_GUARD || pteAt(b, v.start + i) !== PTE_NONE) continue;
      ids ??= mappedIds(b);
      if (!ids.has(pte)) return false;
    }
  }
  return true;
}

describe('lockOnFaultNeverPopulates says what the predicate it replaced said', () => {
  const steps = threeModelSteps(6000);
  const judged = steps.filter((t) => !FAULTING_CALLS.has(t.call.call));
  // States after with a lock-on-fault VMA that has a page: the only ones the property reads.
  const onFault = steps.filter((t) =>
    currentMm(t.after).vmas.some((v) => isLockOnFault(v) && v.ptes.toArray().some((p) => p > 0)),
  );

  it('on real transitions, and made up with another state after', () => {
    const { kept, broken } = agreesOnMadeUp(
      judged,
      onFault,
      (t) => lockOnFaultNeverPopulates.holds(t),
      heldBefore,
      37,
    );
    // Both answers are seen often, so neither side of a wrong rewrite goes unnoticed.
    expect(kept).toBeGreaterThan(1000);
    expect(broken).toBeGreaterThan(1000);
  });

  it('on each real transition with a lock-on-fault state after, before each 50th state before', () => {
    let broken = 0;
    for (const o of onFault)
      for (let j = 0; j < judged.length; j += 50) {
        const s = judged[j];
        if (s === undefined) continue;
        const t = { ...s, after: o.after };
        const want = heldBefore(t);
        expect(lockOnFaultNeverPopulates.holds(t)).toBe(want);
        if (!want) broken++;
      }
    expect(broken).toBeGreaterThan(1000);
  });
});
