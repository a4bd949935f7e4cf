// mlockall and munlockall: every flag combination, the def_flags rules, and the whole-address-
// space limit (mm/mlock.c:mlockall, apply_mlockall_flags; semantics 6 and 7).

import { describe, expect, it } from 'vitest';
import {
  MAP_LOCKED,
  MAP_POPULATE,
  MCL_CURRENT as C,
  MCL_FUTURE as F,
  MCL_ONFAULT as O,
} from '../../src/uapi/constants.js';
import { A, B, P, Proc, errno, okv } from './kit.js';

describe('mlockall validation', () => {
  it.each([0, O, 8, 0x100])('rejects mlockall(%i) with EINVAL before EPERM', (flags) => {
    const p = new Proc({ rlimitMemlock: 0n, capIpcLock: false });
    expect(p.do('mlockall', flags)).toEqual(errno('EINVAL'));
  });

  it('gives EPERM with limit 0 and no cap for a valid combination', () => {
    expect(new Proc({ rlimitMemlock: 0n, capIpcLock: false }).do('mlockall', F)).toEqual(
      errno('EPERM'),
    );
  });

  it('compares the whole address space with the limit for MCL_CURRENT only', () => {
    const p = new Proc({ rlimitMemlock: 16n * P, capIpcLock: false, restPages: 248 });
    expect(p.do('mlockall', C)).toEqual(errno('ENOMEM'));
    expect(p.do('mlockall', F)).toEqual(okv());
  });
});

describe('apply_mlockall_flags', () => {
  const cases: [string, number[], string, string][] = [
    ['MCL_CURRENT', [C], '', 'lo'],
    ['MCL_FUTURE', [F], 'lo', ''],
    ['MCL_FUTURE then MCL_CURRENT loses future locking', [F, C], '', 'lo'],
    ['MCL_CURRENT|MCL_ONFAULT then MCL_FUTURE keeps lf', [C | O, F], 'lo', 'lo lf'],
    ['MCL_FUTURE|MCL_ONFAULT', [F | O], 'lo lf', ''],
    ['all three then MCL_CURRENT drops lf', [C | F | O, C], '', 'lo'],
  ];
  it.each(cases)('%s', (_name, calls, defFlags, existing) => {
    const p = new Proc();
    p.anon(A, 2);
    for (const f of calls) expect(p.do('mlockall', f)).toEqual(okv());
    expect(p.defFlags()).toBe(defFlags);
    const lock = p
      .flags(A)
      .split(' ')
      .filter((m) => m === 'lo' || m === 'lf');
    expect(lock.join(' ')).toBe(existing);
  });

  it('makes MAP_POPULATE and MAP_LOCKED silent no-ops under MCL_FUTURE|MCL_ONFAULT', () => {
    const p = new Proc();
    p.do('mlockall', F | O);
    p.anon(A, 2, MAP_POPULATE);
    p.anon(B, 2, MAP_LOCKED);
    expect(p.pages(A, 2)).toBe('..');
    expect(p.pages(B, 2)).toBe('..');
    expect(p.flags(B)).toContain('lf');
  });

  it('locks and populates existing VMAs with MCL_CURRENT, counting PROT_NONE too', () => {
    const p = new Proc();
    p.anon(A, 2);
    p.anon(B, 2, 0, 0n);
    expect(p.do('mlockall', C)).toEqual(okv());
    expect(p.pages(A, 2)).toBe('LL');
    expect(p.pages(B, 2)).toBe('..');
    expect(p.vmLck()).toBe(4);
  });
});

describe('munlockall', () => {
  it('restores: no lock bits, def_flags clear, VmLck 0, pages munlocked', () => {
    const p = new Proc();
    p.anon(A, 2);
    p.do('mlockall', C | F);
    p.anon(B, 2);
    expect(p.do('munlockall')).toEqual(okv());
    expect(p.defFlags()).toBe('');
    expect(p.flags(A)).not.toContain('lo');
    expect(p.pages(A, 2)).toBe('pp');
    expect(p.pages(B, 2)).toBe('pp');
    expect(p.vmLck()).toBe(0);
  });
});
