// The machines `mmspec graph` draws and spec/machines/diagrams/ holds, each at the smallest
// shape that shows every kind of transition (one page: the page events repeat per page).

import type { AnyStateMachine } from 'xstate';
import { createDefFlagsMachine } from '../../../spec/machines/defFlagsMachine.js';
import { createMmMachine } from '../../../spec/machines/mmMachine.js';
import { createVmaLockMachine } from '../../../spec/machines/vmaLockMachine.js';

export const DIAGRAM_MACHINES: Readonly<Record<string, () => AnyStateMachine>> = {
  vmaLock: () => createVmaLockMachine(1),
  defFlags: () => createDefFlagsMachine(),
  mm: () => createMmMachine({ regions: 2, pages: 1 }),
};

export type DiagramFormat = 'dot' | 'mermaid' | 'svg';
export const DIAGRAM_FORMATS: readonly DiagramFormat[] = ['dot', 'mermaid', 'svg'];
export const DIAGRAM_EXTENSION: Record<DiagramFormat, string> = {
  dot: 'dot',
  mermaid: 'mmd',
  svg: 'svg',
};
