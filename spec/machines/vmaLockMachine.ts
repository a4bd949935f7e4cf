// The VMA lock statechart of one region on its own, in a process whose def_flags stays empty
// (no MCL_FUTURE): the per-VMA half of the spec. mmMachine.ts composes it with def_flags.

import { createMachine } from 'xstate';
import { checkShape, initialContext } from './mmContext.js';
import type { MmContext } from './mmContext.js';
import type { MmEvent } from './mmEvent.js';
import { vmaLockStates } from './vmaLockStates.js';

export function createVmaLockMachine(pages: number) {
  checkShape('createVmaLockMachine', { regions: 1, pages });
  return createMachine({
    id: 'vma',
    types: {} as { context: MmContext; events: MmEvent },
    context: initialContext({ regions: 1, pages }),
    ...vmaLockStates(0, pages, null),
  });
}
