// A brk that grows the heap grows the VMA below the old break in place when it can
// (mm/vma.c:do_brk_flags: vma_merge_new_range with just_expand, can_vma_merge_after and
// is_mergeable_anon_vma), and otherwise makes a VMA of its own (vm_area_alloc, never merged
// with the VMA above): the VMA ending at the old break grows when its flags are the growth's
// (rd wr mr mw me ac plus def_flags), it is anonymous, its offset runs on to the old break,
// and its anon_vma has no parents from a fork left in its chain (the model's anonVmaForked).
// Seen from smaps: a heap made before mlockall(MCL_FUTURE) and grown after it is two VMAs
// (semantics 20). How the new pages look is brkPostcondition's.

import { PAGE, pageAlign } from '../../src/kernel/addr.js';
import { type Mm, currentMm } from '../../src/kernel/state.js';
import { VM_ACCOUNT, VM_MAYEXEC, VM_MAYREAD, VM_MAYWRITE } from '../../src/uapi/vmFlags.js';
import { VM_READ, VM_WRITE, vmFlags, withFlags } from '../../src/uapi/vmFlags.js';
import type { TransitionInvariant } from './specInvariant.js';
import { arg, vmaAt } from './_internals/mmFacts.js';

/** x86-64's VM_DATA_DEFAULT_FLAGS plus VM_ACCOUNT: what do_brk_flags starts from. */
const HEAP_FLAGS = vmFlags(VM_READ | VM_WRITE | VM_MAYREAD | VM_MAYWRITE | VM_MAYEXEC | VM_ACCOUNT);

/** Whether the growth from page `from` merges into the VMA of `mm` that ends there. */
function expands(mm: Mm, from: number): boolean {
  const prev = mm.vmas.find((v) => v.end === from);
  return (
    prev !== undefined &&
    prev.flags === withFlags(HEAP_FLAGS, mm.defFlags) &&
    prev.backing.kind === 'anon' &&
    prev.pgoff + (prev.end - prev.start) === from &&
    !prev.anonVmaForked
  );
}

export const brkGrowsHeapInPlace: TransitionInvariant = {
  kind: 'transition',
  // A postcondition of success: a call that returned no value keeps it.
  results: ['value'],
  calls: ['brk'],
  name: 'brkGrowsHeapInPlace',
  source: 'mm/vma.c:do_brk_flags, vma_merge_new_range, is_mergeable_anon_vma',
  holds: ({ before, call, result, after }) => {
    if (call.call !== 'brk' || result.kind !== 'value') return true;
    const b = currentMm(before);
    const old = b.brkArea?.brk;
    const asked = arg(call, 0);
    if (old === undefined || result.value !== asked || asked <= BigInt(old)) return true;
    const from = Number(pageAlign(BigInt(old)) / PAGE);
    if (pageAlign(asked) / PAGE <= BigInt(from)) return true;
    const grown = vmaAt(currentMm(after), from);
    if (grown === undefined) return false;
    const prev = b.vmas.find((v) => v.end === from);
    return expands(b, from) ? grown.start === prev?.start : grown.start === from;
  },
  restate: () => ({
    checks: [],
    notes: [
      'the heap VMA below the old break must grow in place when its flags, backing, offset and',
      'anon_vma allow it, and the growth must be a VMA of its own otherwise',
    ],
  }),
};
