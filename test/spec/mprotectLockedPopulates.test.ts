// mprotectLockedPopulates: a locked private mapping that mprotect makes writable is populated
// with real pages. Holds on linux-6.18's own step (from PROT_NONE and from PROT_READ, whose
// zero pages COW breaks), and fails with one page planted back to absent or to the zero page;
// a mapping that was writable already, a shared one, or one under VM_LOCKONFAULT is not judged.

import { describe, expect, it } from 'vitest';
import { initialState } from '../../src/kernel/initialState.js';
import { PTE_NONE, PTE_ZERO } from '../../src/kernel/state.js';
import { mprotectLockedPopulates } from '../../spec/invariants/mprotectLockedPopulates.js';
import { mapVma, planted, stepOk, transitionOf } from './plantedFaults.js';

const P = 4096n;
const MODEL = 'linux-6.18';
const ANON = 0x22n;
const MAP_LOCKED = 0x2000n;

/** mmap(2P, prot, flags), then `before` on it, then mprotect(RW) of the whole. */
function reprotected(prot: bigint, flags: bigint, lockOnFault = false) {
  const s0 = initialState({ rlimitMemlock: null, capIpcLock: true });
  const m = stepOk(MODEL, s0, { call: 'mmap', args: [0n, 2n * P, prot, flags, -1n, 0n] });
  const l = lockOnFault ? stepOk(MODEL, m.s, { call: 'mlock2', args: [m.v, 2n * P, 1n] }) : m;
  const t = transitionOf(MODEL, l.s, { call: 'mprotect', args: [m.v, 2n * P, 3n] });
  return { t, at: Number(m.v / P) };
}

const pteAt = (at: number, pte: number) => (mm: Parameters<typeof mapVma>[0]) =>
  mapVma(mm, at, (v) => ({ ...v, ptes: v.ptes.with(at - v.start, at - v.start + 1, pte) }));

describe('mprotectLockedPopulates', () => {
  for (const [what, prot] of [
    ['PROT_NONE', 0n],
    ['PROT_READ (zero pages)', 1n],
  ] as const)
    it(`a MAP_LOCKED ${what} mapping made RW has every page present and written`, () => {
      const { t, at } = reprotected(prot, ANON | MAP_LOCKED);
      expect(t.result).toEqual({ kind: 'value', value: 0n });
      expect(mprotectLockedPopulates.holds(t)).toBe(true);
      expect(mprotectLockedPopulates.holds(planted(t, pteAt(at + 1, PTE_NONE)))).toBe(false);
      expect(mprotectLockedPopulates.holds(planted(t, pteAt(at, PTE_ZERO)))).toBe(false);
    });

  it('an unlocked, a shared or a lock-on-fault mapping is not judged', () => {
    for (const { t, at } of [
      reprotected(0n, ANON),
      reprotected(1n, 0x21n | MAP_LOCKED),
      reprotected(0n, ANON, true),
    ]) {
      expect(t.result).toEqual({ kind: 'value', value: 0n });
      expect(mprotectLockedPopulates.holds(planted(t, pteAt(at, PTE_NONE)))).toBe(true);
    }
  });
});
