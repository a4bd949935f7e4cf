// brk(2) and execve(2) in the simulator: the break, the heap VMA, MCL_FUTURE's locking and
// charge, the guard page, shrinking; execve's new mm (semantics 20).

import { describe, expect, it } from 'vitest';
import { ANON, P, Proc, RW, okv } from './kit.js';
import { initialState } from '../../src/kernel/initialState.js';
import { encodeState } from '../../src/kernel/encode.js';
import { MCL_CURRENT, MCL_FUTURE, MCL_ONFAULT } from '../../src/uapi/constants.js';

function brk0(p: Proc): bigint {
  const r = p.do('brk', 0n);
  if (r.kind !== 'value') throw new Error('brk(0) failed');
  return r.value;
}

describe('brk', () => {
  it('brk(0) and any address below start_brk read the break; an unaligned one maps its page', () => {
    const p = new Proc();
    const h = brk0(p);
    const hp = p.existing('[heap]');
    expect(h > hp).toBe(true);
    expect(p.do('brk', hp - P)).toEqual(okv(h));
    expect(p.vmas(h, 1)).toBe(0);
    expect(p.do('brk', h + 10n)).toEqual(okv(h + 10n)); // an unaligned break maps its page
    expect(p.vmas(h, 1)).toBe(1);
    const before = p.state.procs[0]?.vmas;
    expect(p.do('brk', h + 20n)).toEqual(okv(h + 20n)); // the same page: mm->brk moves only
    expect(brk0(p)).toBe(h + 20n);
    expect(p.state.procs[0]?.vmas).toEqual(before);
  });

  it('grows the heap by a VMA of its own, which never merges with the forked heap', () => {
    const p = new Proc();
    const h = brk0(p);
    expect(p.do('brk', h + 4n * P)).toEqual(okv(h + 4n * P));
    expect(p.flags(h)).toBe('rd wr mr mw me ac');
    expect(p.vmas(h - P, 2)).toBe(2);
    expect(p.pages(h, 4)).toBe('....');
    expect(p.do('brk', h + 6n * P)).toEqual(okv(h + 6n * P));
    expect(p.vmas(h, 6)).toBe(1);
  });

  it('under MCL_FUTURE the growth is locked, populated and charged; shrinking gives it back', () => {
    const p = new Proc();
    const h = brk0(p);
    p.do('mlockall', MCL_FUTURE);
    p.do('brk', h + 4n * P);
    expect(p.flags(h)).toContain('lo');
    expect(p.pages(h, 4)).toBe('LLLL');
    expect(p.vmLck()).toBe(4);
    expect(p.do('brk', h + P)).toEqual(okv(h + P));
    expect(p.pages(h, 4)).toBe('L...');
    expect(p.vmLck()).toBe(1);
  });

  it('under MCL_ONFAULT the growth is charged and left empty', () => {
    const p = new Proc();
    const h = brk0(p);
    p.do('mlockall', MCL_FUTURE | MCL_ONFAULT);
    p.do('brk', h + 3n * P);
    expect(p.flags(h)).toContain('lf');
    expect(p.pages(h, 3)).toBe('...');
    expect(p.vmLck()).toBe(3);
  });

  it('refuses growth that MCL_FUTURE would lock past RLIMIT_MEMLOCK', () => {
    const p = new Proc({ rlimitMemlock: 2n * P, capIpcLock: false });
    const h = brk0(p);
    p.do('mlockall', MCL_FUTURE);
    expect(p.do('brk', h + 3n * P)).toEqual(okv(h));
    expect(p.vmas(h, 3)).toBe(0);
    expect(p.do('brk', h + 2n * P)).toEqual(okv(h + 2n * P));
    expect(p.vmLck()).toBe(2);
  });

  it('keeps a free page above the break', () => {
    const p = new Proc();
    const h = brk0(p);
    const fixed = BigInt(0x100000); // MAP_FIXED_NOREPLACE
    expect(p.do('mmap', h + 8n * P, P, RW, ANON | fixed, -1n, 0n)).toEqual(okv(h + 8n * P));
    expect(p.do('brk', h + 8n * P)).toEqual(okv(h));
    expect(p.do('brk', h + 7n * P)).toEqual(okv(h + 7n * P));
  });

  it('shrinking into the pre-existing heap unmaps its tail; with nothing left there it is refused', () => {
    const p = new Proc();
    const h = brk0(p);
    const hp = p.existing('[heap]');
    expect(p.do('brk', h - 2n * P)).toEqual(okv(h - 2n * P));
    expect(p.vmas(h - 2n * P, 2)).toBe(0);
    p.do('munmap', hp, h - 2n * P - hp);
    expect(p.do('brk', hp + P)).toEqual(okv(h - 2n * P));
  });

  it('the break is part of the state encoding', () => {
    const p = new Proc();
    const h = brk0(p);
    const before: number[] = [];
    encodeState(p.state, before);
    p.do('brk', h + 10n);
    const after: number[] = [];
    encodeState(p.state, after);
    expect(after).not.toEqual(before);
  });
});

describe('execve', () => {
  it('clears MCL_FUTURE, locked_vm and every VMA of the old image', () => {
    const p = new Proc();
    p.do('mlockall', MCL_CURRENT | MCL_FUTURE);
    const a = p.anon(0x200000000000n, 2);
    expect(a.kind).toBe('value');
    expect(p.defFlags()).toBe('lo');
    expect(p.do('execve')).toEqual(okv(0));
    expect(p.defFlags()).toBe('');
    expect(p.vmas(0x200000000000n, 2)).toBe(0);
    expect(p.state.procs[0]?.lockedVm).toBe(0);
    expect(p.state.pages.runCount).toBe(0);
    const fresh = initialState({ rlimitMemlock: null, capIpcLock: true });
    expect(p.state.procs[0]?.vmas.map((v) => [v.name, v.start, v.end])).toEqual(
      fresh.procs[0]?.vmas.map((v) => [v.name, v.start, v.end]),
    );
  });

  it("the new image's heap is not forked: its growth merges with it", () => {
    const p = new Proc();
    p.do('execve');
    const h = brk0(p);
    p.do('brk', h + 2n * P);
    expect(p.vmas(h - P, 3)).toBe(1);
  });

  it('closes tmpfile descriptors (O_CLOEXEC) and keeps memfd_secret ones', () => {
    const p = new Proc();
    const f = p.do('tmpfile', 4n * P);
    const s = p.do('memfd_secret', P);
    p.do('execve');
    const fds = p.state.procs[0]?.fds;
    expect(f.kind === 'value' && fds?.has(Number(f.value))).toBe(false);
    expect(s.kind === 'value' && fds?.has(Number(s.value))).toBe(true);
  });

  it('in a fork child it replaces the child only', () => {
    const p = new Proc();
    p.anon(0x200000000000n, 2, 0x2000); // MAP_LOCKED
    p.do('fork');
    p.do('execve');
    expect(p.vmas(0x200000000000n, 2)).toBe(0);
    p.do('exit');
    expect(p.pages(0x200000000000n, 2)).toBe('LL');
    expect(p.vmLck()).toBe(2);
  });
});
