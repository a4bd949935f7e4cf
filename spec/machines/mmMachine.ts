// The composed statechart of an address space: one VMA lock statechart a region and the
// def_flags statechart, as parallel regions of one machine. Every event goes to all of them;
// the coupling is what the kernel couples:
// - mlockall(MCL_CURRENT...) moves every mapped region (vmaLockStates) and def_flags at once;
// - a region's mmap reads def_flags (stateIn) to decide how the new mapping starts;
// - munlockall clears both.
// The number of regions and pages is a parameter: the spec has no bound of its own.

import { createMachine, stateIn } from 'xstate';
import { defFlagsStates } from './defFlagsStates.js';
import type { MmStateConfig } from './_internals/machineTypes.js';
import { checkShape, initialContext } from './mmContext.js';
import type { DefFlagsState, MmContext, MmShape } from './mmContext.js';
import type { MmEvent } from './mmEvent.js';
import { vmaLockStates } from './vmaLockStates.js';

/** The name of region k's parallel state. */
export const regionKey = (k: number): string => `r${k}`;

const inDefFlags = (s: DefFlagsState) => stateIn({ defFlags: s });

/** The parallel states of the composed machine: r0, r1, ..., defFlags. */
export function mmStates(shape: MmShape): Record<string, MmStateConfig> {
  checkShape('mmStates', shape);
  const states: Record<string, MmStateConfig> = {};
  for (let k = 0; k < shape.regions; k++)
    states[regionKey(k)] = vmaLockStates(k, shape.pages, inDefFlags);
  states.defFlags = defFlagsStates();
  return states;
}

/** The composed machine; `states` replaces mmStates(shape) (tests plant mutations so). */
export function createMmMachine(
  shape: MmShape,
  states: Record<string, MmStateConfig> = mmStates(shape),
) {
  checkShape('createMmMachine', shape);
  return createMachine({
    id: 'mm',
    types: {} as { context: MmContext; events: MmEvent },
    context: initialContext(shape),
    type: 'parallel',
    states,
  });
}

export type MmMachine = ReturnType<typeof createMmMachine>;
