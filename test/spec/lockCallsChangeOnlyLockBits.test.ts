// lockCallsChangeOnlyLockBits walks the VMA edges of both states (boundariesKept); props36
// made the walk judge an edge both lists have once, and pass over a VMA both states hold
// where its flags need no look. Its meaning is page by page, so the reference here is that:
// every page of both address spaces judged on its own (pageKept, a vmaAt per page), with the
// rule the property reads (ruleOf). Both must agree on real transitions of three models and on
// made-up ones (another transition's state after, another result): a rewrite of the walk that
// skips an edge it needs, or a VMA it must look at, fails.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { currentMm } from '../../src/kernel/state.js';
import { err, ok } from '../../src/kernel/result.js';
import type { Result } from '../../src/kernel/result.js';
import type { Transition } from '../../spec/invariants/specInvariant.js';
import {
  lockCallsChangeOnlyLockBits,
  pageKept,
  ruleOf,
} from '../../spec/invariants/lockCallsChangeOnlyLockBits.js';
import { threeModelSteps } from './boundTransitions.js';

/** The property read page by page: each page of either state, no walk of edges. */
function pageByPage(t: Transition): boolean {
  const rule = ruleOf(t.call, t.result.kind === 'value');
  if (rule === null) return true;
  const b = currentMm(t.before);
  const a = currentMm(t.after);
  if (t.call.call === 'madvise' && (a.defFlags !== b.defFlags || a.lockedVm !== b.lockedVm))
    return false;
  // A page no VMA of either state holds is unmapped before and after, which every rule keeps.
  for (const v of [...a.vmas, ...b.vmas])
    for (let vpn = v.start; vpn < v.end; vpn++) if (!pageKept(t, rule, vpn)) return false;
  return true;
}

describe('lockCallsChangeOnlyLockBits says what the page-by-page reading says', () => {
  const steps = threeModelSteps(6000).filter((t) => ruleOf(t.call, true) !== null);
  const results: Result[] = [ok(0n), err('ENOMEM'), err('EPERM')];

  it('has lock calls and madvise to judge', () => {
    expect(steps.length).toBeGreaterThan(2000);
  });

  it('on real transitions, and made up with another state after or another result', () => {
    let kept = 0;
    let broken = 0;
    fc.assert(
      fc.property(
        fc.nat({ max: steps.length - 1 }),
        fc.nat({ max: steps.length - 1 }),
        fc.constantFrom('real', 'other after', 'before as after', 'other result'),
        fc.nat({ max: results.length - 1 }),
        (i, j, how, r) => {
          const s = steps[i];
          const o = steps[j];
          const result = results[r];
          if (s === undefined || o === undefined || result === undefined) return;
          const t: Transition =
            how === 'real'
              ? s
              : how === 'other after'
                ? { ...s, after: o.after }
                : how === 'before as after'
                  ? { ...s, after: s.before }
                  : { ...s, result };
          const want = pageByPage(t);
          expect(lockCallsChangeOnlyLockBits.holds(t)).toBe(want);
          if (want) kept++;
          else broken++;
        },
      ),
      { numRuns: 20_000, seed: 36 },
    );
    // Both answers are seen often, so neither side of a wrong walk goes unnoticed.
    expect(kept).toBeGreaterThan(1000);
    expect(broken).toBeGreaterThan(1000);
  });

  it('on every real transition, each with every result', () => {
    for (const s of steps)
      for (const result of [s.result, ...results]) {
        const t = { ...s, result };
        expect(lockCallsChangeOnlyLockBits.holds(t)).toBe(pageByPage(t));
      }
  });
});
