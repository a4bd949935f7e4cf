// MADV_HUGEPAGE and MADV_NOHUGEPAGE change one flag pair and nothing else (madvise.2:
// MADV_HUGEPAGE enables transparent huge pages for the range, MADV_NOHUGEPAGE ensures it will
// not be backed by them; mm/khugepaged.c:hugepage_madvise sets VM_HUGEPAGE and clears
// VM_NOHUGEPAGE, or the converse; mm/madvise.c:madvise_update_vma splits at the range's
// edges, walking on past holes as madvise_walk_vmas does):
// - every mapped page of the range keeps its VMA's other flags, its backing, file offset and
//   PTE, and has VM_HUGEPAGE set and VM_NOHUGEPAGE clear (MADV_HUGEPAGE) or the converse;
// - every page outside the range maps as it did; def_flags, locked_vm and the rest of the
//   program's lock are unchanged (neither flag is a lock bit, and no page is faulted or zapped).
// Judged on success and on ENOMEM (a hole: the mapped parts changed all the same); a refusal
// is the refusal properties' business.

import { type Mm, type Vma, currentMm } from '../../src/kernel/state.js';
import { checkMnemonics } from '../../src/trace/syntax.js';
import * as U from '../../src/uapi/constants.js';
import {
  VM_HUGEPAGE,
  VM_NOHUGEPAGE,
  type VmFlags,
  withFlags,
  withoutFlags,
} from '../../src/uapi/vmFlags.js';
import type { TransitionInvariant } from './specInvariant.js';
import { keptOutside } from './_internals/keptOutside.js';
import { metFailure, vmaAt } from './_internals/mmFacts.js';
import { adviceOf, madviseArgumentsBad } from './_internals/madviseFacts.js';
import { callRange, regionPagesIn } from './_internals/rangeFacts.js';

/** The pair of flags an advice sets and clears, or undefined for other advice. */
function flagPair(advice: number): { readonly set: VmFlags; readonly clear: VmFlags } | undefined {
  if (advice === U.MADV_HUGEPAGE) return { set: VM_HUGEPAGE, clear: VM_NOHUGEPAGE };
  if (advice === U.MADV_NOHUGEPAGE) return { set: VM_NOHUGEPAGE, clear: VM_HUGEPAGE };
  return undefined;
}

/** Same backing object and file offset at `vpn` (anonymous: the vpn of creation). */
function sameMapping(b: Vma, a: Vma, vpn: number): boolean {
  if (b.backing.kind !== a.backing.kind) return false;
  if (b.backing.kind === 'file' && a.backing.kind === 'file' && b.backing.file !== a.backing.file)
    return false;
  return b.pgoff + (vpn - b.start) === a.pgoff + (vpn - a.start);
}

/**
 * Whether every page of [start, end) maps in `after` as in `before` but for the flag pair:
 * compared piece by piece between the VMA edges of either mm, never page by page.
 */
function changedOnlyThePair(
  before: Mm,
  after: Mm,
  start: number,
  end: number,
  pair: { readonly set: VmFlags; readonly clear: VmFlags },
): boolean {
  const points = new Set([start, end]);
  for (const v of [...before.vmas, ...after.vmas])
    for (const p of [v.start, v.end]) if (p > start && p < end) points.add(p);
  const sorted = [...points].sort((x, y) => x - y);
  for (let i = 0; i + 1 < sorted.length; i++) {
    const from = sorted[i] ?? 0;
    const to = sorted[i + 1] ?? 0;
    const b = vmaAt(before, from);
    const a = vmaAt(after, from);
    if (b === undefined || a === undefined) {
      if (b !== a) return false;
      continue;
    }
    if (a.flags !== withFlags(withoutFlags(b.flags, pair.clear), pair.set)) return false;
    if (!sameMapping(b, a, from)) return false;
    const bp = b.ptes.slice(from - b.start, to - b.start);
    const ap = a.ptes.slice(from - a.start, to - a.start);
    if (!bp.equals(ap)) return false;
  }
  return true;
}

export const madviseHugepageFlags: TransitionInvariant = {
  kind: 'transition',
  calls: ['madvise'],
  name: 'madviseHugepageFlags',
  source: 'mm/khugepaged.c:hugepage_madvise; mm/madvise.c:madvise_update_vma',
  holds: ({ before, call, result, after }) => {
    if (call.call !== 'madvise') return true;
    const pair = flagPair(adviceOf(call));
    if (pair === undefined || madviseArgumentsBad(call) || metFailure(call)) return true;
    if (result.kind === 'errno' && result.errno !== 'ENOMEM') return true;
    const { start, end } = callRange(call);
    const was = currentMm(before);
    const now = currentMm(after);
    return (
      now.defFlags === was.defFlags &&
      now.lockedVm === was.lockedVm &&
      now.otherLock === was.otherLock &&
      keptOutside(was, now, [{ start, end }]) &&
      changedOnlyThePair(was, now, start, end, pair)
    );
  },
  // Each region page of the range shows the flag asked for and lacks the other; the rest is
  // as before.
  restate: ({ before, call }, trace) => {
    const huge = adviceOf(call) === U.MADV_HUGEPAGE;
    const { start, end } = callRange(call);
    const mm = currentMm(before);
    const pages = regionPagesIn(trace, start, end).filter(
      ({ region, page }) => vmaAt(mm, region.firstVpn + page) !== undefined,
    );
    return {
      checks: [
        ...pages.flatMap(({ region, page }) => [
          checkMnemonics({ kind: 'vmflags', addr: region.at(page) }, 'has', [huge ? 'hg' : 'nh']),
          checkMnemonics({ kind: 'vmflags', addr: region.at(page) }, 'lacks', [huge ? 'nh' : 'hg']),
        ]),
        trace.vmLckObserved(before),
        ...trace.defFlagsObserved(before),
      ],
    };
  },
};
