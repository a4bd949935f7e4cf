// The canonical encoding: equal up to allocation order, different where the state differs.

import { describe, expect, it } from 'vitest';
import { stateKey } from '../../src/kernel/encode.js';
import * as U from '../../src/uapi/constants.js';
import { A, B, P, Proc } from './kit.js';

describe('stateKey', () => {
  it('does not depend on the order pages were allocated in', () => {
    const p = new Proc();
    p.anon(A, 1);
    p.anon(B, 1);
    p.do('write', A, 1);
    p.do('write', B, 2);
    const q = new Proc();
    q.anon(A, 1);
    q.anon(B, 1);
    q.do('write', B, 2);
    q.do('write', A, 1);
    expect(stateKey(p.state)).toBe(stateKey(q.state));
  });

  it('tells apart lock bits, page contents and mlock state', () => {
    const base = () => {
      const p = new Proc();
      p.anon(A, 2, U.MAP_POPULATE);
      return p;
    };
    const plain = base();
    const locked = base();
    locked.do('mlock', A, P);
    const written = base();
    written.do('write', A, 9);
    const keys = new Set([plain, locked, written].map((p) => stateKey(p.state)));
    expect(keys.size).toBe(3);
  });

  it('forgets pages that were freed, but not the anon_vma they gave the VMA', () => {
    const zapped = (byte: number) => {
      const p = new Proc();
      p.anon(A, 1);
      p.do('write', A, byte);
      p.do('madvise', A, P, U.MADV_DONTNEED);
      return stateKey(p.state);
    };
    const untouched = new Proc();
    untouched.anon(A, 1);
    expect(zapped(1)).toBe(zapped(2));
    expect(zapped(1)).not.toBe(stateKey(untouched.state));
  });
});

describe('stateKey of named mappings', () => {
  it('tells apart which VMA bears which name', () => {
    const p = new Proc();
    const mm = p.state.procs[0];
    const heap = mm?.vmas.findIndex((v) => v.name === '[heap]') ?? -1;
    const stack = mm?.vmas.findIndex((v) => v.name === '[stack]') ?? -1;
    if (mm === undefined || heap < 0 || stack < 0) throw new Error('no [heap] or [stack]');
    const vmas = mm.vmas.map((v, i) =>
      i === heap ? { ...v, name: '[stack]' } : i === stack ? { ...v, name: '[heap]' } : v,
    );
    const swapped = { ...p.state, procs: [{ ...mm, vmas }] };
    expect(stateKey(swapped)).not.toBe(stateKey(p.state));
  });
});
