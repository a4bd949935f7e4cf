// MADV_DONTFORK, MADV_DOFORK, MADV_WIPEONFORK and MADV_KEEPONFORK change one flag and nothing
// else (madvise.2: DONTFORK makes the range unavailable to a fork child, DOFORK undoes it,
// WIPEONFORK presents the child with zero-filled memory there, KEEPONFORK undoes it;
// mm/madvise.c:madvise_vma_behavior sets or clears VM_DONTCOPY or VM_WIPEONFORK, and
// madvise_update_vma splits at the range's edges, walking on past holes as madvise_walk_vmas
// does):
// - every mapped page of the range keeps its VMA's other flags, its backing, file offset and
//   PTE, and has the flag set (DONTFORK: VM_DONTCOPY, WIPEONFORK: VM_WIPEONFORK) or clear
//   (DOFORK, KEEPONFORK);
// - every page outside the range maps as it did; def_flags, locked_vm and the rest of the
//   program's lock are unchanged (neither flag is a lock bit, and no page is faulted or zapped).
// Judged on success and on ENOMEM (a hole: the mapped parts changed all the same); a refusal
// (EINVAL: DOFORK on VM_IO, WIPEONFORK on a file or shared mapping, KEEPONFORK on
// VM_DROPPABLE) is the refusal properties' business. What fork then does with the flags is
// forkChildInherits', forkChildReadsParentData's, forkCopiesPtesWhereNeeded's and
// forkChildAnonVma's.

import { currentMm } from '../../src/kernel/state.js';
import { checkMnemonics } from '../../src/trace/syntax.js';
import * as U from '../../src/uapi/constants.js';
import { VM_DONTCOPY, VM_WIPEONFORK, vmFlags } from '../../src/uapi/vmFlags.js';
import type { TransitionInvariant } from './specInvariant.js';
import { type FlagChange, madviseChangedOnlyFlags } from './_internals/flagChange.js';
import { vmaAt } from './_internals/mmFacts.js';
import { adviceOf, judgesAdvice } from './_internals/madviseFacts.js';
import { callRange, regionPagesIn } from './_internals/rangeFacts.js';

const NONE = vmFlags(0);

/** The flag each fork advice sets or clears, with its smaps mnemonic. */
const FORK_FLAGS: ReadonlyMap<number, FlagChange & { readonly mnemonic: 'dc' | 'wf' }> = new Map([
  [U.MADV_DONTFORK, { set: VM_DONTCOPY, clear: NONE, mnemonic: 'dc' }],
  [U.MADV_DOFORK, { set: NONE, clear: VM_DONTCOPY, mnemonic: 'dc' }],
  [U.MADV_WIPEONFORK, { set: VM_WIPEONFORK, clear: NONE, mnemonic: 'wf' }],
  [U.MADV_KEEPONFORK, { set: NONE, clear: VM_WIPEONFORK, mnemonic: 'wf' }],
]);

export const madviseForkFlags: TransitionInvariant = {
  kind: 'transition',
  calls: ['madvise'],
  // MadviseChangedOnlyFlags holds at once for an advice FORK_FLAGS does not list.
  judgesLetter: judgesAdvice(...FORK_FLAGS.keys()),
  name: 'madviseForkFlags',
  source: 'mm/madvise.c:madvise_vma_behavior, madvise_update_vma',
  holds: (t) => madviseChangedOnlyFlags(t, FORK_FLAGS.get(adviceOf(t.call))),
  // Each mapped region page of the range shows the flag (or lacks it); the rest is as before.
  restate: ({ before, call }, trace) => {
    const change = FORK_FLAGS.get(adviceOf(call));
    if (change === undefined) return { checks: [] };
    const { start, end } = callRange(call);
    const mm = currentMm(before);
    const pages = regionPagesIn(trace, start, end).filter(
      ({ region, page }) => vmaAt(mm, region.firstVpn + page) !== undefined,
    );
    const op = change.set === NONE ? 'lacks' : 'has';
    return {
      checks: [
        ...pages.map(({ region, page }) =>
          checkMnemonics({ kind: 'vmflags', addr: region.at(page) }, op, [change.mnemonic]),
        ),
        trace.vmLckObserved(before),
        ...trace.defFlagsObserved(before),
      ],
    };
  },
};
