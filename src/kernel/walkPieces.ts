// The range walk mlock, munlock and mprotect share (mm/mlock.c:apply_vma_lock_flags,
// mm/mprotect.c:do_mprotect_pkey): the VMAs of [start, end) in order, the part of each inside
// the range handed to a fixup, ENOMEM at the first hole — with the VMAs before it already
// changed, which is the partial effect of a failed call.

import type { Errno } from '../uapi/errno.js';
import { type Result, err, ok } from './result.js';
import type { Tx } from './tx.js';
import { vmaAt } from './vmaList.js';

/**
 * `fixup(i, from, to)` changes vmas[i]'s part [from, to) and returns the index of the VMA that
 * covers it afterwards, or an errno that ends the walk. `i` is the first VMA of the range.
 */
export function walkPieces(
  tx: Tx,
  first: number,
  start: number,
  end: number,
  fixup: (i: number, from: number, to: number) => number | Errno,
): Result {
  const v0 = vmaAt(tx.mm.vmas, first);
  if (v0 === undefined) return err('ENOMEM');
  let tmp = v0.start;
  let nstart = start;
  let i = first;
  while (i < tx.mm.vmas.length) {
    const v = tx.mm.vmas[i];
    if (v === undefined || v.start >= end) break;
    if (v.start !== tmp) return err('ENOMEM');
    const j = fixup(i, nstart, Math.min(v.end, end));
    if (typeof j === 'string') return err(j);
    const covering = tx.mm.vmas[j];
    if (covering === undefined) throw new Error('walkPieces: the fixup lost the VMA');
    tmp = covering.end;
    nstart = tmp;
    i = j + 1;
  }
  return tmp < end ? err('ENOMEM') : ok(0n);
}
