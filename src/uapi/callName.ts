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
  'memfd_secret',
  'existing',
  'brk',
  'execve',
] as const;
export type CallName = (typeof CALL_NAMES)[number];
