// mremap of locked VMAs (mm/mremap.c), fork (kernel/fork.c:dup_mmap), user accesses and
// fault-around (mm/memory.c).

import { describe, expect, it } from 'vitest';
import * as U from '../../src/uapi/constants.js';
import { A, B, P, Proc, RW, errno, okv } from './kit.js';

describe('mremap', () => {
  it('grows a locked VMA in place, charging and populating the tail', () => {
    const p = new Proc();
    p.anon(A, 2, U.MAP_LOCKED);
    expect(p.do('mremap', A, 2n * P, 4n * P, 0, 0)).toEqual(okv(A));
    expect(p.pages(A, 4)).toBe('LLLL');
    expect(p.vmLck()).toBe(4);
  });

  it('charges a lo lf tail without populating it', () => {
    const p = new Proc();
    p.anon(A, 2);
    p.do('mlock2', A, 2n * P, U.MLOCK_ONFAULT);
    p.do('mremap', A, 2n * P, 4n * P, 0, 0);
    expect(p.pages(A, 4)).toBe('....');
    expect(p.vmLck()).toBe(4);
  });

  it('refuses growth past RLIMIT_MEMLOCK with EAGAIN', () => {
    const p = new Proc({ rlimitMemlock: 2n * P, capIpcLock: false });
    p.anon(A, 2, U.MAP_LOCKED);
    expect(p.do('mremap', A, 2n * P, 3n * P, 0, 0)).toEqual(errno('EAGAIN'));
  });

  it('validates new_addr under MREMAP_DONTUNMAP even without MREMAP_FIXED (6.18 quirk)', () => {
    const p = new Proc();
    p.anon(A, 1);
    const flags = U.MREMAP_MAYMOVE | U.MREMAP_DONTUNMAP;
    expect(p.do('mremap', A, P, P, flags, 123)).toEqual(errno('EINVAL'));
  });

  it('leaks locked_vm on MREMAP_DONTUNMAP of a locked VMA (6.18 quirk)', () => {
    const p = new Proc();
    p.anon(A, 2, U.MAP_LOCKED);
    const flags = U.MREMAP_MAYMOVE | U.MREMAP_DONTUNMAP | U.MREMAP_FIXED;
    expect(p.do('mremap', A, 2n * P, 2n * P, flags, B)).toEqual(okv(B));
    expect(p.flags(A)).not.toContain('lo');
    expect(p.flags(B)).toContain('lo');
    expect(p.pages(B, 2)).toBe('LL');
    p.do('munmap', A, 2n * P);
    p.do('munmap', B, 2n * P);
    expect(p.vmLck()).toBe(2);
  });
});

describe('fork', () => {
  it('gives the child no locked VMA, no MCL_FUTURE, and the parent’s mlocked pages', () => {
    const p = new Proc();
    p.anon(A, 2, U.MAP_LOCKED);
    p.do('mlockall', U.MCL_FUTURE);
    p.do('fork');
    expect(p.flags(A)).not.toContain('lo');
    expect(p.defFlags()).toBe('');
    expect(p.pages(A, 2)).toBe('LL');
    expect(p.vmLck()).toBe(0);
    p.do('exit');
    expect(p.flags(A)).toContain('lo');
    expect(p.defFlags()).toBe('lo');
  });

  it('copies no PTEs of a shared mapping: the child starts empty there', () => {
    const p = new Proc();
    p.do('mmap', A, 2n * P, RW, U.MAP_SHARED | U.MAP_ANONYMOUS | U.MAP_LOCKED, -1, 0);
    p.do('fork');
    expect(p.pages(A, 2)).toBe('..');
    p.do('read', A);
    expect(p.pages(A, 2)).toBe('LL');
  });

  it('copies on write: a parent write after fork gets a new mlocked page', () => {
    const p = new Proc();
    p.anon(A, 1, U.MAP_LOCKED);
    p.do('write', A, 5);
    p.do('fork');
    p.do('write', A, 9);
    expect(p.do('read', A)).toEqual(okv(9));
    p.do('exit');
    expect(p.do('read', A)).toEqual(okv(5));
    expect(p.pages(A, 1)).toBe('L');
  });
});

describe('user accesses', () => {
  it('raise SIGSEGV on PROT_NONE and holes, SIGBUS past end of file', () => {
    const p = new Proc();
    p.anon(A, 1, 0, BigInt(U.PROT_NONE));
    expect(p.do('read', A)).toEqual({ kind: 'signal', signal: 'SIGSEGV' });
    expect(p.do('write', B)).toEqual({ kind: 'signal', signal: 'SIGSEGV' });
    const fd = p.do('tmpfile', P);
    if (fd.kind !== 'value') throw new Error('tmpfile failed');
    p.do('mmap', B, 2n * P, U.PROT_READ, U.MAP_SHARED, fd.value, 0);
    expect(p.do('read', B + P)).toEqual({ kind: 'signal', signal: 'SIGBUS' });
  });

  it('fault around: a read of a file page maps the cached 16-page block around it', () => {
    const p = new Proc();
    const fd = p.do('tmpfile', 40n * P);
    if (fd.kind !== 'value') throw new Error('tmpfile failed');
    p.do('mmap', A, 40n * P, U.PROT_READ, U.MAP_PRIVATE, fd.value, 0);
    p.do('read', A + 5n * P);
    expect(p.pages(A, 40)).toBe('p'.repeat(16) + '.'.repeat(24));
    p.do('read', A + 30n * P);
    expect(p.pages(A, 40)).toBe('p'.repeat(32) + '.'.repeat(8));
  });

  it('grows a MAP_GROWSDOWN VMA down to a faulting address, charging a locked one', () => {
    const p = new Proc();
    p.anon(A + 4n * P, 2, U.MAP_GROWSDOWN | U.MAP_LOCKED);
    expect(p.do('write', A + 2n * P)).toEqual(okv());
    expect(p.pages(A + 2n * P, 4)).toBe('L.LL');
    expect(p.vmLck()).toBe(4);
  });
});
