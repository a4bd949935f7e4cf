// A growth the limits refuse is refused with the limit's errno (issue 14, errno fidelity;
// mremap.2 ERRORS EAGAIN and ENOMEM; mm/mremap.c:vma_to_resize to 6.16, check_prep_vma from
// 6.17): once the arguments are valid, the old range lies in the VMA at old_address (old_size
// 0 only for a shared one) and that VMA may grow (neither VM_DONTEXPAND nor VM_PFNMAP), a
// growth of a VM_LOCKED VMA that takes locked_vm past RLIMIT_MEMLOCK is EAGAIN
// (mm/mmap.c:mlock_future_ok, asked first, for a caller without CAP_IPC_LOCK), and otherwise a
// growth of a data mapping that takes data_vm past RLIMIT_DATA is ENOMEM (mm/vma.c:
// may_expand_vm). Both are asked before the VMA is expanded or moved, so whether the space
// after it is free does not matter. mremapDataLimitRespected and lockLimitExact judge the
// successes; this states the refusal's errno. Within the limits, a growth that names no new
// address and cannot be made where the mapping is (old_address + old_size is not its VMA's
// end, or the pages after it are mapped or past TASK_SIZE: vma_expandable) is ENOMEM without
// MREMAP_MAYMOVE (mremap.2 ENOMEM; SYSCALL mremap to 6.16, expand_vma from 6.17).
// Before 6.17 a MREMAP_FIXED move unmaps its target before vma_to_resize asks (mremap_to), so
// what the target held is not counted there: the claim credits it, and holds on both orders.
// MREMAP_DONTUNMAP (old_size = new_size, no growth) keeps the old range mapped beside the new
// one, so mremap_to asks may_expand_vm for the whole old range again, after a MREMAP_FIXED
// target is unmapped (to 6.16 and from 6.17 alike: mm/mremap.c:mremap_to): a data mapping whose
// old range, counted twice, takes data_vm past RLIMIT_DATA is ENOMEM. Claimed for private
// anonymous memory alone, which every kernel with MREMAP_DONTUNMAP moves (5.7-5.12 refuse the
// rest with EINVAL: vma_to_resize).
// From 6.17 a same-size MREMAP_DONTUNMAP|MREMAP_FIXED move may span several VMAs (mm/mremap.c,
// "permit mremap() move of multiple VMAs"): each VMA is a mremap_to of its own, in address
// order, so each piece's slot of the target is unmapped and then may_expand_vm asks for that
// piece alone, with the pieces moved before it counted twice already; the first data piece
// that does not fit is ENOMEM, the earlier ones staying moved (mremap.2: the operation may be
// partially completed; spec/litmus/rlimit/MREMAP_DONTUNMAP+two_vmas+RLIMIT_DATA.mmt). Claimed
// when every VMA of the range is private anonymous and none special, both ways: ENOMEM is owed
// exactly when a piece does not fit. Before 6.17 the spanning move is EFAULT, which
// mremapFixedMoveSpansVmas judges, so EFAULT is let pass here. NOTE: the move's other ENOMEMs
// (the commit charge of an accountable copy under strict overcommit, max_map_count, an
// allocation) are not modelled: no bound comes near them (mprotectDataLimitExact's NOTE).

import { PAGE, TASK_SIZE, pageAlign } from '../../src/kernel/addr.js';
import { OTHER_DATA_PAGES, isDataMapping } from '../../src/kernel/dataLimit.js';
import { currentMm, type Mm, type Vma } from '../../src/kernel/state.js';
import { MREMAP_DONTUNMAP, MREMAP_FIXED, MREMAP_MAYMOVE } from '../../src/uapi/constants.js';
import { VM_SHARED, hasAny } from '../../src/uapi/vmFlags.js';
import type { TransitionInvariant } from './specInvariant.js';
import { countsInLockedVm, isLocked, vmaAt, vpnOf } from './_internals/mmFacts.js';
import {
  MREMAP_UNRESIZABLE,
  type MremapArgs,
  argumentsInvalid,
  mremapArgs,
  namesNewAddr,
  newAddrInvalid,
} from './_internals/mremapFacts.js';
import { limitPages } from './lockLimitRespected.js';
import { acceptedResults } from './_internals/acceptedResults.js';

/** The pages of [start, end) in VMAs `counts` selects. */
function pagesIn(mm: Mm, start: number, end: number, counts: (v: Vma) => boolean): number {
  let n = 0;
  for (const v of mm.vmas)
    if (counts(v)) n += Math.max(0, Math.min(v.end, end) - Math.max(v.start, start));
  return n;
}

/** The VMA a valid growth of `a` resizes: the old range lies in it; null when none does. */
function grownVma(mm: Mm, a: MremapArgs): Vma | null {
  if (argumentsInvalid(a) || newAddrInvalid(a) || a.newLen <= a.oldLen) return null;
  const start = vpnOf(a.addr);
  const v = vmaAt(mm, start);
  if (v === undefined || hasAny(v.flags, MREMAP_UNRESIZABLE)) return null;
  if (a.oldLen === 0n && !hasAny(v.flags, VM_SHARED)) return null;
  return start + vpnOf(a.oldLen) <= v.end ? v : null;
}

/**
 * The VMA whose old range a valid MREMAP_DONTUNMAP keeps: private anonymous, neither
 * VM_DONTEXPAND nor VM_PFNMAP, holding the whole old range; null for any other call.
 */
function keptVma(mm: Mm, a: MremapArgs): Vma | null {
  if ((a.flags & BigInt(MREMAP_DONTUNMAP)) === 0n || argumentsInvalid(a) || newAddrInvalid(a))
    return null;
  const start = vpnOf(a.addr);
  const v = vmaAt(mm, start);
  if (v === undefined || hasAny(v.flags, MREMAP_UNRESIZABLE) || hasAny(v.flags, VM_SHARED))
    return null;
  return v.backing.kind === 'anon' && start + vpnOf(a.oldLen) <= v.end ? v : null;
}

/**
 * The VMAs of a valid same-size MREMAP_DONTUNMAP|MREMAP_FIXED move whose old range runs past
 * the VMA at old_address (the 6.17+ spanning move), each clipped to the range, in address
 * order: all private anonymous and none special; null for any other call.
 */
function keptPieces(mm: Mm, a: MremapArgs): { from: number; end: number; v: Vma }[] | null {
  const fixed = (a.flags & BigInt(MREMAP_FIXED)) !== 0n;
  if ((a.flags & BigInt(MREMAP_DONTUNMAP)) === 0n || !fixed || argumentsInvalid(a)) return null;
  if (newAddrInvalid(a)) return null;
  const start = vpnOf(a.addr);
  const end = start + vpnOf(a.oldLen);
  const first = vmaAt(mm, start);
  if (first === undefined || first.end >= end) return null;
  const pieces = mm.vmas
    .filter((v) => v.end > start && v.start < end)
    .map((v) => ({ from: Math.max(v.start, start), end: Math.min(v.end, end), v }));
  const kept = (v: Vma): boolean =>
    v.backing.kind === 'anon' &&
    !hasAny(v.flags, VM_SHARED) &&
    !hasAny(v.flags, MREMAP_UNRESIZABLE);
  return pieces.every((p) => kept(p.v)) ? pieces : null;
}

/** ENOMEM when some data piece of a spanning MREMAP_DONTUNMAP, asked in turn, passes the limit. */
function piecesErrno(mm: Mm, a: MremapArgs, pieces: { from: number; end: number; v: Vma }[]) {
  if (mm.rlimitData === undefined) return null;
  const limit = Number(mm.rlimitData / PAGE);
  const start = vpnOf(a.addr);
  const target = vpnOf(a.newAddr);
  let data = pagesIn(mm, 0, Infinity, (w) => isDataMapping(w.flags)) + OTHER_DATA_PAGES;
  for (const { from, end, v } of pieces) {
    // This piece's slot of the target goes first (the target lies outside the old range).
    data -= pagesIn(mm, target + from - start, target + end - start, (w) => isDataMapping(w.flags));
    if (!isDataMapping(v.flags)) continue;
    if (data + end - from > limit) return 'ENOMEM';
    data += end - from;
  }
  return null;
}

/** Pages of [start, end) `counts` selects, as a MREMAP_FIXED target unmaps them first. */
function freedBy(mm: Mm, a: MremapArgs): (counts: (w: Vma) => boolean) => number {
  const target = vpnOf(a.newAddr);
  const fixed = (a.flags & BigInt(MREMAP_FIXED)) !== 0n;
  return (counts) => (fixed ? pagesIn(mm, target, target + vpnOf(a.newLen), counts) : 0);
}

/** ENOMEM when `pages` more pages of the data mapping `v` take data_vm past RLIMIT_DATA. */
function dataErrno(mm: Mm, a: MremapArgs, v: Vma, pages: number): 'ENOMEM' | null {
  if (mm.rlimitData === undefined || !isDataMapping(v.flags)) return null;
  const data = pagesIn(mm, 0, Infinity, (w) => isDataMapping(w.flags)) + OTHER_DATA_PAGES;
  const limit = Number(mm.rlimitData / PAGE);
  const freed = freedBy(mm, a)((w) => isDataMapping(w.flags));
  return data - freed + pages > limit ? 'ENOMEM' : null;
}

/** The errno the limits owe a growth of `v` by `grow` pages, or null when they allow it. */
function limitErrno(mm: Mm, a: MremapArgs, v: Vma, grow: number): 'EAGAIN' | 'ENOMEM' | null {
  // What a MREMAP_FIXED target holds may be unmapped before the limits are asked (to 6.16).
  if (!mm.capIpcLock && isLocked(v)) {
    const locked = mm.lockedVm - freedBy(mm, a)(countsInLockedVm) + grow;
    if (locked > limitPages(mm)) return 'EAGAIN';
  }
  return dataErrno(mm, a, v, grow);
}

/** Whether the VMA `v` ending the old range of `a` can grow where it is (vma_expandable). */
function expandable(mm: Mm, a: MremapArgs, v: Vma): boolean {
  const end = vpnOf(a.addr + a.oldLen);
  const grownEnd = vpnOf(a.addr + a.newLen);
  if (v.end !== end || BigInt(grownEnd) * PAGE > TASK_SIZE) return false;
  return !mm.vmas.some((w) => w.start < grownEnd && w.end > end);
}

/** The errno a growth within the limits owes: ENOMEM where it cannot grow and may not move. */
function placeErrno(mm: Mm, a: MremapArgs, v: Vma): 'ENOMEM' | null {
  if (namesNewAddr(a) || (a.flags & BigInt(MREMAP_MAYMOVE)) !== 0n || a.oldLen === 0n) return null;
  return expandable(mm, a, v) ? null : 'ENOMEM';
}

export const mremapLimitErrno: TransitionInvariant = {
  kind: 'transition',
  calls: ['mremap'],
  name: 'mremapLimitErrno',
  source: 'mm/mremap.c:vma_to_resize, check_prep_vma; mm/mmap.c:mlock_future_ok; may_expand_vm',
  holds: ({ before, call, result }) => {
    if (call.call !== 'mremap' || before.procs.length === 0) return true;
    const mm = currentMm(before);
    const a = mremapArgs(call);
    const pieces = keptPieces(mm, a);
    if (pieces !== null) {
      // ENOMEM only beyond the limit (as dataLimitExact states for mmap); other errnos are
      // judged elsewhere. Before 6.17 the spanning move is EFAULT.
      const owed = piecesErrno(mm, a, pieces);
      if (result.kind !== 'errno') return owed === null;
      return owed === null ? result.errno !== 'ENOMEM' : [owed, 'EFAULT'].includes(result.errno);
    }
    const kept = keptVma(mm, a);
    const v = kept ?? grownVma(mm, a);
    if (v === null) return true;
    const owed =
      kept !== null
        ? dataErrno(mm, a, kept, vpnOf(a.oldLen))
        : (limitErrno(mm, a, v, vpnOf(pageAlign(a.newLen - a.oldLen))) ?? placeErrno(mm, a, v));
    return owed === null || (result.kind === 'errno' && result.errno === owed);
  },
  // The outcomes it accepts here are the call's expectation (acceptedResults).
  restate: (t) => ({
    ...acceptedResults(mremapLimitErrno, t),
    checks: [],
    notes: [
      'the mremap above grows past RLIMIT_MEMLOCK (EAGAIN) or RLIMIT_DATA (ENOMEM), or cannot',
      'grow where it is without MREMAP_MAYMOVE (ENOMEM), or keeps with MREMAP_DONTUNMAP an old',
      'range that takes data_vm past RLIMIT_DATA (ENOMEM), or, moving several VMAs, one of',
      'whose pieces does, counted in turn (ENOMEM)',
    ],
  }),
};
