// lockingKeepsData (spec/invariants/lockingKeepsData.ts) finds the VMA after that holds each
// page by a cursor since props36, not by a vmaAt a page. The predicate it had is kept here as
// the reference, and both must agree on real transitions of three models and on made-up ones
// (another transition's state after, the state before as the state after): a cursor that
// skips a VMA or reads the wrong one fails.

import { describe, expect, it } from 'vitest';
import { PTE_NONE, PTE_ZERO, currentMm } from '../../src/kernel/state.js';
import type { Mm } from '../../src/kernel/state.js';
import { MADV_POPULATE_READ, MADV_POPULATE_WRITE } from '../../src/uapi/constants.js';
import type { Transition } from '../../spec/invariants/specInvariant.js';
import { contents, lockingKeepsData } from '../../spec/invariants/lockingKeepsData.js';
import { argInt, isLockCall, pteAt, vmaAt } from '../../spec/invariants/_internals/mmFacts.js';
import { agreesOnMadeUp, threeModelSteps } from './boundTransitions.js';

const extents = (mm: Mm): number[] =>
  mm.vmas.reduce<number[]>((out, v) => {
    if (out.length > 0 && out[out.length - 1] === v.start) out[out.length - 1] = v.end;
    else out.push(v.start, v.end);
    return out;
  }, []);

/** lockingKeepsData as it was before props36: a vmaAt (pteAt) for each page. */
function keptBefore({ before, call, after }: Transition): boolean {
  const advice = call.call === 'madvise' ? argInt(call, 2) : -1;
  if (!isLockCall(call) && advice !== MADV_POPULATE_READ && advice !== MADV_POPULATE_WRITE)
    return true;
  const b = currentMm(before);
  const a = currentMm(after);
  if (a.vmas !== b.vmas && extents(a).join() !== extents(b).join()) return false;
  const samePages = after.pages === before.pages;
  if (a.vmas === b.vmas && samePages) return true;
  for (const v of b.vmas) {
    if (samePages && vmaAt(a, v.start) === v) continue;
    const ptes = v.ptes.toArray();
    for (let i = 0; i < ptes.length; i++) {
      const pte = ptes[i] ?? PTE_NONE;
      if (pte !== PTE_ZERO && pte <= 0) continue;
      const now = pteAt(a, v.start + i);
      if (now === pte && after.pages.get(now)?.data === before.pages.get(pte)?.data) continue;
      if (contents(after, now) !== contents(before, pte)) return false;
    }
  }
  return true;
}

describe('lockingKeepsData says what the predicate it replaced said', () => {
  const steps = threeModelSteps(6000);
  const judged = steps.filter((t) => isLockCall(t.call) || t.call.call === 'madvise');

  it('on real transitions, and made up with another state after', () => {
    const { kept, broken } = agreesOnMadeUp(
      judged,
      steps,
      (t) => lockingKeepsData.holds(t),
      keptBefore,
      36,
    );
    // Both answers are seen often, so neither side of a wrong rewrite goes unnoticed.
    expect(kept).toBeGreaterThan(1000);
    expect(broken).toBeGreaterThan(1000);
  });

  it('on each real transition paired with the state after of every 50th other', () => {
    let broken = 0;
    for (const s of judged)
      for (let j = 0; j < steps.length; j += 50) {
        const t = { ...s, after: steps[j]?.after ?? s.after };
        const want = keptBefore(t);
        expect(lockingKeepsData.holds(t)).toBe(want);
        if (!want) broken++;
      }
    expect(broken).toBeGreaterThan(1000);
  });
});
