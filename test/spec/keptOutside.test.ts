// keptOutside (spec/invariants/_internals/keptOutside.ts) lost its closures and PTE copies for
// speed (issue 15). The walk it had is kept here as the reference, and both must agree on the
// states before and after of real transitions, on pairs of unrelated states, and on ranges
// fast-check makes up: a rewrite that misjudges a VMA edge, a range edge or a PTE fails.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Mm } from '../../src/kernel/state.js';
import { currentMm } from '../../src/kernel/state.js';
import { vmaAt } from '../../spec/invariants/_internals/mmFacts.js';
import {
  type PageRange,
  keptOutside,
  sameMapping,
} from '../../spec/invariants/_internals/keptOutside.js';
import { threeModelTransitions } from './boundTransitions.js';

/**
 * keptOutside as it was before stop 35: sorted points, vmaAt, PTE slices compared as runs
 * (sameMapping is the one it had, unchanged).
 */
function keptOutsideBefore(before: Mm, after: Mm, ranges: readonly PageRange[]): boolean {
  if (before.vmas === after.vmas) return true;
  const points = [
    ...new Set([
      ...ranges.flatMap((r) => [r.start, r.end]),
      ...before.vmas.flatMap((v) => [v.start, v.end]),
      ...after.vmas.flatMap((v) => [v.start, v.end]),
    ]),
  ].sort((x, y) => x - y);
  for (let i = 0; i + 1 < points.length; i++) {
    const from = points[i] ?? 0;
    const to = points[i + 1] ?? 0;
    if (ranges.some((r) => from >= r.start && from < r.end)) continue;
    const b = vmaAt(before, from);
    const a = vmaAt(after, from);
    if (b === undefined || a === undefined) {
      if (b !== a) return false;
      continue;
    }
    if (a === b) continue;
    if (a.flags !== b.flags || !sameMapping(b, a, from)) return false;
    const bp = b.ptes.slice(from - b.start, to - b.start);
    const ap = a.ptes.slice(from - a.start, to - a.start);
    if (!bp.equals(ap)) return false;
  }
  return true;
}

describe('keptOutside says what the walk it replaced said', () => {
  const steps = threeModelTransitions(4000);
  const mms = steps.map((s) => [currentMm(s.from.kernel), currentMm(s.to.kernel)] as const);
  const vpns = mms.flatMap(([b]) => b.vmas.flatMap((v) => [v.start, v.end]));
  const lo = Math.min(...vpns) - 2;
  const hi = Math.max(...vpns) + 2;
  const range = fc
    .tuple(fc.integer({ min: lo, max: hi }), fc.integer({ min: 0, max: 24 }))
    .map(([start, len]) => ({ start, end: start + len }));

  it('on real transitions and unrelated pairs, with made-up ranges', () => {
    let kept = 0;
    let broken = 0;
    fc.assert(
      fc.property(
        fc.nat({ max: mms.length - 1 }),
        fc.nat({ max: mms.length - 1 }),
        fc.boolean(),
        fc.array(range, { maxLength: 3 }),
        (i, j, paired, ranges) => {
          const [b, a0] = mms[i] ?? [];
          const a = paired ? a0 : mms[j]?.[1];
          if (b === undefined || a === undefined) return;
          const want = keptOutsideBefore(b, a, ranges);
          expect(keptOutside(b, a, ranges)).toBe(want);
          if (want) kept++;
          else broken++;
        },
      ),
      { numRuns: 20_000, seed: 35 },
    );
    // Both answers are seen often, so neither side of a wrong rewrite goes unnoticed.
    expect(kept).toBeGreaterThan(1000);
    expect(broken).toBeGreaterThan(1000);
  });
});
