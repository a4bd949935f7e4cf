// What a guard advice that returns 0 leaves (mm/madvise.c:madvise_guard_install,
// madvise_guard_remove): every page of the range still mapped by a VMA with the same flags,
// its PTE rewritten as the advice says, and every page outside the range as it was. Shared by
// madviseGuardInstallPostcondition and madviseGuardRemovePostcondition.

import { type Pte, currentMm } from '../../../src/kernel/state.js';
import type { Transition } from '../specInvariant.js';
import { keptOutside } from './keptOutside.js';
import { adviceOf } from './madviseFacts.js';
import { vmaAt } from './mmFacts.js';
import { callRange } from './rangeFacts.js';

/** Whether a madvise(`advice`) that succeeded turned each PTE of its range into `pteAfter`'s. */
export function guardAdviceHolds(
  { before, call, result, after }: Transition,
  advice: number,
  pteAfter: (pte: Pte) => Pte,
): boolean {
  if (call.call !== 'madvise' || result.kind !== 'value') return true;
  if (adviceOf(call) !== advice) return true;
  const b = currentMm(before);
  const a = currentMm(after);
  const { start, end } = callRange(call);
  if (!keptOutside(b, a, [{ start, end }])) return false;
  for (let vpn = start; vpn < end; vpn++) {
    const was = vmaAt(b, vpn);
    const now = vmaAt(a, vpn);
    if (was === undefined || now === undefined || now.flags !== was.flags) return false;
    if (now.ptes.at(vpn - now.start) !== pteAfter(was.ptes.at(vpn - was.start))) return false;
  }
  return true;
}
