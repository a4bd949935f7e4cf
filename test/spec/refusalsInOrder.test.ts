// mmapRefusalsInOrder and mprotectRefusalsInOrder: each holds on linux-6.18's own step, and
// fails on the same step with the result a faulty kernel would give, planted by hand: a bad
// argument accepted, the errno of a later check, a good call refused.

import { describe, expect, it } from 'vitest';
import type { KernelCall } from '../../src/kernel/call.js';
import { initialState } from '../../src/kernel/initialState.js';
import type { KernelState } from '../../src/kernel/state.js';
import type { Result } from '../../src/kernel/result.js';
import * as U from '../../src/uapi/constants.js';
import type { Transition } from '../../spec/invariants/index.js';
import { mmapRefusalsInOrder } from '../../spec/invariants/mmapRefusalsInOrder.js';
import { mprotectRefusalsInOrder } from '../../spec/invariants/mprotectRefusalsInOrder.js';
import { stepOk, transitionOf } from './plantedFaults.js';
import { ANON, P, RW } from '../kernel/kit.js';

const MODEL = 'linux-6.18';
const NO_FD = -1n;
const as = (t: Transition, result: Result): Transition => ({ ...t, result });
const errno = (e: string): Result => ({ kind: 'errno', errno: e }) as Result;
const zero: Result = { kind: 'value', value: 0n };

/** A process with `setup`, a 2-page tmpfile on fd 3 and one 2-page private mapping `a`. */
function process(setup: { rlimitMemlock: bigint | null; capIpcLock: boolean }): {
  s: KernelState;
  a: bigint;
  fd: bigint;
} {
  const f = stepOk(MODEL, initialState(setup), { call: 'tmpfile', args: [2n * P] });
  const m = stepOk(MODEL, f.s, { call: 'mmap', args: [0n, 2n * P, RW, ANON, NO_FD, 0n] });
  return { s: m.s, a: m.v, fd: f.v };
}

const mmap = (addr: bigint, len: bigint, flags: number, fd = NO_FD, off = 0n): KernelCall => ({
  call: 'mmap',
  args: [addr, len, RW, BigInt(flags), fd, off],
});

describe('mmapRefusalsInOrder', () => {
  const { s, a, fd } = process({ rlimitMemlock: null, capIpcLock: true });
  const PA = U.MAP_PRIVATE | U.MAP_ANONYMOUS;
  const SV = U.MAP_SHARED_VALIDATE;
  // Each call, the errno of its first failing check, and the errno a later check would give.
  const refused: [string, KernelCall, string, string][] = [
    [
      'an unaligned offset before EBADF',
      mmap(0n, 2n * P, U.MAP_PRIVATE, NO_FD, 1n),
      'EINVAL',
      'EBADF',
    ],
    ['no descriptor before length 0', mmap(0n, 0n, U.MAP_PRIVATE), 'EBADF', 'EINVAL'],
    ['length 0', mmap(0n, 0n, PA), 'EINVAL', 'ENOMEM'],
    ['a length PAGE_ALIGN wraps', mmap(0n, -1n & ((1n << 64n) - 1n), PA), 'ENOMEM', 'EINVAL'],
    ['MAP_FIXED unaligned', mmap(a + 1n, P, PA | U.MAP_FIXED), 'EINVAL', 'ENOMEM'],
    ['MAP_FIXED_NOREPLACE over a', mmap(a, P, PA | U.MAP_FIXED_NOREPLACE), 'EEXIST', 'EINVAL'],
    ['an unknown flag', mmap(0n, 2n * P, SV | 0x400, fd), 'EOPNOTSUPP', 'EINVAL'],
    [
      'MAP_FIXED_NOREPLACE, newer than the mask',
      mmap(0n, 2n * P, SV | U.MAP_FIXED_NOREPLACE, fd),
      'EOPNOTSUPP',
      'EEXIST',
    ],
    [
      'a file mapping past the largest file size, before the map type',
      mmap(0n, P, SV | 0x400, fd, 1n << 63n),
      'EOVERFLOW',
      'EOPNOTSUPP',
    ],
    [
      'the last page below 2^63 passes file_mmap_ok, one more does not',
      mmap(0n, 2n * P, U.MAP_PRIVATE, fd, (1n << 63n) - 2n * P),
      'EOVERFLOW',
      'ENOMEM',
    ],
    [
      'MAP_SHARED_VALIDATE anonymous',
      mmap(0n, 2n * P, SV | U.MAP_ANONYMOUS),
      'EINVAL',
      'EOPNOTSUPP',
    ],
    [
      'a file growing down',
      mmap(0n, 2n * P, U.MAP_SHARED | U.MAP_GROWSDOWN, fd),
      'EINVAL',
      'ENOMEM',
    ],
    [
      'MAP_DROPPABLE locked',
      mmap(0n, 2n * P, 0x08 | U.MAP_ANONYMOUS | U.MAP_LOCKED),
      'EINVAL',
      'ENOMEM',
    ],
  ];
  for (const [what, call, first, later] of refused)
    it(`${what}: ${first}, not success nor ${later}`, () => {
      const t = transitionOf(MODEL, s, call);
      expect(t.result).toEqual(errno(first));
      expect(mmapRefusalsInOrder.holds(t)).toBe(true);
      expect(mmapRefusalsInOrder.holds(as(t, { kind: 'value', value: 0x7f0000000000n }))).toBe(
        false,
      );
      expect(mmapRefusalsInOrder.holds(as(t, errno(later)))).toBe(false);
    });

  it('a file mapping ending at the last byte below 2^63 is mapped: EOVERFLOW there is wrong', () => {
    const t = transitionOf(MODEL, s, mmap(0n, P, U.MAP_PRIVATE, fd, (1n << 63n) - 2n * P));
    expect(t.result.kind).toBe('value');
    expect(mmapRefusalsInOrder.holds(t)).toBe(true);
    expect(mmapRefusalsInOrder.holds(as(t, errno('EOVERFLOW')))).toBe(false);
  });

  it('a legacy flag is mapped: EOPNOTSUPP or EINVAL there is wrong, ENOMEM allowed', () => {
    for (const flag of [U.MAP_DENYWRITE, U.MAP_UNINITIALIZED]) {
      const t = transitionOf(MODEL, s, mmap(0n, 2n * P, SV | flag, fd));
      expect(t.result.kind).toBe('value');
      expect(mmapRefusalsInOrder.holds(t)).toBe(true);
      expect(mmapRefusalsInOrder.holds(as(t, errno('EOPNOTSUPP')))).toBe(false);
      expect(mmapRefusalsInOrder.holds(as(t, errno('EINVAL')))).toBe(false);
      expect(mmapRefusalsInOrder.holds(as(t, errno('ENOMEM')))).toBe(true);
    }
  });

  it("MAP_LOCKED's EPERM comes before the type's EOPNOTSUPP; the limit's EAGAIN after EPERM", () => {
    const zeroLimit = process({ rlimitMemlock: 0n, capIpcLock: false });
    const call = mmap(0n, 2n * P, SV | U.MAP_LOCKED | 0x400, zeroLimit.fd);
    const t = transitionOf(MODEL, zeroLimit.s, call);
    expect(t.result).toEqual(errno('EPERM'));
    expect(mmapRefusalsInOrder.holds(t)).toBe(true);
    expect(mmapRefusalsInOrder.holds(as(t, errno('EOPNOTSUPP')))).toBe(false);
    const onePage = process({ rlimitMemlock: P, capIpcLock: false });
    const u = transitionOf(MODEL, onePage.s, mmap(0n, 2n * P, PA | U.MAP_LOCKED));
    expect(u.result).toEqual(errno('EAGAIN'));
    expect(mmapRefusalsInOrder.holds(u)).toBe(true);
    expect(mmapRefusalsInOrder.holds(as(u, errno('ENOMEM')))).toBe(false);
  });
});

describe('mprotectRefusalsInOrder', () => {
  const { s, a } = process({ rlimitMemlock: null, capIpcLock: true });
  const mprotect = (addr: bigint, len: bigint, prot: number): KernelCall => ({
    call: 'mprotect',
    args: [addr, len, BigInt(prot)],
  });
  const R = U.PROT_READ;
  const refused: [string, KernelCall, string, string | null][] = [
    ['both grows bits', mprotect(a, P, R | U.PROT_GROWSDOWN | U.PROT_GROWSUP), 'EINVAL', null],
    ['an unaligned start', mprotect(a + 1n, P, 0x10), 'EINVAL', 'ENOMEM'],
    [
      'an end that wraps, before the prot bits',
      mprotect(a, (1n << 64n) - 1n, 0x10),
      'ENOMEM',
      'EINVAL',
    ],
    ['an unknown prot bit', mprotect(a, P, 0x10), 'EINVAL', null],
    ['PROT_GROWSDOWN without VM_GROWSDOWN', mprotect(a, P, R | U.PROT_GROWSDOWN), 'EINVAL', null],
    ['PROT_GROWSUP on x86', mprotect(a + P, P, R | U.PROT_GROWSUP), 'EINVAL', null],
    ['a hole after the mapping', mprotect(a + P, 2n * P, R), 'ENOMEM', 'EACCES'],
  ];
  for (const [what, call, first, later] of refused)
    it(`${what}: ${first}${later === null ? '' : `, not ${later}`}, not success`, () => {
      const t = transitionOf(MODEL, s, call);
      expect(t.result).toEqual(errno(first));
      expect(mprotectRefusalsInOrder.holds(t)).toBe(true);
      expect(mprotectRefusalsInOrder.holds(as(t, zero))).toBe(false);
      if (later !== null) expect(mprotectRefusalsInOrder.holds(as(t, errno(later)))).toBe(false);
    });

  it('length 0 succeeds whatever prot says; PROT_SEM is accepted', () => {
    for (const call of [mprotect(a, 0n, 0x10), mprotect(a, 2n * P, R | U.PROT_SEM)]) {
      const t = transitionOf(MODEL, s, call);
      expect(t.result).toEqual(zero);
      expect(mprotectRefusalsInOrder.holds(t)).toBe(true);
      expect(mprotectRefusalsInOrder.holds(as(t, errno('EINVAL')))).toBe(false);
    }
  });

  it('PROT_GROWSUP over a hole at the start is ENOMEM, not EINVAL (the VMA lookup comes first)', () => {
    const u = stepOk(MODEL, s, { call: 'munmap', args: [a, P] });
    const t = transitionOf(MODEL, u.s, mprotect(a, 2n * P, R | U.PROT_GROWSUP));
    expect(t.result).toEqual(errno('ENOMEM'));
    expect(mprotectRefusalsInOrder.holds(t)).toBe(true);
    expect(mprotectRefusalsInOrder.holds(as(t, errno('EINVAL')))).toBe(false);
  });
});
