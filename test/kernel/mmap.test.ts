// mmap: validation order, the populate rule, locking and accounting (mm/mmap.c:do_mmap,
// mm/vma.c:__mmap_region; semantics 3).

import { describe, expect, it } from 'vitest';
import * as U from '../../src/uapi/constants.js';
import { A, ANON, B, P, Proc, RW, errno, okv } from './kit.js';

describe('mmap validation order', () => {
  it('rejects an unaligned offset first, then a bad fd, then len 0', () => {
    const p = new Proc();
    expect(p.do('mmap', A, P, RW, U.MAP_PRIVATE, 99, 1)).toEqual(errno('EINVAL'));
    expect(p.do('mmap', A, P, RW, U.MAP_PRIVATE, 99, 0)).toEqual(errno('EBADF'));
    expect(p.do('mmap', A, 0, RW, ANON, -1, 0)).toEqual(errno('EINVAL'));
    expect(p.do('mmap', A, -1n, RW, ANON, -1, 0)).toEqual(errno('ENOMEM'));
  });

  it('checks MAP_LOCKED privilege and the limit before the map type', () => {
    const p = new Proc({ rlimitMemlock: 0n, capIpcLock: false });
    expect(p.do('mmap', A, P, RW, U.MAP_LOCKED | U.MAP_ANONYMOUS, -1, 0)).toEqual(errno('EPERM'));
    const q = new Proc({ rlimitMemlock: 4095n, capIpcLock: false });
    expect(q.anon(A, 1, U.MAP_LOCKED)).toEqual(errno('EAGAIN'));
    expect(q.do('mmap', A, P, RW, U.MAP_ANONYMOUS, -1, 0)).toEqual(errno('EINVAL'));
  });

  it('gives EEXIST for an overlapping MAP_FIXED_NOREPLACE and EINVAL for droppable+locked', () => {
    const p = new Proc();
    p.anon(A, 2);
    expect(p.anon(A + P, 2, U.MAP_FIXED_NOREPLACE)).toEqual(errno('EEXIST'));
    const drop = BigInt(U.MAP_DROPPABLE | U.MAP_ANONYMOUS | U.MAP_LOCKED);
    expect(p.do('mmap', B, P, RW, drop, -1, 0)).toEqual(errno('EINVAL'));
  });
});

describe('when mmap populates', () => {
  const rows: [string, number, string, string][] = [
    ['plain', 0, '....', ''],
    ['MAP_POPULATE', U.MAP_POPULATE, 'pppp', ''],
    ['MAP_POPULATE|MAP_NONBLOCK', U.MAP_POPULATE | U.MAP_NONBLOCK, '....', ''],
    ['MAP_LOCKED', U.MAP_LOCKED, 'LLLL', 'lo'],
    ['MAP_LOCKED|MAP_NONBLOCK', U.MAP_LOCKED | U.MAP_NONBLOCK, 'LLLL', 'lo'],
  ];
  it.each(rows)('%s', (_n, flags, pages, lock) => {
    const p = new Proc();
    expect(p.anon(A, 4, flags)).toEqual(okv(A));
    expect(p.pages(A, 4)).toBe(pages);
    expect(p.flags(A).includes('lo')).toBe(lock === 'lo');
  });

  it('maps the zero page for a read-only MAP_POPULATE', () => {
    const p = new Proc();
    p.anon(A, 2, U.MAP_POPULATE, BigInt(U.PROT_READ));
    expect(p.pages(A, 2)).toBe('zz');
  });

  it('never reports a population failure: shared file mapped past EOF', () => {
    const p = new Proc();
    const fd = p.do('tmpfile', 2n * P);
    if (fd.kind !== 'value') throw new Error('tmpfile failed');
    const shared = U.MAP_SHARED | U.MAP_LOCKED;
    expect(p.do('mmap', A, 4n * P, RW, shared, fd.value, 0)).toEqual(okv(A));
    expect(p.pages(A, 4)).toBe('LL..');
  });
});

describe('mmap accounting', () => {
  it('charges MAP_FIXED|MAP_LOCKED before the old locked mapping goes (quirk 5)', () => {
    const p = new Proc({ rlimitMemlock: 2n * P, capIpcLock: false });
    p.anon(A, 2, U.MAP_LOCKED);
    expect(p.anon(A, 2, U.MAP_FIXED | U.MAP_LOCKED)).toEqual(errno('EAGAIN'));
    expect(p.anon(A, 2, U.MAP_FIXED)).toEqual(okv(A));
    expect(p.vmLck()).toBe(0);
  });

  it('refuses plain mmaps under MCL_FUTURE once the limit is used up', () => {
    const p = new Proc({ rlimitMemlock: 4095n, capIpcLock: false });
    expect(p.do('mlockall', U.MCL_FUTURE)).toEqual(okv());
    expect(p.anon(A, 1)).toEqual(errno('EAGAIN'));
  });

  it('leaves droppable mappings unlocked under MCL_FUTURE, yet populated', () => {
    const p = new Proc();
    p.do('mlockall', U.MCL_FUTURE);
    p.do('mmap', A, 2n * P, RW, U.MAP_DROPPABLE | U.MAP_ANONYMOUS, -1, 0);
    expect(p.flags(A)).toContain('dp');
    expect(p.flags(A)).not.toContain('lo');
    expect(p.pages(A, 2)).toBe('pp');
    expect(p.vmLck()).toBe(0);
  });
});
