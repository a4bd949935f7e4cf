// Facts about the range a call names and what population can do there, shared by the
// properties that judge a call by its range (limit, ENOMEM, lock post-condition).

import { PAGE_SIZE } from '../../../src/uapi/constants.js';
import type { KernelCall } from '../../../src/kernel/call.js';
import { type KernelState, type Mm, PTE_GUARD, type Vma } from '../../../src/kernel/state.js';
import { VM_ACCESS_FLAGS, VM_IO, VM_PFNMAP, hasAny, vmFlags } from '../../../src/uapi/vmFlags.js';
import { arg, isLocked, lockRangeBytes, vpnOf } from './mmFacts.js';
import { oncePerCall } from './oncePerCall.js';
import type { TraceRegion, TraceView } from '../specInvariant.js';

const PAGE = BigInt(PAGE_SIZE);

/**
 * The pages [start, end) of a call's (addr, len) arguments as the kernel rounds them:
 * PAGE_ALIGN(len + offset_in_page(addr)) in 64 bits, so a length near 2^64 wraps to an empty
 * range (mm/mlock.c:do_mlock).
 */
export const callRange: (call: KernelCall) => PageSpan = oncePerCall((call) => {
  // Read once a call (oncePerCall): a dozen properties judge the same call's range.
  const addr = arg(call, 0);
  const len = BigInt.asUintN(64, arg(call, 1) + (addr % PAGE) + PAGE - 1n) & ~(PAGE - 1n);
  const start = vpnOf(addr);
  return { start, end: start + Number(len / PAGE) };
});

/** Pages [start, end) of a call's range. */
export interface PageSpan {
  readonly start: number;
  readonly end: number;
}

/** Whether file page `vpn` of `v` lies past EOF (a fault there is SIGBUS). */
export function pastEof(s: KernelState, v: Vma, vpn: number): boolean {
  if (v.backing.kind !== 'file') return false;
  return (v.pgoff + vpn - v.start) * PAGE_SIZE >= (s.files[v.backing.file]?.size ?? 0);
}

/**
 * Population can fault every page of `v` in [from, to): accessible, not VM_IO/VM_PFNMAP, no
 * guard marker (mm/memory.c:handle_pte_marker answers a guard marker's fault with
 * VM_FAULT_SIGSEGV, which get_user_pages makes EFAULT), not past EOF.
 */
export function populatable(s: KernelState, v: Vma, from: number, to: number): boolean {
  if (!hasAny(v.flags, VM_ACCESS_FLAGS) || hasAny(v.flags, vmFlags(VM_IO | VM_PFNMAP)))
    return false;
  let guarded = false;
  v.ptes.forEachRun(from - v.start, to - v.start, (_index, _len, pte) => {
    if (pte === PTE_GUARD) guarded = true;
  });
  if (guarded) return false;
  if (v.backing.kind !== 'file') return v.backing.kind === 'anon';
  return (v.pgoff + to - v.start) * PAGE_SIZE <= (s.files[v.backing.file]?.size ?? 0);
}

export interface RangeCost {
  /** Pages no VMA maps. */
  readonly unmapped: number;
  /** Pages in VMAs not VM_LOCKED yet: what locking the range adds. */
  readonly unlocked: number;
  /** Some page population cannot fault in (mlock then fails with ENOMEM after locking). */
  readonly unpopulatable: boolean;
}

export function rangeCost(s: KernelState, mm: Mm, start: number, end: number): RangeCost {
  let mapped = 0;
  let unlocked = 0;
  let unpopulatable = false;
  for (const v of mm.vmas) {
    const from = Math.max(start, v.start);
    const to = Math.min(end, v.end);
    if (to <= from) continue;
    mapped += to - from;
    if (!isLocked(v)) unlocked += to - from;
    if (!populatable(s, v, from, to)) unpopulatable = true;
  }
  return { unmapped: end - start - mapped, unlocked, unpopulatable };
}

/** Each page of the trace's regions that lies in [start, end): its region and its index there. */
export function regionPagesIn(
  trace: TraceView,
  start: number,
  end: number,
): { readonly region: TraceRegion; readonly page: number }[] {
  return trace.regions.flatMap((region) =>
    Array.from({ length: region.pages }, (_, page) => ({ region, page })).filter(
      ({ page }) => region.firstVpn + page >= start && region.firstVpn + page < end,
    ),
  );
}

/** rlimit(RLIMIT_MEMLOCK) >> PAGE_SHIFT as do_mlock computes it: RLIM_INFINITY (~0UL) is 2^52 - 1 pages. */
export const lockLimitPages = (mm: Mm): bigint => (mm.rlimitMemlock ?? (1n << 64n) - 1n) / PAGE;

/**
 * Whether mm/mlock.c:do_mlock's RLIMIT_MEMLOCK check refuses the mlock or mlock2 `call` of a
 * caller without CAP_IPC_LOCK: locked_vm plus every page of the page-aligned range, holes
 * included, less the range's pages in VM_LOCKED VMAs (count_mm_mlocked_page_nr: relocking is
 * free since 4.9; a range wrapping past 2^64 is counted up to ULONG_MAX since 6.1), is beyond
 * the limit.
 */
export function mlockLimitRefuses(mm: Mm, call: KernelCall): boolean {
  const { start, end } = lockRangeBytes(call);
  const charged = BigInt(mm.lockedVm) + (end - start) / PAGE;
  const limit = lockLimitPages(mm);
  if (charged <= limit) return false;
  const from = vpnOf(start);
  const to = end >= 1n << 64n ? Infinity : Number(end / PAGE);
  let credit = 0;
  for (const v of mm.vmas)
    if (isLocked(v)) credit += Math.max(0, Math.min(v.end, to) - Math.max(v.start, from));
  return charged - BigInt(credit) > limit;
}
