// What a madvise that only changes flags leaves of its range (mm/madvise.c:madvise_update_vma:
// the VMA split at the range's edges and merged again, its flags changed, nothing else): shared
// by the properties of such advice (madviseHugepageFlags, madviseForkFlags).

import { type Mm, type Vma, currentMm } from '../../../src/kernel/state.js';
import { type VmFlags, withFlags, withoutFlags } from '../../../src/uapi/vmFlags.js';
import type { Transition } from '../specInvariant.js';
import { keptOutside } from './keptOutside.js';
import { madviseArgumentsBad } from './madviseFacts.js';
import { metFailure, vmaAt } from './mmFacts.js';
import { callRange } from './rangeFacts.js';

/** The flags an advice sets and clears. */
export interface FlagChange {
  readonly set: VmFlags;
  readonly clear: VmFlags;
}

/** Same backing object and file offset at `vpn` (anonymous: the vpn of creation). */
function sameMapping(b: Vma, a: Vma, vpn: number): boolean {
  if (b.backing.kind !== a.backing.kind) return false;
  if (b.backing.kind === 'file' && a.backing.kind === 'file' && b.backing.file !== a.backing.file)
    return false;
  return b.pgoff + (vpn - b.start) === a.pgoff + (vpn - a.start);
}

/**
 * Whether every page of [start, end) maps in `after` as in `before` but for `change`: compared
 * piece by piece between the VMA edges of either mm, never page by page.
 */
export function changedOnlyFlags(
  before: Mm,
  after: Mm,
  start: number,
  end: number,
  change: FlagChange,
): boolean {
  const points = new Set([start, end]);
  for (const v of [...before.vmas, ...after.vmas])
    for (const p of [v.start, v.end]) if (p > start && p < end) points.add(p);
  const sorted = [...points].sort((x, y) => x - y);
  for (let i = 0; i + 1 < sorted.length; i++) {
    const from = sorted[i] ?? 0;
    const to = sorted[i + 1] ?? 0;
    const b = vmaAt(before, from);
    const a = vmaAt(after, from);
    if (b === undefined || a === undefined) {
      if (b !== a) return false;
      continue;
    }
    if (a.flags !== withFlags(withoutFlags(b.flags, change.clear), change.set)) return false;
    if (!sameMapping(b, a, from)) return false;
    const bp = b.ptes.slice(from - b.start, to - b.start);
    const ap = a.ptes.slice(from - a.start, to - a.start);
    if (!bp.equals(ap)) return false;
  }
  return true;
}

/**
 * Whether a madvise whose advice makes `change` (undefined: another advice, not judged) left
 * everything as it was but the flags of its range: judged on success and on ENOMEM (a hole: the
 * mapped parts changed all the same); a refusal, bad arguments or an injected failure are the
 * refusal properties' business. def_flags, locked_vm and the rest of the program's lock stay
 * (no flag changed here is a lock bit, and no page is faulted or zapped); every page outside
 * the range maps as it did.
 */
export function madviseChangedOnlyFlags(
  { before, call, result, after }: Transition,
  change: FlagChange | undefined,
): boolean {
  if (call.call !== 'madvise' || change === undefined) return true;
  if (madviseArgumentsBad(call) || metFailure(call)) return true;
  if (result.kind === 'errno' && result.errno !== 'ENOMEM') return true;
  const { start, end } = callRange(call);
  const was = currentMm(before);
  const now = currentMm(after);
  return (
    now.defFlags === was.defFlags &&
    now.lockedVm === was.lockedVm &&
    now.otherLock === was.otherLock &&
    keptOutside(was, now, [{ start, end }]) &&
    changedOnlyFlags(was, now, start, end, change)
  );
}
