// mmap's post-condition (mmap.2 DESCRIPTION and MAP_LOCKED; mm/mmap.c:do_mmap, mm/vma.c:
// __mmap_region, __mmap_complete): when mmap returns an address, the range [addr, addr +
// PAGE_ALIGN(length)) is mapped, and
// - every page of it has the access bits of prot (include/linux/mman.h:calc_vm_prot_bits:
//   VM_READ, VM_WRITE, VM_EXEC one for one), VM_SHARED iff the type is MAP_SHARED or
//   MAP_SHARED_VALIDATE (file or shmem alike), and the lock bits MAP_LOCKED and def_flags
//   imply: VM_LOCKED for MAP_LOCKED, def_flags' VM_LOCKED|VM_LOCKONFAULT as they are (do_mmap
//   ORs mm->def_flags in), none at all on a VM_SPECIAL, VM_HUGETLB or VM_DROPPABLE mapping
//   (__mmap_complete clears VM_LOCKED_MASK there). A secretmem file's own mmap sets its lock
//   bits (mm/secretmem.c:secretmem_mmap), so they are the file's, not the call's;
// - VM_MAYREAD, VM_MAYWRITE and VM_MAYEXEC, which do_mmap gives every mapping, less VM_MAYEXEC
//   on a file of a noexec mount (path_noexec: secretmem's internal mount); the model's files
//   are opened read-write, so VM_MAYWRITE is never taken away;
// - VM_NORESERVE iff MAP_NORESERVE or MAP_DROPPABLE (mm/mmap.c:do_mmap sets it for
//   MAP_NORESERVE under the default heuristic overcommit, vm.overcommit_memory 0, which the
//   model assumes; the MAP_DROPPABLE case of its MAP_TYPE switch sets it), so that
//   accountable_mapping charges exactly the private writable mappings that did not opt out;
// - VM_GROWSDOWN iff MAP_GROWSDOWN, and VM_NOHUGEPAGE for MAP_STACK (calc_vm_flag_bits, 6.7+:
//   c4608d1bf7c6 "mm: mmap: map MAP_STACK to VM_NOHUGEPAGE"), never without it unless
//   def_flags has it (older models list the MAP_STACK half in models/expectedVerdicts.ts);
// - a mapping asked for neither population (MAP_POPULATE without MAP_NONBLOCK) nor locking
//   (MAP_LOCKED, def_flags' VM_LOCKED, a locked file's own mmap) has no page present: mmap.2
//   maps lazily, and do_mmap calls mm_populate only for those (nommu, which allocates at
//   mmap, is listed in models/expectedVerdicts.ts);
// - a mapping left VM_LOCKED without VM_LOCKONFAULT has every faultable page present
//   (do_mmap asks mm_populate for any VM_LOCKED mapping, MAP_NONBLOCK or not);
// - nothing outside the range changes (a MAP_FIXED mapping replaces exactly the range), and
//   locked_vm moves by what the range held locked and what the new mapping counts.
// MAP_POPULATE's own promise is mapPopulateFaultsEverything's; PG_mlocked of the new pages is
// lockedVmaPageMlocked's.

import { MAP_LOCKED, MAP_SHARED, MAP_SHARED_VALIDATE, MAP_TYPE } from '../../src/uapi/constants.js';
import { MAP_GROWSDOWN, MAP_NONBLOCK, MAP_POPULATE, MAP_STACK } from '../../src/uapi/constants.js';
import { MAP_DROPPABLE, MAP_NORESERVE } from '../../src/uapi/constants.js';
import { PAGE_SIZE } from '../../src/uapi/constants.js';
import {
  PTE_NONE,
  currentMm,
  type KernelState,
  type Mm,
  type Vma,
} from '../../src/kernel/state.js';
import {
  VM_DROPPABLE,
  VM_HUGETLB,
  VM_LOCKED,
  VM_LOCKED_MASK,
  VM_LOCKONFAULT,
} from '../../src/uapi/vmFlags.js';
import { VM_SHARED, VM_SPECIAL, type VmFlags } from '../../src/uapi/vmFlags.js';
import { VM_GROWSDOWN, VM_NOHUGEPAGE, VM_NORESERVE } from '../../src/uapi/vmFlags.js';
import { VM_MAYEXEC, VM_MAYREAD, VM_MAYWRITE } from '../../src/uapi/vmFlags.js';
import { VM_ACCESS_FLAGS, hasAny, maskFlags, vmFlags } from '../../src/uapi/vmFlags.js';
import { checkExtent, lockBitChecks } from '../../src/trace/syntax.js';
import type { CheckStmt } from '../../src/trace/ast.js';
import type { Transition, TransitionInvariant } from './specInvariant.js';
import { arg, argInt, countsInLockedVm, isLockOnFault, isSecretmem } from './_internals/mmFacts.js';
import { metFailure, protBits, vmaAt, vpnOf } from './_internals/mmFacts.js';
import { keptOutside, lockedPagesIn, type PageRange } from './_internals/keptOutside.js';
import { regionPagesIn } from './_internals/rangeFacts.js';
import { pagePatterns } from './_internals/pagePatterns.js';
import { missingFaultable } from './mapPopulateFaultsEverything.js';

const hasLockOnFault = (f: VmFlags): boolean => hasAny(f, VM_LOCKONFAULT);

/** The range a successful mmap returned. */
function mappedRange({ call, result }: Transition): PageRange {
  const start = result.kind === 'value' ? vpnOf(result.value) : 0;
  return { start, end: start + Math.ceil(Number(arg(call, 1)) / PAGE_SIZE) };
}

/** The lock bits the call and def_flags ask of `v`, or null where the call does not decide. */
function lockBitsAsked(before: KernelState, call: Transition['call'], v: Vma): VmFlags | null {
  if (isSecretmem(before, v)) return null;
  // VM_DROPPABLE is bit 40: OR-ing it into the 32-bit `|` of the others would drop it.
  if (hasAny(v.flags, vmFlags(VM_SPECIAL | VM_HUGETLB)) || hasAny(v.flags, VM_DROPPABLE))
    return vmFlags(0);
  const def = maskFlags(currentMm(before).defFlags, VM_LOCKED_MASK);
  return vmFlags(def | (argInt(call, 3) & MAP_LOCKED ? VM_LOCKED : 0));
}

const VM_MAY_ALL = vmFlags(VM_MAYREAD | VM_MAYWRITE | VM_MAYEXEC);
const VM_MAY_NOEXEC = vmFlags(VM_MAYREAD | VM_MAYWRITE);

/** Asked for neither population (MAP_POPULATE without MAP_NONBLOCK) nor locking. */
function isLazy(t: Transition): boolean {
  const mapFlags = argInt(t.call, 3);
  return (
    (mapFlags & (MAP_POPULATE | MAP_NONBLOCK)) !== MAP_POPULATE &&
    (mapFlags & MAP_LOCKED) === 0 &&
    !hasAny(currentMm(t.before).defFlags, VM_LOCKED)
  );
}

/**
 * Whether mmap populates `v`: left VM_LOCKED without VM_LOCKONFAULT, and no failure the
 * environment injected stopped it (that is populateFailsAtInjectedPage's).
 */
const populates = (t: Transition, v: Vma): boolean =>
  hasAny(v.flags, VM_LOCKED) && !isLockOnFault(v) && !metFailure(t.call);

/** Whether the VMAs over `range` carry the bits the call asks for. */
function flagsAsAsked(t: Transition, mm: Mm, range: PageRange): boolean {
  const type = argInt(t.call, 3) & MAP_TYPE;
  const shared = type === MAP_SHARED || type === MAP_SHARED_VALIDATE;
  const access = protBits(argInt(t.call, 2));
  const mapFlags = argInt(t.call, 3);
  const defFlags = currentMm(t.before).defFlags;
  const stack = (mapFlags & MAP_STACK) !== 0;
  const noHugepage = stack || hasAny(defFlags, VM_NOHUGEPAGE);
  const noReserve = (mapFlags & MAP_NORESERVE) !== 0 || type === MAP_DROPPABLE;
  const lazy = isLazy(t);
  let mapped = 0;
  for (const v of mm.vmas) {
    const from = Math.max(v.start, range.start);
    const to = Math.min(v.end, range.end);
    if (to <= from) continue;
    mapped += to - from;
    if (maskFlags(v.flags, VM_ACCESS_FLAGS) !== access) return false;
    if (hasAny(v.flags, VM_SHARED) !== shared) return false;
    if (hasAny(v.flags, VM_GROWSDOWN) !== ((mapFlags & MAP_GROWSDOWN) !== 0)) return false;
    if (hasAny(v.flags, VM_NORESERVE) !== noReserve) return false;
    const may = isSecretmem(t.after, v) ? VM_MAY_NOEXEC : VM_MAY_ALL;
    if (maskFlags(v.flags, VM_MAY_ALL) !== may) return false;
    const hugeOff = hasAny(v.flags, VM_NOHUGEPAGE);
    if ((stack && !hugeOff) || (!noHugepage && hugeOff)) return false;
    // v holds [from, to) (VMAs do not overlap): its own PTEs, without a search for each page.
    if (lazy && !hasAny(v.flags, VM_LOCKED))
      for (let p = from; p < to; p++) if (v.ptes.at(p - v.start) !== PTE_NONE) return false;
    const lock = lockBitsAsked(t.before, t.call, v);
    if (lock !== null && maskFlags(v.flags, VM_LOCKED_MASK) !== lock) return false;
    if (populates(t, v) && missingFaultable(t.after, from, to, false)) return false;
  }
  return mapped === range.end - range.start;
}

/** locked_vm less what the range held locked, plus what the new mapping counts. */
function lockedVmAsExpected(before: Mm, after: Mm, range: PageRange): boolean {
  let added = 0;
  for (const v of after.vmas)
    if (countsInLockedVm(v))
      added += Math.max(0, Math.min(v.end, range.end) - Math.max(v.start, range.start));
  return after.lockedVm === before.lockedVm - lockedPagesIn(before, range) + added;
}

export const mmapPostcondition: TransitionInvariant = {
  kind: 'transition',
  // A postcondition of success: a call that returned no value keeps it.
  results: ['value'],
  calls: ['mmap'],
  name: 'mmapPostcondition',
  source: 'mm/mmap.c:do_mmap; mm/vma.c:__mmap_region, __mmap_complete',
  holds: (t) => {
    if (t.call.call !== 'mmap' || t.result.kind !== 'value') return true;
    const range = mappedRange(t);
    const b = currentMm(t.before);
    const a = currentMm(t.after);
    return (
      a.defFlags === b.defFlags &&
      flagsAsAsked(t, a, range) &&
      keptOutside(b, a, [range]) &&
      lockedVmAsExpected(b, a, range)
    );
  },
  // Every page of the trace's regions in the new range: mapped, with the lock bits asked for;
  // and the pages flagsAsAsked reads: none present in a lazy mapping, every faultable one
  // present in a VM_LOCKED one that populates (a check that fails where the step broke them).
  restate: (t, trace) => {
    const range = mappedRange(t);
    const checks: CheckStmt[] = [];
    for (const { region, page } of regionPagesIn(trace, range.start, range.end)) {
      checks.push(checkExtent(region.at(page), 'none', '!='));
      const v = vmaAt(currentMm(t.after), region.firstVpn + page);
      const lock = v === undefined ? null : lockBitsAsked(t.before, t.call, v);
      if (lock === null) continue;
      const present = [
        ...(hasAny(lock, VM_LOCKED) ? ['lo'] : []),
        ...(hasLockOnFault(lock) ? ['lf'] : []),
      ];
      checks.push(...lockBitChecks({ kind: 'vmflags', addr: region.at(page) }, present));
    }
    const lazy = isLazy(t);
    const after = currentMm(t.after);
    checks.push(
      ...pagePatterns(trace, (vpn) => {
        const v = vpn >= range.start && vpn < range.end ? vmaAt(after, vpn) : undefined;
        if (v === undefined) return null;
        const absent = v.ptes.at(vpn - v.start) === PTE_NONE;
        if (lazy && !hasAny(v.flags, VM_LOCKED)) return absent ? null : '.';
        return populates(t, v) && absent && missingFaultable(t.after, vpn, vpn + 1, false)
          ? '[pzL]'
          : null;
      }),
    );
    return {
      checks,
      notes: [
        'the access and VM_SHARED bits of the new range, the pages outside it and locked_vm',
        'must be as the call and def_flags say: the checks read the extent, the lock bits and',
        'the pages a lazy or a populating mapping promises',
      ],
    };
  },
};
