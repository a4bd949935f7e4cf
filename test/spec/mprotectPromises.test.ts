// The promises of mprotect found from the mutation survivors of mprotect.ts (spec/findings/
// mutation.md, run 7): each holds on linux-6.18's own step and fails on the same step with the
// result or state a faulty kernel would give, planted by hand.
//
//   before:  [ r: 2P r-- ]  ...  [ q: 1P r-- ]  ...  [ l: 2P r-- locked ]
//   RLIMIT_DATA: the program's own data + 2 pages (r made writable just fits; q then does not)

import { describe, expect, it } from 'vitest';
import { initialState } from '../../src/kernel/initialState.js';
import { OTHER_DATA_PAGES, isDataMapping } from '../../src/kernel/dataLimit.js';
import type { Result } from '../../src/kernel/result.js';
import { PTE_NONE, PTE_ZERO, type KernelState } from '../../src/kernel/state.js';
import * as U from '../../src/uapi/constants.js';
import type { Transition } from '../../spec/invariants/index.js';
import { mprotectDataLimitExact } from '../../spec/invariants/mprotectDataLimitExact.js';
import { mprotectPopulatesOnlyLocked } from '../../spec/invariants/mprotectPopulatesOnlyLocked.js';
import { mprotectChargeFollowsWrite } from '../../spec/invariants/mprotectChargeFollowsWrite.js';
import { VM_ACCOUNT, vmFlags } from '../../src/uapi/vmFlags.js';
import { mapVma, mmOf, planted, stepOk, transitionOf } from './plantedFaults.js';
import { ANON, P, RW } from '../kernel/kit.js';

const MODEL = 'linux-6.18';
const R = BigInt(U.PROT_READ);
const LOCKED = ANON | BigInt(U.MAP_LOCKED);

const as = (t: Transition, result: Result): Transition => ({ ...t, result });
const errno = (e: string): Result => ({ kind: 'errno', errno: e }) as Result;
const zero: Result = { kind: 'value', value: 0n };
const mprotect = (s: KernelState, addr: bigint, len: bigint, prot: bigint): Transition =>
  transitionOf(MODEL, s, { call: 'mprotect', args: [addr, len, prot] });

function world(rlimitData: bigint | null) {
  let s = initialState({ rlimitMemlock: null, capIpcLock: true, rlimitData });
  const map = (len: bigint, flags: bigint): bigint => {
    const m = stepOk(MODEL, s, { call: 'mmap', args: [0n, len, R, flags, -1n, 0n] });
    s = m.s;
    return m.v;
  };
  const r = map(2n * P, ANON);
  const q = map(P, ANON);
  const l = map(2n * P, LOCKED);
  return { s, r, q, l };
}

describe('mprotectDataLimitExact', () => {
  const image = mmOf(initialState({ rlimitMemlock: null, capIpcLock: true })).vmas;
  const ownData = image.reduce((n, v) => (isDataMapping(v.flags) ? n + v.end - v.start : n), 0);
  const w = world(BigInt(OTHER_DATA_PAGES + ownData + 2) * P);

  it('a mapping made data within the limit succeeds; refused, it is caught', () => {
    const t = mprotect(w.s, w.r, 2n * P, RW);
    expect(t.result).toEqual(zero);
    expect(mprotectDataLimitExact.holds(t)).toBe(true);
    expect(mprotectDataLimitExact.holds(as(t, errno('ENOMEM')))).toBe(false);
  });

  it('one page past the limit is ENOMEM; made anyway, it is caught', () => {
    const filled = stepOk(MODEL, w.s, { call: 'mprotect', args: [w.r, 2n * P, RW] }).s;
    const t = mprotect(filled, w.q, P, RW);
    expect(t.result).toEqual(errno('ENOMEM'));
    expect(mprotectDataLimitExact.holds(t)).toBe(true);
    expect(mprotectDataLimitExact.holds(as(t, zero))).toBe(false);
  });

  it('a mapping that was data already, or loses write, is not refused', () => {
    const filled = stepOk(MODEL, w.s, { call: 'mprotect', args: [w.r, 2n * P, RW] }).s;
    for (const prot of [RW, R]) {
      const t = mprotect(filled, w.r, P, prot);
      expect(t.result).toEqual(zero);
      expect(mprotectDataLimitExact.holds(t)).toBe(true);
      expect(mprotectDataLimitExact.holds(as(t, errno('ENOMEM')))).toBe(false);
    }
  });

  it('without RLIMIT_DATA nothing is judged', () => {
    const t = mprotect(world(null).s, w.q, P, RW);
    expect(mprotectDataLimitExact.holds(as(t, errno('ENOMEM')))).toBe(true);
  });
});

describe('mprotectPopulatesOnlyLocked', () => {
  const w = world(null);
  const presentAt = (at: number, pte: number) => (mm: ReturnType<typeof mmOf>) =>
    mapVma(mm, at, (v) => ({ ...v, ptes: v.ptes.with(at - v.start, at - v.start + 1, pte) }));

  it('an unlocked mapping made writable gains no page; populated, it is caught', () => {
    const t = mprotect(w.s, w.r, 2n * P, RW);
    expect(t.result).toEqual(zero);
    expect(mprotectPopulatesOnlyLocked.holds(t)).toBe(true);
    const at = Number(w.r / P);
    expect(mprotectPopulatesOnlyLocked.holds(planted(t, presentAt(at, PTE_ZERO)))).toBe(false);
  });

  it('a locked private read-only mapping made writable is populated, and may be', () => {
    const t = mprotect(w.s, w.l, 2n * P, RW);
    expect(t.result).toEqual(zero);
    const at = Number(w.l / P);
    expect(
      mmOf(t.before)
        .vmas.find((v) => v.start === at)
        ?.ptes.at(0),
    ).toBe(PTE_ZERO);
    expect(
      mmOf(t.after)
        .vmas.find((v) => v.start === at)
        ?.ptes.at(0),
    ).toBeGreaterThan(0);
    expect(mprotectPopulatesOnlyLocked.holds(t)).toBe(true);
  });

  it('a locked mapping that stays read-only keeps its pages; one zapped is caught', () => {
    const t = mprotect(w.s, w.l, 2n * P, BigInt(U.PROT_READ | U.PROT_EXEC));
    expect(t.result).toEqual(zero);
    expect(mprotectPopulatesOnlyLocked.holds(t)).toBe(true);
    const at = Number(w.l / P);
    expect(mprotectPopulatesOnlyLocked.holds(planted(t, presentAt(at, PTE_NONE)))).toBe(false);
  });
});

describe('mprotectChargeFollowsWrite', () => {
  const w = world(null);
  const account = (at: number) => (mm: ReturnType<typeof mmOf>) =>
    mapVma(mm, at, (v) => ({ ...v, flags: vmFlags(Number(v.flags) ^ VM_ACCOUNT) }));

  it('a private mapping made writable is charged; charged read-only, or uncharged writable, it is caught', () => {
    const t = mprotect(w.s, w.r, 2n * P, RW);
    expect(t.result).toEqual(zero);
    expect(mprotectChargeFollowsWrite.holds(t)).toBe(true);
    const at = Number(w.r / P);
    const exec = mprotect(w.s, w.r, 2n * P, BigInt(U.PROT_READ | U.PROT_EXEC));
    expect(mprotectChargeFollowsWrite.holds(exec)).toBe(true);
    expect(mprotectChargeFollowsWrite.holds(planted(exec, account(at)))).toBe(false);
    const made = stepOk(MODEL, w.s, { call: 'mprotect', args: [w.r, 2n * P, RW] }).s;
    const rwx = mprotect(made, w.r, 2n * P, BigInt(U.PROT_READ | U.PROT_WRITE | U.PROT_EXEC));
    expect(mprotectChargeFollowsWrite.holds(rwx)).toBe(true);
    expect(mprotectChargeFollowsWrite.holds(planted(rwx, account(at)))).toBe(false);
  });

  it('an unfaulted anonymous mapping losing write gives its charge back; a faulted one keeps it', () => {
    const made = stepOk(MODEL, w.s, { call: 'mprotect', args: [w.r, 2n * P, RW] }).s;
    const at = Number(w.r / P);
    const t = mprotect(made, w.r, 2n * P, R);
    expect(t.result).toEqual(zero);
    expect(mprotectChargeFollowsWrite.holds(t)).toBe(true);
    const written = stepOk(MODEL, made, { call: 'write', args: [w.r, 7n] }).s;
    const kept = mprotect(written, w.r, 2n * P, R);
    expect(mprotectChargeFollowsWrite.holds(kept)).toBe(true);
    // Planted: the faulted VMA uncharged, as if anon_vma were not asked.
    expect(mprotectChargeFollowsWrite.holds(planted(kept, account(at)))).toBe(false);
  });
});
