// The API's promises as properties (issue 14), checked by the explorer beyond INVARIANTS and
// STRICT_INVARIANTS: kept in a list of their own so the statechart bridge's claims over
// INVARIANTS are unchanged. The other promises already have a home: def_flags
// (mclFutureClearingConsistent), accounting (lockedVmMatchesLockedVmas), the limit
// (lockLimitRespected), page level (mlockedPageHasLockedVma and lockedVmaPageMlocked), fork
// (forkChildUnlocked; what the child keeps: forkChildInherits), refusals (failedCallChangesNothing), idempotence and smaps (in
// src/check/kernelProperties.ts: they need the model). The post-conditions of mmap, mprotect and
// munmap judge the successful calls that make and change mappings, as do those of brk and
// mremap; failedLockLeavesPrefix states what a lock call that fails part way leaves.

import { callReturns } from './callReturns.js';
import { countersMatchMlockedPages } from './countersMatchMlockedPages.js';
import { enomemOnlyUnmapped } from './enomemOnlyUnmapped.js';
import { execveResets } from './execveResets.js';
import { forkChildInherits } from './forkChildInherits.js';
import { lockLimitExact } from './lockLimitExact.js';
import { madviseDontneedPostcondition } from './madviseDontneedPostcondition.js';
import { madviseRefusalChangesNothing } from './madviseRefusalChangesNothing.js';
import { lockCallsChangeOnlyLockBits } from './lockCallsChangeOnlyLockBits.js';
import { mmapPostcondition } from './mmapPostcondition.js';
import { mprotectPostcondition } from './mprotectPostcondition.js';
import { munmapPostcondition } from './munmapPostcondition.js';
import { refusalsJustified } from './refusalsJustified.js';
import { lockPostcondition } from './lockPostcondition.js';
import { mlockallCurrentPostcondition } from './mlockallCurrentPostcondition.js';
import { lockOnFaultMlocksPresent } from './lockOnFaultMlocksPresent.js';
import { lockingKeepsData } from './lockingKeepsData.js';
import { madvisePopulateErrno } from './madvisePopulateErrno.js';
import { populateFailsAtInjectedPage } from './populateFailsAtInjectedPage.js';
import { populatingNeverDirties } from './populatingNeverDirties.js';
import { failedLockLeavesPrefix } from './failedLockLeavesPrefix.js';
import { brkPostcondition } from './brkPostcondition.js';
import { mremapPostcondition } from './mremapPostcondition.js';
import { invalidFlagsRefused } from './invalidFlagsRefused.js';
import { limitWaivedByCapIpcLock } from './limitWaivedByCapIpcLock.js';
import { zeroLimitIsEperm } from './zeroLimitIsEperm.js';
import { dataLimitExact } from './dataLimitExact.js';
import { madvisePopulatePostcondition } from './madvisePopulatePostcondition.js';
import { lockBreaksCow } from './lockBreaksCow.js';
import { invalidArgumentsRefused } from './invalidArgumentsRefused.js';
import { validLockSucceeds } from './validLockSucceeds.js';
import { mmapRefusalsInOrder } from './mmapRefusalsInOrder.js';
import { mmapHintHonoured } from './mmapHintHonoured.js';
import { mprotectRefusalsInOrder } from './mprotectRefusalsInOrder.js';
import { mprotectLockedPopulates } from './mprotectLockedPopulates.js';
import { privateWritableAccounted } from './privateWritableAccounted.js';
import { mremapRefusalsJustified } from './mremapRefusalsJustified.js';
import { mremapBadArgumentsRefused } from './mremapBadArgumentsRefused.js';
import { mremapGrowthPopulated } from './mremapGrowthPopulated.js';
import { madviseRefusalsJustified } from './madviseRefusalsJustified.js';
import { madviseBadArgumentsRefused } from './madviseBadArgumentsRefused.js';
import { madviseHoleIsEnomem } from './madviseHoleIsEnomem.js';
import { madviseKeepsMappings } from './madviseKeepsMappings.js';
import { mremapDataLimitRespected } from './mremapDataLimitRespected.js';
import { mprotectDataLimitExact } from './mprotectDataLimitExact.js';
import { mprotectPopulatesOnlyLocked } from './mprotectPopulatesOnlyLocked.js';
import { mprotectChargeFollowsWrite } from './mprotectChargeFollowsWrite.js';
import { mremapGrowsInPlace } from './mremapGrowsInPlace.js';
import { madviseHugepageFlags } from './madviseHugepageFlags.js';
import { madviseForkFlags } from './madviseForkFlags.js';
import { brkRefusalsJustified } from './brkRefusalsJustified.js';
import { brkLimitsRespected } from './brkLimitsRespected.js';
import { brkGrowsHeapInPlace } from './brkGrowsHeapInPlace.js';
import { execveFreshAnonVma } from './execveFreshAnonVma.js';
import { execveClosesOnExec } from './execveClosesOnExec.js';
import { forkChildReadsParentData } from './forkChildReadsParentData.js';
import { pageMapCountExact } from './pageMapCountExact.js';
import { forkExitRestoresParent } from './forkExitRestoresParent.js';
import { forkCopiesPtesWhereNeeded } from './forkCopiesPtesWhereNeeded.js';
import { forkChildAnonVma } from './forkChildAnonVma.js';
import { mremapLimitErrno } from './mremapLimitErrno.js';
import { mremapErrnoListed } from './mremapErrnoListed.js';
import { madviseGuardInstallPostcondition } from './madviseGuardInstallPostcondition.js';
import { madviseGuardRemovePostcondition } from './madviseGuardRemovePostcondition.js';
import { madviseWillneedDrains } from './madviseWillneedDrains.js';
import { madviseRemovePostcondition } from './madviseRemovePostcondition.js';
import { capsetPostcondition } from './capsetPostcondition.js';
import { setrlimitPostcondition } from './setrlimitPostcondition.js';
import { madviseErrnoListed } from './madviseErrnoListed.js';
import { munmapEinvalHasCause } from './munmapEinvalHasCause.js';
import { mremapEinvalHasCause } from './mremapEinvalHasCause.js';
import { madviseWillneedCachesOnlyItsRange } from './madviseWillneedCachesOnlyItsRange.js';
import { mremapFixedMoveSpansVmas } from './mremapFixedMoveSpansVmas.js';
import { mremapOldAddressMapped } from './mremapOldAddressMapped.js';
import { madviseGuardEinvalHasCause } from './madviseGuardEinvalHasCause.js';
import { mremapUnalignedOrEmptyRefused } from './mremapUnalignedOrEmptyRefused.js';
import { mremapEpermHasCause } from './mremapEpermHasCause.js';
import { mremapEnomemHasCause } from './mremapEnomemHasCause.js';
import { mremapFixedLandsAtNewAddress } from './mremapFixedLandsAtNewAddress.js';
import { accessKeepsOtherData } from './accessKeepsOtherData.js';
import { privateWriteCopies } from './privateWriteCopies.js';
import { sharedWriteReachesCache } from './sharedWriteReachesCache.js';
import { readFaultMapsSharedPage } from './readFaultMapsSharedPage.js';
import { faultMapsOnlyAround } from './faultMapsOnlyAround.js';
import { mmapReadsItsContents } from './mmapReadsItsContents.js';
import { accessSignalHasCause } from './accessSignalHasCause.js';
import type { SpecInvariant } from './specInvariant.js';

export const PROMISES: readonly SpecInvariant[] = [
  lockPostcondition,
  enomemOnlyUnmapped,
  madvisePopulateErrno,
  lockingKeepsData,
  lockCallsChangeOnlyLockBits,
  refusalsJustified,
  munmapPostcondition,
  populateFailsAtInjectedPage,
  lockLimitExact,
  madviseRefusalChangesNothing,
  madviseDontneedPostcondition,
  callReturns,
  forkChildInherits,
  execveResets,
  populatingNeverDirties,
  countersMatchMlockedPages,
  mmapPostcondition,
  mprotectPostcondition,
  failedLockLeavesPrefix,
  brkPostcondition,
  mremapPostcondition,
  invalidFlagsRefused,
  limitWaivedByCapIpcLock,
  zeroLimitIsEperm,
  dataLimitExact,
  madvisePopulatePostcondition,
  lockBreaksCow,
  invalidArgumentsRefused,
  validLockSucceeds,
  mmapRefusalsInOrder,
  mprotectRefusalsInOrder,
  mprotectLockedPopulates,
  privateWritableAccounted,
  mremapRefusalsJustified,
  mremapBadArgumentsRefused,
  mremapGrowthPopulated,
  madviseRefusalsJustified,
  madviseBadArgumentsRefused,
  madviseHoleIsEnomem,
  madviseKeepsMappings,
  mremapDataLimitRespected,
  mprotectDataLimitExact,
  mprotectPopulatesOnlyLocked,
  mprotectChargeFollowsWrite,
  mremapGrowsInPlace,
  madviseHugepageFlags,
  forkChildReadsParentData,
  pageMapCountExact,
  forkExitRestoresParent,
  forkCopiesPtesWhereNeeded,
  forkChildAnonVma,
  mmapHintHonoured,
  madviseForkFlags,
  brkRefusalsJustified,
  brkLimitsRespected,
  brkGrowsHeapInPlace,
  execveFreshAnonVma,
  execveClosesOnExec,
  mremapLimitErrno,
  madviseGuardInstallPostcondition,
  madviseGuardRemovePostcondition,
  madviseRemovePostcondition,
  madviseWillneedDrains,
  capsetPostcondition,
  setrlimitPostcondition,
  madviseErrnoListed,
  munmapEinvalHasCause,
  mremapEinvalHasCause,
  mremapErrnoListed,
  madviseWillneedCachesOnlyItsRange,
  mremapFixedMoveSpansVmas,
  mremapOldAddressMapped,
  madviseGuardEinvalHasCause,
  mremapUnalignedOrEmptyRefused,
  mremapEpermHasCause,
  mremapEnomemHasCause,
  mremapFixedLandsAtNewAddress,
  mlockallCurrentPostcondition,
  lockOnFaultMlocksPresent,
  accessKeepsOtherData,
  privateWriteCopies,
  sharedWriteReachesCache,
  readFaultMapsSharedPage,
  faultMapsOnlyAround,
  mmapReadsItsContents,
  accessSignalHasCause,
];
