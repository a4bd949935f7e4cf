// Every name a trace may use for a number: each number constants.ts exports, under its own name,
// with the release that introduced it. The list is read from the module itself, so a constant is
// written once (its declaration) and is a trace name from then on.

import * as constants from './constants.js';

/** A named constant of the kernel ABI. */
export interface UapiConstant {
  readonly name: string;
  readonly value: bigint;
  /** The first release that has it (its uapi header's history); 2.6 where older than that. */
  readonly since: string;
  /**
   * A proposal's constant that takes an existing constant's value on purpose (MAP_LOCKONFAULT
   * on the bit 4.15 gave MAP_SYNC): that constant's name. Without it, `extend` refuses a value
   * its family already has.
   */
  readonly sameValueAs?: string;
}

type ConstantName = {
  [K in keyof typeof constants]: (typeof constants)[K] extends number | bigint ? K : never;
}[keyof typeof constants];

/** The release that introduced each constant, where its header's history tells; 2.6 otherwise. */
const SINCE: Partial<Record<ConstantName, string>> = {
  PAGE_SIZE: '1.0',
  PROT_SEM: '2.4',
  PROT_GROWSDOWN: '2.6.0',
  PROT_GROWSUP: '2.6.0',
  MAP_SHARED_VALIDATE: '4.15',
  MAP_DROPPABLE: '6.11',
  MAP_ABOVE4G: '6.6',
  MAP_LOCKED: '2.5.37',
  MAP_POPULATE: '2.5.46',
  MAP_NONBLOCK: '2.5.46',
  MAP_STACK: '2.6.27',
  MAP_HUGETLB: '2.6.32',
  MAP_HUGE_2MB: '3.8',
  MAP_HUGE_1GB: '3.8',
  MAP_SYNC: '4.15',
  MAP_FIXED_NOREPLACE: '4.17',
  MAP_UNINITIALIZED: '2.6.33',
  MLOCK_ONFAULT: '4.4',
  MCL_ONFAULT: '4.4',
  MREMAP_MAYMOVE: '2.4',
  MREMAP_FIXED: '2.4',
  MREMAP_DONTUNMAP: '5.7',
  MADV_FREE: '4.5',
  MADV_HWPOISON: '2.6.32',
  MADV_SOFT_OFFLINE: '2.6.33',
  MADV_COLD: '5.4',
  MADV_PAGEOUT: '5.4',
  MADV_POPULATE_READ: '5.14',
  MADV_POPULATE_WRITE: '5.14',
  MADV_DONTNEED_LOCKED: '5.18',
  MADV_COLLAPSE: '6.1',
  MADV_GUARD_INSTALL: '6.13',
  MADV_GUARD_REMOVE: '6.13',
  RLIMIT_MEMLOCK: '2.4',
  CAP_IPC_LOCK: '2.2',
};

const declared: UapiConstant[] = Object.entries(constants).flatMap(([name, value]) =>
  typeof value === 'number' || typeof value === 'bigint'
    ? [{ name, value: BigInt(value), since: SINCE[name as ConstantName] ?? '2.6' }]
    : [],
);

/**
 * The vocabulary, in the module's name order (a namespace lists its names sorted), then the
 * names that are not declarations: the alias MAP_ANON (after MAP_ANONYMOUS, so a lookup by value
 * finds the kernel's own name first) and C's NULL.
 */
export const UAPI_CONSTANTS: readonly UapiConstant[] = [
  ...declared,
  { name: 'MAP_ANON', value: BigInt(constants.MAP_ANONYMOUS), since: '2.6' },
  { name: 'NULL', value: 0n, since: '1.0' },
];
