// Linux 6.18: the simulator's own behaviour, bugs included (semantics 18).
import { LINUX_6_18_DECISIONS } from '../src/kernel/linuxDecisions.js';
import type { KernelModel } from '../src/kernel/model.js';

export const linux618: KernelModel = {
  name: 'linux-6.18',
  description:
    'Linux 6.18 (x86-64) as verified on 6.18.44: mlock rework of 5.18, MADV_POPULATE_*, ' +
    'MAP_DROPPABLE, and the 6.18 MREMAP_DONTUNMAP locked_vm leak.',
  provenance: 'torvalds/linux v6.18; verified against 6.18.44 by the litmus corpus',
  decisions: LINUX_6_18_DECISIONS,
  constants: [],
};
