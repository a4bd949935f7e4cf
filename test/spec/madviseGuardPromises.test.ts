// The guard-marker promises of run 7x (session madv29): madviseGuardInstallPostcondition,
// madviseGuardRemovePostcondition, madviseDontneedPostcondition's markers and
// madviseBadArgumentsRefused's MADV_GUARD_INSTALL over a locked VMA. Each holds on
// linux-6.18's own step and fails on the same step with the result or state a faulty kernel
// would give, planted by hand (the same steps as litmus
// MADV_GUARD_INSTALL+MADV_DONTNEED+MADV_GUARD_REMOVE and MADV_GUARD_INSTALL+mlock).
//
//   before:  [ a: 3P rw- private anon, every page written ]   [ l: 2P MAP_LOCKED ]
//   guarded: [ a: G G p ]   (G a guard marker, p a present page)

import { describe, expect, it } from 'vitest';
import { initialState } from '../../src/kernel/initialState.js';
import type { Result } from '../../src/kernel/result.js';
import { PTE_GUARD, PTE_NONE, type KernelState } from '../../src/kernel/state.js';
import * as U from '../../src/uapi/constants.js';
import type { Transition } from '../../spec/invariants/index.js';
import { madviseBadArgumentsRefused } from '../../spec/invariants/madviseBadArgumentsRefused.js';
import { madviseDontneedPostcondition } from '../../spec/invariants/madviseDontneedPostcondition.js';
import { madviseGuardEinvalHasCause } from '../../spec/invariants/madviseGuardEinvalHasCause.js';
import { madviseGuardInstallPostcondition } from '../../spec/invariants/madviseGuardInstallPostcondition.js';
import { madviseGuardRemovePostcondition } from '../../spec/invariants/madviseGuardRemovePostcondition.js';
import { mapVma, planted, stepOk, transitionOf } from './plantedFaults.js';
import { ANON, P, RW } from '../kernel/kit.js';

const MODEL = 'linux-6.18';
const vpn = (x: bigint) => Number(x / P);
const zero: Result = { kind: 'value', value: 0n };
const errno = (e: string): Result => ({ kind: 'errno', errno: e }) as Result;

function world(): { s: KernelState; a: bigint; l: bigint } {
  let s = initialState({ rlimitMemlock: null, capIpcLock: true });
  const a = stepOk(MODEL, s, { call: 'mmap', args: [0n, 3n * P, RW, ANON, -1n, 0n] });
  const locked = BigInt(U.MAP_PRIVATE | U.MAP_ANONYMOUS | U.MAP_LOCKED);
  const l = stepOk(MODEL, a.s, { call: 'mmap', args: [0n, 2n * P, RW, locked, -1n, 0n] });
  s = l.s;
  for (const page of [0n, 1n, 2n])
    s = stepOk(MODEL, s, { call: 'write', args: [a.v + page * P, 7n] }).s;
  return { s, a: a.v, l: l.v };
}

const w = world();
const madvise = (s: KernelState, addr: bigint, len: bigint, advice: number): Transition =>
  transitionOf(MODEL, s, { call: 'madvise', args: [addr, len, BigInt(advice)] });
const install = madvise(w.s, w.a, 2n * P, U.MADV_GUARD_INSTALL);
const guarded = install.after;
/** `t` with the current process's after state as it was before: a call that did nothing. */
const nothingDone = (t: Transition): Transition => ({ ...t, after: t.before });
/** The page at vpn `at` set to `pte` in `t`'s after state. */
const withPte = (t: Transition, at: number, pte: number): Transition =>
  planted(t, (mm) =>
    mapVma(mm, at, (v) => ({ ...v, ptes: v.ptes.with(at - v.start, at - v.start + 1, pte) })),
  );

describe('madviseGuardInstallPostcondition', () => {
  it('a marker in every page of the range, the page after kept', () => {
    expect(install.result).toEqual(zero);
    expect(madviseGuardInstallPostcondition.holds(install)).toBe(true);
  });

  it('an advice ignored, a page of the range left mapped, or the page after zapped: caught', () => {
    expect(madviseGuardInstallPostcondition.holds(nothingDone(install))).toBe(false);
    expect(madviseGuardInstallPostcondition.holds(withPte(install, vpn(w.a) + 1, PTE_NONE))).toBe(
      false,
    );
    expect(madviseGuardInstallPostcondition.holds(withPte(install, vpn(w.a) + 2, PTE_NONE))).toBe(
      false,
    );
  });
});

describe('madviseGuardRemovePostcondition', () => {
  const remove = madvise(guarded, w.a + P, 2n * P, U.MADV_GUARD_REMOVE);

  it('the marker in the range cleared, the present page and the marker outside kept', () => {
    expect(remove.result).toEqual(zero);
    expect(madviseGuardRemovePostcondition.holds(remove)).toBe(true);
  });

  it('a marker left, a present page dropped, or a marker outside cleared: caught', () => {
    expect(madviseGuardRemovePostcondition.holds(nothingDone(remove))).toBe(false);
    expect(madviseGuardRemovePostcondition.holds(withPte(remove, vpn(w.a) + 2, PTE_NONE))).toBe(
      false,
    );
    expect(madviseGuardRemovePostcondition.holds(withPte(remove, vpn(w.a), PTE_NONE))).toBe(false);
  });
});

describe('madviseDontneedPostcondition: guard markers survive the zap', () => {
  it('MADV_DONTNEED over markers and a page: the markers stay; a marker zapped is caught', () => {
    const t = madvise(guarded, w.a, 3n * P, U.MADV_DONTNEED);
    expect(t.result).toEqual(zero);
    expect(madviseDontneedPostcondition.holds(t)).toBe(true);
    expect(madviseDontneedPostcondition.holds(withPte(t, vpn(w.a), PTE_NONE))).toBe(false);
    expect(madviseDontneedPostcondition.holds(withPte(t, vpn(w.a) + 2, PTE_GUARD))).toBe(false);
  });
});

describe('madviseBadArgumentsRefused: MADV_GUARD_INSTALL over a locked VMA', () => {
  it('EINVAL; a success is caught', () => {
    const t = madvise(w.s, w.l, 2n * P, U.MADV_GUARD_INSTALL);
    expect(t.result).toEqual(errno('EINVAL'));
    expect(madviseBadArgumentsRefused.holds(t)).toBe(true);
    expect(madviseBadArgumentsRefused.holds({ ...t, result: zero })).toBe(false);
  });
});

describe('madviseGuardEinvalHasCause: EINVAL only from a VMA that cannot carry markers', () => {
  const einval = (t: Transition): Transition => ({ ...t, result: errno('EINVAL') });

  it('an install over a plain anonymous VMA, a removal over a locked one: a refusal is caught', () => {
    const removeLocked = madvise(w.s, w.l, 2n * P, U.MADV_GUARD_REMOVE);
    for (const t of [install, removeLocked]) {
      expect(t.result).toEqual(zero);
      expect(madviseGuardEinvalHasCause.holds(t)).toBe(true);
      expect(madviseGuardEinvalHasCause.holds(einval(t))).toBe(false);
    }
    const removeOne = madvise(guarded, w.a + P, P, U.MADV_GUARD_REMOVE);
    expect(madviseGuardEinvalHasCause.holds(einval(removeOne))).toBe(false);
  });

  it('an install over a locked VMA, an unaligned start: EINVAL justified', () => {
    const installLocked = madvise(w.s, w.l, 2n * P, U.MADV_GUARD_INSTALL);
    expect(installLocked.result).toEqual(errno('EINVAL'));
    expect(madviseGuardEinvalHasCause.holds(installLocked)).toBe(true);
    const unaligned = madvise(w.s, w.a + 1n, P, U.MADV_GUARD_INSTALL);
    expect(unaligned.result).toEqual(errno('EINVAL'));
    expect(madviseGuardEinvalHasCause.holds(unaligned)).toBe(true);
  });

  it('other advice and other errnos are not judged', () => {
    const dontneed = madvise(w.s, w.a, P, U.MADV_DONTNEED);
    expect(madviseGuardEinvalHasCause.holds(einval(dontneed))).toBe(true);
    expect(madviseGuardEinvalHasCause.holds({ ...install, result: errno('ENOMEM') })).toBe(true);
  });
});
