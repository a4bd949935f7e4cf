// The def_flags statechart on its own: mlockall with every flag combination, munlockall.

import { createMachine } from 'xstate';
import { defFlagsStates } from './defFlagsStates.js';
import type { MmContext } from './mmContext.js';
import type { MmEvent } from './mmEvent.js';

export function createDefFlagsMachine() {
  return createMachine({
    id: 'defFlags',
    types: {} as { context: MmContext; events: MmEvent },
    context: { pages: [], last: 'ok' },
    ...defFlagsStates(),
  });
}
