// What a successful lock call promises of the pages of its range (lockPostcondition for mlock
// and mlock2, mlockallCurrentPostcondition for mlockall(MCL_CURRENT)): every page a VM_LOCKED
// VMA maps there is mlocked and, unless the VMA is VM_LOCKONFAULT, present. The exemptions
// the two share are here; mlockall's own (pages population cannot fault in) is the `all` flag.

import { PTE_NONE, currentMm } from '../../../src/kernel/state.js';
import type { KernelState } from '../../../src/kernel/state.js';
import { isLockOnFault, isLocked, vmaAt } from './mmFacts.js';
import { pagePatterns } from './pagePatterns.js';
import { pageOfSplitFolio } from './splitFolioFacts.js';
import { populatable, type PageSpan } from './rangeFacts.js';
import type { Restatement, TraceView } from '../specInvariant.js';

/** Pages whose PG_mlocked the per-CPU batch has yet to settle. */
const unsettled = (s: KernelState): Set<number> =>
  new Set([...s.mlockBatch.map((e) => e.page), ...s.mlockUncertain]);

/** Whether page `vpn` of the current process breaks the promise in `s`. */
function broken(s: KernelState, vpn: number, pending: Set<number>, all: boolean): boolean {
  const v = vmaAt(currentMm(s), vpn);
  if (v === undefined || !isLocked(v)) return false;
  const pte = v.ptes.at(vpn - v.start);
  if (pte > 0)
    return (
      s.pages.get(pte)?.mlocked !== true &&
      !pending.has(pte) &&
      !pageOfSplitFolio(s, currentMm(s), vpn, pte)
    );
  if (pte !== PTE_NONE || isLockOnFault(v)) return false;
  // mlockall's population gives up on a VMA at its first failure and goes on at the next one
  // (mm/gup.c:__mm_populate with ignore_errors), so a page after a guard marker stays out.
  return !all || populatable(s, v, v.start, vpn + 1);
}

/** Whether every page of `range` that a VM_LOCKED VMA maps in `after` keeps the promise. */
export function lockPromiseKept(after: KernelState, range: PageSpan, all: boolean): boolean {
  const pending = unsettled(after);
  for (const v of currentMm(after).vmas) {
    if (!isLocked(v)) continue;
    const from = Math.max(range.start, v.start);
    const to = Math.min(range.end, v.end);
    for (let vpn = from; vpn < to; vpn++) if (broken(after, vpn, pending, all)) return false;
  }
  return true;
}

/** `L` (present and mlocked) where a page of the range breaks the promise. */
export function lockPromiseChecks(
  after: KernelState,
  range: PageSpan | null,
  all: boolean,
  trace: TraceView,
): Restatement {
  const pending = unsettled(after);
  return {
    checks: pagePatterns(trace, (vpn) =>
      range !== null && vpn >= range.start && vpn < range.end && broken(after, vpn, pending, all)
        ? 'L'
        : null,
    ),
  };
}
