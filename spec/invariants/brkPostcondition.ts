// brk's post-condition (brk.2 DESCRIPTION and NOTES: the call sets the end of the data segment
// and the system call returns the new break, or the old one when it refuses;
// mm/mmap.c:SYSCALL_DEFINE1(brk), check_brk_limits; mm/vma.c:do_brk_flags; semantics 20).
// brk answers with a value only, never an errno:
// - the value is the break asked for (accepted) or the old break (refused), nothing else;
//   start_brk never moves;
// - refused: the process is unchanged, the break too;
// - accepted within the page of the old break: only mm->brk moves;
// - shrinking: [PAGE_ALIGN(new), PAGE_ALIGN(old)) is unmapped like munmap and nothing else
//   changes; locked_vm falls by exactly the locked pages it held;
// - growing: [PAGE_ALIGN(old), PAGE_ALIGN(new)) becomes private anonymous memory with
//   VM_DATA_DEFAULT_FLAGS | VM_ACCOUNT | def_flags (x86-64, no READ_IMPLIES_EXEC: rd wr mr mw
//   me ac), nothing outside it changes (the heap VMA below may grow in place: its pages keep
//   their flags and PTEs), locked_vm grows by the new pages when def_flags has VM_LOCKED, and
//   every new page is present when def_flags has VM_LOCKED without VM_LOCKONFAULT (mm_populate
//   of the growth after the lock is dropped; under MCL_ONFAULT populate_vma_page_range returns
//   at once), and none is present otherwise. An environment failure injected into the call may stop that population (its
//   errors are ignored), so the population clause is left to populateFailsAtInjectedPage there.
// Processes other than the caller are untouched.

import { PAGE, pageAlign } from '../../src/kernel/addr.js';
import { PTE_NONE, currentMm, type Mm } from '../../src/kernel/state.js';
import { VM_ACCOUNT, VM_LOCKED, VM_LOCKONFAULT, VM_MAYEXEC } from '../../src/uapi/vmFlags.js';
import { VM_MAYREAD, VM_MAYWRITE, VM_READ, VM_WRITE } from '../../src/uapi/vmFlags.js';
import { hasAny, vmFlags, withFlags, type VmFlags } from '../../src/uapi/vmFlags.js';
import type { Transition, TransitionInvariant } from './specInvariant.js';
import { arg, metFailure, othersKept, sameProcess, vmaAt } from './_internals/mmFacts.js';
import { keptOutside, onlyUnmapped, type PageRange } from './_internals/keptOutside.js';

/** x86-64's VM_DATA_DEFAULT_FLAGS (VM_DATA_FLAGS_NON_EXEC) plus VM_ACCOUNT. */
const HEAP_FLAGS = vmFlags(VM_READ | VM_WRITE | VM_MAYREAD | VM_MAYWRITE | VM_MAYEXEC | VM_ACCOUNT);

const vpnOf = (addr: bigint): number => Number(pageAlign(addr) / PAGE);

/** Whether mm_populate faults in a growth with `flags` (VM_LOCKED without VM_LOCKONFAULT). */
const populates = (flags: VmFlags): boolean =>
  hasAny(flags, VM_LOCKED) && !hasAny(flags, VM_LOCKONFAULT);

/** The caller's other state (def_flags, limit, capability, the rest's lock) as it was. */
const restKept = (b: Mm, a: Mm): boolean =>
  a.defFlags === b.defFlags &&
  a.rlimitMemlock === b.rlimitMemlock &&
  a.capIpcLock === b.capIpcLock &&
  a.otherLock === b.otherLock;

/**
 * Whether the pages of `growth` are one anonymous run with `flags`, its pages present when
 * `populated`, and the rest of the process kept, locked_vm up by the growth when `flags` lock.
 */
function grown(b: Mm, a: Mm, growth: PageRange, flags: VmFlags, populated: boolean): boolean {
  const pages = growth.end - growth.start;
  const charged = hasAny(flags, VM_LOCKED) ? pages : 0;
  if (!restKept(b, a) || a.lockedVm !== b.lockedVm + charged) return false;
  if (!keptOutside(b, a, [growth])) return false;
  for (let p = growth.start; p < growth.end; p++) {
    const v = vmaAt(a, p);
    if (v === undefined || v.flags !== flags || v.backing.kind !== 'anon') return false;
    if (populated && v.ptes.at(p - v.start) === PTE_NONE) return false;
    // Nothing faults a page the growth does not populate: without VM_LOCKED (or under
    // VM_LOCKONFAULT) no page of it is present.
    if (!populates(flags) && v.ptes.at(p - v.start) !== PTE_NONE) return false;
    // Consecutive pages of the growth are consecutive in the anonymous object.
    const prev = p > growth.start ? vmaAt(a, p - 1) : undefined;
    if (prev !== undefined && prev.pgoff + (p - 1 - prev.start) + 1 !== v.pgoff + (p - v.start))
      return false;
  }
  return true;
}

function brkKept({ before, call, result, after }: Transition): boolean {
  const b = currentMm(before);
  const a = currentMm(after);
  const area = b.brkArea;
  if (area === undefined || result.kind !== 'value') return result.kind === 'value';
  const next = a.brkArea;
  if (next === undefined || next.startBrk !== area.startBrk) return false;
  const old = BigInt(area.brk);
  const asked = arg(call, 0);
  if (result.value !== asked && result.value !== old) return false;
  if (BigInt(next.brk) !== result.value) return false;
  if (result.value === old && asked !== old) return sameProcess(b, a) && restKept(b, a);
  const [from, to] = [vpnOf(old), vpnOf(asked)];
  if (to === from) return sameProcess(b, a) && restKept(b, a);
  if (to < from) return onlyUnmapped(b, a, [{ start: to, end: from }]);
  const flags = withFlags(HEAP_FLAGS, b.defFlags);
  const populated = populates(flags) && !metFailure(call);
  return grown(b, a, { start: from, end: to }, flags, populated);
}

export const brkPostcondition: TransitionInvariant = {
  kind: 'transition',
  calls: ['brk'],
  name: 'brkPostcondition',
  source: 'mm/mmap.c:SYSCALL_DEFINE1(brk), check_brk_limits; mm/vma.c:do_brk_flags',
  holds: (t) => t.call.call !== 'brk' || (othersKept(t.before, t.after) && brkKept(t)),
  // The heap's pages are not regions of the trace: the notes say what is demanded.
  restate: () => ({
    checks: [],
    notes: [
      'brk returns the break asked for or the old one; refused, nothing changes; accepted,',
      'only the heap between the old and the new break changes (unmapped when shrinking;',
      'rd wr mr mw me ac plus def_flags, charged and populated under lo, when growing)',
    ],
  }),
};
