// The nommu model (models/nommu.ts): read from mm/nommu.c and kernel/sys_ni.c, run on no
// kernel. Population at creation, MAP_LOCKED without accounting, the MMU-only calls ENOSYS.

import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli } from '../runCli.js';
import { ANON, B, P, Proc, RW, errno, okv } from '../kernel/kit.js';
import { MCL_CURRENT, MLOCK_ONFAULT } from '../../src/uapi/constants.js';

const A = 0x200000000000n;
const MAP_LOCKED = 0x2000;
const MAP_NONBLOCK = 0x10000;

describe('nommu', () => {
  it('adjacent mappings with equal flags never merge (on linux-6.18 they do)', () => {
    for (const model of ['nommu', 'linux-6.18'] as const) {
      const p = new Proc({}, model);
      p.anon(A, 2);
      p.anon(A + 2n * P, 2, 0x10 /* MAP_FIXED */);
      expect(p.vmas(A, 4), model).toBe(model === 'nommu' ? 2 : 1);
    }
  });

  it.each(readdirSync('spec/litmus/nommu').filter((f) => f.endsWith('.mmt')))(
    'spec/litmus/nommu/%s holds on the nommu model',
    async (file) => {
      const run = await runCli(['run', `spec/litmus/nommu/${file}`]);
      expect(run.stdout).toMatch(/total: 1 trace, \d+ held, 0 failed, 0 could not run/);
      expect(run.status).toBe(0);
    },
  );

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

  describe('munmap (mm/nommu.c:do_munmap)', () => {
    it('a range over no VMA is EINVAL (0 with an MMU)', () => {
      const p = new Proc({}, 'nommu');
      expect(p.do('munmap', A, P)).toEqual(errno('EINVAL'));
      expect(new Proc().do('munmap', A, P)).toEqual(okv(0n));
    });

    it('an anonymous VMA may lose its head, its tail or a middle part', () => {
      const p = new Proc({}, 'nommu');
      p.anon(A, 4);
      expect(p.do('munmap', A + P, P)).toEqual(okv(0n));
      expect(p.vmas(A, 4)).toBe(2);
      expect(p.do('munmap', A, P)).toEqual(okv(0n));
      expect(p.pages(A, 4)).toBe('..pp');
    });

    it('a range past its VMA, or over two VMAs, is EINVAL and unmaps nothing', () => {
      const p = new Proc({}, 'nommu');
      p.anon(A, 2);
      // Another protection too (with the same one they would also stay two: nommu never merges).
      p.anon(A + 2n * P, 2, 0x10 /* MAP_FIXED */, 1n /* PROT_READ */);
      expect(p.vmas(A, 4)).toBe(2);
      expect(p.do('munmap', A + P, 2n * P)).toEqual(errno('EINVAL'));
      expect(p.do('munmap', A, 4n * P)).toEqual(errno('EINVAL'));
      expect(p.vmas(A, 4)).toBe(2);
      expect(p.pages(A, 2)).toBe('pp');
      // An unaligned start inside the VMA: EINVAL (with an MMU too, earlier).
      expect(p.do('munmap', A + 1n, P)).toEqual(errno('EINVAL'));
    });

    it('a file-backed VMA goes only as a whole', () => {
      const p = new Proc({}, 'nommu');
      const fd = p.do('tmpfile', 4n * P);
      if (fd.kind !== 'value') throw new Error('tmpfile failed');
      expect(p.do('mmap', A, 4n * P, RW, 2n /* MAP_PRIVATE */, fd.value, 0n)).toEqual(okv(A));
      expect(p.do('munmap', A, 2n * P)).toEqual(errno('EINVAL'));
      expect(p.do('munmap', A + 2n * P, 2n * P)).toEqual(errno('EINVAL'));
      expect(p.do('munmap', A, 4n * P)).toEqual(okv(0n));
      expect(p.vmas(A, 4)).toBe(0);
    });
  });

  describe('mremap (mm/nommu.c:do_mremap)', () => {
    const MREMAP_MAYMOVE = 1n;
    const MREMAP_FIXED = 2n;

    it('shrinks a whole private VMA in place and returns its address', () => {
      const p = new Proc({}, 'nommu');
      p.anon(A, 4);
      expect(p.do('mremap', A, 4n * P, 2n * P, MREMAP_MAYMOVE)).toEqual(okv(A));
      expect(p.vmas(A, 4)).toBe(1);
      expect(p.pages(A, 4)).toBe('pp..');
    });

    it('never grows past the allocation, even with MREMAP_MAYMOVE (ENOMEM)', () => {
      const p = new Proc({}, 'nommu');
      p.anon(A, 2);
      expect(p.do('mremap', A, 2n * P, 4n * P, MREMAP_MAYMOVE)).toEqual(errno('ENOMEM'));
      // With an MMU the same call grows in place.
      const mmu = new Proc();
      mmu.anon(A, 2);
      expect(mmu.do('mremap', A, 2n * P, 4n * P, MREMAP_MAYMOVE)).toEqual(okv(A));
    });

    it('names one whole VMA exactly: part of one is EINVAL', () => {
      const p = new Proc({}, 'nommu');
      p.anon(A, 4);
      expect(p.do('mremap', A, 2n * P, P, 0n)).toEqual(errno('EINVAL'));
      expect(p.do('mremap', A + P, 3n * P, P, 0n)).toEqual(errno('EINVAL'));
      expect(p.do('mremap', A, 4n * P, 0n, 0n)).toEqual(errno('EINVAL'));
    });

    it('MREMAP_FIXED elsewhere is EINVAL; at the same address it only resizes', () => {
      const p = new Proc({}, 'nommu');
      p.anon(A, 4);
      expect(p.do('mremap', A, 4n * P, 4n * P, MREMAP_MAYMOVE | MREMAP_FIXED, B)).toEqual(
        errno('EINVAL'),
      );
      expect(p.do('mremap', A, 4n * P, 3n * P, MREMAP_MAYMOVE | MREMAP_FIXED, A)).toEqual(okv(A));
    });

    it('a shared mapping cannot be resized (EPERM)', () => {
      const p = new Proc({}, 'nommu');
      expect(p.do('mmap', A, 2n * P, RW, 0x21n /* MAP_SHARED|MAP_ANONYMOUS */, -1n, 0n)).toEqual(
        okv(A),
      );
      expect(p.do('mremap', A, 2n * P, P, 0n)).toEqual(errno('EPERM'));
    });
  });
});
