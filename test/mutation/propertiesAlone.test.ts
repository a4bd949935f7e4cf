// The test StrykerJS runs against each mutant of src/kernel (npm run mutation,
// test/vitestMutation.config.ts): the properties alone, no litmus trace, no expected value.
// linux-6.18 is explored on a handful of small bounds, each aimed at a group of calls, and a
// mutant is killed when any property fails that is not one of 6.18's known violations
// (models/expectedVerdicts.ts), or when the simulator throws. Together the bounds reach every
// decision point the default bound reaches (the coverage figures of `mmspec check`); each is a
// fraction of a second, so a run over every mutant fits in about half an hour on two cores.

import { describe, expect, it } from 'vitest';
import {
  DEFAULT_CALL_FAMILIES,
  type CallFamily,
  type KernelBound,
} from '../../src/check/kernelBound.js';
import {
  ARGUMENTS_KERNEL_BOUND,
  NOHUGEPAGE_KERNEL_BOUND,
  SETUPS,
  THREADS_KERNEL_BOUND,
} from '../../src/check/kernelBounds.js';
import { checkKernel } from '../../src/check/checkKernel.js';
import { kernelSystem } from '../../src/check/kernelSystem.js';
import { explore } from '../../src/explore/explore.js';
import { DEFAULT_REST_PAGES } from '../../src/kernel/initialState.js';
import { DATA_SEGMENT_BYTES, OTHER_DATA_PAGES } from '../../src/kernel/dataLimit.js';
import {
  MADV_DOFORK,
  MADV_DONTFORK,
  MADV_GUARD_INSTALL,
  MADV_GUARD_REMOVE,
  MADV_KEEPONFORK,
  MADV_POPULATE_READ,
  MADV_REMOVE,
  MADV_WILLNEED,
  MADV_WIPEONFORK,
  MAP_GROWSDOWN,
  MAP_STACK,
} from '../../src/uapi/constants.js';
import { getModel } from '../../models/registry.js';
import { expectedViolations } from '../../models/expectedVerdicts.js';

/** The advice fork reads the flags of (mm/madvise.c:madvise_vma_behavior). */
const FORK_ADVICE = [
  [MADV_DONTFORK, 'MADV_DONTFORK'],
  [MADV_DOFORK, 'MADV_DOFORK'],
  [MADV_WIPEONFORK, 'MADV_WIPEONFORK'],
  [MADV_KEEPONFORK, 'MADV_KEEPONFORK'],
] as const;

const bound = (
  name: string,
  calls: CallFamily[],
  more: Partial<KernelBound> = {},
): KernelBound => ({
  name: `mutation-${name}`,
  regions: 2,
  pages: 2,
  depth: 3,
  filePages: 2,
  setups: SETUPS,
  calls,
  ...more,
});

/** Which bound reaches what (measured with `mmspec check --bound ...` coverage figures). */
export const MUTATION_BOUNDS: readonly KernelBound[] = [
  // mlock/mlock2/munlock/mlockall/munlockall, the limit checks, def_flags (VM_NOHUGEPAGE too).
  // Besides SETUPS, two limits no built-in setup has (coverage, not a property): CAP_IPC_LOCK
  // with a small RLIMIT_MEMLOCK (the capability must waive it), and a limit exactly at the
  // total_vm of the rest of the process plus two pages (mlockall(MCL_CURRENT) then succeeds
  // or is refused by the mapped pages alone; SETUPS' 2 pages refuse every mlockall).
  bound('locks', ['mmap', 'mlock', 'mlock2', 'munlock', 'mlockall', 'munlockall'], {
    setups: [
      ...SETUPS,
      { capIpcLock: true, rlimitBytes: 2 * 4096 },
      { capIpcLock: false, rlimitBytes: (DEFAULT_REST_PAGES + 2) * 4096 },
    ],
  }),
  // def_flags with a bit other than the lock bits in it (VM_NOHUGEPAGE).
  { ...NOHUGEPAGE_KERNEL_BOUND, name: 'mutation-def-flags' },
  // split, merge and move: munmap, mprotect, mremap and MAP_FIXED over locked VMAs.
  // MAP_GROWSDOWN and MAP_STACK are in no fixed domain (coverage: calc_vm_flag_bits' two
  // other flags).
  bound('mapping', ['mmap', 'mmapFixed', 'munmap', 'mprotect', 'mremap', 'mlock'], {
    extraFlags: [
      { name: 'MAP_GROWSDOWN', value: MAP_GROWSDOWN, text: 'MAP_GROWSDOWN' },
      { name: 'MAP_STACK', value: MAP_STACK, text: 'MAP_STACK' },
    ],
  }),
  // RLIMIT_DATA (may_expand_vm): no built-in setup limits it, so this bound's setups do: 0, and
  // exactly the program's own data pages plus two (a 2-page data mapping then just fits).
  // mremap with its edge arguments (coverage): a growth or MREMAP_DONTUNMAP of a data mapping
  // meets it too.
  bound('data', ['mmap', 'mmapFixed', 'munmap', 'mprotect', 'mremap'], {
    edgeArguments: true,
    setups: [
      { capIpcLock: true, rlimitBytes: null, rlimitDataBytes: 0 },
      { capIpcLock: true, rlimitBytes: null, rlimitDataBytes: (OTHER_DATA_PAGES + 2) * 4096 },
    ],
  }),
  // MADV_POPULATE_*, DONTNEED and faults (read, write) with and without locks.
  // MADV_POPULATE_READ is in no fixed domain (coverage: madvisePopulate's 'read').
  bound('madvise', ['mmap', 'madvise', 'access', 'mlock', 'munlock'], {
    extraFlags: [
      { name: 'MADV_POPULATE_READ', value: MADV_POPULATE_READ, text: 'MADV_POPULATE_READ' },
    ],
  }),
  // fork: the child's VMA flags and def_flags, exit.
  bound('fork', ['mmap', 'fork', 'mlockall', 'munlockall', 'access']),
  // fork after MADV_DONTFORK / MADV_WIPEONFORK (coverage: dup_mmap's VM_DONTCOPY and
  // VM_WIPEONFORK, which no other advice sets but MAP_DROPPABLE), and their undoing.
  bound('fork-advice', ['mmap', 'madvise', 'fork', 'access'], {
    extraFlags: FORK_ADVICE.map(([value, name]) => ({ name, value, text: name })),
    setups: SETUPS.slice(0, 1),
  }),
  // execve: what the new image keeps. With the tmpfile (opened O_CLOEXEC, so closed by execve:
  // execveClosesOnExec) and fork, so a child's exec leaves the parent its descriptor and
  // mappings; the new image's heap is judged whole (execveFreshAnonVma).
  bound('execve', ['mmap', 'mlock', 'mlockall', 'munlockall', 'fork', 'execve']),
  // execve with a descriptor that survives it (coverage): memfd_secret's, which has no
  // close-on-exec, beside the O_CLOEXEC tmpfile, in the process and in a fork child
  // (fs/file.c:do_close_on_exec; execveClosesOnExec). The state carries both file objects
  // (calls=+memfd_secret: src/check/_internals/layout.ts `objects`).
  bound('execve-secret', ['mmap', 'memfd_secret', 'fork', 'execve'], {
    regions: 1,
    pages: 1,
    filePages: 1,
    setups: SETUPS.slice(0, 1),
  }),
  // brk (mm/mmap.c:SYSCALL_DEFINE1(brk)): growth from an empty heap, growth of a heap, shrinking
  // and the break it has, after MCL_FUTURE (the growth locked, charged and populated, or
  // refused by mlock_future_ok under a 1-page limit), inside a fork child (a forked heap does
  // not grow in place), and under RLIMIT_DATA: a limit that check_data_rlimit passes for one
  // page but may_expand_vm refuses (data_vm is the program's data already), and one that
  // may_expand_vm passes for one page only.
  // Its edge letters: brk(0), past TASK_SIZE, -1 and h + 5; a mapping at the spot's last page
  // (plain and growing down) and munmap of the heap's first page (src/check/_internals/edgeLetters.ts).
  // Three pages: the edge letters' mapping at the spot's last page then leaves room for a
  // growth that ends exactly one page below it (allowed) next to one that does not.
  bound('brk', ['brk', 'mlockall', 'access', 'fork'], {
    regions: 1,
    pages: 3,
    filePages: 0,
    edgeArguments: true,
    setups: [
      SETUPS[0] ?? { capIpcLock: true, rlimitBytes: null },
      { capIpcLock: false, rlimitBytes: 4096 },
      { capIpcLock: true, rlimitBytes: null, rlimitDataBytes: (OTHER_DATA_PAGES + 1) * 4096 },
      { capIpcLock: true, rlimitBytes: null, rlimitDataBytes: Number(DATA_SEGMENT_BYTES) + 4096 },
    ],
  }),
  // mmap and mprotect with the arguments their validation refuses, one and two bad at a time
  // (coverage: the letters no family has; mmapRefusalsInOrder, mprotectRefusalsInOrder).
  { ...ARGUMENTS_KERNEL_BOUND, name: 'mutation-arguments' },
  // Every default family together, for what only a mix reaches.
  bound('mix', [...DEFAULT_CALL_FAMILIES], {
    setups: SETUPS.slice(0, 2),
  }),
  // The relock credit (count_mm_mlocked_page_nr) where it decides (coverage): 3-page regions
  // under a 3-page limit, so a locked VMA begins before, ends after or lies inside the range of
  // an mlock at the limit; and the edge arguments' -1P length from a region's last page, whose
  // end wraps into the region (the clamped end's credit then differs from the wrapped one's),
  // unprivileged with the 3-page limit and unlimited (where locked_vm + 2^52 - 1 pages still
  // exceed RLIM_INFINITY's 2^52 - 1 unless the credit covers locked_vm), and capable.
  bound('credit', ['mmap', 'mlock', 'mlock2', 'munlock'], {
    pages: 3,
    filePages: 0,
    edgeArguments: true,
    setups: [
      { capIpcLock: false, rlimitBytes: 3 * 4096 },
      { capIpcLock: false, rlimitBytes: null },
      { capIpcLock: true, rlimitBytes: 3 * 4096 },
    ],
  }),
  // munmap, mlock and munlock with the arguments no other letter has (coverage): unaligned,
  // zero, beyond TASK_SIZE, wrapping past 2^64 (src/check/_internals/edgeLetters.ts). Named
  // apart from ARGUMENTS_KERNEL_BOUND's `mutation-arguments`: StrykerJS keys its per-test
  // coverage by test name, and two tests of one name were counted as one.
  bound('lock-arguments', ['mmap', 'munmap', 'mlock', 'munlock'], {
    edgeArguments: true,
    setups: SETUPS.slice(0, 2),
  }),
  // mlock's errno when population fails (mm/mlock.c:__mlock_posix_error_return): allocation
  // failure, SIGBUS and a poisoned page at each page mlock and MADV_POPULATE_* fault (coverage:
  // no other bound lets the environment fail).
  bound('env', ['mmap', 'mlock', 'madvise'], {
    depth: 2,
    env: ['VM_FAULT_OOM', 'VM_FAULT_SIGBUS', 'VM_FAULT_HWPOISON'],
    setups: SETUPS.slice(0, 1),
  }),
  // mremap's other shapes (coverage, its edge letters): resize in place, MREMAP_FIXED moves,
  // old_len 0, and the arguments mremap.2 lists as EINVAL; MAP_LOCKED regions and the 2-page
  // limit for its EAGAIN. mmapFixed maps a region's second page as a VMA of its own, so a
  // growth in place of the first meets a mapping (vma_expandable refuses).
  bound('mremap', ['mmap', 'mmapFixed', 'munmap', 'mremap'], {
    edgeArguments: true,
    setups: SETUPS.slice(0, 2),
  }),
  // mremap's move of several VMAs and the holes between them (6.17+, mm/mremap.c: the moveEach
  // path; coverage): a region shrunk in place, then moved whole with MREMAP_FIXED, which takes
  // four calls with the second region placed (mremapPostcondition judges the move).
  bound('mremap-spans', ['mmap', 'mremap'], {
    depth: 4,
    filePages: 0,
    edgeArguments: true,
    setups: SETUPS.slice(0, 1),
  }),
  // A MREMAP_FIXED move that grows over two VMAs, or a VMA and a hole (coverage: 6.17+'s
  // check_prep_vma refusal before the target is unmapped, mm/mremap.c; no two-page region has
  // room for it). Regions of three pages: a shrink in place of the first two pages to one
  // leaves a hole at the second, then the edge letter grows the first two to three onto the
  // other region, placed: EFAULT (mremapRefusalsJustified, mremapErrnoListed). Four calls.
  bound('mremap-grow-spans', ['mmap', 'mremap'], {
    pages: 3,
    depth: 4,
    filePages: 0,
    edgeArguments: true,
    setups: SETUPS.slice(0, 1),
  }),
  // MREMAP_DONTUNMAP|MREMAP_FIXED of a region split in two VMAs under RLIMIT_DATA (6.17+,
  // mm/mremap.c: each VMA of a spanning move is a mremap_to of its own, asking may_expand_vm
  // for its piece; moveEach, mremapLimitErrno). A MAP_LOCKED region whose second page
  // MAP_FIXED maps again unlocked is two data VMAs; the other region is the target, so four
  // calls. Limits: the program's data plus two pages (the first piece refused), plus three
  // (the first moved, the second refused: litmus rlimit/MREMAP_DONTUNMAP+two_vmas+RLIMIT_DATA),
  // and plus four (both moved, exactly at the limit).
  bound('data-spans', ['mmap', 'mmapFixed', 'mremap'], {
    depth: 4,
    filePages: 0,
    setups: [2, 3, 4].map((room) => ({
      capIpcLock: true,
      rlimitBytes: null,
      rlimitDataBytes: (OTHER_DATA_PAGES + room) * 4096,
    })),
  }),
  // madvise's other advice and arguments (coverage, its edge letters): DONTNEED_LOCKED,
  // COLD, FREE, WILLNEED, REMOVE, NORMAL, an unknown advice, an unaligned start, a wrapping or
  // zero length, a range into a hole; munmap for a hole before a VMA of the range.
  bound('madvise-args', ['mmap', 'munmap', 'madvise', 'access'], {
    edgeArguments: true,
    setups: SETUPS.slice(0, 2),
  }),
  // MADV_POPULATE_* over a mapping mprotect made read-only (coverage: mm/gup.c:check_vma_flags
  // refusing FOLL_WRITE without VM_WRITE, populate.ts's vmaAllowsGup; madvisePopulateErrno,
  // madvisePopulatePostcondition): the fixed alphabet's mappings are all PROT_READ|PROT_WRITE
  // or PROT_NONE, and mprotect's edge letters add PROT_READ|PROT_SEM, which x86 accepts.
  bound('populate-prot', ['mmap', 'mprotect', 'madvise'], {
    edgeArguments: true,
    extraFlags: [
      { name: 'MADV_POPULATE_READ', value: MADV_POPULATE_READ, text: 'MADV_POPULATE_READ' },
    ],
    setups: SETUPS.slice(0, 1),
  }),
  // MADV_WILLNEED over shared anonymous memory (coverage): a locked shmem region half
  // unmapped leaves the munlock of its page pending, and WILLNEED over the rest drains it
  // (mm/madvise.c:madvise_willneed, shmem_swapin_range then lru_add_drain;
  // madviseWillneedDrains; litmus MADV_WILLNEED+pending_munlock). The state carries the
  // region's shmem object (calls=+mmapShmem).
  bound('shmem', ['mmapShmem', 'munmap', 'madvise', 'access'], {
    regions: 1,
    filePages: 0,
    extraFlags: [{ name: 'MADV_WILLNEED', value: MADV_WILLNEED, text: 'MADV_WILLNEED' }],
    setups: SETUPS.slice(0, 1),
  }),
  // MADV_REMOVE in a fork child (coverage): the hole is unmapped from the parent's mapping of
  // the file too (shmem_fallocate's unmap_mapping_range; madviseRemovePostcondition). A
  // MAP_SHARED|MAP_POPULATE mapping of the file, fork, MADV_REMOVE: three steps.
  bound('remove-fork', ['mmap', 'fork', 'madvise'], {
    extraFlags: [{ name: 'MADV_REMOVE', value: MADV_REMOVE, text: 'MADV_REMOVE' }],
    setups: SETUPS.slice(0, 1),
  }),
  // The hole's other mappings at depth 4 (coverage): a parent with two VMAs of which only one
  // maps the hole, or two parents (fork twice), so that each process, and each of its VMAs,
  // is stripped on its own (shmem_fallocate's unmap_mapping_range walks every mapping of the
  // file; madviseRemovePostcondition). One region of one page keeps it a fraction of a second.
  bound('remove-fork-deep', ['mmap', 'fork', 'madvise'], {
    depth: 4,
    pages: 1,
    filePages: 1,
    extraFlags: [{ name: 'MADV_REMOVE', value: MADV_REMOVE, text: 'MADV_REMOVE' }],
    setups: SETUPS.slice(0, 1),
  }),
  // mmap's edge letters after mlockall (coverage): def_flags' VM_LOCKED or VM_LOCKONFAULT
  // meets each map type, so a MAP_DROPPABLE mapping reaches __mmap_complete's unlocking and the
  // growth checks see MCL_FUTURE's limit (mmapPostcondition, mmapRefusalsInOrder).
  bound('future-types', ['mmap', 'mlockall'], {
    depth: 2,
    edgeArguments: true,
    setups: SETUPS.slice(0, 2),
  }),
  // setrlimit and capset mid-run (src/kernel/setrlimit.ts, capset.ts; setrlimitPostcondition,
  // capsetPostcondition), then the lock calls that meet what they left (lockLimitRespected,
  // zeroLimitIsEperm, limitWaivedByCapIpcLock): RLIMIT_MEMLOCK lowered to 0, 1P, 2P and asked
  // back as RLIM_INFINITY (EPERM after a lowering), RLIMIT_DATA lowered and asked back,
  // CAP_IPC_LOCK dropped and taken back (the edge letters). Capable and unprivileged, both
  // unlimited, so that each lowering succeeds first.
  bound('limits', ['mmap', 'mlock', 'mlockall', 'setrlimit', 'capset'], {
    regions: 1,
    filePages: 0,
    edgeArguments: true,
    setups: [
      SETUPS[0] ?? { capIpcLock: true, rlimitBytes: null },
      { capIpcLock: false, rlimitBytes: null },
    ],
  }),
  // The page fault over every kind of page (coverage: fault.ts's copy-on-write of page cache
  // pages, which only a MAP_PRIVATE file mapping makes: do_cow_fault on a write, do_wp_page
  // over the cache page a read mapped, MAP_LOCKED's population breaking COW), beside shared
  // file mappings of the same tmpfile and fork children sharing anonymous pages; judged by the
  // fault properties (accessKeepsOtherData, privateWriteCopies, sharedWriteReachesCache,
  // readFaultMapsSharedPage, faultMapsOnlyAround). Depth 4: a mapping, a read, a fork and a
  // write, or two mappings of the file and a write and a read.
  bound('fault', ['mmap', 'mmapPrivateFile', 'access', 'fork'], {
    depth: 4,
    setups: SETUPS.slice(0, 1),
  }),
  // Guard markers over populated pages, then fork (coverage: guard.ts's zap): the pages
  // madvise_guard_install zapped must no longer be counted as mapped when fork copies the
  // address space (pageMapCountExact), and the child keeps the markers (forkChildInherits).
  bound('guard-fork', ['mmap', 'access', 'madvise', 'fork'], {
    regions: 1,
    depth: 4,
    filePages: 0,
    extraFlags: [
      { name: 'MADV_GUARD_INSTALL', value: MADV_GUARD_INSTALL, text: 'MADV_GUARD_INSTALL' },
      { name: 'MADV_GUARD_REMOVE', value: MADV_GUARD_REMOVE, text: 'MADV_GUARD_REMOVE' },
    ],
    setups: SETUPS.slice(0, 1),
  }),
];

/**
 * Decisions of linuxDecisions.ts that linux-6.18 never exercises but the models built on it
 * do (coverage): faultinPage's 'skip' is taken only where population asks FOLL_MLOCK without
 * FOLL_POPULATE, which is linux-4.4's populateGupFlags for a VM_LOCKONFAULT VMA; mlock2's
 * ENOSYS is linux-4.3's. madvise.ts's branch for MADV_POPULATE_* inside the VMA walk is
 * linux-6.1's.
 */
export const INHERITED_BOUNDS: readonly { model: string; bound: KernelBound }[] = [
  {
    model: 'linux-4.4',
    bound: bound('foll-mlock', ['mmap', 'mlock', 'mlock2', 'mlockall'], {
      setups: SETUPS.slice(0, 1),
    }),
  },
  // populate.ts's followMlock (page-level mlock by GUP: mm/gup.c:follow_page_pte with
  // FOLL_MLOCK before the 5.18 folio mlock rework) is linux-5.10's alone (mlockPagesOnFault
  // false): pages made present before the lock (MAP_POPULATE, an access) and mlocked by the
  // population of mlock and mlock2, MLOCK_ONFAULT's included, and munlock after them.
  {
    model: 'linux-5.10',
    bound: bound('gup-mlock', ['mmap', 'mlock', 'mlock2', 'munlock', 'access'], {
      setups: SETUPS.slice(0, 1),
    }),
  },
  // mlock2LockBits' 'ENOSYS' is linux-4.3's (no mlock2 before 4.4): sys_mlock2 must return it.
  {
    model: 'linux-4.3',
    bound: bound('no-mlock2', ['mmap', 'mlock2'], { depth: 2, setups: SETUPS.slice(0, 1) }),
  },
  // mremap.ts's paths to 6.16 are linux-6.12's (mm/mremap.c:mremap_to, vma_to_resize): new_addr
  // checked after the VMA lookup (mremapChecksNewAddrFirst false), a MREMAP_FIXED target
  // unmapped before the source is checked, old_len 0 and MREMAP_DONTUNMAP refused on the VMA
  // found again (mremapChecksSourceBeforeUnmap false); 6.18 checks all before unmapping.
  {
    model: 'linux-6.12',
    bound: bound('mremap-to-6.16', ['mmap', 'munmap', 'mremap'], {
      edgeArguments: true,
      setups: SETUPS.slice(0, 2),
    }),
  },
  // madvise.ts's MADV_POPULATE_* inside the VMA walk (madvisePopulateInVmaWalk) is linux-6.1's
  // (5.14 to 6.8, mm/madvise.c:madvise_populate per VMA): 6.18 populates after the walk.
  {
    model: 'linux-6.1',
    bound: bound('populate-in-walk', ['mmap', 'madvise', 'access', 'mlock'], {
      extraFlags: [
        { name: 'MADV_POPULATE_READ', value: MADV_POPULATE_READ, text: 'MADV_POPULATE_READ' },
      ],
      setups: SETUPS.slice(0, 1),
    }),
  },
  // madvise.ts's MADV_POPULATE as the 2021 RFC had it (madvisePopulate 'populate-vma', a
  // VMA walk refusing VM_IO|VM_PFNMAP and PROT_NONE VMAs): rfc-madv-populate's alone, its
  // advice 22 in the fixed alphabet as MADV_POPULATE_READ's number.
  {
    model: 'rfc-madv-populate',
    bound: bound('rfc-populate', ['mmap', 'madvise', 'access', 'mlock', 'mprotect'], {
      extraFlags: [
        { name: 'MADV_POPULATE_READ', value: MADV_POPULATE_READ, text: 'MADV_POPULATE' },
      ],
      setups: SETUPS.slice(0, 1),
    }),
  },
  // mremap.ts's in-place shrink before the VMA lookup (mremapLooksUpVmaFirst false, before
  // 5.16: mm/mremap.c:SYSCALL mremap unmaps the tail and returns old_address without asking
  // for a VMA) is linux-4.4's, otherwise 6.18's: its shrinks, over a VMA and over a hole, are
  // judged by mremapPostcondition and the properties 4.4 keeps (models/expectedVerdicts.ts).
  {
    model: 'linux-4.4',
    bound: bound('mremap-early-lookup', ['mmap', 'munmap', 'mremap'], {
      edgeArguments: true,
      setups: SETUPS.slice(0, 1),
    }),
  },
  // mremap.ts's MREMAP_DONTUNMAP refusal of all but private anonymous memory
  // (mremapDontunmapAnonOnly, mm/mremap.c:vma_to_resize 5.7 to 5.12) is linux-5.10's alone: the
  // edge letters' MREMAP_DONTUNMAP of a whole region, hinted at the next spot, over each map
  // type (a shared file mapping refused, a private anonymous one moved), judged by
  // mremapEinvalHasCause, which names that refusal as the one cause 5.10 adds, and
  // mremapErrnoListed.
  {
    model: 'linux-5.10',
    bound: bound('dontunmap-anon-only', ['mmap', 'mremap'], {
      depth: 2,
      edgeArguments: true,
      setups: SETUPS.slice(0, 1),
    }),
  },
  // nommuMunmap.ts and nommuMremap.ts are nommu's alone (decisions munmapWithinOneVma,
  // mremapResizesInPlaceOnly; mm/nommu.c:do_munmap, do_mremap): munmap and mremap of whole
  // VMAs, parts of them, holes and file mappings, with their edge letters (unaligned, zero,
  // wrapping, MREMAP_FIXED), judged by the properties nommu keeps (models/expectedVerdicts.ts).
  {
    model: 'nommu',
    bound: bound('nommu-unmap', ['mmap', 'mmapFixed', 'munmap', 'mremap'], {
      edgeArguments: true,
      setups: SETUPS.slice(0, 1),
    }),
  },
];

/** The properties that fail on `b` beyond the known ones; the search stops at the first. */
async function unexpectedViolations(b: KernelBound, model = 'linux-6.18'): Promise<string[]> {
  const stop = new AbortController();
  const known = expectedViolations(model);
  const report = await explore(kernelSystem(getModel(model), b), {
    maxDepth: b.depth,
    signal: stop.signal,
    onViolation: (found) => {
      if (known[found.property] === undefined) stop.abort();
    },
  });
  return report.properties
    .filter((p) => p.verdict.status === 'violated' && known[p.name] === undefined)
    .map((p) => p.name);
}

describe('linux-6.18 keeps every property but its known violations', () => {
  for (const b of MUTATION_BOUNDS)
    it(b.name, async () => {
      expect(await unexpectedViolations(b)).toEqual([]);
    });
});

describe('the models built on linux-6.18 keep the properties where it cannot show a decision', () => {
  for (const { model, bound: b } of INHERITED_BOUNDS)
    it(`${model} ${b.name}`, async () => {
      expect(await unexpectedViolations(b, model)).toEqual([]);
    });
});

// Two threads (coverage: populateSteps.ts, the population held at its lock boundaries, which
// only the threads bound runs; src/check/threadSystem.ts): linux-6.18 keeps every thread
// property but its known violation, deferredPopulationOwnsItsMappings.
describe('linux-6.18 keeps every property with two threads but its known violations', () => {
  it('mutation-threads', async () => {
    const known = expectedViolations('linux-6.18');
    const report = await checkKernel(getModel('linux-6.18'), {
      ...THREADS_KERNEL_BOUND,
      name: 'mutation-threads',
    });
    const unexpected = report.properties
      .filter((p) => p.verdict === 'violated' && known[p.name] === undefined)
      .map((p) => p.name);
    expect(unexpected).toEqual([]);
  });
});
