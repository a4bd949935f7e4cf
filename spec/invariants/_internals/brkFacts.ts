// What brk(2) must answer, from the process before the call (mm/mmap.c:SYSCALL_DEFINE1(brk),
// semantics 20): the reason the kernel keeps the old break, or null when it must move it.
// Shared by brkRefusalsJustified and brkLimitsRespected. In the kernel's order:
// - below start_brk (min_brk without CONFIG_COMPAT_BRK): brk(0) only asks;
// - check_data_rlimit: the heap from start_brk to the new break plus the data segment
//   (end_data - start_data) over RLIMIT_DATA, checked before the break is compared;
// - the same page as the old break: only mm->brk moves, nothing can refuse it;
// - shrinking: refused when no VMA meets [PAGE_ALIGN(new), PAGE_ALIGN(old)) (vma_find);
// - growing: check_brk_limits (past TASK_SIZE, or PAGE_ALIGN wrapping to 0: get_unmapped_area
//   with MAP_FIXED; then mlock_future_ok with def_flags), a page of gap below the next VMA
//   (vm_start_gap: the stack guard gap below a VM_GROWSDOWN one), and do_brk_flags'
//   may_expand_vm, whose RLIMIT_DATA part counts data_vm (the heap is a data mapping).
// RLIMIT_AS, vm.max_map_count and overcommit are not modelled (spec/limitations.md).

import { DATA_SEGMENT_BYTES, dataVmOf } from '../../../src/kernel/dataLimit.js';
import { PAGE, TASK_SIZE, pageAlign } from '../../../src/kernel/addr.js';
import type { Mm } from '../../../src/kernel/state.js';
import { VM_GROWSDOWN, VM_LOCKED, hasAny } from '../../../src/uapi/vmFlags.js';

export type BrkRefusal =
  | 'below start_brk'
  | 'RLIMIT_DATA (check_data_rlimit)'
  | 'nothing mapped to unmap'
  | 'past TASK_SIZE'
  | 'RLIMIT_MEMLOCK (mlock_future_ok)'
  | 'no gap below the next VMA'
  | 'RLIMIT_DATA (may_expand_vm)';

const pagesOf = (bytes: bigint): bigint => bytes / PAGE;

/** mm/mmap.c:stack_guard_gap's default, 256 pages (the stack_guard_gap= boot option). */
const STACK_GUARD_GAP_PAGES = 256;

/** Why brk(`asked`) keeps the old break of `mm`, or null when it must move it. */
export function brkRefusal(mm: Mm, asked: bigint): BrkRefusal | null {
  const area = mm.brkArea;
  if (area === undefined) return null;
  const start = BigInt(area.startBrk);
  const old = BigInt(area.brk);
  if (asked < start) return 'below start_brk';
  if (mm.rlimitData !== undefined && asked - start + DATA_SEGMENT_BYTES > mm.rlimitData)
    return 'RLIMIT_DATA (check_data_rlimit)';
  const newbrk = pageAlign(asked);
  const oldbrk = pageAlign(old);
  if (newbrk === oldbrk) return null;
  const from = Number(oldbrk / PAGE);
  if (asked <= old) {
    const to = Number(newbrk / PAGE);
    return mm.vmas.some((v) => v.start < from && to < v.end) ? null : 'nothing mapped to unmap';
  }
  if (newbrk > TASK_SIZE || newbrk === 0n) return 'past TASK_SIZE';
  const pages = pagesOf(newbrk - oldbrk);
  if (
    hasAny(mm.defFlags, VM_LOCKED) &&
    !mm.capIpcLock &&
    mm.rlimitMemlock !== null &&
    BigInt(mm.lockedVm) + pages > pagesOf(mm.rlimitMemlock)
  )
    return 'RLIMIT_MEMLOCK (mlock_future_ok)';
  const to = Number(newbrk / PAGE);
  const next = mm.vmas.find((v) => v.end > from);
  if (next !== undefined) {
    const gap = hasAny(next.flags, VM_GROWSDOWN) ? STACK_GUARD_GAP_PAGES : 0;
    if (to + 1 > next.start - gap) return 'no gap below the next VMA';
  }
  if (mm.rlimitData !== undefined && BigInt(dataVmOf(mm)) + pages > pagesOf(mm.rlimitData))
    return 'RLIMIT_DATA (may_expand_vm)';
  return null;
}
