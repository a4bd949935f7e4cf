// Linux 4.4: mlock2, MLOCK_ONFAULT, MCL_ONFAULT and VM_LOCKONFAULT as merged, with the gup
// flags of that era. Only the locking and population decisions differ from linux-6.18 here;
// other differences of the era (page-level mlock before 5.18, MAP_SHARED_VALIDATE, ...) are
// version decision points still to come (spec/limitations.md).

import { linux618 } from './linux-6.18.js';
import { extend } from '../src/kernel/model.js';
import {
  FOLL_FORCE,
  FOLL_MLOCK,
  FOLL_POPULATE,
  FOLL_TOUCH,
  FOLL_WRITE,
} from '../src/kernel/gup.js';
import { gupFlags } from '../src/kernel/gup.js';
import { MADV_POPULATE_READ, MADV_POPULATE_WRITE } from '../src/uapi/constants.js';
import { MADV_DODUMP, MADV_DOFORK, MADV_DONTDUMP, MADV_DONTFORK } from '../src/uapi/constants.js';
import {
  MADV_DONTNEED,
  MADV_HUGEPAGE,
  MADV_MERGEABLE,
  MADV_NOHUGEPAGE,
} from '../src/uapi/constants.js';
import { MADV_NORMAL, MADV_RANDOM, MADV_REMOVE, MADV_SEQUENTIAL } from '../src/uapi/constants.js';
import { MADV_UNMERGEABLE, MADV_WILLNEED } from '../src/uapi/constants.js';
import { MAP_GROWSDOWN, MAP_LOCKED } from '../src/uapi/constants.js';
import { VM_ACCESS_FLAGS, VM_GROWSDOWN, VM_LOCKED, VM_LOCKONFAULT } from '../src/uapi/vmFlags.js';
import { VM_SHARED, VM_WRITE, hasAny, maskFlags, vmFlags, withFlags } from '../src/uapi/vmFlags.js';

const ADVICE_4_4: ReadonlySet<number> = new Set([
  MADV_NORMAL,
  MADV_RANDOM,
  MADV_SEQUENTIAL,
  MADV_WILLNEED,
  MADV_DONTNEED,
  MADV_REMOVE,
  MADV_DONTFORK,
  MADV_DOFORK,
  MADV_MERGEABLE,
  MADV_UNMERGEABLE,
  MADV_HUGEPAGE,
  MADV_NOHUGEPAGE,
  MADV_DONTDUMP,
  MADV_DODUMP,
]);

export const linux44 = extend(linux618, {
  name: 'linux-4.4',
  description:
    'Linux 4.4: lock-on-fault merged (mlock2, MLOCK_ONFAULT, MCL_ONFAULT, VM_LOCKONFAULT); ' +
    'population asks FOLL_MLOCK and drops FOLL_POPULATE for VM_LOCKONFAULT; no MADV_POPULATE_*',
  provenance:
    'torvalds/linux v4.4: de60f5f10c58 "mm: introduce VM_LOCKONFAULT", b0f205c2a308 ' +
    '"mm: mlock: add mlock flags to enable VM_LOCKONFAULT usage" (Eric B Munson, 2015); the ' +
    'gup flags as Kirill Shutemov proposed in <20150806155332.GA3118@node.dhcp.inet.fi>',
  decisions: {
    // mm/mmap.c:SYSCALL_DEFINE1(brk) (v4.4): the shrink is do_munmap(newbrk, oldbrk -
    // newbrk), which returns 0 over nothing mapped, and the break is set (as on the 5.10 guest,
    // litmus brk+munmap+shrink); 6.1's rewrite looks for a VMA first.
    brkShrinkNeedsVma: false,
    // mm/mmap.c:do_mmap (v4.4) has no file_mmap_ok: it came with be83bbf80682 (4.17).
    fileMmapOk: false,
    // mm/madvise.c:madvise_remove asks for VM_SHARED|VM_WRITE from its start (2.6.16) until
    // after 5.10 (measured there; see linux-5.10.ts).
    madviseRemoveNeedsVmWrite: true,
    // Not modelled: before 5.18 mlock of a THP goes through munlock_vma_pages_range and
    // follow_page_mask, with a PMD split munlocking the page (clear_page_mlock).
    thpUnmodelled:
      'thp on: large folios before 5.18 are not modelled (mlock by follow_page_mask, munlock on PMD split); run the trace on a kernel',
    // mm/gup.c:populate_vma_page_range (4.4): FOLL_TOUCH|FOLL_POPULATE|FOLL_MLOCK, FOLL_POPULATE
    // dropped for VM_LOCKONFAULT, so faultin_page skips missing pages and only mlocks present
    // ones; write faults for private writable VMAs, FOLL_FORCE for accessible ones.
    populateGupFlags: (f) => {
      const write = maskFlags(f, vmFlags(VM_WRITE | VM_SHARED)) === VM_WRITE;
      let g = FOLL_TOUCH | FOLL_POPULATE | FOLL_MLOCK;
      if (hasAny(f, VM_LOCKONFAULT)) g &= ~FOLL_POPULATE;
      if (write) g |= FOLL_WRITE;
      if (hasAny(f, VM_ACCESS_FLAGS)) g |= FOLL_FORCE;
      return gupFlags(g);
    },
    // include/linux/mman.h:calc_vm_flag_bits (4.4): MAP_STACK asked for nothing yet (6.7).
    mmapVmFlagBits: (mapFlags) => {
      let f = vmFlags(0);
      if (mapFlags & MAP_GROWSDOWN) f = withFlags(f, VM_GROWSDOWN);
      if (mapFlags & MAP_LOCKED) f = withFlags(f, VM_LOCKED);
      return f;
    },
    // mm/madvise.c:madvise_behavior_valid (4.4): the advice up to MADV_DODUMP (17), KSM's and
    // THP's configured in as on the reference kernel. Later advice is EINVAL: MADV_FREE came
    // in 4.5 ("mm: support madvise(MADV_FREE)"), MADV_WIPEONFORK and MADV_KEEPONFORK in 4.14
    // ("mm,fork: introduce MADV_WIPEONFORK"), MADV_COLD and MADV_PAGEOUT in 5.4, the rest
    // after 5.10 (linux-5.10.ts), the guard advice of 6.13 among them. Inherited from
    // linux-6.18 until stop 39, which let MADV_GUARD_INSTALL succeed here.
    madviseBehaviorValid: (advice) => ADVICE_4_4.has(advice),
    // MADV_POPULATE_READ/WRITE came in 5.14: 22 and 23 are not advice 4.4 knows.
    madvisePopulate: (advice) =>
      advice === MADV_POPULATE_READ || advice === MADV_POPULATE_WRITE ? 'EINVAL' : null,
    // CONFIG_PT_RECLAIM is 6.14.
    ptReclaim: false,
    // As 5.10 (models/linux-5.10.ts): wp_page_copy's munlock of the old page is older than
    // 4.4; no VMA lookup before mremap_to until 5.16.
    wpPageCopyMunlocksOldPage: true,
    mremapLooksUpVmaFirst: false,
    mremapRefusesNewLenPastTaskSize: false,
    mremapExpandMerges: false,
    // mm/mlock.c:do_mlock (4.4) — no credit for pages already locked: count_mm_mlocked_page_nr
    // came in 4.9 ("mm: mlock: check against vma for actual mlock() size", Simon Guo).
    mlockCreditsLocked: 'none',
    // mm/mmap.c:may_expand_vm (4.4) checks RLIMIT_AS only: data_vm and its RLIMIT_DATA check
    // came in 4.5 (84638335900f "mm: rework virtual memory accounting"); brk's
    // RLIMIT_DATA check (check_data_rlimit since 3.18, written out before) stays.
    dataLimitOk: () => true,
  },
});
