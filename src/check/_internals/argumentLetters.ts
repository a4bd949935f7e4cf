// mremap's and madvise's edge letters (`args=edge`, edgeLetters.ts): the other shapes of
// mremap and madvise that take other branches of mm/mremap.c and mm/madvise.c (the errors of
// mremap.2 and madvise.2, a resize in place, a move with MREMAP_FIXED, old_len 0, the advice
// that acts on a VMA). No bound tries them unless it asks for `args=edge` (the default bound
// explores what it did before); the mutation test's bounds do
// (test/mutation/propertiesAlone.test.ts).
//
// Every mapping a letter can make stays inside the bound's regions (the state encoding holds
// nothing else, src/check/_internals/layout.ts): a growth in place only from a one-page VMA at
// a region's start, a move only with MREMAP_FIXED onto another region's start or with
// MREMAP_DONTUNMAP hinted at the next region's spot (new_address NULL, which the trace places
// as it places a NULL-hint mmap: src/trace/bindings.ts:mremapNullHint), never a plain
// MREMAP_MAYMOVE (get_unmapped_area would place it anywhere).

import { TASK_SIZE } from '../../kernel/addr.js';
import type { KernelBound } from '../kernelBound.js';
import { type ArgSpec, type Letter, at, int, pagesArg } from '../letter.js';

const ZERO = int(0);
const MOVE_FIXED = int(3, 'MREMAP_MAYMOVE|MREMAP_FIXED');
const SIZE_MAX = int((1n << 64n) - 1n, '-1');

/** mremap's letters of region `k`; a move goes to region `j`'s start. */
export function mremapArgLetters(b: KernelBound, k: number): Letter[] {
  if (b.pages < 2) return [];
  const one = pagesArg(1);
  const two = pagesArg(2);
  const whole = pagesArg(b.pages);
  const r = (args: readonly ArgSpec[], target?: number): Letter =>
    target === undefined
      ? { call: 'mremap', region: k, args }
      : { call: 'mremap', region: k, target, args };
  const letters = [
    // In place: a growth of a one-page VMA (vma_expandable), ENOMEM when the next page is
    // mapped; a shrink (the tail unmapped as munmap would).
    r([at(0), one, two, ZERO, ZERO]),
    r([at(0), two, one, ZERO, ZERO]),
    // new_address counts only with MREMAP_FIXED or MREMAP_DONTUNMAP: an unaligned one beside a
    // growth in place is ignored (mremap.2; mm/mremap.c:mremap_to checks it only for a move).
    r([at(0), one, two, ZERO, int(1)]),
    // Lengths are rounded up to whole pages (the SYSCALL's PAGE_ALIGN): 1 byte grown to a page
    // and a byte is the same growth of one page by one.
    r([at(0), int(1), int(4097), ZERO, ZERO]),
    // mremap.2 EINVAL: an unknown flag, a flag bit above 32 (the SYSCALL's unsigned long),
    // an unaligned old_address, new_len 0, an overlapping MREMAP_FIXED target, an unaligned
    // one, a new range past TASK_SIZE.
    r([at(0), two, two, int(8, '0x8'), ZERO]),
    r([at(0), two, two, int(1n << 32n, '0x100000000'), ZERO]),
    r([at(0, 1), one, one, ZERO, ZERO]),
    r([at(0), two, ZERO, ZERO, ZERO]),
    r([at(0), two, two, MOVE_FIXED, at(1)]),
    r([at(0), one, one, MOVE_FIXED, at(1, 1)]),
    r([at(0), one, one, MOVE_FIXED, int(TASK_SIZE, '0x7ffffffff000')]),
    // A new_len past TASK_SIZE: EINVAL for every mremap from 6.17 (check_mremap_params), a
    // growth with no room (ENOMEM) before; a shrink whose tail runs past TASK_SIZE: EINVAL,
    // the tail's munmap refusing its range (litmus mremap+new_len_past_task_size,
    // mremap+shrink_past_task_size).
    r([at(0), one, int(1n << 63n, '0x8000000000000000'), int(1, 'MREMAP_MAYMOVE'), ZERO]),
    r([at(0), int(1n << 63n, '0x8000000000000000'), one, ZERO, ZERO]),
    // A move onto the page just after or just before the old range: no overlap, so it moves.
    r([at(0), one, one, MOVE_FIXED, at(1)]),
    r([at(1), one, one, MOVE_FIXED, at(0)]),
  ];
  if (b.regions < 2) return letters;
  const j = (k + 1) % b.regions;
  const target = { kind: 'target' } as const;
  letters.push(
    // Moves onto another region: the same size, a growth, a shrink, the whole region (6.17+
    // spans VMAs and holes), from the second page (EFAULT when it is a hole).
    r([at(0), one, one, MOVE_FIXED, target], j),
    r([at(0), one, two, MOVE_FIXED, target], j),
    r([at(0), two, one, MOVE_FIXED, target], j),
    r([at(0), two, two, MOVE_FIXED, target], j),
    r([at(1), one, one, MOVE_FIXED, target], j),
    // With regions of three pages: a move that grows two pages to three. Over one VMA it
    // moves; over two VMAs, or a VMA and a hole, it is EFAULT before the target is touched:
    // from 6.17 only a move of the same size spans VMAs (mm/mremap.c:check_prep_vma; mremap.2
    // EFAULT, the range past the mapping at old_address). Two-page regions have no room for it.
    ...(b.pages >= 3 ? [r([at(0), two, pagesArg(3), MOVE_FIXED, target], j)] : []),
    // old_len 0: a second mapping of a shared one, EINVAL for a private one; from the second
    // page, the copy maps the pages from that page's offset on.
    r([at(0), ZERO, one, MOVE_FIXED, target], j),
    r([at(1), ZERO, one, MOVE_FIXED, target], j),
    // EINVAL: MREMAP_FIXED without MREMAP_MAYMOVE; MREMAP_DONTUNMAP resizing.
    r([at(0), two, two, int(2, 'MREMAP_FIXED'), target], j),
    r([at(0), one, two, int(7, 'MREMAP_MAYMOVE|MREMAP_FIXED|MREMAP_DONTUNMAP'), target], j),
    // MREMAP_DONTUNMAP without MREMAP_FIXED: new_address is get_unmapped_area's hint
    // (mm/mremap.c:vrm_set_new_addr), here the next region's spot, free until placed: the copy
    // lands there and becomes that region (mremapPostcondition judges the move). The whole
    // region, as the default alphabet's MREMAP_DONTUNMAP: a part of a locked VMA would show
    // 6.18's known quirk (litmus MREMAP_DONTUNMAP+locked_part) to mlockedPageHasLockedVma.
    r([at(0), whole, whole, int(5, 'MREMAP_MAYMOVE|MREMAP_DONTUNMAP'), { kind: 'hint' }]),
  );
  return letters;
}

/** The advice the fixed alphabet does not try, with the name a trace spells it by. */
const ADVICE: readonly (readonly [number, string])[] = [
  [24, 'MADV_DONTNEED_LOCKED'],
  [20, 'MADV_COLD'],
  [21, 'MADV_PAGEOUT'],
  [8, 'MADV_FREE'],
  [3, 'MADV_WILLNEED'],
  [9, 'MADV_REMOVE'],
  [0, 'MADV_NORMAL'],
  // mm/khugepaged.c:hugepage_madvise: the flag pair VM_HUGEPAGE / VM_NOHUGEPAGE.
  [14, 'MADV_HUGEPAGE'],
  [15, 'MADV_NOHUGEPAGE'],
  // mm/madvise.c:madvise_vma_behavior: VM_DONTCOPY and VM_WIPEONFORK, which fork reads.
  [10, 'MADV_DONTFORK'],
  [11, 'MADV_DOFORK'],
  [18, 'MADV_WIPEONFORK'],
  [19, 'MADV_KEEPONFORK'],
  // 6.13+ (mm/madvise.c:madvise_guard_install, madvise_guard_remove): guard markers.
  [102, 'MADV_GUARD_INSTALL'],
  [103, 'MADV_GUARD_REMOVE'],
];

/** madvise's letters of region `k`. */
export function madviseArgLetters(b: KernelBound, k: number): Letter[] {
  const all = pagesArg(b.pages);
  const dontneed = int(4, 'MADV_DONTNEED');
  const r = (args: readonly ArgSpec[]): Letter => ({ call: 'madvise', region: k, args });
  return [
    ...ADVICE.map(([value, text]) => r([at(0), all, int(value, text)])),
    // madvise.2 EINVAL: an advice no kernel knows, an unaligned start, a length that wraps.
    r([at(0), all, int(99)]),
    r([at(0, 1), pagesArg(1), dontneed]),
    r([at(0), SIZE_MAX, dontneed]),
    // A page-aligned length whose end wraps past 2^64 (do_madvise: end < start).
    r([at(0), int((1n << 64n) - 4096n, '-1P'), dontneed]),
    // A length past the region that does not wrap (TASK_SIZE): ENOMEM after the walk.
    r([at(0), int(TASK_SIZE, '0x7ffffffff000'), int(0, 'MADV_NORMAL')]),
    // MADV_REMOVE of the first page alone: the hole is that page of the file, not the next.
    r([at(0), pagesArg(1), int(9, 'MADV_REMOVE')]),
    // A zero length is success; a range running into the hole after the region is ENOMEM
    // after the advice was applied to the mapped part (madvise_walk_vmas).
    r([at(0), ZERO, dontneed]),
    r([at(0), pagesArg(1), dontneed]),
    r([at(b.pages - 1), pagesArg(2), dontneed]),
    r([at(b.pages - 1), pagesArg(2), int(23, 'MADV_POPULATE_WRITE')]),
    // MADV_WILLNEED from inside a VMA: a file's readahead starts at the offset the range's
    // first page maps, not the VMA's (madvise_willneed; madviseWillneedCachesOnlyItsRange).
    // A one-page region has no inside: the advice letter above is that range already.
    ...(b.pages > 1 ? [r([at(b.pages - 1), pagesArg(1), int(3, 'MADV_WILLNEED')])] : []),
    // Guard markers over part of a region: the install's zap and the removal's clearing stop
    // at the range's end (mm/madvise.c:madvise_guard_install, madvise_guard_remove), so the
    // page after keeps its mapping or its marker (pageMapCountExact, keptOutside).
    ...(b.pages > 1
      ? [
          r([at(0), pagesArg(1), int(102, 'MADV_GUARD_INSTALL')]),
          r([at(0), pagesArg(1), int(103, 'MADV_GUARD_REMOVE')]),
        ]
      : []),
    // With munmap in the bound, its region's first page unmapped: a madvise over the region
    // then meets a hole BEFORE a VMA of its range (madvise_walk_vmas skips to the VMA and
    // still answers ENOMEM), which the holes after a region never show.
    ...(b.calls.includes('munmap')
      ? [{ call: 'munmap', region: k, args: [at(0), pagesArg(1)] } as const]
      : []),
  ];
}
