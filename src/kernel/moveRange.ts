// mm/mremap.c:move_vma — the pages of [s, s + pages) travel to `to` with their VMA's flags,
// pgoff and anon_vma; the new VMA is `newPages` long (a grown tail is populated if locked).
// MREMAP_DONTUNMAP leaves the source VMA in place, empty, and unlocked.

import { removeItems } from './_internals/listEdits.js';
import { freePageTables, movePageTables, notePageTables } from './pageTables.js';
import { PAGE, toVpn } from './addr.js';
import type { MremapRequest } from './mremap.js';
import { populateAfterUnlock } from './populateSteps.js';
import { type Result, ok } from './result.js';
import { PteRuns } from './pteRuns.js';
import { PTE_NONE, vmaWith, vmaWithPtes } from './state.js';
import type { Tx } from './tx.js';
import { MREMAP_DONTUNMAP } from '../uapi/constants.js';
import { findVma, insertVma, replaceVma, splitAt } from './vmaList.js';
import * as F from '../uapi/vmFlags.js';
import { hasAny, withoutFlags } from '../uapi/vmFlags.js';

/**
 * Clear the lock bits of the VMA holding `at`: of all of it, or (mremapDontunmapUnlocksOnlyRange)
 * of [at, end) only, split off first; nothing merges.
 */
function clearLock(tx: Tx, at: number, end: number): void {
  if (tx.model.decisions.mremapDontunmapUnlocksOnlyRange) {
    splitAt(tx, findVma(tx.mm.vmas, at), at);
    splitAt(tx, findVma(tx.mm.vmas, at), end);
  }
  const i = findVma(tx.mm.vmas, at);
  const v = tx.mm.vmas[i];
  if (v !== undefined)
    replaceVma(
      tx,
      i,
      vmaWith(v, v.start, v.end, withoutFlags(v.flags, F.VM_LOCKED_MASK), v.pgoff, v.ptes),
    );
}

function emptied(tx: Tx, start: number, end: number): void {
  const i = findVma(tx.mm.vmas, start);
  const v = tx.mm.vmas[i];
  if (v === undefined) return;
  replaceVma(tx, i, vmaWithPtes(v, v.ptes.with(start - v.start, end - v.start, PTE_NONE)));
}

export function moveRange(
  tx: Tx,
  r: MremapRequest,
  s: number,
  pages: number,
  newPages: number,
  to: bigint,
): Result {
  const i = findVma(tx.mm.vmas, s);
  const src = tx.mm.vmas[i];
  if (src === undefined) throw new Error('moveRange: no VMA at the source');
  const offset = s - src.start;
  const dest = toVpn(to);
  // mm/vma.c:copy_vma — an anonymous VMA never faulted takes the pgoff of its new address,
  // so it can merge there; one with an anon_vma keeps its old pgoff and merges with nothing.
  const fresh = src.backing.kind === 'anon' && src.anonVma === 0;
  const moved = vmaWith(
    src,
    dest,
    dest + newPages,
    src.flags,
    fresh ? dest : src.pgoff + offset,
    src.ptes.slice(offset, offset + pages).concat(PteRuns.none(newPages - pages)),
  );
  const locked = hasAny(src.flags, F.VM_LOCKED);
  if (locked) tx.mm.lockedVm += newPages;
  // The source's page tables, before its VMA goes (move_page_tables below).
  notePageTables(tx);
  const sourceTables = tx.mm.pageTables;
  if (r.flags & MREMAP_DONTUNMAP) {
    // The source keeps its VMA, emptied: on 6.18 a locked one loses VM_LOCKED_MASK as a whole
    // (vm_flags_clear), moved range or not, and gives back nothing for it (18.3).
    emptied(tx, s, s + pages);
    if (locked) clearLock(tx, s, s + pages);
    if (locked && !tx.model.decisions.mremapDontunmapChargesTwice) tx.mm.lockedVm -= pages;
  } else {
    // The pages moved: the source range goes without zapping them.
    splitAt(tx, i, s);
    const j = findVma(tx.mm.vmas, s);
    splitAt(tx, j, s + pages);
    removeItems(tx.mm.vmas, findVma(tx.mm.vmas, s), 1);
    if (locked) tx.mm.lockedVm -= pages;
    freePageTables(tx, s, s + pages);
  }
  insertVma(tx, moved);
  movePageTables(tx, sourceTables, s, dest, pages);
  if (locked && newPages > pages)
    populateAfterUnlock(tx, 'mremap', dest + pages, dest + newPages, true);
  return ok(BigInt(dest) * PAGE);
}
