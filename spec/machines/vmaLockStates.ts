// The VMA lock statechart of one region: a private anonymous read-write mapping placed at a
// fixed spot (MAP_FIXED_NOREPLACE), and the calls that change its lock bits or its pages.
// Written from the kernel's documented intent (semantics 2.4-2.6, 3.3, 4, 5, 6, 7), not from
// the simulator.
//
//   unmapped --mmap--> unlocked | populate | lockonfault      (which one: MAP_* and def_flags)
//   unlocked|locked|lockonfault --mlock / mlockall(MCL_CURRENT)--> populate --(always)--> locked
//   ... --mlock2(MLOCK_ONFAULT) / mlockall(MCL_CURRENT|MCL_ONFAULT)--> lockonfault
//   ... --munlock / munlockall--> unlocked;   ... --munmap--> unmapped
//
// `populate` is the window the 3.9 mm_populate series opened: the lock bits are set and
// mmap_lock is dropped before __mm_populate faults the pages in. The spec passes through it
// (an eventless transition) and settles in `locked` with every page present.

import type { MmGuard, MmStateConfig, MmTransition } from './_internals/machineTypes.js';
import {
  fillRegion,
  outcome,
  populateRegion,
  readPage,
  writePage,
} from './_internals/mmActions.js';
import {
  mlockallEvent,
  mmapEvent,
  regionEvent,
  accessEvent,
  MAP_KINDS,
  MLOCKALL_FLAGS,
} from './mmEvent.js';
import type { MapKind } from './mmEvent.js';
import { MUNLOCKALL } from './mmEvent.js';
import { mlockallLocksCurrent, mlockallOnfault, mlockallValid } from './mclFlags.js';
import type { DefFlagsState } from './mmContext.js';

/** How a region asks what def_flags holds. */
export type DefFlagsGuard = (s: DefFlagsState) => MmGuard;

const pagesOf = (n: number) => Array.from({ length: n }, (_, i) => i);

/**
 * mm/mmap.c:do_mmap and mm/vma.c:__mmap_region — vm_flags = MAP_* bits | def_flags; populate
 * when VM_LOCKED was asked for or MAP_POPULATE without MAP_NONBLOCK (3.3). Under
 * def_flags = L|OF even MAP_LOCKED gives `lo lf`, and populate_vma_page_range returns at
 * once for VM_LOCKONFAULT, so nothing is faulted (3.2, 3.3, quirk 18.7).
 */
function mmapTransitions(
  k: number,
  map: MapKind,
  inDefFlags: DefFlagsGuard | null,
): MmTransition[] {
  const ok = outcome('ok');
  const empty = fillRegion(k, '.');
  const lockedByFlags: MmTransition[] =
    map === 'locked' ? [{ target: 'populate', actions: [empty, ok] }] : [];
  const byDefFlags: MmTransition[] =
    inDefFlags === null
      ? []
      : [
          { guard: inDefFlags('future_onfault'), target: 'lockonfault', actions: [empty, ok] },
          { guard: inDefFlags('future'), target: 'populate', actions: [empty, ok] },
        ];
  return [
    ...byDefFlags,
    ...lockedByFlags,
    map === 'populate'
      ? { target: 'unlocked', actions: [populateRegion(k), ok] }
      : { target: 'unlocked', actions: [empty, ok] },
  ];
}

/** Transitions every mapped state shares (the target of a lock call does not depend on it). */
function mappedOn(k: number, pages: number): Record<string, MmTransition | MmTransition[]> {
  const on: Record<string, MmTransition | MmTransition[]> = {};
  const ok = outcome('ok');
  // MAP_FIXED_NOREPLACE over an existing mapping (mm/mmap.c:do_mmap).
  for (const m of MAP_KINDS) on[mmapEvent(k, m).type] = { actions: outcome('EEXIST') };
  on[regionEvent('munmap', k).type] = { target: 'unmapped', actions: [fillRegion(k, '.'), ok] };
  // do_mlock: every piece gets L (clearing OF), then population (4.2).
  on[regionEvent('mlock', k).type] = { target: 'populate', actions: ok };
  // mlock2(MLOCK_ONFAULT): L|OF; mlock_fixup mlocks present pages, faults nothing (4.3).
  on[regionEvent('mlock2_onfault', k).type] = { target: 'lockonfault', actions: ok };
  on[regionEvent('mlock2_einval', k).type] = { actions: outcome('EINVAL') };
  // munlock: the lock bits go, present pages are munlocked (section 5).
  on[regionEvent('munlock', k).type] = { target: 'unlocked', actions: ok };
  for (const i of pagesOf(pages)) {
    on[accessEvent('write', k, i).type] = { actions: [writePage(k, i), ok] };
    on[accessEvent('read', k, i).type] = { actions: [readPage(k, i), ok] };
  }
  // apply_mlockall_flags: with MCL_CURRENT every VMA gets exactly L or L|OF (6.2, step 4).
  for (const f of MLOCKALL_FLAGS) {
    if (!mlockallValid(f) || !mlockallLocksCurrent(f)) continue;
    on[mlockallEvent(f).type] = { target: mlockallOnfault(f) ? 'lockonfault' : 'populate' };
  }
  // munlockall is apply_mlockall_flags(0): every VMA loses its lock bits (section 7).
  on[MUNLOCKALL.type] = { target: 'unlocked' };
  return on;
}

/** The calls on an unmapped region: mapping it, or failing. */
function unmappedOn(
  k: number,
  pages: number,
  inDefFlags: DefFlagsGuard | null,
): Record<string, MmTransition | MmTransition[]> {
  const on: Record<string, MmTransition | MmTransition[]> = {};
  for (const m of MAP_KINDS) on[mmapEvent(k, m).type] = mmapTransitions(k, m, inDefFlags);
  // munmap of a range with no VMA succeeds (mm/vma.c:do_vmi_munmap finds nothing to do).
  on[regionEvent('munmap', k).type] = { actions: outcome('ok') };
  // apply_vma_lock_flags: no VMA contains start -> ENOMEM, nothing changed (2.5).
  for (const c of ['mlock', 'mlock2_onfault', 'munlock'] as const)
    on[regionEvent(c, k).type] = { actions: outcome('ENOMEM') };
  // mlock2: the flags are checked before anything else (4.1 step 1).
  on[regionEvent('mlock2_einval', k).type] = { actions: outcome('EINVAL') };
  for (const i of pagesOf(pages)) {
    on[accessEvent('write', k, i).type] = { actions: outcome('SIGSEGV') };
    on[accessEvent('read', k, i).type] = { actions: outcome('SIGSEGV') };
  }
  return on;
}

/**
 * The lock statechart of region k (`pages` pages), as a state node of a larger machine.
 * `inDefFlags` null: a process whose def_flags never holds a lock bit.
 */
export function vmaLockStates(
  k: number,
  pages: number,
  inDefFlags: DefFlagsGuard | null,
): MmStateConfig {
  const mapped = mappedOn(k, pages);
  return {
    initial: 'unmapped',
    states: {
      unmapped: { on: unmappedOn(k, pages, inDefFlags) },
      unlocked: { on: mapped },
      locked: { on: mapped },
      lockonfault: { on: mapped },
      populate: { always: { target: 'locked', actions: populateRegion(k) } },
    },
  };
}
