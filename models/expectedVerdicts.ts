// The known violations of each registered model: property -> why it fails there. `mmspec
// check` lists a violation named here as expected (exit 0) and any other as a fault (exit 1);
// proofs/explorerClaims.ts re-checks each one as a claim with its expected verdict. The
// properties are stated truthfully (spec/invariants); a model's known quirk lives here.

/** Why a property is known to fail on a model, with the litmus trace that shows it. */
export type ExpectedViolations = Readonly<Record<string, string>>;

const LINUX_6_18: ExpectedViolations = {
  deferredPopulationOwnsItsMappings:
    'since the VM_POPULATE revert (3.9-rc5) __mm_populate populates whatever VMA it finds when it retakes mmap_lock: a mapping another thread put over the range is populated too (spec/reviews/vm-populate-2012.md, spec/litmus/threads/mlock+MAP_FIXED.mmt)',
  mlockedPageHasLockedVmaStrict:
    'lazy mlock batch: munmap queues munlock_folio after its drain (munmap_locked+pending_munlock.mmt)',
  lockedVmaPageMlocked:
    'lazy mlock batch: an mlock meeting a pending munlock is lost (MAP_LOCKED+pending_munlock+lost_mlock.mmt)',
};

/** Before 4.4 there is no MCL_ONFAULT (nor mlock2): mlockall refuses it with EINVAL. */
const NO_MCL_ONFAULT: ExpectedViolations = {
  refusalsJustified: 'MCL_ONFAULT came in 4.4 (b0f205c2a308): mlockall(MCL_ONFAULT|...) is EINVAL',
};

/** MADV_POPULATE_READ/WRITE came in 5.14 (4ca9b3859dac): before, madvise refuses them with EINVAL. */
const NO_MADV_POPULATE: ExpectedViolations = {
  madvisePopulateErrno:
    'MADV_POPULATE_* came in 5.14: madvise answers EINVAL, not a population result',
};

/**
 * Before 4.9 ("mm: mlock: check against vma for actual mlock() size", Simon Guo) do_mlock
 * charges the whole range to RLIMIT_MEMLOCK, pages already locked included (mlockCreditsLocked
 * 'none'): relocking locked memory can fail with ENOMEM.
 */
const NO_RELOCK_CREDIT: ExpectedViolations = {
  lockLimitRespected:
    'before 4.9 do_mlock charges already-locked pages again (mlock2+wrapping_len+rlimit.mmt)',
  mlockTwiceIsMlockOnce:
    'before 4.9 a second mlock of locked memory is charged again and can fail with ENOMEM',
  failedLockLeavesPrefix:
    'before 4.9 do_mlock charges already-locked pages again: it refuses, changing nothing, a range 4.9+ walks and locks up to its hole',
  validLockSucceeds:
    'before 4.9 an mlock of already-locked memory at the limit is charged again: ENOMEM where 4.9+ succeeds',
};

/** Observed on the 6.1 and 5.10 guests: smaps prints no `lf` for VM_LOCKONFAULT (models/linux-6.1.ts). */
const NO_LF_MNEMONIC: ExpectedViolations = {
  smapsShowsLockBits: "6.1's smaps has no `lf` mnemonic: a VM_LOCKONFAULT VMA shows `lo` alone",
};

/**
 * Before 5.18 (mlockPagesOnFault false) only population and faults set PG_mlocked: a VMA
 * locked without populating (an mlock that failed with ENOMEM part way, a PROT_NONE VMA under
 * mlockall) keeps its present pages unmlocked.
 */
const PRE_5_18_MLOCK: ExpectedViolations = {
  lockedVmaPageMlocked:
    'before 5.18 mlock_fixup walks no page: present pages of a VMA locked without population stay unmlocked',
  mlockallCurrentPostcondition:
    'before 5.18 a PROT_NONE VMA locked by mlockall(MCL_CURRENT) is not populated and its pages not mlocked',
  lockOnFaultMlocksPresent:
    'before 5.18 mlock2(MLOCK_ONFAULT) mlocks only the pages GUP follows without a fault: a read-only PTE of a writable private VMA (a page-cache page read in, a COW page a fork child shares) stays unmlocked (MLOCK2_ONFAULT+MAP_PRIVATE_file.mmt on the 5.10 guest)',
};

/** Before 6.7 (c4608d1bf7c6 "mm: mmap: map MAP_STACK to VM_NOHUGEPAGE") MAP_STACK sets no VM_ bit. */
const NO_MAP_STACK_NOHUGEPAGE: ExpectedViolations = {
  mmapPostcondition: 'before 6.7 MAP_STACK is a no-op: the mapping gets no VM_NOHUGEPAGE',
};

/**
 * Before 6.1 (the maple tree rewrite of brk) the shrink is do_munmap of [newbrk, oldbrk), which
 * succeeds over nothing mapped (decisions.brkShrinkNeedsVma false): the break is lowered.
 */
const PRE_6_1_BRK: ExpectedViolations = {
  brkLimitsRespected:
    'before 6.1 brk lowers the break over a range where nothing is mapped any more (do_munmap of nothing is 0; brk+munmap+shrink.mmt on the 5.10 guest)',
};

/**
 * Before 6.6 ("x86/mm: Introduce MAP_ABOVE4G", with the shadow stack series) x86's MAP_ABOVE4G
 * (0x80) is not in LEGACY_MAP_MASK: MAP_SHARED_VALIDATE refuses it with EOPNOTSUPP
 * (mapSharedValidateMask), where mmapRefusalsInOrder states 6.6's mask.
 */
const PRE_6_6_MAP_ABOVE4G: ExpectedViolations = {
  mmapRefusalsInOrder:
    'before 6.6 MAP_SHARED_VALIDATE|MAP_ABOVE4G is EOPNOTSUPP: the flag is not in LEGACY_MAP_MASK yet (MAP_SHARED_VALIDATE+MAP_ABOVE4G.mmt on the 6.1 and 5.10 guests)',
};

/**
 * 5.14 to 6.8: madvise_populate runs per VMA inside madvise_walk_vmas (madvisePopulateInVmaWalk),
 * which steps over a hole and keeps its ENOMEM for the end, so a later VMA's EINVAL or EFAULT
 * is the answer; 6.9 (fa9fcd8bb6e4) stops at the first page it cannot populate, the hole.
 */
const MADV_POPULATE_IN_VMA_WALK: ExpectedViolations = {
  madvisePopulateErrno:
    'on 5.14 to 6.8 MADV_POPULATE_* walks past a hole to the next VMA, whose EINVAL or EFAULT comes before the ENOMEM of the hole (MADV_POPULATE_WRITE+hole+PROT_NONE.mmt on the 6.1 guest; fa9fcd8bb6e4 in 6.9)',
};

/**
 * MADV_DONTNEED_LOCKED came in 5.18 (9457056ac426): before, madvise_behavior_valid refuses it
 * with EINVAL, over a hole too, where the properties (stated for advice the kernel knows)
 * expect its walk.
 */
const NO_MADV_DONTNEED_LOCKED: ExpectedViolations = {
  madviseRefusalsJustified:
    'before 5.18 MADV_DONTNEED_LOCKED is unknown advice: EINVAL on any range (MADV_DONTNEED_LOCKED.mmt on the 5.10 guest)',
  madviseHoleIsEnomem:
    'before 5.18 MADV_DONTNEED_LOCKED is unknown advice: EINVAL, not the ENOMEM of a hole (madvise+unmapped.mmt on the 5.10 guest)',
};

/**
 * Before 5.18 wp_page_copy munlocks the old page of a COW copy in a VM_LOCKED VMA and, with one
 * mapping of it left, skips the rmap walk (wpPageCopyMunlocksOldPage): a page another locked
 * VMA maps is left evictable until a later population mlocks it (follow_page_pte, FOLL_MLOCK).
 */
const PRE_5_18_COW_MUNLOCK: ExpectedViolations = {
  mlockTwiceIsMlockOnce:
    'before 5.18 the COW break of mlockall munlocks the file page a locked shared mapping holds, and the same mlockall again mlocks it (MCL_CURRENT+COW+MCL_CURRENT.mmt on the 5.10 guest)',
};

/**
 * Before 6.17 ("mm/mremap: permit mremap() move of multiple VMAs", Lorenzo Stoakes;
 * mremap.2 MREMAP_FIXED "Since Linux 6.17") vma_to_resize refuses a MREMAP_FIXED move whose
 * range runs past the VMA at old_address with EFAULT (decisions.mremapMoveSpansVmas false).
 */
const NO_MULTI_VMA_MOVE: ExpectedViolations = {
  mremapFixedMoveSpansVmas:
    'before 6.17 a same-size MREMAP_FIXED move over two VMAs is EFAULT, after mremap_to has unmapped the target (mremap+MREMAP_FIXED+two_vmas.mmt on 5.10, 6.1, 6.12)',
};

/**
 * Before 5.16 (the early vma lookup of "mm, hugepages: add mremap() support for hugepage
 * backed vma") an in-place shrink or same-size mremap looks no VMA up: over a hole it returns
 * old_address (decisions.mremapLooksUpVmaFirst false).
 */
const NO_EARLY_VMA_LOOKUP: ExpectedViolations = {
  mremapOldAddressMapped:
    'before 5.16 a shrink or same-size mremap of an unmapped old_address returns old_address (mremap+shrink+hole.mmt on the 5.10 guest)',
};

/**
 * MADV_GUARD_INSTALL/REMOVE came in 6.13 (662df3e5c376): before, madvise_behavior_valid refuses
 * both with EINVAL whatever the range (madviseBehaviorValid; the 5.10, 6.1 and 6.12 guests,
 * litmus MADV_GUARD_INSTALL+MADV_DONTNEED+MADV_GUARD_REMOVE).
 */
const NO_GUARD_ADVICE: ExpectedViolations = {
  madviseGuardEinvalHasCause:
    'MADV_GUARD_INSTALL/REMOVE came in 6.13: madvise refuses them with EINVAL on every VMA',
};

/**
 * Before 6.17 (3215eaceca87 "mm/mremap: refactor initial parameter sanity checks") only a
 * move to a named address checks new_len against TASK_SIZE: a resize or a free move past it
 * finds no room, ENOMEM, where mremap.2's "new_size was invalid" is EINVAL
 * (decisions.mremapRefusesNewLenPastTaskSize false).
 */
const PRE_6_17_NEW_LEN: ExpectedViolations = {
  mremapBadArgumentsRefused:
    'before 6.17 a new_size past TASK_SIZE is ENOMEM unless a move names its address (mremap+new_len_past_task_size.mmt on the 5.10, 6.1 and 6.12 guests)',
};

/**
 * Before 4.17 (be83bbf80682 "mmap: introduce sane default mmap limits") do_mmap has no
 * file_mmap_ok (decisions.fileMmapOk false): a file mapping that ends past MAX_LFS_FILESIZE
 * is mapped where mmapRefusalsInOrder states 4.17's EOVERFLOW (mmap+file_offset_past_max.mmt).
 */
const NO_FILE_MMAP_OK: ExpectedViolations = {
  mmapRefusalsInOrder:
    'before 4.17 do_mmap has no file_mmap_ok: a file mapping past MAX_LFS_FILESIZE is mapped, not EOVERFLOW',
};

const EXPECTED: Readonly<Record<string, ExpectedViolations>> = {
  'linux-6.18': LINUX_6_18,
  // The same lazy mlock batch since the 5.18 folio mlock rework.
  'linux-7.3': LINUX_6_18,
  'linux-6.12': { ...LINUX_6_18, ...NO_MULTI_VMA_MOVE, ...NO_GUARD_ADVICE, ...PRE_6_17_NEW_LEN },
  'linux-6.1': {
    ...LINUX_6_18,
    ...NO_LF_MNEMONIC,
    ...NO_MAP_STACK_NOHUGEPAGE,
    ...PRE_6_6_MAP_ABOVE4G,
    ...MADV_POPULATE_IN_VMA_WALK,
    ...NO_MULTI_VMA_MOVE,
    ...NO_GUARD_ADVICE,
    ...PRE_6_17_NEW_LEN,
  },
  'linux-5.10': {
    ...NO_MADV_POPULATE,
    ...NO_GUARD_ADVICE,
    ...NO_LF_MNEMONIC,
    ...PRE_5_18_MLOCK,
    ...NO_MAP_STACK_NOHUGEPAGE,
    ...PRE_6_1_BRK,
    ...PRE_6_6_MAP_ABOVE4G,
    ...NO_MADV_DONTNEED_LOCKED,
    ...PRE_5_18_COW_MUNLOCK,
    ...NO_EARLY_VMA_LOOKUP,
    ...NO_MULTI_VMA_MOVE,
    ...PRE_6_17_NEW_LEN,
    mremapRefusalsJustified:
      'before 5.13 (e346b3813067) vma_to_resize refuses MREMAP_DONTUNMAP of a shared or file mapping with EINVAL (MREMAP_DONTUNMAP+MAP_SHARED_file.mmt)',
    // mremapEinvalHasCause names that refusal as a cause of its own (the 5.7-5.12 design).
  },
  // 4.4 and older take 5.18's page-level mlock from linux-6.18 (no guest to hold them to).
  'linux-4.4': {
    ...LINUX_6_18,
    ...NO_MADV_POPULATE,
    ...NO_RELOCK_CREDIT,
    ...NO_MAP_STACK_NOHUGEPAGE,
    ...PRE_6_1_BRK,
    ...NO_EARLY_VMA_LOOKUP,
    ...NO_FILE_MMAP_OK,
    ...PRE_6_17_NEW_LEN,
  },
  'linux-4.3': {
    ...LINUX_6_18,
    ...NO_MCL_ONFAULT,
    ...NO_MADV_POPULATE,
    ...NO_RELOCK_CREDIT,
    ...NO_MAP_STACK_NOHUGEPAGE,
    ...PRE_6_1_BRK,
    ...NO_EARLY_VMA_LOOKUP,
    ...NO_FILE_MMAP_OK,
    ...PRE_6_17_NEW_LEN,
  },
  'linux-3.8': {
    ...LINUX_6_18,
    ...NO_MCL_ONFAULT,
    ...NO_MADV_POPULATE,
    ...NO_RELOCK_CREDIT,
    ...NO_MAP_STACK_NOHUGEPAGE,
    ...PRE_6_1_BRK,
    ...NO_EARLY_VMA_LOOKUP,
    ...NO_FILE_MMAP_OK,
    ...PRE_6_17_NEW_LEN,
    deferredPopulationOwnsItsMappings:
      '3.8 populates mmap under the write lock, but mlock after dropping it (do_mlock_pages): a mapping another thread put over an mlocked range is populated (spec/reviews/vm-populate-2012.md)',
  },
  // mm/nommu.c (v6.18): the mlock family and madvise are not built, do_mmap checks no
  // RLIMIT_MEMLOCK for MAP_LOCKED, and munmap must name a mapping (models/nommu.ts).
  nommu: {
    ...LINUX_6_18,
    madvisePopulateErrno: 'nommu builds no madvise: MADV_POPULATE_* is ENOSYS',
    lockLimitRespected: "nommu's do_mmap checks no RLIMIT_MEMLOCK for MAP_LOCKED",
    lockLimitExact: "nommu's do_mmap maps MAP_LOCKED beyond RLIMIT_MEMLOCK (no mlock_future_ok)",
    refusalsJustified: "nommu's do_munmap refuses a range no mapping holds with EINVAL",
    mmapPostcondition:
      "nommu's do_mmap_private allocates and fills the whole mapping at mmap: no mapping is lazy",
    mmapRefusalsInOrder:
      "nommu's do_mmap has no mlock_future_ok: MAP_LOCKED past RLIMIT_MEMLOCK is not EAGAIN",
    mremapRefusalsJustified:
      "nommu's do_mremap answers EINVAL where find_vma_exact finds no VMA that is exactly the old range (an MMU kernel: EFAULT for a hole, success for part of a VMA)",
    mremapLimitErrno:
      "nommu's do_mremap asks neither RLIMIT_MEMLOCK nor RLIMIT_DATA, and refuses a growth of part of a VMA with EINVAL (find_vma_exact)",
    mremapBadArgumentsRefused:
      "nommu's do_mremap checks no flag but MREMAP_FIXED (which must name old_address): an unknown flag, or MREMAP_DONTUNMAP without MREMAP_MAYMOVE, resizes in place",
    mremapGrowsInPlace:
      "nommu's do_mremap never grows a mapping past the region do_mmap_private allocated for it: ENOMEM with the space after it free",
  },
  'rfc-vm-populate': {
    ...LINUX_6_18,
    ...NO_MCL_ONFAULT,
    ...NO_MADV_POPULATE,
    ...NO_RELOCK_CREDIT,
    ...NO_MAP_STACK_NOHUGEPAGE,
    ...PRE_6_1_BRK,
    ...NO_EARLY_VMA_LOOKUP,
    ...NO_FILE_MMAP_OK,
    ...PRE_6_17_NEW_LEN,
    lockCallsChangeOnlyLockBits:
      'the design: mlock and mlockall set VM_POPULATE beside VM_LOCKED (3.9-rc1)',
    failedLockLeavesPrefix:
      'the design: an mlock that fails at a hole leaves VM_POPULATE beside VM_LOCKED on the prefix (3.9-rc1)',
    deferredPopulationOwnsItsMappings:
      'VM_POPULATE is a VMA flag, not a mark of the call: another thread mlocking the replacement (even an mlock that fails ENOMEM on a hole) marks it, and the held population fills it (spec/reviews/vm-populate-2012.md)',
  },
  'proposal-map-faultpopulate': {
    ...LINUX_6_18,
    refusalsJustified: 'the design has no MCL_ONFAULT: mlockall refuses it with EINVAL',
    mapPopulateFaultsEverything:
      'the design: a VM_FAULTPOPULATE mapping is never prefaulted, MAP_POPULATE included',
    lockPostcondition:
      'the design: lock-on-fault is VM_LOCKED on a VM_FAULTPOPULATE mapping, so mlock populates nothing there',
    mlockallCurrentPostcondition:
      'the design: lock-on-fault is VM_LOCKED on a VM_FAULTPOPULATE mapping, so mlockall(MCL_CURRENT) populates nothing there',
    lockBreaksCow:
      'the design: lock-on-fault is VM_LOCKED on a VM_FAULTPOPULATE mapping, so mlock leaves a page read before as the zero page',
    mmapPostcondition:
      'the design: MAP_LOCKED|MAP_FAULTPOPULATE is lock-on-fault, a VM_LOCKED mapping left unpopulated',
    mprotectLockedPopulates:
      'the design: lock-on-fault is VM_LOCKED on a VM_FAULTPOPULATE mapping, so mprotect populates nothing there',
  },
  'proposal-mlockall-two-onfault': {
    ...LINUX_6_18,
    refusalsJustified: 'the design changes which mlockall flag words are valid (its point)',
    invalidFlagsRefused:
      'the design gives mlockall flag words Linux refuses (MCL_ONFAULT alone) a meaning (its point)',
    mclFutureClearingConsistent:
      'the design: MCL_ONFAULT is for current mappings only, so MCL_CURRENT|MCL_FUTURE|MCL_ONFAULT leaves def_flags without VM_LOCKONFAULT',
  },
  // Built on linux-6.18 (or 4.4, itself on 6.18's page-level mlock): its lazy mlock batch.
  'proposal-map-lockonfault': {
    ...LINUX_6_18,
    mmapPostcondition:
      "the design: MAP_LOCKONFAULT gives VM_LOCKED|VM_LOCKONFAULT, lock bits Linux's mmap takes from MAP_LOCKED and def_flags alone",
    mmapRefusalsInOrder:
      "the design: MAP_LOCKONFAULT's VM_LOCKED meets mlock_future_ok's EAGAIN, a limit Linux's mmap applies to MAP_LOCKED and def_flags alone",
  },
  'proposal-mlockall-symmetric': {
    ...LINUX_6_18,
    mclFutureClearingConsistent:
      'the design: mlockall(MCL_CURRENT) after mlockall(MCL_FUTURE) keeps VM_LOCKED in def_flags (its point)',
  },
  'rfc-madv-populate': {
    ...LINUX_6_18,
    madvisePopulateErrno:
      'the RFC has one MADV_POPULATE (22): MADV_POPULATE_READ/WRITE are unknown advice, EINVAL',
    madvisePopulatePostcondition:
      "the RFC's MADV_POPULATE (22, MADV_POPULATE_READ's number since 5.14) populates through populate_vma_page_range, which leaves a VM_LOCKONFAULT VMA unpopulated",
  },
  'rfc-lockonfault-v6': {
    ...LINUX_6_18,
    ...NO_MADV_POPULATE,
    ...NO_RELOCK_CREDIT,
    ...NO_MAP_STACK_NOHUGEPAGE,
    ...PRE_6_1_BRK,
    ...NO_EARLY_VMA_LOOKUP,
    ...NO_FILE_MMAP_OK,
    ...PRE_6_17_NEW_LEN,
    mapPopulateFaultsEverything:
      "the patch's regression: FOLL_POPULATE only for VM_LOCKED, so MAP_POPULATE alone populates nothing (Vlastimil Babka, <55C37E62.6020909@suse.cz>)",
  },
};

/** The known violations of `model` (none for a model with no entry, planted ones included). */
export function expectedViolations(model: string): ExpectedViolations {
  return EXPECTED[model] ?? {};
}
