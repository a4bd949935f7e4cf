// The vm_flags helpers (src/uapi/vmFlags.ts) answer for a 32-bit word without splitting it in
// halves: what they give must be what 64-bit bit operations give, as bigints, for every word
// and for flags past 2^32 (VM_DROPPABLE is bit 40), on both paths.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  VM_DROPPABLE,
  VM_LOCKED,
  VM_LOCKED_MASK,
  type VmFlags,
  hasAny,
  maskFlags,
  vmFlags,
  withFlags,
  withoutFlags,
} from '../../src/uapi/vmFlags.js';

const MASK64 = (1n << 64n) - 1n;
const big = (f: number): bigint => BigInt(f);
const back = (b: bigint): VmFlags => vmFlags(Number(b & MASK64));

/** Flags as a kernel word can hold them: most below 2^32, some with bits up to 2^52. */
const anyFlags = fc
  .oneof(
    fc.integer({ min: 0, max: 0xffff_ffff }),
    fc.constantFrom(0, 1, 0x7fff_ffff, 0x8000_0000, 0xffff_ffff, 2 ** 32, 2 ** 40, 2 ** 52),
    fc.bigInt({ min: 0n, max: (1n << 53n) - 1n }).map(Number),
    fc
      .tuple(fc.integer({ min: 0, max: 0xffff_ffff }), fc.constantFrom(0, 2 ** 32, 2 ** 40))
      .map(([l, h]) => l + h),
  )
  .map(vmFlags);

describe('vm_flags helpers', () => {
  it('hasAny, withFlags, withoutFlags and maskFlags are 64-bit and, or, and-not, and', () => {
    fc.assert(
      fc.property(anyFlags, anyFlags, (f, b) => {
        expect(hasAny(f, b)).toBe((big(f) & big(b)) !== 0n);
        expect(withFlags(f, b)).toBe(back(big(f) | big(b)));
        expect(withoutFlags(f, b)).toBe(back(big(f) & ~big(b)));
        expect(maskFlags(f, b)).toBe(back(big(f) & big(b)));
      }),
      { numRuns: 5000 },
    );
  });

  it('VM_DROPPABLE, past 2^32, is set, tested and cleared beside the low bits', () => {
    const f = withFlags(VM_LOCKED_MASK, VM_DROPPABLE);
    expect(f).toBe(2 ** 40 + VM_LOCKED_MASK);
    expect(hasAny(f, VM_DROPPABLE)).toBe(true);
    expect(hasAny(VM_LOCKED_MASK, VM_DROPPABLE)).toBe(false);
    expect(withoutFlags(f, VM_DROPPABLE)).toBe(VM_LOCKED_MASK);
    expect(withoutFlags(f, VM_LOCKED_MASK)).toBe(VM_DROPPABLE);
    expect(maskFlags(f, VM_LOCKED)).toBe(VM_LOCKED);
  });
});
