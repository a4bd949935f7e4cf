// mlock, mlock2, munlock: validation order, errnos, rounding and partial effects
// (mm/mlock.c:do_mlock, apply_vma_lock_flags; semantics 4 and 5).

import { describe, expect, it } from 'vitest';
import { MAP_LOCKED, MLOCK_ONFAULT, PROT_NONE } from '../../src/uapi/constants.js';
import { A, B, P, Proc, errno, okv } from './kit.js';

const MAX = 2n ** 64n - 1n;

describe('mlock validation order', () => {
  it('checks mlock2 flags before can_do_mlock: EINVAL even with limit 0 and no cap', () => {
    const p = new Proc({ rlimitMemlock: 0n, capIpcLock: false });
    expect(p.do('mlock2', A, P, 2)).toEqual(errno('EINVAL'));
    expect(p.do('mlock2', A, P, 0x80000000)).toEqual(errno('EINVAL'));
  });

  it('gives EPERM before any range check when the limit is 0 and the cap is off', () => {
    const p = new Proc({ rlimitMemlock: 0n, capIpcLock: false });
    expect(p.do('mlock', A, 0)).toEqual(errno('EPERM'));
    expect(p.do('mlock', A, MAX - 8191n)).toEqual(errno('EPERM'));
  });

  it('checks the limit before the overflow: ENOMEM unprivileged, EINVAL with the cap', () => {
    const unpriv = new Proc({ rlimitMemlock: 64n * P, capIpcLock: false });
    expect(unpriv.do('mlock', A, MAX - 8191n)).toEqual(errno('ENOMEM'));
    expect(new Proc().do('mlock', A, MAX - 8191n)).toEqual(errno('EINVAL'));
  });

  it('lets a 4095-byte limit pass can_do_mlock, then fails the page check with ENOMEM', () => {
    const p = new Proc({ rlimitMemlock: 4095n, capIpcLock: false });
    p.anon(A, 1);
    expect(p.do('mlock', A, P)).toEqual(errno('ENOMEM'));
  });
});

describe('mlock rounding', () => {
  it('locks one page for mlock(a + 3, 0) and nothing for mlock(a, 0)', () => {
    const p = new Proc();
    p.anon(A, 4);
    expect(p.do('mlock', A, 0)).toEqual(okv());
    expect(p.pages(A, 4)).toBe('....');
    expect(p.do('mlock', A + 3n, 0)).toEqual(okv());
    expect(p.pages(A, 4)).toBe('L...');
    expect(p.vmas(A, 4)).toBe(2);
  });

  it('returns 0 and locks nothing for mlock(a, SIZE_MAX): the length wraps to 0', () => {
    const p = new Proc();
    p.anon(A, 2);
    expect(p.do('mlock', A, MAX)).toEqual(okv());
    expect(p.flags(A)).not.toContain('lo');
  });
});

describe('mlock partial effects', () => {
  // [A 2P][hole][B 2P]: A is locked and counted but not populated; B is untouched.
  it('locks the VMAs before a hole, unpopulated, and returns ENOMEM', () => {
    const p = new Proc();
    p.anon(A, 2);
    p.anon(A + 3n * P, 2);
    expect(p.do('mlock', A, 5n * P)).toEqual(errno('ENOMEM'));
    expect(p.flags(A)).toContain('lo');
    expect(p.pages(A, 2)).toBe('..');
    expect(p.flags(A + 3n * P)).not.toContain('lo');
    expect(p.vmLck()).toBe(2);
  });

  it('changes nothing when the range starts in a hole', () => {
    const p = new Proc();
    p.anon(A + P, 2);
    expect(p.do('mlock', A, 3n * P)).toEqual(errno('ENOMEM'));
    expect(p.vmLck()).toBe(0);
  });

  it('fails with ENOMEM on PROT_NONE yet locks and charges it', () => {
    const p = new Proc();
    p.anon(A, 2, 0, BigInt(PROT_NONE));
    expect(p.do('mlock', A, 2n * P)).toEqual(errno('ENOMEM'));
    expect(p.flags(A)).toContain('lo');
    expect(p.vmLck()).toBe(2);
  });

  it('stops populating at the first failing VMA of [RW][NONE][RW]', () => {
    const q = new Proc();
    q.anon(A, 3);
    q.do('mprotect', A + P, P, PROT_NONE);
    expect(q.do('mlock', A, 3n * P)).toEqual(errno('ENOMEM'));
    expect(q.pages(A, 3)).toBe('L..');
    expect(q.vmLck()).toBe(3);
  });
});

describe('mlock accounting', () => {
  it('credits pages already locked in the range against the limit (since 4.9)', () => {
    const p = new Proc({ rlimitMemlock: 4n * P, capIpcLock: false });
    p.anon(A, 4);
    expect(p.do('mlock', A, 3n * P)).toEqual(okv());
    expect(p.do('mlock', A, 4n * P)).toEqual(okv());
    expect(p.vmLck()).toBe(4);
  });

  it('toggles VM_LOCKONFAULT without a page walk or a new charge', () => {
    const p = new Proc();
    p.anon(A, 2, MAP_LOCKED);
    expect(p.do('mlock2', A, 2n * P, MLOCK_ONFAULT)).toEqual(okv());
    expect(p.flags(A)).toContain('lf');
    expect(p.pages(A, 2)).toBe('LL');
    expect(p.vmLck()).toBe(2);
  });

  it('splits on mlock of the middle and merges back on munlock', () => {
    const p = new Proc();
    p.anon(A, 4);
    p.do('mlock', A + P, 2n * P);
    expect(p.vmas(A, 4)).toBe(3);
    p.do('munlock', A + P, 2n * P);
    expect(p.vmas(A, 4)).toBe(1);
  });
});

describe('munlock', () => {
  it('needs no privilege and unlocks the VMAs before a hole', () => {
    const p = new Proc();
    p.anon(A, 2, MAP_LOCKED);
    p.anon(B, 2, MAP_LOCKED);
    expect(p.do('munlock', A, 3n * P)).toEqual(errno('ENOMEM'));
    expect(p.pages(A, 2)).toBe('pp');
    expect(p.vmLck()).toBe(2);
  });
});
