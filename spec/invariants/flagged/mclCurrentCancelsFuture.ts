// Flagged, not forbidden (semantics 6.3; mlock.2 NOTES): mlockall(MCL_CURRENT) after
// mlockall(MCL_FUTURE) clears the future locking, because apply_mlockall_flags clears the
// def_flags lock bits before MCL_FUTURE sets them. Documented, yet a common surprise.

import { MCL_FUTURE } from '../../../src/uapi/constants.js';
import { currentMm } from '../../../src/kernel/state.js';
import type { SpecFlag } from '../specInvariant.js';
import { argInt, lockBits } from '../_internals/mmFacts.js';

export const mclCurrentCancelsFuture: SpecFlag = {
  name: 'mclCurrentCancelsFuture',
  source: 'mm/mlock.c:apply_mlockall_flags',
  raised: ({ before, call, result, after }) =>
    call.call === 'mlockall' &&
    result.kind === 'value' &&
    (argInt(call, 0) & MCL_FUTURE) === 0 &&
    lockBits(currentMm(before)) !== 0 &&
    lockBits(currentMm(after)) === 0,
};
