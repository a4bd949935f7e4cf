// The one renumbering of page, anon_vma and file ids: in order of first appearance in a fixed
// walk (processes, their VMAs and PTEs; then the files' caches; the mlock batch).

import { describe, expect, it } from 'vitest';
import { CanonicalIds, pteOfRef } from '../../src/kernel/canonicalIds.js';
import { PTE_GUARD, PTE_NONE, PTE_ZERO } from '../../src/kernel/state.js';
import * as U from '../../src/uapi/constants.js';
import { A, B, P, Proc, RW } from './kit.js';

/** The page ids a region maps, in address order. */
function ptesAt(p: Proc, at: bigint): readonly number[] {
  const vpn = Number(at / P);
  return p.state.procs[0]?.vmas.find((v) => v.start === vpn)?.ptes.toArray() ?? [];
}

describe('CanonicalIds', () => {
  it('numbers pages by where they are mapped, not by when they were allocated', () => {
    const p = new Proc();
    p.anon(A, 1);
    p.anon(B, 2);
    p.do('write', B + P, 1);
    p.do('write', B, 2);
    p.do('write', A, 3);
    const ids = new CanonicalIds().number(p.state);
    const [a] = ptesAt(p, A);
    const [b0, b1] = ptesAt(p, B);
    // Allocated b1, b0, a; the walk meets a, b0, b1.
    expect([a, b0, b1].map((id) => ids.page(id ?? -1))).toEqual([1, 2, 3]);
    expect(ids.pageOrder).toEqual([a, b0, b1]);
    expect(ids.pte(a ?? -1)).toBe(3);
  });

  it('numbers a page-cache page no PTE maps after the mapped ones, and forgets freed pages', () => {
    const p = new Proc();
    const fd = p.do('tmpfile', 2n * P);
    if (fd.kind !== 'value') throw new Error('tmpfile failed');
    const f = BigInt(U.MAP_SHARED);
    p.do('mmap', A, P, RW, f, fd.value, P);
    p.do('write', A, 1);
    p.anon(B, 1);
    p.do('write', B, 2);
    p.do('munmap', A, P);
    p.do('mmap', A, P, RW, f, fd.value, 0n);
    const ids = new CanonicalIds().number(p.state);
    // The anonymous page at B is the only mapped one; the file's pages follow by index.
    const cache = p.state.files[0]?.cache;
    expect(cache?.size).toBe(2);
    expect(ids.pageOrder).toEqual([ptesAt(p, B)[0], cache?.get(0), cache?.get(1)]);
    expect(ids.fileOrder).toEqual([0]);
    p.do('munmap', B, P);
    expect(new CanonicalIds().number(p.state).pageOrder).toEqual([cache?.get(0), cache?.get(1)]);
  });

  it('reads PTE references back', () => {
    const ids = new CanonicalIds().number(new Proc().state);
    for (const pte of [PTE_NONE, PTE_ZERO, PTE_GUARD]) expect(pteOfRef(ids.pte(pte))).toBe(pte);
    expect(pteOfRef(2 + 5)).toBe(5);
  });
});
