// The events of the statecharts: one exact event type for every call the spec knows, spelled
// as the call reads in a trace. The graph utilities send exactly the events listed here
// (they do not expand wildcards), so the alphabet is explicit and finite for a given shape.

import type { MmShape } from './mmContext.js';

/** The mmap flag sets the spec distinguishes (every one also MAP_PRIVATE|MAP_ANONYMOUS). */
export const MAP_KINDS = ['plain', 'populate', 'populate_nonblock', 'locked'] as const;
export type MapKind = (typeof MAP_KINDS)[number];

/** The calls on one region besides mmap. */
export const REGION_CALLS = [
  'munmap',
  'mlock',
  'mlock2_onfault',
  'mlock2_einval',
  'munlock',
] as const;
export type RegionCall = (typeof REGION_CALLS)[number];

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

const MAP_SPELLING: Record<MapKind, string> = {
  plain: '',
  populate: ',MAP_POPULATE',
  populate_nonblock: ',MAP_POPULATE|MAP_NONBLOCK',
  locked: ',MAP_LOCKED',
};

export const mmapEvent = (region: number, map: MapKind): MmEvent => ({
  type: `mmap(r${region}${MAP_SPELLING[map]})`,
  call: 'mmap',
  region,
  map,
});

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
    ...REGION_CALLS.map((c) => regionEvent(c, region)),
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
