// A lockbench transition as one small integer: kind in bits 0-3, slot in bits 4-11, argument
// (mmap flags, mlockall combination or page) from bit 12.

export const MMAP = 0;
export const MUNMAP = 1;
export const MLOCK = 2;
export const MLOCK2_ONFAULT = 3;
export const MUNLOCK = 4;
export const MLOCKALL = 5;
export const MUNLOCKALL = 6;
export const TOUCH = 7;
export const RECLAIM = 8;

/** The 6 valid mlockall flag sets (MCL_ONFAULT alone is EINVAL): MCL_CURRENT 1, MCL_FUTURE 2, MCL_ONFAULT 4. */
export const MLOCKALL_FLAGS = [1, 2, 3, 5, 6, 7] as const;

export function label(kind: number, slot = 0, arg = 0): number {
  return kind | (slot << 4) | (arg << 12);
}

const MMAP_FLAGS = ['0', 'MAP_LOCKED', 'MAP_POPULATE', 'MAP_LOCKED|MAP_POPULATE'];
const MCL = ['MCL_CURRENT', 'MCL_FUTURE', 'MCL_ONFAULT'];

export function describeLabel(code: number): string {
  const kind = code & 15;
  const slot = (code >>> 4) & 255;
  const arg = code >>> 12;
  switch (kind) {
    case MMAP:
      return `mmap(slot ${slot}, ${MMAP_FLAGS[arg] ?? '?'})`;
    case MUNMAP:
      return `munmap(slot ${slot})`;
    case MLOCK:
      return `mlock(slot ${slot})`;
    case MLOCK2_ONFAULT:
      return `mlock2(slot ${slot}, MLOCK_ONFAULT)`;
    case MUNLOCK:
      return `munlock(slot ${slot})`;
    case MLOCKALL: {
      const flags = MLOCKALL_FLAGS[arg] ?? 0;
      return `mlockall(${MCL.filter((_, bit) => (flags & (1 << bit)) !== 0).join('|')})`;
    }
    case MUNLOCKALL:
      return 'munlockall()';
    case TOUCH:
      return `touch(slot ${slot}, page ${arg})`;
    case RECLAIM:
      return `reclaim(slot ${slot}, page ${arg})`;
    default:
      return `unknown label ${code}`;
  }
}
