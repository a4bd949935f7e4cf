// The one vocabulary of kernel constants (x86-64 values), each with the version that introduced it.
// Sources: include/uapi/asm-generic/mman-common.h, arch/x86/include/uapi/asm/mman.h,
// include/uapi/linux/mman.h, include/linux/mm.h (VM_* bits), semantics 15.

/** A named constant of the kernel ABI. */
export interface UapiConstant {
  readonly name: string;
  readonly value: bigint;
  readonly since: string;
}

function group(since: Record<string, string>, values: Record<string, number | bigint>) {
  return Object.entries(values).map(([name, value]): UapiConstant => ({
    name,
    value: BigInt(value),
    since: since[name] ?? '2.6',
  }));
}

export const PAGE_SHIFT = 12;
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
export const MADV_GUARD_INSTALL = 102;
export const MADV_GUARD_REMOVE = 103;

/** Every name a trace may use for a number, with its value and first kernel version. */
export const UAPI_CONSTANTS: readonly UapiConstant[] = [
  ...group(
    { PROT_SEM: '2.4', PROT_GROWSDOWN: '2.6.0', PROT_GROWSUP: '2.6.0' },
    { PROT_NONE, PROT_READ, PROT_WRITE, PROT_EXEC, PROT_SEM, PROT_GROWSDOWN, PROT_GROWSUP },
  ),
  ...group(
    {
      MAP_SHARED_VALIDATE: '4.15',
      MAP_DROPPABLE: '6.11',
      MAP_LOCKED: '2.5.37',
      MAP_POPULATE: '2.5.46',
      MAP_NONBLOCK: '2.5.46',
      MAP_STACK: '2.6.27',
      MAP_HUGETLB: '2.6.32',
      MAP_SYNC: '4.15',
      MAP_FIXED_NOREPLACE: '4.17',
      MAP_UNINITIALIZED: '2.6.33',
    },
    {
      MAP_SHARED,
      MAP_PRIVATE,
      MAP_SHARED_VALIDATE,
      MAP_DROPPABLE,
      MAP_TYPE,
      MAP_FIXED,
      MAP_ANONYMOUS,
      MAP_ANON: MAP_ANONYMOUS,
      MAP_32BIT,
      MAP_GROWSDOWN,
      MAP_DENYWRITE,
      MAP_EXECUTABLE,
      MAP_LOCKED,
      MAP_NORESERVE,
      MAP_POPULATE,
      MAP_NONBLOCK,
      MAP_STACK,
      MAP_HUGETLB,
      MAP_SYNC,
      MAP_FIXED_NOREPLACE,
      MAP_UNINITIALIZED,
    },
  ),
  ...group(
    { MLOCK_ONFAULT: '4.4', MCL_ONFAULT: '4.4' },
    { MLOCK_ONFAULT, MCL_CURRENT, MCL_FUTURE, MCL_ONFAULT },
  ),
  ...group(
    { MREMAP_MAYMOVE: '2.4', MREMAP_FIXED: '2.4', MREMAP_DONTUNMAP: '5.7' },
    { MREMAP_MAYMOVE, MREMAP_FIXED, MREMAP_DONTUNMAP },
  ),
  ...group(
    {
      MADV_FREE: '4.5',
      MADV_COLD: '5.4',
      MADV_PAGEOUT: '5.4',
      MADV_POPULATE_READ: '5.14',
      MADV_POPULATE_WRITE: '5.14',
      MADV_DONTNEED_LOCKED: '5.18',
      MADV_COLLAPSE: '6.1',
      MADV_GUARD_INSTALL: '6.13',
      MADV_GUARD_REMOVE: '6.13',
    },
    {
      MADV_NORMAL,
      MADV_RANDOM,
      MADV_SEQUENTIAL,
      MADV_WILLNEED,
      MADV_DONTNEED,
      MADV_FREE,
      MADV_REMOVE,
      MADV_DONTFORK,
      MADV_DOFORK,
      MADV_MERGEABLE,
      MADV_UNMERGEABLE,
      MADV_HUGEPAGE,
      MADV_NOHUGEPAGE,
      MADV_DONTDUMP,
      MADV_DODUMP,
      MADV_WIPEONFORK,
      MADV_KEEPONFORK,
      MADV_COLD,
      MADV_PAGEOUT,
      MADV_POPULATE_READ,
      MADV_POPULATE_WRITE,
      MADV_DONTNEED_LOCKED,
      MADV_COLLAPSE,
      MADV_GUARD_INSTALL,
      MADV_GUARD_REMOVE,
    },
  ),
  ...group(
    { RLIMIT_MEMLOCK: '2.4', CAP_IPC_LOCK: '2.2' },
    { RLIMIT_DATA, RLIMIT_MEMLOCK, RLIM_INFINITY, CAP_IPC_LOCK },
  ),
  { name: 'PAGE_SIZE', value: BigInt(PAGE_SIZE), since: '1.0' },
  { name: 'NULL', value: 0n, since: '1.0' },
];

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
