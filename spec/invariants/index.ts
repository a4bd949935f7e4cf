// Every invariant of the spec, by name, for the model checker (src/check) and the statechart
// bridge (src/graph). Forbidden (INVARIANTS) and flagged (FLAGS) are kept apart.

import { callNeverReturns } from './flagged/callNeverReturns.js';
import { lockedPageOfSplitFolioNotMlocked } from './flagged/lockedPageOfSplitFolioNotMlocked.js';
import { mapPopulateIgnoredUnderOnfault } from './flagged/mapPopulateIgnoredUnderOnfault.js';
import { mclCurrentCancelsFuture } from './flagged/mclCurrentCancelsFuture.js';
import { mremapDontunmapLeaksLockedVm } from './flagged/mremapDontunmapLeaksLockedVm.js';
import { forkChildUnlocked } from './forkChildUnlocked.js';
import { lockLimitRespected } from './lockLimitRespected.js';
import { lockOnFaultNeverPopulates } from './lockOnFaultNeverPopulates.js';
import { lockedVmMatchesLockedVmas } from './lockedVmMatchesLockedVmas.js';
import { lockonfaultImpliesLocked } from './lockonfaultImpliesLocked.js';
import { mapPopulateFaultsEverything } from './mapPopulateFaultsEverything.js';
import { mclFutureAloneKeepsVmas } from './mclFutureAloneKeepsVmas.js';
import { mclFutureClearingConsistent } from './mclFutureClearingConsistent.js';
import { mlockedPageHasLockedVma } from './mlockedPageHasLockedVma.js';
import { munlockallRestores } from './munlockallRestores.js';
import type { SpecFlag, SpecInvariant } from './specInvariant.js';

export type {
  Restatement,
  SpecFlag,
  SpecInvariant,
  StateInvariant,
  TraceRegion,
  TraceView,
  Transition,
  TransitionInvariant,
} from './specInvariant.js';
export { invariantHolds } from './specInvariant.js';

export const INVARIANTS: readonly SpecInvariant[] = [
  munlockallRestores,
  mclFutureClearingConsistent,
  mclFutureAloneKeepsVmas,
  lockOnFaultNeverPopulates,
  mapPopulateFaultsEverything,
  lockonfaultImpliesLocked,
  lockedVmMatchesLockedVmas,
  mlockedPageHasLockedVma,
  forkChildUnlocked,
  lockLimitRespected,
];

export const FLAGS: readonly SpecFlag[] = [
  mapPopulateIgnoredUnderOnfault,
  mclCurrentCancelsFuture,
  mremapDontunmapLeaksLockedVm,
  callNeverReturns,
  lockedPageOfSplitFolioNotMlocked,
];

export function findInvariant(name: string): SpecInvariant | undefined {
  return INVARIANTS.find((i) => i.name === name);
}
