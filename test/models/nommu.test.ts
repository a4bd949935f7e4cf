// The nommu model (models/nommu.ts): read from mm/nommu.c and kernel/sys_ni.c, run on no
// kernel. Population at creation, MAP_LOCKED without accounting, the MMU-only calls ENOSYS.

import { describe, expect, it } from 'vitest';
import { ANON, P, Proc, RW, errno, okv } from '../kernel/kit.js';
import { MCL_CURRENT, MLOCK_ONFAULT } from '../../src/uapi/constants.js';

const A = 0x200000000000n;
const MAP_LOCKED = 0x2000;
const MAP_NONBLOCK = 0x10000;

describe('nommu', () => {
  it('every mapping is there when mmap returns, whatever MAP_NONBLOCK says', () => {
    const p = new Proc({}, 'nommu');
    p.anon(A, 4, MAP_NONBLOCK);
    expect(p.pages(A, 4)).toBe('pppp');
  });

  it('the mlock family, mprotect and madvise are not built: ENOSYS before any check', () => {
    const p = new Proc({}, 'nommu');
    p.anon(A, 2);
    expect(p.do('mlock', A, 2n * P)).toEqual(errno('ENOSYS'));
    expect(p.do('mlock2', A, 2n * P, BigInt(MLOCK_ONFAULT))).toEqual(errno('ENOSYS'));
    expect(p.do('munlock', 1n, 0n)).toEqual(errno('ENOSYS'));
    expect(p.do('mlockall', 0x100n)).toEqual(errno('ENOSYS'));
    expect(p.do('munlockall')).toEqual(errno('ENOSYS'));
    expect(p.do('mprotect', A, P, 1n)).toEqual(errno('ENOSYS'));
    expect(p.do('madvise', A, P, 23n)).toEqual(errno('ENOSYS'));
    expect(p.do('memfd_secret', P)).toEqual(errno('ENOSYS'));
    expect(p.do('mlockall', MCL_CURRENT)).toEqual(errno('ENOSYS'));
  });

  it('MAP_LOCKED sets VM_LOCKED without the limit checks: no EPERM at RLIMIT_MEMLOCK 0', () => {
    const p = new Proc({ rlimitMemlock: 0n, capIpcLock: false }, 'nommu');
    expect(p.do('mmap', A, 2n * P, RW, ANON | BigInt(MAP_LOCKED), -1n, 0n)).toEqual(okv(A));
    expect(p.flags(A)).toContain('lo');
    // On linux-6.18 the same call is refused.
    const mmu = new Proc({ rlimitMemlock: 0n, capIpcLock: false });
    expect(mmu.do('mmap', A, 2n * P, RW, ANON | BigInt(MAP_LOCKED), -1n, 0n)).toEqual(
      errno('EPERM'),
    );
  });
});
