// The system calls and user accesses a trace may make, and so the names an Engine is handed.

/** The system calls and user accesses a trace may make. */
export const CALL_NAMES = [
  'mmap',
  'munmap',
  'mprotect',
  'mremap',
  'mlock',
  'mlock2',
  'munlock',
  'mlockall',
  'munlockall',
  'madvise',
  'read',
  'write',
  'tmpfile',
  'fusefile',
  'memfd_secret',
  'existing',
  'brk',
  'execve',
  'setrlimit',
  'capset',
] as const;
export type CallName = (typeof CALL_NAMES)[number];

/**
 * The system calls that act on mappings a process already has (all but mmap, which makes them),
 * in the order the check alphabet and conform's random alphabet both try them.
 */
export const MAPPING_SYSCALLS = [
  'mlock',
  'mlock2',
  'munlock',
  'munmap',
  'mprotect',
  'madvise',
  'mremap',
  'mlockall',
  'munlockall',
] as const satisfies readonly CallName[];
