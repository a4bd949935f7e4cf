// mremap's post-condition (mremap.2 DESCRIPTION; mm/mremap.c:SYSCALL_DEFINE5(mremap),
// mremap_to, move_vma, vma_expandable; semantics 18): when mremap returns an address R, with
// O = [addr, addr + PAGE_ALIGN(old_len)) and N = [R, R + PAGE_ALIGN(new_len)):
// - in place (R = addr, neither MREMAP_FIXED nor MREMAP_DONTUNMAP): a shrink only unmaps the
//   tail of O past new_len, like munmap; a growth extends the VMA that ends O — the same flags,
//   backing and contiguous offset — and changes nothing else;
// - moved: page i of N maps what page i of O mapped before (same backing, offset, flags and
//   PTE: move_page_tables moves the PTEs, copy_vma keeps the flags), where O had a VMA (from
//   6.17 a move may span VMAs, and the slots of N opposite O's holes keep what they held);
//   pages of N past old_len continue the VMA before them; the tail of O past new_len is gone;
//   without MREMAP_DONTUNMAP nothing of O stays mapped; with it O stays mapped with the same
//   backing and offset, no PTE, and no lock bits (move_vma clears VM_LOCKED_MASK on the old
//   VMA);
// - old_len 0 of a shared mapping: N is a second mapping of the same pages (same backing,
//   offset and flags), O is kept;
// - nothing outside O and N changes, def_flags neither. The one exception is 6.18's
//   MREMAP_DONTUNMAP (semantics 18.3, flagged as mremapDontunmapLeaksLockedVm): the old VMAs
//   O meets lose their lock bits as a whole, pages outside O included;
// - locked_vm moves by exactly the pages that VM_LOCKED VMAs (those counted in locked_vm)
//   gained or lost — except that the same 6.18 MREMAP_DONTUNMAP leak may charge up to the old
//   VMAs' size more, which the flag reports.
// Population of a grown VM_LOCKED part ignores its errors (mm_populate), so the PTEs of the
// grown part are not judged.

import { PAGE, pageAlign } from '../../src/kernel/addr.js';
import {
  type KernelState,
  PTE_NONE,
  currentMm,
  type Mm,
  type Vma,
  mmWithVmas,
  vmaWith,
} from '../../src/kernel/state.js';
import { MREMAP_DONTUNMAP } from '../../src/uapi/constants.js';
import {
  VM_LOCKED,
  VM_LOCKED_MASK,
  hasAny,
  vmFlags,
  withoutFlags,
} from '../../src/uapi/vmFlags.js';
import { checkExtent } from '../../src/trace/syntax.js';
import type { Transition, TransitionInvariant } from './specInvariant.js';
import { arg, argInt, countsInLockedVm, othersKept, vmaAt } from './_internals/mmFacts.js';
import { keptOutside, noVmaIn, onlyUnmapped, type PageRange } from './_internals/keptOutside.js';
import { dontunmapLeakBound } from './_internals/lockedVmLeak.js';
import { regionPagesIn } from './_internals/rangeFacts.js';

const pagesOf = (len: bigint): number => Number(pageAlign(len) / PAGE);
const vpnOf = (addr: bigint): number => Number(addr / PAGE);

/** The pages counted in locked_vm that the VMAs of `mm` hold. */
function lockedSize(mm: Mm): number {
  let n = 0;
  for (const v of mm.vmas) if (countsInLockedVm(v)) n += v.end - v.start;
  return n;
}

/**
 * Same backing object and the same offset: page `pa` of `a` maps what page `pb` of `b` maps.
 * An anonymous VMA not faulted yet (no anon_vma) has no object to keep: mm/vma.c:copy_vma sets
 * its vm_pgoff to the new address, so either offset is right.
 */
function sameObject(b: Vma, pb: number, a: Vma, pa: number): boolean {
  if (b.backing.kind !== a.backing.kind) return false;
  if (b.backing.kind === 'file' && a.backing.kind === 'file' && b.backing.file !== a.backing.file)
    return false;
  const at = a.pgoff + (pa - a.start);
  return (
    b.pgoff + (pb - b.start) === at || (b.backing.kind === 'anon' && b.anonVma === 0 && at === pa)
  );
}

/** Every page of `range` in `a` continues the VMA of `a` just below it: flags, backing, offset. */
function continues(a: Mm, range: PageRange): boolean {
  for (let p = range.start; p < range.end; p++) {
    const v = vmaAt(a, p);
    const below = vmaAt(a, p - 1);
    if (v === undefined || below === undefined) return false;
    if (v.flags !== below.flags || !sameObject(below, p - 1, v, p - 1)) return false;
  }
  return true;
}

/**
 * What a target page's PTE must be: the source page's (a move), none (a copy), or anything (a
 * copy of a VM_LOCKED VMA, which the SYSCALL populates as grown: mm_populate ignores errors).
 */
type PteRule = 'moved' | 'none' | 'any';

/**
 * Whether page `vpn` of `v` (in `after`) may have been filled by fault-around while the growth
 * was populated: a growth of a VM_LOCKED VMA is faulted in (mm_populate), a read fault of a
 * file VMA maps the page-cache pages around it that are already there (mm/memory.c:
 * do_fault_around, within the VMA), so a page that had no PTE may now map its file offset's
 * cached page. The host shows it: spec/litmus/mremap+grow+fault_around.mmt.
 */
function filledAround(after: KernelState, v: Vma, vpn: number): boolean {
  if (!hasAny(v.flags, VM_LOCKED) || v.backing.kind !== 'file') return false;
  const page = after.files[v.backing.file]?.cache.get(v.pgoff + (vpn - v.start));
  return page !== undefined && v.ptes.at(vpn - v.start) === page;
}

/**
 * Whether every page of `after` outside `ranges` maps as in `before`, but for PTEs that
 * fault-around filled in the VMA holding `at` (the grown one, merged with its neighbours or
 * not): there the same VMA flags and offset, and the same PTE unless it had none.
 */
function keptButFilled(t: Transition, b: Mm, a: Mm, ranges: PageRange[], at: number): boolean {
  const grown = extentAt(a, at);
  if (!keptOutside(b, a, [...ranges, grown])) return false;
  for (let p = grown.start; p < grown.end; p++) {
    if (ranges.some((r) => p >= r.start && p < r.end)) continue;
    const bv = vmaAt(b, p);
    const av = vmaAt(a, p);
    if (bv === undefined || av === undefined) {
      if (bv !== av) return false;
      continue;
    }
    if (av.flags !== bv.flags || !sameObject(bv, p, av, p)) return false;
    const was = bv.ptes.at(p - bv.start);
    if (av.ptes.at(p - av.start) !== was && !(was === PTE_NONE && filledAround(t.after, av, p)))
      return false;
  }
  return true;
}

/** The extent of the VMA of `a` holding `vpn`, or an empty range. */
function extentAt(a: Mm, vpn: number): PageRange {
  const v = vmaAt(a, vpn);
  return v === undefined ? { start: vpn, end: vpn } : { start: v.start, end: v.end };
}

/**
 * Page i of [to, to + n) in `a` maps what page i of [from, from + n) mapped in `b`, flags and
 * PTE included (`ptes`); where `b` had no VMA at the source page, the target page is as `b`
 * had it.
 */
function movedPages(
  t: Transition,
  b: Mm,
  a: Mm,
  from: number,
  to: number,
  n: number,
  ptes: PteRule,
): boolean {
  for (let i = 0; i < n; i++) {
    const bv = vmaAt(b, from + i);
    const av = vmaAt(a, to + i);
    if (bv === undefined) {
      const was = vmaAt(b, to + i);
      if (was === undefined || av === undefined) {
        if (was !== av) return false;
        continue;
      }
      if (av.flags !== was.flags || !sameObject(was, to + i, av, to + i)) return false;
      if (av.ptes.at(to + i - av.start) !== was.ptes.at(to + i - was.start)) return false;
      continue;
    }
    if (av === undefined || av.flags !== bv.flags || !sameObject(bv, from + i, av, to + i))
      return false;
    if (ptes === 'any') continue;
    const want = ptes === 'moved' ? bv.ptes.at(from + i - bv.start) : PTE_NONE;
    const got = av.ptes.at(to + i - av.start);
    if (got !== want && !(want === PTE_NONE && filledAround(t.after, av, to + i))) return false;
  }
  return true;
}

/** MREMAP_DONTUNMAP's old range: still mapped as before, no PTE, no lock bits. */
function leftBehind(b: Mm, a: Mm, o: PageRange): boolean {
  for (let p = o.start; p < o.end; p++) {
    const bv = vmaAt(b, p);
    const av = vmaAt(a, p);
    if (bv === undefined || av === undefined) return bv === av;
    if (!sameObject(bv, p, av, p) || av.ptes.at(p - av.start) !== PTE_NONE) return false;
    if (av.flags !== withoutFlags(bv.flags, VM_LOCKED_MASK)) return false;
  }
  return true;
}

/** `b` with the VMAs `o` meets unlocked as a whole: 6.18's MREMAP_DONTUNMAP (semantics 18.3). */
const unlockedAsWhole = (b: Mm, o: PageRange): Mm =>
  mmWithVmas(
    b,
    b.vmas.map((v) =>
      v.start < o.end && o.start < v.end
        ? vmaWith(
            v,
            v.start,
            v.end,
            vmFlags(withoutFlags(v.flags, VM_LOCKED_MASK)),
            v.pgoff,
            v.ptes,
          )
        : v,
    ),
  );

function moved(t: Transition, b: Mm, a: Mm, o: PageRange, n: PageRange): boolean {
  const flags = argInt(t.call, 3);
  const oldPages = o.end - o.start;
  const newPages = n.end - n.start;
  const keep = Math.min(oldPages, newPages);
  const dontunmap = (flags & MREMAP_DONTUNMAP) !== 0;
  if (oldPages === 0) {
    // A second mapping of a shared one: N copies the VMA at addr, without its PTEs unless it
    // is VM_LOCKED (then all of N is the growth mm_populate faults in: the host shows it,
    // spec/litmus/mremap+old_len_0+MAP_LOCKED.mmt).
    const src = vmaAt(b, o.start);
    if (src === undefined) return false;
    const locked = hasAny(src.flags, VM_LOCKED);
    if (!keptOutside(b, a, [n]) && !(locked && keptButFilled(t, b, a, [n], n.end - 1)))
      return false;
    const rule = locked ? 'any' : 'none';
    return (
      movedPages(t, b, a, o.start, n.start, 1, rule) && continues(a, { ...n, start: n.start + 1 })
    );
  }
  if (!movedPages(t, b, a, o.start, n.start, keep, 'moved')) return false;
  if (!continues(a, { start: n.start + keep, end: n.end })) return false;
  if (dontunmap ? !leftBehind(b, a, o) : !noVmaIn(a, o)) return false;
  // A growth is populated when locked: fault-around may fill the VMA it merged into.
  const grew = newPages > oldPages;
  return (
    keptOutside(b, a, [o, n]) ||
    (dontunmap && keptOutside(unlockedAsWhole(b, o), a, [o, n])) ||
    (grew && keptButFilled(t, b, a, [o, n], n.end - 1))
  );
}

function inPlace(t: Transition, b: Mm, a: Mm, o: PageRange, newPages: number): boolean {
  const end = o.start + newPages;
  if (end <= o.end) return onlyUnmapped(b, a, [{ start: end, end: o.end }]);
  const growth = { start: o.end, end };
  return (
    noVmaIn(b, growth) && continues(a, growth) && keptButFilled(t, b, a, [growth], growth.start)
  );
}

/** locked_vm moved by the locked pages gained or lost, or by up to 6.18's DONTUNMAP leak more. */
function lockedVmExact(t: Transition, b: Mm, a: Mm): boolean {
  const over = a.lockedVm - b.lockedVm - (lockedSize(a) - lockedSize(b));
  return over === 0 || (over > 0 && over <= dontunmapLeakBound(t));
}

export const mremapPostcondition: TransitionInvariant = {
  kind: 'transition',
  // A postcondition of success: a call that returned no value keeps it.
  results: ['value'],
  calls: ['mremap'],
  name: 'mremapPostcondition',
  source: 'mm/mremap.c:SYSCALL_DEFINE5(mremap), mremap_to, move_vma',
  holds: (t) => {
    if (t.call.call !== 'mremap' || t.result.kind !== 'value') return true;
    const b = currentMm(t.before);
    const a = currentMm(t.after);
    if (!othersKept(t.before, t.after)) return false;
    if (a.defFlags !== b.defFlags || !lockedVmExact(t, b, a)) return false;
    const start = vpnOf(arg(t.call, 0));
    const o = { start, end: start + pagesOf(arg(t.call, 1)) };
    const newPages = pagesOf(arg(t.call, 2));
    const to = vpnOf(t.result.value);
    const n = { start: to, end: to + newPages };
    // A move never lands on its own source (mremap_to refuses the overlap), so an answer of
    // old_address is a resize in place, whatever the flags: nommu's do_mremap ignores
    // MREMAP_DONTUNMAP and takes MREMAP_FIXED to old_address itself.
    return to === start ? inPlace(t, b, a, o, newPages) : moved(t, b, a, o, n);
  },
  // Every page of the trace's regions in the new range: mapped.
  restate: ({ call, result }, trace) => {
    if (result.kind !== 'value') return { checks: [] };
    const to = vpnOf(result.value);
    return {
      checks: regionPagesIn(trace, to, to + pagesOf(arg(call, 2))).map(({ region, page }) =>
        checkExtent(region.at(page), 'none', '!='),
      ),
      notes: [
        'the new range maps what the old one did, the old one is gone (or kept without PTEs',
        'and lock bits under MREMAP_DONTUNMAP), nothing else changes, and locked_vm moves by',
        'the locked pages gained or lost: the checks read the extent only',
      ],
    };
  },
};
