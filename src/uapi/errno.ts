// errno values a modelled call can return (include/uapi/asm-generic/errno-base.h, errno.h).

export const ERRNO = {
  EPERM: 1,
  ENOENT: 2,
  EINTR: 4,
  EBADF: 9,
  EAGAIN: 11,
  ENOMEM: 12,
  EACCES: 13,
  EFAULT: 14,
  EBUSY: 16,
  EEXIST: 17,
  ENODEV: 19,
  EINVAL: 22,
  ENFILE: 23,
  EMFILE: 24,
  ETXTBSY: 26,
  EFBIG: 27,
  ENOSYS: 38,
  EOVERFLOW: 75,
  EOPNOTSUPP: 95,
  EHWPOISON: 133,
} as const;

export type Errno = keyof typeof ERRNO;

export const ERRNO_NAMES: readonly Errno[] = Object.keys(ERRNO) as Errno[];

export function isErrno(name: string): name is Errno {
  return Object.prototype.hasOwnProperty.call(ERRNO, name);
}

/**
 * Signals a user access can raise, reported as results. SIGKILL: the access ran out of memory
 * and the OOM killer chose this process (src/kernel/access.ts).
 */
export type Signal = 'SIGSEGV' | 'SIGBUS' | 'SIGKILL';
