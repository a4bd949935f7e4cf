// madvise and mprotect on locked memory (mm/madvise.c, mm/mprotect.c; semantics 9 and 10).

import { describe, expect, it } from 'vitest';
import * as U from '../../src/uapi/constants.js';
import { A, B, P, Proc, errno, okv } from './kit.js';

const madv = (p: Proc, addr: bigint, pages: number, advice: number) =>
  p.do('madvise', addr, BigInt(pages) * P, advice);

describe('madvise validation', () => {
  it('checks advice, alignment, wrap and overflow in that order; length 0 is a no-op', () => {
    const p = new Proc();
    expect(p.do('madvise', A + 1n, P, 99)).toEqual(errno('EINVAL'));
    expect(p.do('madvise', A + 1n, P, U.MADV_NORMAL)).toEqual(errno('EINVAL'));
    expect(p.do('madvise', A, -1n, U.MADV_NORMAL)).toEqual(errno('EINVAL'));
    expect(p.do('madvise', A, 0, U.MADV_NORMAL)).toEqual(okv());
    expect(p.do('madvise', A, P, U.MADV_NORMAL)).toEqual(errno('ENOMEM'));
  });

  it('zaps across a hole for MADV_DONTNEED and still returns ENOMEM', () => {
    const p = new Proc();
    p.anon(A, 1, U.MAP_POPULATE);
    p.anon(A + 2n * P, 1, U.MAP_POPULATE);
    expect(madv(p, A, 3, U.MADV_DONTNEED)).toEqual(errno('ENOMEM'));
    expect(p.pages(A, 3)).toBe('...');
  });
});

describe('discard advice on locked VMAs', () => {
  it('refuses MADV_DONTNEED, MADV_FREE, MADV_PAGEOUT and MADV_GUARD_INSTALL with EINVAL', () => {
    const p = new Proc();
    p.anon(A, 2, U.MAP_LOCKED);
    for (const advice of [U.MADV_DONTNEED, U.MADV_FREE, U.MADV_PAGEOUT, U.MADV_GUARD_INSTALL])
      expect(madv(p, A, 2, advice)).toEqual(errno('EINVAL'));
    expect(p.pages(A, 2)).toBe('LL');
  });

  it('lets MADV_DONTNEED_LOCKED zap a locked VMA that stays locked and counted', () => {
    const p = new Proc();
    p.anon(A, 2, U.MAP_LOCKED);
    expect(madv(p, A, 2, U.MADV_DONTNEED_LOCKED)).toEqual(okv());
    expect(p.pages(A, 2)).toBe('..');
    expect(p.flags(A)).toContain('lo');
    expect(p.vmLck()).toBe(2);
  });
});

describe('MADV_POPULATE_READ/WRITE', () => {
  it('faults in lo lf VMAs (no VM_LOCKONFAULT shortcut): WRITE mlocks, READ maps zero pages', () => {
    const p = new Proc();
    p.anon(A, 2);
    p.do('mlock2', A, 2n * P, U.MLOCK_ONFAULT);
    expect(madv(p, A, 1, U.MADV_POPULATE_WRITE)).toEqual(okv());
    expect(madv(p, A + P, 1, U.MADV_POPULATE_READ)).toEqual(okv());
    expect(p.pages(A, 2)).toBe('Lz');
  });

  it('reports ENOMEM at a hole and EINVAL for an unsuitable VMA, keeping what it populated', () => {
    const p = new Proc();
    p.anon(A, 1);
    expect(madv(p, A, 2, U.MADV_POPULATE_WRITE)).toEqual(errno('ENOMEM'));
    expect(p.pages(A, 1)).toBe('p');
    p.anon(B, 1, 0, BigInt(U.PROT_READ));
    expect(madv(p, B, 1, U.MADV_POPULATE_WRITE)).toEqual(errno('EINVAL'));
    p.anon(B + P, 1, 0, BigInt(U.PROT_NONE));
    expect(madv(p, B + P, 1, U.MADV_POPULATE_READ)).toEqual(errno('EINVAL'));
  });

  it('reports EFAULT for a file mapped past its end, without a signal', () => {
    const p = new Proc();
    const fd = p.do('tmpfile', P);
    if (fd.kind !== 'value') throw new Error('tmpfile failed');
    p.do('mmap', A, 2n * P, U.PROT_READ, U.MAP_SHARED, fd.value, 0);
    expect(madv(p, A, 2, U.MADV_POPULATE_READ)).toEqual(errno('EFAULT'));
    expect(p.pages(A, 2)).toBe('p.');
  });
});

describe('mprotect on locked VMAs', () => {
  it('keeps the lock bits and populates a private locked VMA that gains write', () => {
    const p = new Proc();
    p.anon(A, 2, U.MAP_LOCKED, BigInt(U.PROT_READ));
    expect(p.pages(A, 2)).toBe('zz');
    expect(p.do('mprotect', A, 2n * P, U.PROT_READ | U.PROT_WRITE)).toEqual(okv());
    expect(p.pages(A, 2)).toBe('LL');
    expect(p.flags(A)).toContain('lo');
  });

  it('faults nothing for PROT_NONE -> PROT_READ, nor for a lo lf VMA gaining write', () => {
    const p = new Proc();
    p.anon(A, 2, U.MAP_LOCKED, BigInt(U.PROT_NONE));
    p.do('mprotect', A, 2n * P, U.PROT_READ);
    expect(p.pages(A, 2)).toBe('..');
    p.anon(B, 2, 0, BigInt(U.PROT_READ));
    p.do('mlock2', B, 2n * P, U.MLOCK_ONFAULT);
    p.do('mprotect', B, 2n * P, U.PROT_READ | U.PROT_WRITE);
    expect(p.pages(B, 2)).toBe('..');
  });

  it('rejects unaligned starts, unknown bits and PROT_GROWSDOWN on a plain VMA', () => {
    const p = new Proc();
    p.anon(A, 1);
    expect(p.do('mprotect', A + 1n, P, U.PROT_READ)).toEqual(errno('EINVAL'));
    expect(p.do('mprotect', A, P, 0x10)).toEqual(errno('EINVAL'));
    expect(p.do('mprotect', A, P, U.PROT_READ | U.PROT_GROWSDOWN)).toEqual(errno('EINVAL'));
    expect(p.do('mprotect', B, P, U.PROT_READ)).toEqual(errno('ENOMEM'));
  });
});
