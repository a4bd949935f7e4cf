// Swarm testing for conform's random traces (Groce et al., ISSTA 2012): each trace draws a
// configuration, the calls and the flag values it may use, and keeps to it, so a trace with
// only mmap, mremap and munlockall says far more about their interplay than one spread over
// every call. The vocabulary below is the random alphabet: every call and every flag value
// arbitraryTrace.ts may draw, by the argument they fill.

import fc from 'fast-check';
import { MAPPING_SYSCALLS } from '../uapi/callName.js';

export const CALLS = ['mmap', ...MAPPING_SYSCALLS, 'read', 'write', 'fork'] as const;
export type RandomCall = (typeof CALLS)[number];

/** Flag values by the argument they fill; '' is mmap without a map type (EINVAL). */
export const FLAG_GROUPS = {
  prot: ['PROT_READ', 'PROT_WRITE'],
  mapType: ['MAP_PRIVATE', 'MAP_SHARED', '', 'MAP_DROPPABLE'],
  mapExtra: [
    'MAP_ANONYMOUS',
    'MAP_LOCKED',
    'MAP_POPULATE',
    'MAP_NONBLOCK',
    'MAP_NORESERVE',
    'MAP_GROWSDOWN',
    'MAP_FIXED_NOREPLACE',
    'MAP_FIXED',
  ],
  mlock2: ['0', 'MLOCK_ONFAULT', '0x2'],
  madvise: [
    'MADV_POPULATE_READ',
    'MADV_POPULATE_WRITE',
    'MADV_DONTNEED',
    'MADV_DONTNEED_LOCKED',
    'MADV_WILLNEED',
  ],
  mremap: ['MREMAP_MAYMOVE', 'MREMAP_FIXED', 'MREMAP_DONTUNMAP', '0x8'],
  mcl: ['MCL_CURRENT', 'MCL_FUTURE', 'MCL_ONFAULT', '0x8'],
} as const;
export type FlagGroup = keyof typeof FLAG_GROUPS;

export interface SwarmConfiguration {
  readonly calls: readonly RandomCall[];
  /** The values of each group switched on (a group may have none: its calls pass 0). */
  readonly flags: { readonly [G in FlagGroup]: readonly string[] };
}

/** Everything on: the traces random mode drew before swarm testing. */
export const EVERYTHING: SwarmConfiguration = {
  calls: CALLS,
  flags: FLAG_GROUPS,
};

const groupArbitrary = (g: FlagGroup): fc.Arbitrary<readonly string[]> =>
  fc.subarray([...FLAG_GROUPS[g]]);

/** A fresh configuration: some calls (at least one) and some values of each flag group. */
export function swarmConfiguration(): fc.Arbitrary<SwarmConfiguration> {
  return fc.record({
    calls: fc.subarray([...CALLS], { minLength: 1 }),
    flags: fc.record({
      prot: groupArbitrary('prot'),
      mapType: fc.subarray([...FLAG_GROUPS.mapType], { minLength: 1 }),
      mapExtra: groupArbitrary('mapExtra'),
      mlock2: fc.subarray([...FLAG_GROUPS.mlock2], { minLength: 1 }),
      madvise: fc.subarray([...FLAG_GROUPS.madvise], { minLength: 1 }),
      mremap: groupArbitrary('mremap'),
      mcl: groupArbitrary('mcl'),
    }),
  });
}

/** `calls mmap mremap; mapExtra MAP_LOCKED; mremap MREMAP_MAYMOVE|MREMAP_DONTUNMAP; ...` */
export function describeConfiguration(c: SwarmConfiguration): string {
  const groups = (Object.keys(c.flags) as FlagGroup[]).map(
    (g) => `${g} ${c.flags[g].map((f) => (f === '' ? '(none)' : f)).join('|') || '-'}`,
  );
  return [`calls ${c.calls.join(' ')}`, ...groups].join('; ');
}
