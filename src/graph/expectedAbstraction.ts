// What a statechart snapshot says the address space must look like, in the bridge's terms.

import type { DefFlagsState, MmShape, RegionState } from '../../spec/machines/mmContext.js';
import { regionKey } from '../../spec/machines/mmMachine.js';
import type { MmSnapshotLike } from '../../spec/machines/snapshotKey.js';
import type { AbstractMm } from './abstractMm.js';

const isLocked = (s: RegionState): boolean => s === 'locked' || s === 'lockonfault';

export function expectedAbstraction(snapshot: MmSnapshotLike, shape: MmShape): AbstractMm {
  const value = snapshot.value;
  if (typeof value === 'string')
    throw new TypeError(`expectedAbstraction: not a snapshot of the composed machine: ${value}`);
  const regions = Array.from({ length: shape.regions }, (_, k) => {
    const state = value[regionKey(k)] as RegionState;
    const pages = snapshot.context.pages[k] ?? [];
    // mm/mlock.c: a present normal page of a locked VMA is mlocked (by the mlock_fixup walk
    // or the fault path); the zero page never is (semantics 12.5).
    const letters = pages.map((r) => (r === 'p' && isLocked(state) ? 'L' : r)).join('');
    return { state, letters };
  });
  return {
    regions,
    defFlags: value.defFlags as DefFlagsState,
    outcome: snapshot.context.last,
  };
}
