// The memo key of bench/regionMemo.ts: equal for two regions that hold the same (whatever
// their place or the ids the simulator gave), different once a page or a global differs.

import { describe, expect, it } from 'vitest';
import { regionKey, regionOutcome, touchedOthers } from '../../bench/_internals/regionKey.js';
import { A, ANON, B, P, Proc, RW } from '../kernel/kit.js';

const FIXED = 0x10n;
const mapped = (p: Proc, at: bigint): void => {
  p.do('mmap', at, 2n * P, RW, ANON | FIXED, -1n, 0n);
};

describe('regionKey', () => {
  it('is the same for regions a and b holding the same, and differs once a page is written', () => {
    const p = new Proc();
    mapped(p, A);
    mapped(p, B);
    // b's page gets a later page id than a's: the key renumbers ids.
    p.do('write', B, 7n);
    p.do('write', A, 7n);
    expect(regionKey(p.state, 1)).toBe(regionKey(p.state, 0));
    p.do('write', B + P, 7n);
    expect(regionKey(p.state, 1)).not.toBe(regionKey(p.state, 0));
  });

  it('holds locked_vm: a lock elsewhere changes what an mlock of this region may do', () => {
    const p = new Proc();
    mapped(p, A);
    mapped(p, B);
    const before = regionKey(p.state, 0);
    p.do('mlock', B, 2n * P);
    expect(regionKey(p.state, 0)).not.toBe(before);
  });

  it('keyed on what the call reads, holds locked_vm only for a lock call under a binding limit', () => {
    const p = new Proc({ capIpcLock: false, rlimitMemlock: 4n * P });
    mapped(p, A);
    mapped(p, B);
    const munlock = regionKey(p.state, 0, 'munlock');
    const mlock = regionKey(p.state, 0, 'mlock');
    p.do('mlock', B, 2n * P);
    expect(regionKey(p.state, 0, 'munlock')).toBe(munlock);
    expect(regionKey(p.state, 0, 'mlock')).not.toBe(mlock);
    const capable = new Proc({ capIpcLock: true, rlimitMemlock: 4n * P });
    mapped(capable, A);
    mapped(capable, B);
    const before = regionKey(capable.state, 0, 'mlock');
    capable.do('mlock', B, 2n * P);
    expect(regionKey(capable.state, 0, 'mlock')).toBe(before);
  });

  it("tells a call that changed only its region from one that changed another's", () => {
    const p = new Proc();
    mapped(p, A);
    mapped(p, B);
    const before = p.state;
    p.do('write', A, 7n);
    expect(touchedOthers(before, p.state, 0, 2)).toBe(false);
    expect(touchedOthers(before, p.state, 1, 2)).toBe(true);
    expect(regionOutcome(before, p.state, 0, p.last)).toContain('dvm0');
  });
});
