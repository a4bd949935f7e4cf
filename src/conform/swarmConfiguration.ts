// Swarm testing for conform's random traces (Groce et al., ISSTA 2012): each trace draws a
// configuration, the calls and the flag values it may use, and keeps to it, so a trace with
// only mmap, mremap and munlockall says far more about their interplay than one spread over
// every call. The vocabulary below is the random alphabet: every call and every flag value
// arbitraryTrace.ts may draw, by the argument they fill.

import fc from 'fast-check';
import { MAPPING_SYSCALLS } from '../uapi/callName.js';
import type { UapiConstant } from '../uapi/uapiConstants.js';

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
export type FlagGroups = { readonly [G in FlagGroup]: readonly string[] };

/** The group a model's own constant joins, by its prefix (a proposal's MAP_LOCKONFAULT: mapExtra). */
const GROUP_OF_PREFIX: readonly (readonly [RegExp, FlagGroup])[] = [
  [/^MAP_/, 'mapExtra'],
  [/^MLOCK_/, 'mlock2'],
  [/^MADV_/, 'madvise'],
  [/^MREMAP_/, 'mremap'],
  [/^MCL_/, 'mcl'],
  [/^PROT_/, 'prot'],
];

/**
 * The random alphabet of a candidate model: FLAG_GROUPS plus the names the model adds to the
 * uapi (a proposal's new flags), each in the group of the argument it is passed in, so that
 * `conform --random --model PROPOSAL` tries them like any other flag.
 */
export function flagGroups(constants: readonly UapiConstant[] = []): FlagGroups {
  const groups: Record<FlagGroup, string[]> = {
    prot: [...FLAG_GROUPS.prot],
    mapType: [...FLAG_GROUPS.mapType],
    mapExtra: [...FLAG_GROUPS.mapExtra],
    mlock2: [...FLAG_GROUPS.mlock2],
    madvise: [...FLAG_GROUPS.madvise],
    mremap: [...FLAG_GROUPS.mremap],
    mcl: [...FLAG_GROUPS.mcl],
  };
  for (const c of constants) {
    const g = GROUP_OF_PREFIX.find(([re]) => re.test(c.name))?.[1];
    if (g !== undefined && !groups[g].includes(c.name)) groups[g].push(c.name);
  }
  return groups;
}

export interface SwarmConfiguration {
  readonly calls: readonly RandomCall[];
  /** The values of each group switched on (a group may have none: its calls pass 0). */
  readonly flags: FlagGroups;
}

/** Everything on: the traces random mode drew before swarm testing. */
export const EVERYTHING: SwarmConfiguration = {
  calls: CALLS,
  flags: FLAG_GROUPS,
};

/** A fresh configuration: some calls (at least one) and some values of each flag group. */
export function swarmConfiguration(
  groups: FlagGroups = FLAG_GROUPS,
): fc.Arbitrary<SwarmConfiguration> {
  const some = (g: FlagGroup, minLength = 0) => fc.subarray([...groups[g]], { minLength });
  return fc.record({
    calls: fc.subarray([...CALLS], { minLength: 1 }),
    flags: fc.record({
      prot: some('prot'),
      mapType: some('mapType', 1),
      mapExtra: some('mapExtra'),
      mlock2: some('mlock2', 1),
      madvise: some('madvise', 1),
      mremap: some('mremap'),
      mcl: some('mcl'),
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
