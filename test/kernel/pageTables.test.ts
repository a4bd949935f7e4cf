// Page-table lifetime (src/kernel/pageTables.ts): created by the first PTE under a PMD, kept
// when emptied, freed by free_pgtables when an unmap leaves no VMA under the PMD, copied to a
// fork child only with the PTEs, carried over by mremap. The litmus traces
// fault_around_last_page+page_table.mmt and page_table_lifetime+fault_around.mmt check the
// same on the kernel through fault-around; these check the state itself.

import { describe, expect, it } from 'vitest';
import { pmdOf } from '../../src/kernel/pageTables.js';
import { currentMm } from '../../src/kernel/state.js';
import * as U from '../../src/uapi/constants.js';
import { A, B, P, Proc } from './kit.js';

const PMD_A = pmdOf(Number(A / P));
const PMD_B = pmdOf(Number(B / P));
const tables = (p: Proc) => [...currentMm(p.state).pageTables.pmds()];

describe('page tables', () => {
  it('appear with the first PTE and outlive MADV_DONTNEED', () => {
    const p = new Proc();
    p.anon(A, 4);
    expect(tables(p)).toEqual([]);
    p.do('write', A + P, 1);
    expect(tables(p)).toEqual([PMD_A]);
    p.do('madvise', A + P, P, U.MADV_DONTNEED);
    expect(p.pages(A, 4)).toBe('....');
    expect(tables(p)).toEqual([PMD_A]);
  });

  it('go when MADV_DONTNEED empties a whole PMD (CONFIG_PT_RECLAIM), unless a guard marker stays', () => {
    const p = new Proc();
    p.anon(A, 512);
    p.do('write', A, 1);
    p.do('madvise', A, 511n * P, U.MADV_DONTNEED);
    expect(tables(p)).toEqual([PMD_A]);
    p.do('write', A, 1);
    p.do('madvise', A, 512n * P, U.MADV_DONTNEED);
    expect(tables(p)).toEqual([]);
    p.do('madvise', A + 9n * P, P, U.MADV_GUARD_INSTALL);
    p.do('madvise', A, 512n * P, U.MADV_DONTNEED);
    expect(tables(p)).toEqual([PMD_A]);
  });

  it('go with the last VMA under the PMD, stay while another one is left', () => {
    const p = new Proc();
    p.anon(A, 8);
    p.do('write', A + 7n * P, 1);
    p.do('munmap', A + 4n * P, 4n * P);
    expect(tables(p)).toEqual([PMD_A]);
    p.do('munmap', A, 4n * P);
    expect(tables(p)).toEqual([]);
  });

  it('go when MAP_FIXED replaces the only VMA: it is not in the list yet when they are freed', () => {
    const p = new Proc();
    p.anon(A, 4);
    p.do('write', A, 1);
    p.anon(A, 4, U.MAP_FIXED);
    expect(tables(p)).toEqual([]);
  });

  it('go to a fork child only with the PTEs it copies (an anon_vma), and move with mremap', () => {
    const p = new Proc();
    p.anon(A, 2);
    p.do('write', A, 1);
    p.do('madvise', A, P, U.MADV_DONTNEED);
    p.do('fork');
    expect(tables(p)).toEqual([PMD_A]);
    p.do('exit');
    const flags = U.MREMAP_MAYMOVE | U.MREMAP_FIXED;
    p.do('mremap', A, 2n * P, 2n * P, flags, B);
    expect(tables(p)).toEqual([PMD_B]);
  });
});
