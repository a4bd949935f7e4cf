// munmap, files (tmpfile, memfd_secret) and the special mappings a process starts with.

import { describe, expect, it } from 'vitest';
import * as U from '../../src/uapi/constants.js';
import { A, B, P, Proc, RW, errno, okv } from './kit.js';

const fdOf = (p: Proc, kind: 'tmpfile' | 'memfd_secret', pages: number): bigint => {
  const r = p.do(kind, BigInt(pages) * P);
  if (r.kind !== 'value') throw new Error(`${kind} failed`);
  return r.value;
};

describe('munmap', () => {
  it('rejects an unaligned start and a zero length; a hole is fine', () => {
    const p = new Proc();
    expect(p.do('munmap', A + 1n, P)).toEqual(errno('EINVAL'));
    expect(p.do('munmap', A, 0)).toEqual(errno('EINVAL'));
    expect(p.do('munmap', A, P)).toEqual(okv());
  });

  it('gives back locked_vm for the locked part it removes, splitting the VMA', () => {
    const p = new Proc();
    p.anon(A, 4, U.MAP_LOCKED);
    expect(p.do('munmap', A + P, 2n * P)).toEqual(okv());
    expect(p.vmas(A, 4)).toBe(2);
    expect(p.vmLck()).toBe(2);
  });
});

describe('files', () => {
  it('hands out the lowest free descriptor from 3', () => {
    const p = new Proc();
    expect(fdOf(p, 'tmpfile', 1)).toBe(3n);
    expect(fdOf(p, 'memfd_secret', 1)).toBe(4n);
  });

  it('COW: a private write is not seen through a shared mapping of the same file', () => {
    const p = new Proc();
    const fd = fdOf(p, 'tmpfile', 1);
    p.do('mmap', A, P, RW, U.MAP_SHARED, fd, 0);
    p.do('mmap', B, P, RW, U.MAP_PRIVATE, fd, 0);
    p.do('write', A, 4);
    expect(p.do('read', B)).toEqual(okv(4));
    p.do('write', B, 8);
    expect(p.do('read', A)).toEqual(okv(4));
    p.do('write', A, 5);
    expect(p.do('read', B)).toEqual(okv(8));
  });

  it('secretmem: shared only, always locked and charged, never executable, mlock fails', () => {
    const p = new Proc();
    const fd = fdOf(p, 'memfd_secret', 2);
    expect(p.do('mmap', A, 2n * P, RW, U.MAP_PRIVATE, fd, 0)).toEqual(errno('EINVAL'));
    expect(p.do('mmap', A, 2n * P, RW | 4n, U.MAP_SHARED, fd, 0)).toEqual(errno('EPERM'));
    expect(p.do('mmap', A, 2n * P, RW, U.MAP_SHARED, fd, 0)).toEqual(okv(A));
    expect(p.flags(A)).toContain('lo');
    expect(p.flags(A)).not.toContain('me');
    expect(p.vmLck()).toBe(2);
    expect(p.do('mlock', A, 2n * P)).toEqual(errno('ENOMEM'));
    p.do('munlockall');
    expect(p.flags(A)).toContain('lo');
  });
});

describe('special mappings', () => {
  it('mlock on [vvar] (VM_IO|VM_PFNMAP) returns 0 and changes nothing', () => {
    const p = new Proc();
    const vvar = p.existing('[vvar]');
    expect(p.do('mlock', vvar, 4n * P)).toEqual(okv());
    expect(p.flags(vvar)).toBe('rd mr pf io de dd');
    expect(p.pages(vvar, 4)).toBe('....');
  });

  it('mlock on [vdso] (VM_DONTEXPAND) sets no lo but populates it', () => {
    const p = new Proc();
    const vdso = p.existing('[vdso]');
    expect(p.do('mlock', vdso, 2n * P)).toEqual(okv());
    expect(p.flags(vdso)).not.toContain('lo');
    expect(p.pages(vdso, 2)).toBe('pp');
  });

  it('mlockall(MCL_CURRENT) counts the whole process, specials excepted', () => {
    const p = new Proc({ restPages: 348 });
    p.anon(A, 2);
    expect(p.do('mlockall', U.MCL_CURRENT)).toEqual(okv());
    expect(p.vmLck()).toBe(2);
    const mm = p.state.procs[0];
    expect(mm?.lockedVm).toBe(348 - 4 - 2 - 2 + 2);
  });
});
