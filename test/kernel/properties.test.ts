// Properties of the simulator's bookkeeping after any sequence of calls: the VMA list is
// sorted, non-overlapping and merged as the kernel would merge it; locked_vm and mapcounts
// agree with the VMAs, and mlock state does once the per-CPU batch is drained; VM_LOCKONFAULT never appears without VM_LOCKED; and step
// never modifies the state it is given.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { KernelCall } from '../../src/kernel/call.js';
import { initialState } from '../../src/kernel/initialState.js';
import { mlocksPages } from '../../src/kernel/pages.js';
import type { KernelState, Mm } from '../../src/kernel/state.js';
import { step } from '../../src/kernel/step.js';
import * as U from '../../src/uapi/constants.js';
import { mergeable } from '../../src/kernel/vmaList.js';
import { VM_LOCKED, VM_LOCKONFAULT, hasAny } from '../../src/uapi/vmFlags.js';
import { A, B, P } from './kit.js';
import { getModel } from '../../models/registry.js';

const model = getModel('linux-6.18');
const addr = fc.constantFrom(A, B).chain((base) => fc.nat(4).map((p) => base + BigInt(p) * P));
const pages = fc.nat(5).map((n) => BigInt(n) * P);
const mapFlags = fc.constantFrom(
  U.MAP_PRIVATE | U.MAP_ANONYMOUS,
  U.MAP_PRIVATE | U.MAP_ANONYMOUS | U.MAP_LOCKED,
  U.MAP_PRIVATE | U.MAP_ANONYMOUS | U.MAP_POPULATE | U.MAP_FIXED,
  U.MAP_SHARED | U.MAP_ANONYMOUS | U.MAP_FIXED,
  U.MAP_PRIVATE | U.MAP_ANONYMOUS | U.MAP_FIXED | U.MAP_LOCKED,
);
const prot = fc.constantFrom(U.PROT_NONE, U.PROT_READ, U.PROT_READ | U.PROT_WRITE);
const advice = fc.constantFrom(
  U.MADV_DONTNEED,
  U.MADV_DONTNEED_LOCKED,
  U.MADV_POPULATE_READ,
  U.MADV_POPULATE_WRITE,
  U.MADV_GUARD_INSTALL,
  U.MADV_GUARD_REMOVE,
);
const call = (name: KernelCall['call'], ...args: fc.Arbitrary<bigint | number>[]) =>
  fc.tuple(...args).map((a): KernelCall => ({ call: name, args: a.map(BigInt) }));

/** Every call but MREMAP_DONTUNMAP, whose 6.18 accounting quirk breaks locked_vm on purpose. */
const anyCall: fc.Arbitrary<KernelCall> = fc.oneof(
  call('mmap', addr, pages, prot, mapFlags, fc.constant(-1), fc.constant(0)),
  call('munmap', addr, pages),
  call('mprotect', addr, pages, prot),
  call('mlock', addr, pages),
  call('mlock2', addr, pages, fc.constantFrom(0, U.MLOCK_ONFAULT)),
  call('munlock', addr, pages),
  call('mlockall', fc.integer({ min: 1, max: 7 })),
  call('munlockall'),
  call('madvise', addr, pages, advice),
  call('mremap', addr, pages, pages, fc.constantFrom(0, U.MREMAP_MAYMOVE), fc.constant(0)),
  call('read', addr),
  call('write', addr, fc.nat(255)),
  call('fork'),
  call('exit'),
);

function run(calls: readonly KernelCall[]): KernelState {
  let state = initialState({ rlimitMemlock: null, capIpcLock: true });
  for (const c of calls) {
    if (c.call === 'exit' && state.procs.length === 1) continue;
    state = step(model, state, c).state;
  }
  return state;
}

/**
 * `merged`: no two neighbours could merge. Only the trace's own process promises it: a fork
 * child keeps the parent's boundaries even where dup_mmap cleared the lock bits that made them
 * (litmus fork+mlock_split+unmerged.mmt).
 */
function checkMm(mm: Mm, merged: boolean): void {
  let locked = hasAny(mm.otherLock, VM_LOCKED) ? mm.otherPages : 0;
  mm.vmas.forEach((v, i) => {
    expect(v.start).toBeLessThan(v.end);
    expect(v.ptes.length).toBe(v.end - v.start);
    const next = mm.vmas[i + 1];
    if (next !== undefined) {
      expect(v.end).toBeLessThanOrEqual(next.start);
      if (merged) expect(mergeable(v, next)).toBe(false);
    }
    if (hasAny(v.flags, VM_LOCKONFAULT)) expect(hasAny(v.flags, VM_LOCKED)).toBe(true);
    if (hasAny(v.flags, VM_LOCKED)) locked += v.end - v.start;
  });
  expect(mm.lockedVm).toBe(locked);
}

/**
 * Mapcounts are exact. Mlock state is the kernel's: after lru_add_drain() a page is mlocked
 * only while a locked VMA maps it, is on the unevictable LRU exactly when mlocked, and its
 * mlock_count errs low (mm/mlock.c: "reclaim will fix it").
 */
function checkPages(before: KernelState): void {
  const state = step(model, before, { call: 'lru_add_drain', args: [] }).state;
  expect(state.mlockBatch).toHaveLength(0);
  const maps = new Map<number, number>();
  const locks = new Map<number, number>();
  for (const mm of state.procs)
    for (const v of mm.vmas)
      for (const pte of v.ptes.toArray()) {
        if (pte <= 0) continue;
        maps.set(pte, (maps.get(pte) ?? 0) + 1);
        if (mlocksPages(v.flags)) locks.set(pte, (locks.get(pte) ?? 0) + 1);
      }
  for (const [id, page] of state.pages.entries()) {
    expect(page.mapCount).toBe(maps.get(id) ?? 0);
    if (page.mlocked) expect(locks.get(id) ?? 0).toBeGreaterThan(0);
    expect(page.unevictable).toBe(page.mlocked);
    if (page.unevictable) expect(page.mlockCount).toBeLessThanOrEqual(locks.get(id) ?? 0);
    if (page.file < 0 && page.file !== -2) expect(page.mapCount).toBeGreaterThan(0);
  }
  for (const id of maps.keys()) expect(state.pages.has(id)).toBe(true);
}

describe('simulator bookkeeping', () => {
  it('keeps VMAs sorted, merged, and accounted, and page counts exact', () => {
    fc.assert(
      fc.property(fc.array(anyCall, { maxLength: 14 }), (calls) => {
        const state = run(calls);
        state.procs.forEach((mm, i) => checkMm(mm, i === 0));
        checkPages(state);
      }),
      { numRuns: 600, seed: 20261122 },
    );
  });

  it('never modifies the state it is given', () => {
    fc.assert(
      fc.property(fc.array(anyCall, { maxLength: 8 }), anyCall, (prefix, last) => {
        const before = run(prefix);
        if (last.call === 'exit' && before.procs.length === 1) return;
        const snapshot = JSON.stringify(before, (_k, v: unknown) =>
          v instanceof Map ? [...v.entries()] : v,
        );
        step(model, before, last);
        expect(
          JSON.stringify(before, (_k, v: unknown) => (v instanceof Map ? [...v.entries()] : v)),
        ).toBe(snapshot);
      }),
      { numRuns: 300, seed: 1 },
    );
  });
});
