// The events of the statecharts: one exact event type for every call the spec knows, spelled
// as the call reads in a trace. The graph utilities send exactly the events listed here
// (they do not expand wildcards), so the alphabet is explicit and finite for a given shape.

import type { MmShape } from './mmContext.js';

/**
 * The mmap flag sets the spec distinguishes, as the uapi names each adds to
 * MAP_PRIVATE|MAP_ANONYMOUS: the one table the event names, the calls the simulator runs
 * (src/graph/eventCall.ts) and the printed traces (src/graph/counterexample.ts) are made from.
 */
export const MAP_KIND_FLAGS = {
  plain: [],
  populate: ['MAP_POPULATE'],
  populate_nonblock: ['MAP_POPULATE', 'MAP_NONBLOCK'],
  locked: ['MAP_LOCKED'],
} as const satisfies Record<string, readonly string[]>;
export type MapKind = keyof typeof MAP_KIND_FLAGS;
export const MAP_KINDS = Object.keys(MAP_KIND_FLAGS) as MapKind[];

/** The calls on one region besides mmap. */
export type RegionCall = 'munmap' | 'mlock' | 'mlock2_onfault' | 'mlock2_einval' | 'munlock';

/** The system call a region event makes on the whole region, and the flags it passes. */
export interface RegionSyscall {
  readonly call: 'munmap' | 'mlock' | 'mlock2' | 'munlock';
  /** A uapi name, or a number no kernel names; absent for calls without flags. */
  readonly flags?: string | number;
}

/** mlock2 flags no kernel accepts (anything but MLOCK_ONFAULT: mm/mlock.c, SYSCALL mlock2). */
export const MLOCK2_INVALID = 2;

export const REGION_CALLS: Readonly<Record<RegionCall, RegionSyscall>> = {
  munmap: { call: 'munmap' },
  mlock: { call: 'mlock' },
  mlock2_onfault: { call: 'mlock2', flags: 'MLOCK_ONFAULT' },
  mlock2_einval: { call: 'mlock2', flags: MLOCK2_INVALID },
  munlock: { call: 'munlock' },
};

export type MmEvent =
  | { readonly type: string; readonly call: 'mmap'; readonly region: number; readonly map: MapKind }
  | { readonly type: string; readonly call: RegionCall; readonly region: number }
  | {
      readonly type: string;
      readonly call: 'read' | 'write';
      readonly region: number;
      readonly page: number;
    }
  | { readonly type: string; readonly call: 'mlockall'; readonly flags: number }
  | { readonly type: string; readonly call: 'munlockall' };

/**
 * mlockall arguments the spec tries: every combination of MCL_CURRENT (1), MCL_FUTURE (2) and
 * MCL_ONFAULT (4), an unknown bit alone (8) and with a valid one (9).
 */
export const MLOCKALL_FLAGS: readonly number[] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];

export function mmapEvent(region: number, map: MapKind): MmEvent {
  const flags = MAP_KIND_FLAGS[map];
  const args = flags.length === 0 ? `r${region}` : `r${region},${flags.join('|')}`;
  return { type: `mmap(${args})`, call: 'mmap', region, map };
}

export const regionEvent = (call: RegionCall, region: number): MmEvent => ({
  type: `${call}(r${region})`,
  call,
  region,
});

export const accessEvent = (call: 'read' | 'write', region: number, page: number): MmEvent => ({
  type: `${call}(r${region}+${page}P)`,
  call,
  region,
  page,
});

export const mlockallEvent = (flags: number): MmEvent => ({
  type: `mlockall(${flags})`,
  call: 'mlockall',
  flags,
});

export const MUNLOCKALL: MmEvent = { type: 'munlockall()', call: 'munlockall' };

/** Every event of a region: mapping it, the lock calls on it, and an access to each page. */
export function regionEvents(region: number, pages: number): MmEvent[] {
  const pageIdx = Array.from({ length: pages }, (_, i) => i);
  return [
    ...MAP_KINDS.map((m) => mmapEvent(region, m)),
    ...(Object.keys(REGION_CALLS) as RegionCall[]).map((c) => regionEvent(c, region)),
    ...pageIdx.map((i) => accessEvent('write', region, i)),
    ...pageIdx.map((i) => accessEvent('read', region, i)),
  ];
}

/** The whole alphabet of the composed machine for a shape. */
export function mmEvents(shape: MmShape): MmEvent[] {
  const regions = Array.from({ length: shape.regions }, (_, k) => k);
  return [
    ...regions.flatMap((k) => regionEvents(k, shape.pages)),
    ...MLOCKALL_FLAGS.map(mlockallEvent),
    MUNLOCKALL,
  ];
}
