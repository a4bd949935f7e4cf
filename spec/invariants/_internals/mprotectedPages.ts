// The pages an mprotect leaves mapped, each with the VMA that mapped it before the call: what
// the mprotect properties compare (mm/mprotect.c:mprotect_fixup splits and changes VMAs, so a
// page's VMA before and after may differ in extent as well as in flags).

import { currentMm, type KernelState, type Vma } from '../../../src/kernel/state.js';
import { vmaAt } from './mmFacts.js';

/**
 * Whether `judge` holds of every page of the current process after the call, given its VMA
 * before (undefined where the page was not mapped) and after. True at once when the call left
 * the VMA list as it was.
 */
export function everyPageAfter(
  before: KernelState,
  after: KernelState,
  judge: (was: Vma | undefined, now: Vma, vpn: number) => boolean,
): boolean {
  const b = currentMm(before);
  const a = currentMm(after);
  if (a.vmas === b.vmas) return true;
  for (const now of a.vmas)
    for (let vpn = now.start; vpn < now.end; vpn++)
      if (!judge(vmaAt(b, vpn), now, vpn)) return false;
  return true;
}
