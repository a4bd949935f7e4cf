// mmap(2): arch/x86 sys_mmap, mm/mmap.c:ksys_mmap_pgoff and do_mmap (validation, in the
// kernel's order), mm/vma.c:__mmap_region and __mmap_complete (the new VMA, its accounting),
// then mm_populate once the lock is dropped, when the populate decision says so.

import { mlockFutureOk } from './accounting.js';
import { mayExpandData } from './dataLimit.js';
import { MMAP_MIN_ADDR, PAGE_MASK_U64, lowU32, offsetInPage, pageAlign } from './addr.js';
import { U64_MASK, pagesIn, toVpn } from './addr.js';
import { canDoMlock } from './mlock.js';
import { populateAfterUnlock } from './populateSteps.js';
import { type Result, err, ok } from './result.js';
import { PteRuns } from './pteRuns.js';
import { ANON, type Backing, newVma } from './state.js';
import type { Tx } from './tx.js';
import * as U from '../uapi/constants.js';
import { getUnmappedArea } from './unmappedArea.js';
import { intersects, mappedPages, unmapRange } from './unmap.js';
import { insertVma } from './vmaList.js';
import * as F from '../uapi/vmFlags.js';
import { type VmFlags, hasAny, vmFlags, withFlags, withoutFlags } from '../uapi/vmFlags.js';

/** mm/mmap.c:calc_vm_prot_bits, then calc_vm_flag_bits (a decision point), then def_flags. */
function requestedFlags(tx: Tx, prot: number, flags: number): VmFlags {
  let f = vmFlags(prot & (U.PROT_READ | U.PROT_WRITE | U.PROT_EXEC));
  f = withFlags(f, tx.model.decisions.mmapVmFlagBits(flags));
  f = withFlags(f, tx.mm.defFlags);
  return withFlags(f, vmFlags(F.VM_MAYREAD | F.VM_MAYWRITE | F.VM_MAYEXEC));
}

interface Placement {
  readonly vmFlags: VmFlags;
  readonly fileId: number;
  readonly pgoff: number;
}

/**
 * The MAP_TYPE switch of do_mmap, after the lock and limit checks (semantics 3.1 step 10):
 * file mappings, then anonymous ones. Returns the final flags and backing, or the errno.
 */
function checkType(
  tx: Tx,
  flags: number,
  f: VmFlags,
  file: number | undefined,
  pgoff: number,
  addr: bigint,
  len: bigint,
): Placement | Result {
  const type = flags & U.MAP_TYPE;
  if (file !== undefined) {
    const kind = tx.file(file).kind;
    if (type === U.MAP_SHARED || type === U.MAP_SHARED_VALIDATE) {
      // LEGACY_MAP_MASK: MAP_SHARED_VALIDATE rejects flags it does not know.
      const known = tx.model.decisions.mapSharedValidateMask;
      if (type === U.MAP_SHARED_VALIDATE && flags & ~(known | U.MAP_TYPE)) return err('EOPNOTSUPP');
      f = withFlags(f, vmFlags(F.VM_SHARED | F.VM_MAYSHARE));
    } else if (type !== U.MAP_PRIVATE) return err('EINVAL');
    // do_mmap: a file on a noexec mount (secretmem's internal one) may not be mapped
    // executable, and loses VM_MAYEXEC.
    if (kind === 'secretmem') {
      if (hasAny(f, F.VM_EXEC)) return err('EPERM');
      f = withoutFlags(f, F.VM_MAYEXEC);
    }
    if (hasAny(f, F.VM_GROWSDOWN)) return err('EINVAL');
    // mm/secretmem.c:secretmem_mmap — shared only; always locked, charged against the limit.
    if (kind === 'secretmem') {
      if (!hasAny(f, F.VM_SHARED)) return err('EINVAL');
      if (!mlockFutureOk(tx, withFlags(f, F.VM_LOCKED), pagesIn(len))) return err('EAGAIN');
      f = withFlags(f, tx.model.decisions.secretmemMmapVmFlags);
    }
    return { vmFlags: f, fileId: file, pgoff };
  }
  if (type === U.MAP_SHARED) {
    if (hasAny(f, F.VM_GROWSDOWN)) return err('EINVAL');
    // mm/shmem.c:shmem_zero_setup — every shared anonymous mapping gets its own shmem file.
    const fileId = tx.addFile({ kind: 'shmem', size: Number(len), cache: new Map(), raPages: 0 });
    return { vmFlags: withFlags(f, vmFlags(F.VM_SHARED | F.VM_MAYSHARE)), fileId, pgoff: 0 };
  }
  if (type === U.MAP_DROPPABLE && tx.model.decisions.doMmapKnowsMapType(type)) {
    if (flags & (U.MAP_LOCKED | U.MAP_HUGETLB)) return err('EINVAL');
    if (hasAny(f, F.VM_GROWSDOWN)) return err('EINVAL');
    const extra = F.VM_DROPPABLE + (F.VM_NORESERVE | F.VM_WIPEONFORK | F.VM_DONTDUMP);
    return { vmFlags: withFlags(f, vmFlags(extra)), fileId: -1, pgoff: toVpn(addr) };
  }
  if (type !== U.MAP_PRIVATE) return err('EINVAL');
  return { vmFlags: f, fileId: -1, pgoff: toVpn(addr) };
}

const isResult = (x: Placement | Result): x is Result => 'kind' in x;

export function sysMmap(
  tx: Tx,
  rawAddr: bigint,
  rawLen: bigint,
  prot64: bigint,
  flags64: bigint,
  fd64: bigint,
  off: bigint,
): Result {
  // arch/x86/kernel/sys_x86_64.c — the byte offset must be page-aligned.
  if (offsetInPage(off) !== 0n) return err('EINVAL');
  const pgoff = toVpn(off);
  let flags = lowU32(flags64);
  const prot = lowU32(prot64);
  // ksys_mmap_pgoff: the file object the descriptor names (fget), none when anonymous.
  let file: number | undefined;
  if (!(flags & U.MAP_ANONYMOUS)) {
    file = tx.mm.fds.get(lowU32(fd64));
    if (file === undefined) return err('EBADF');
    if (flags & U.MAP_HUGETLB) return err('EINVAL');
  } else if (flags & U.MAP_HUGETLB) {
    // NOTE: hugetlb is not modelled; with no huge pages reserved the kernel fails here.
    return err('ENOMEM');
  }
  if (rawLen === 0n) return err('EINVAL');
  if (flags & U.MAP_FIXED_NOREPLACE) flags |= U.MAP_FIXED;
  let addr = rawAddr;
  if (!(flags & U.MAP_FIXED)) {
    addr &= PAGE_MASK_U64;
    if (addr !== 0n && addr < MMAP_MIN_ADDR) addr = MMAP_MIN_ADDR;
  }
  const len = pageAlign(rawLen);
  if (len === 0n) return err('ENOMEM');
  const pages = pagesIn(len);
  // do_mmap's first EOVERFLOW (file_mmap_ok's comes later), kept for the kernel's order,
  // cannot happen on 64 bits: pgoff is the byte offset >> 12 and pages at most 2^52, so
  // their sum stays below 2^53. Its `-` and its
  // errno string are equivalent mutants (spec/findings/mutation.md, session mutmmap14). The
  // sum is made in bigints only for a pgoff of 2^53 or more (an offset past 2^65, which no
  // register holds): below, pages < 2^52 keeps it under 2^64, and the bigints cost 1% of a
  // step. The guard's mutants are equivalent for the same reason.
  // Stryker disable next-line ArithmeticOperator,StringLiteral,EqualityOperator,LogicalOperator: unreachable on 64 bits
  if (pgoff >= 2 ** 53 && BigInt(pgoff) + BigInt(pages) > U64_MASK) return err('EOVERFLOW');
  let f = requestedFlags(tx, prot, flags);
  const where = getUnmappedArea(tx, addr, len, flags);
  if (typeof where === 'string') return err(where);
  addr = where;
  const start = toVpn(addr);
  if (flags & U.MAP_FIXED_NOREPLACE && intersects(tx, start, start + pages)) return err('EEXIST');
  // do_mmap: a MAP_ flag that asks for VM_LOCKED (MAP_LOCKED) needs can_do_mlock.
  const accounting = tx.model.decisions.mmapLockAccounting;
  const locking = hasAny(tx.model.decisions.mmapVmFlagBits(flags), F.VM_LOCKED);
  if (accounting && locking && !canDoMlock(tx)) return err('EPERM');
  if (accounting && !mlockFutureOk(tx, f, pages)) return err('EAGAIN');
  if (file !== undefined && tx.model.decisions.fileMmapOk && !fileMmapOk(pgoff, pages))
    return err('EOVERFLOW');
  const placed = checkType(tx, flags, f, file, pgoff, addr, len);
  if (isResult(placed)) return placed;
  f = placed.vmFlags;
  if (flags & U.MAP_NORESERVE) f = withFlags(f, F.VM_NORESERVE);
  // mm/vma.c:__mmap_prepare — may_expand_vm for the pages the mapping adds: those of the
  // mappings a MAP_FIXED replaces are given back first, whatever they were.
  if (!mayExpandData(tx, f, pages - mappedPages(tx, start, start + pages))) return err('ENOMEM');
  const populate = tx.model.decisions.mmapPopulates({ vmFlags: f, mapFlags: flags });
  mmapRegion(tx, start, pages, f, placed.fileId, placed.pgoff);
  if (populate) populateAfterUnlock(tx, 'mmap', start, start + pages, true);
  return ok(addr);
}

/**
 * mm/mmap.c:file_mmap_ok for the model's files, every one a regular file (tmpfs, secretmem)
 * whose largest size is MAX_LFS_FILESIZE, 2^63 - 1 bytes: `pgoff <= (2^63 - 1 - len) >>
 * PAGE_SHIFT`, which for a length of whole pages is `pgoff + pages < 2^51` (exact in doubles:
 * pgoff < 2^52, and len <= TASK_SIZE here, after get_unmapped_area).
 */
const fileMmapOk = (pgoff: number, pages: number): boolean => pgoff + pages < 2 ** 51;

/** mm/vma.c:__mmap_region and __mmap_complete. */
function mmapRegion(
  tx: Tx,
  start: number,
  pages: number,
  requested: VmFlags,
  fileId: number,
  pgoff: number,
): void {
  // Only a range something is mapped in has anything to unmap (MAP_FIXED over mappings):
  // otherwise unmapRange would find no VMA to split or remove, and its walk noting page tables
  // would add none, since nothing before this point of mmap changes a VMA (a shared anonymous
  // mapping's new file is no VMA). Most mmaps of a search land in a hole.
  if (intersects(tx, start, start + pages)) unmapRange(tx, start, start + pages);
  let f = requested;
  // mm/mmap.c:accountable_mapping — private writable memory is charged: VM_ACCOUNT.
  if (!hasAny(f, vmFlags(F.VM_NORESERVE | F.VM_SHARED)) && hasAny(f, F.VM_WRITE))
    f = withFlags(f, F.VM_ACCOUNT);
  if (hasAny(f, F.VM_LOCKED)) {
    // __mmap_complete: special mappings never stay locked. NOTE: droppable mappings end up
    // unlocked too on 6.18 (verified); the code that does it is not found yet (semantics 19).
    if (hasAny(f, F.VM_SPECIAL) || hasAny(f, F.VM_DROPPABLE)) f = withoutFlags(f, F.VM_LOCKED_MASK);
    else tx.mm.lockedVm += pages;
  }
  const backing: Backing = fileId < 0 ? ANON : { kind: 'file', file: fileId };
  const vma = newVma(start, start + pages, f, backing, pgoff, 0, false, PteRuns.none(pages), null);
  insertVma(tx, vma);
}
