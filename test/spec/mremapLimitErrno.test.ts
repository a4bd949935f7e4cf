// mremapLimitErrno: a growth past RLIMIT_MEMLOCK is EAGAIN, one past RLIMIT_DATA is ENOMEM,
// and one that cannot be made in place without MREMAP_MAYMOVE is ENOMEM; a MREMAP_DONTUNMAP
// whose kept old range takes data_vm past RLIMIT_DATA is ENOMEM.
// Holds on linux-6.18's own step (in place, and a MREMAP_FIXED move onto a free target), and
// fails when the refusal is planted with another errno or as a success; a capable caller's
// locked growth, or one whose target frees enough, is not judged.
//
//   before:  [ a: 2P rw- locked ]  limit 2P     mremap(a, 2P, 3P, ...)  = EAGAIN

import { describe, expect, it } from 'vitest';
import { initialState } from '../../src/kernel/initialState.js';
import { dataVmOf } from '../../src/kernel/dataLimit.js';
import type { Result } from '../../src/kernel/result.js';
import type { Errno } from '../../src/uapi/errno.js';
import type { KernelState } from '../../src/kernel/state.js';
import * as U from '../../src/uapi/constants.js';
import type { Transition } from '../../spec/invariants/index.js';
import { mremapLimitErrno } from '../../spec/invariants/mremapLimitErrno.js';
import { mmOf, stepOk, transitionOf } from './plantedFaults.js';
import { ANON, B, P, RW } from '../kernel/kit.js';

const MODEL = 'linux-6.18';
const LOCKED = ANON | BigInt(U.MAP_LOCKED);
const MOVE_FIXED = BigInt(U.MREMAP_MAYMOVE | U.MREMAP_FIXED);
const as = (t: Transition, result: Result): Transition => ({ ...t, result });
// '' stands for an errno no kernel returns (a mutant's).
const errno = (e: string): Result => ({ kind: 'errno', errno: e as Errno });

function locked(capIpcLock: boolean): { s: KernelState; v: bigint } {
  const s = initialState({ rlimitMemlock: 2n * P, capIpcLock });
  return stepOk(MODEL, s, { call: 'mmap', args: [0n, 2n * P, RW, LOCKED, -1n, 0n] });
}

describe('mremapLimitErrno', () => {
  for (const [how, flags, to] of [
    ['in place', 0n, 0n],
    ['MREMAP_FIXED', MOVE_FIXED, B],
  ] as const)
    it(`a locked growth past RLIMIT_MEMLOCK (${how}) is EAGAIN; another answer is caught`, () => {
      const m = locked(false);
      const t = transitionOf(MODEL, m.s, {
        call: 'mremap',
        args: [m.v, 2n * P, 3n * P, flags, to],
      });
      expect(t.result).toEqual(errno('EAGAIN'));
      expect(mremapLimitErrno.holds(t)).toBe(true);
      expect(mremapLimitErrno.holds(as(t, errno('ENOMEM')))).toBe(false);
      expect(mremapLimitErrno.holds(as(t, errno('')))).toBe(false);
      expect(mremapLimitErrno.holds(as(t, { kind: 'value', value: m.v }))).toBe(false);
    });

  it('a capable caller is not judged for RLIMIT_MEMLOCK', () => {
    const m = locked(true);
    const t = transitionOf(MODEL, m.s, { call: 'mremap', args: [m.v, 2n * P, 3n * P, 0n, 0n] });
    expect(t.result).toEqual({ kind: 'value', value: m.v });
    expect(mremapLimitErrno.holds(t)).toBe(true);
  });

  it('a MREMAP_FIXED target that frees enough locked pages is not judged (to 6.16)', () => {
    const m = locked(false);
    const other = stepOk(MODEL, m.s, { call: 'munmap', args: [m.v + P, P] });
    const target = stepOk(MODEL, other.s, {
      call: 'mmap',
      args: [B, P, RW, LOCKED | BigInt(U.MAP_FIXED), -1n, 0n],
    });
    const over = transitionOf(MODEL, target.s, {
      call: 'mremap',
      args: [m.v, P, 2n * P, MOVE_FIXED, B],
    });
    expect(mremapLimitErrno.holds(as(over, { kind: 'value', value: B }))).toBe(true);
    expect(mremapLimitErrno.holds(as(over, errno('ENOMEM')))).toBe(true);
  });

  it('a data growth past RLIMIT_DATA is ENOMEM; EAGAIN or a success is caught', () => {
    const base = initialState({ rlimitMemlock: null, capIpcLock: true });
    const limit = BigInt(dataVmOf(mmOf(base)) + 2) * P;
    const s = initialState({ rlimitMemlock: null, capIpcLock: true, rlimitData: limit });
    const m = stepOk(MODEL, s, { call: 'mmap', args: [0n, 2n * P, RW, ANON, -1n, 0n] });
    const t = transitionOf(MODEL, m.s, { call: 'mremap', args: [m.v, 2n * P, 3n * P, 0n, 0n] });
    expect(t.result).toEqual(errno('ENOMEM'));
    expect(mremapLimitErrno.holds(t)).toBe(true);
    expect(mremapLimitErrno.holds(as(t, errno('EAGAIN')))).toBe(false);
    expect(mremapLimitErrno.holds(as(t, { kind: 'value', value: m.v }))).toBe(false);
  });

  it('a growth that cannot be made in place, without MREMAP_MAYMOVE, is ENOMEM', () => {
    const s = initialState({ rlimitMemlock: null, capIpcLock: true });
    const m = stepOk(MODEL, s, { call: 'mmap', args: [0n, 2n * P, RW, ANON, -1n, 0n] });
    const t = transitionOf(MODEL, m.s, { call: 'mremap', args: [m.v, P, 2n * P, 0n, 0n] });
    expect(t.result).toEqual(errno('ENOMEM'));
    expect(mremapLimitErrno.holds(t)).toBe(true);
    expect(mremapLimitErrno.holds(as(t, errno('')))).toBe(false);
    expect(mremapLimitErrno.holds(as(t, errno('EFAULT')))).toBe(false);
    const mayMove = BigInt(U.MREMAP_MAYMOVE);
    const moved = transitionOf(MODEL, m.s, { call: 'mremap', args: [m.v, P, 2n * P, mayMove, 0n] });
    expect(mremapLimitErrno.holds(as(moved, errno('EFAULT')))).toBe(true);
  });

  it('a MREMAP_DONTUNMAP whose kept range passes RLIMIT_DATA is ENOMEM; freed targets count', () => {
    const base = initialState({ rlimitMemlock: null, capIpcLock: true });
    const limit = BigInt(dataVmOf(mmOf(base)) + 3) * P;
    const s = initialState({ rlimitMemlock: null, capIpcLock: true, rlimitData: limit });
    const m = stepOk(MODEL, s, { call: 'mmap', args: [0n, 2n * P, RW, ANON, -1n, 0n] });
    const dontunmap = BigInt(U.MREMAP_MAYMOVE | U.MREMAP_FIXED | U.MREMAP_DONTUNMAP);
    const t = transitionOf(MODEL, m.s, {
      call: 'mremap',
      args: [m.v, 2n * P, 2n * P, dontunmap, B],
    });
    expect(t.result).toEqual(errno('ENOMEM'));
    expect(mremapLimitErrno.holds(t)).toBe(true);
    expect(mremapLimitErrno.holds(as(t, errno('')))).toBe(false);
    expect(mremapLimitErrno.holds(as(t, { kind: 'value', value: B }))).toBe(false);
    // One page kept fits (2 + 1 <= 3): not judged, whatever the answer.
    const one = transitionOf(MODEL, m.s, { call: 'mremap', args: [m.v, P, P, dontunmap, B] });
    expect(one.result).toEqual({ kind: 'value', value: B });
    expect(mremapLimitErrno.holds(as(one, errno('ENOMEM')))).toBe(true);
    // A MREMAP_FIXED target's data page is unmapped first (mremap_to): under a limit of 4
    // pages, 2 + 1 mapped, the target's 1 freed and 2 kept again make 4, which fits.
    const roomy = initialState({ rlimitMemlock: null, capIpcLock: true, rlimitData: limit + P });
    const n = stepOk(MODEL, roomy, { call: 'mmap', args: [0n, 2n * P, RW, ANON, -1n, 0n] });
    const target = stepOk(MODEL, n.s, {
      call: 'mmap',
      args: [B, P, RW, ANON | BigInt(U.MAP_FIXED), -1n, 0n],
    });
    const over = transitionOf(MODEL, target.s, {
      call: 'mremap',
      args: [n.v, 2n * P, 2n * P, dontunmap, B],
    });
    expect(over.result).toEqual({ kind: 'value', value: B });
    expect(mremapLimitErrno.holds(over)).toBe(true);
    expect(mremapLimitErrno.holds(as(over, errno('ENOMEM')))).toBe(true);
  });

  it('a MREMAP_DONTUNMAP over two VMAs asks for each piece in turn (6.17+)', () => {
    const base = initialState({ rlimitMemlock: null, capIpcLock: true });
    const data = BigInt(dataVmOf(mmOf(base)));
    const dontunmap = BigInt(U.MREMAP_MAYMOVE | U.MREMAP_FIXED | U.MREMAP_DONTUNMAP);
    const RWX = RW | BigInt(U.PROT_EXEC);
    // Two data VMAs of a page each (mprotect splits them), under a limit of `room` pages more.
    const split = (room: bigint) => {
      const s = initialState({
        rlimitMemlock: null,
        capIpcLock: true,
        rlimitData: (data + room) * P,
      });
      const m = stepOk(MODEL, s, { call: 'mmap', args: [0n, 2n * P, RW, ANON, -1n, 0n] });
      const p = stepOk(MODEL, m.s, { call: 'mprotect', args: [m.v + P, P, RWX] });
      expect(mmOf(p.s).vmas.length).toBe(mmOf(m.s).vmas.length + 1);
      return transitionOf(MODEL, p.s, {
        call: 'mremap',
        args: [m.v, 2n * P, 2n * P, dontunmap, B],
      });
    };
    // 2 mapped: under 3 the first piece kept again fits and the second does not, ENOMEM part
    // way (litmus rlimit/MREMAP_DONTUNMAP+two_vmas+RLIMIT_DATA); under 2 the first is refused.
    for (const room of [3n, 2n]) {
      const t = split(room);
      expect(t.result).toEqual(errno('ENOMEM'));
      expect(mremapLimitErrno.holds(t)).toBe(true);
      expect(mremapLimitErrno.holds(as(t, { kind: 'value', value: B }))).toBe(false);
      expect(mremapLimitErrno.holds(as(t, errno('')))).toBe(false);
      expect(mremapLimitErrno.holds(as(t, errno('EINVAL')))).toBe(false);
      // Before 6.17 the spanning move is EFAULT: mremapFixedMoveSpansVmas judges that.
      expect(mremapLimitErrno.holds(as(t, errno('EFAULT')))).toBe(true);
    }
    // Room for both copies: ENOMEM is not the limit's (another errno is judged elsewhere).
    const roomy = split(4n);
    expect(roomy.result).toEqual({ kind: 'value', value: B });
    expect(mremapLimitErrno.holds(roomy)).toBe(true);
    expect(mremapLimitErrno.holds(as(roomy, errno('ENOMEM')))).toBe(false);
    expect(mremapLimitErrno.holds(as(roomy, errno('EFAULT')))).toBe(true);
  });

  it('a spanning MREMAP_DONTUNMAP: a piece is asked before the later slots are freed', () => {
    const base = initialState({ rlimitMemlock: null, capIpcLock: true });
    const data = BigInt(dataVmOf(mmOf(base)));
    const dontunmap = BigInt(U.MREMAP_MAYMOVE | U.MREMAP_FIXED | U.MREMAP_DONTUNMAP);
    // Limit 2: a's first page is data, its second PROT_NONE (not data, never asked), and the
    // target's second slot holds a data page. The first piece is asked while that page is
    // still mapped: 1 + 1 + 1 > 2, ENOMEM. Freeing the whole target first (one count for the
    // range) would give 1 + 1 - 1 + 1 = 2 and let a success pass.
    const s = initialState({ rlimitMemlock: null, capIpcLock: true, rlimitData: (data + 2n) * P });
    const m = stepOk(MODEL, s, { call: 'mmap', args: [0n, 2n * P, RW, ANON, -1n, 0n] });
    const p = stepOk(MODEL, m.s, { call: 'mprotect', args: [m.v + P, P, 0n] });
    const tgt = stepOk(MODEL, p.s, {
      call: 'mmap',
      args: [B + P, P, RW, ANON | BigInt(U.MAP_FIXED), -1n, 0n],
    });
    const t = transitionOf(MODEL, tgt.s, {
      call: 'mremap',
      args: [m.v, 2n * P, 2n * P, dontunmap, B],
    });
    expect(t.result).toEqual(errno('ENOMEM'));
    expect(mremapLimitErrno.holds(t)).toBe(true);
    expect(mremapLimitErrno.holds(as(t, { kind: 'value', value: B }))).toBe(false);
  });
});
