// The one vocabulary of kernel constants (x86-64 values). Every number exported here is a name a
// trace may use (src/uapi/uapiConstants.ts lists them with the release that introduced each).
// Sources: include/uapi/asm-generic/mman-common.h, arch/x86/include/uapi/asm/mman.h,
// include/uapi/linux/mman.h, include/linux/mm.h (VM_* bits), semantics 15.

export const PAGE_SIZE = 4096;

// mman-common.h: protections
export const PROT_NONE = 0x0;
export const PROT_READ = 0x1;
export const PROT_WRITE = 0x2;
export const PROT_EXEC = 0x4;
export const PROT_SEM = 0x8;
export const PROT_GROWSDOWN = 0x01000000;
export const PROT_GROWSUP = 0x02000000;

// mmap flags
export const MAP_SHARED = 0x01;
export const MAP_PRIVATE = 0x02;
export const MAP_SHARED_VALIDATE = 0x03;
export const MAP_DROPPABLE = 0x08;
export const MAP_TYPE = 0x0f;
export const MAP_FIXED = 0x10;
export const MAP_ANONYMOUS = 0x20;
export const MAP_32BIT = 0x40;
/** x86's MAP_ABOVE4G (arch/x86/include/uapi/asm/mman.h, 6.6: the shadow stack series). */
export const MAP_ABOVE4G = 0x80;
export const MAP_GROWSDOWN = 0x100;
export const MAP_DENYWRITE = 0x800;
export const MAP_EXECUTABLE = 0x1000;
export const MAP_LOCKED = 0x2000;
export const MAP_NORESERVE = 0x4000;
export const MAP_POPULATE = 0x8000;
export const MAP_NONBLOCK = 0x10000;
export const MAP_STACK = 0x20000;
export const MAP_HUGETLB = 0x40000;
export const MAP_SYNC = 0x80000;
export const MAP_FIXED_NOREPLACE = 0x100000;
export const MAP_UNINITIALIZED = 0x4000000;
/** The huge page size field, log2 of the size at bit 26 (include/uapi/asm-generic/hugetlb_encode.h). */
export const MAP_HUGE_2MB = 21 << 26;
export const MAP_HUGE_1GB = 30 << 26;

// mlock2 / mlockall
export const MLOCK_ONFAULT = 0x01;
export const MCL_CURRENT = 1;
export const MCL_FUTURE = 2;
export const MCL_ONFAULT = 4;

// setrlimit / capset: include/uapi/asm-generic/resource.h, include/uapi/linux/capability.h
export const RLIMIT_DATA = 2;
export const RLIMIT_MEMLOCK = 8;
/** ((rlim_t)~0UL): no limit (include/uapi/linux/resource.h). */
export const RLIM_INFINITY = (1n << 64n) - 1n;
export const CAP_IPC_LOCK = 14;

// mremap
export const MREMAP_MAYMOVE = 1;
export const MREMAP_FIXED = 2;
export const MREMAP_DONTUNMAP = 4;

// madvise advice values
export const MADV_NORMAL = 0;
export const MADV_RANDOM = 1;
export const MADV_SEQUENTIAL = 2;
export const MADV_WILLNEED = 3;
export const MADV_DONTNEED = 4;
export const MADV_FREE = 8;
export const MADV_REMOVE = 9;
export const MADV_DONTFORK = 10;
export const MADV_DOFORK = 11;
export const MADV_MERGEABLE = 12;
export const MADV_UNMERGEABLE = 13;
export const MADV_HUGEPAGE = 14;
export const MADV_NOHUGEPAGE = 15;
export const MADV_DONTDUMP = 16;
export const MADV_DODUMP = 17;
export const MADV_WIPEONFORK = 18;
export const MADV_KEEPONFORK = 19;
export const MADV_COLD = 20;
export const MADV_PAGEOUT = 21;
export const MADV_POPULATE_READ = 22;
export const MADV_POPULATE_WRITE = 23;
export const MADV_DONTNEED_LOCKED = 24;
export const MADV_COLLAPSE = 25;
/** Only with CONFIG_MEMORY_FAILURE (mm/madvise.c:madvise_behavior_valid). */
export const MADV_HWPOISON = 100;
export const MADV_SOFT_OFFLINE = 101;
export const MADV_GUARD_INSTALL = 102;
export const MADV_GUARD_REMOVE = 103;

/** x86-64 syscall numbers of the calls mmspec models (arch/x86/entry/syscalls/syscall_64.tbl). */
export const SYSCALL_NR = {
  mmap: 9,
  mprotect: 10,
  munmap: 11,
  brk: 12,
  mremap: 25,
  madvise: 28,
  mlock: 149,
  munlock: 150,
  mlockall: 151,
  munlockall: 152,
  mlock2: 325,
  memfd_secret: 447,
} as const;
