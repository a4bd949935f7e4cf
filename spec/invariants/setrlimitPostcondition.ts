// setrlimit(2) of RLIMIT_MEMLOCK or RLIMIT_DATA, soft = hard as a trace writes it (setrlimit.2
// ERRORS and RLIMIT_MEMLOCK, RLIMIT_DATA; kernel/sys.c:do_prlimit):
// - a resource number from RLIM_NLIMITS on is EINVAL;
// - a hard limit raised is EPERM: the trace process has no CAP_SYS_RESOURCE (the executor drops
//   it), and RLIM_INFINITY, the largest rlim_t, is the hard limit where none was set;
// - otherwise 0, and the process's limit of that resource is the new value (RLIM_INFINITY kept
//   as no limit), and nothing else changes: memory already locked stays locked and counted,
//   a heap above a lowered RLIMIT_DATA stays mapped (only later checks read a limit);
// - a refusal changes nothing.
// The limit properties (lockLimitRespected, lockLimitExact, zeroLimitIsEperm, dataLimitExact,
// ...) read the limit from the state; this ties that state to the call that set it.

import type { Mm } from '../../src/kernel/state.js';
import { RLIMIT_DATA, RLIMIT_MEMLOCK, RLIM_INFINITY } from '../../src/uapi/constants.js';
import type { TransitionInvariant } from './specInvariant.js';
import { onlyFieldsChanged } from './_internals/onlyFieldsChanged.js';

/** include/uapi/asm-generic/resource.h: RLIM_NLIMITS. */
const RLIM_NLIMITS = 16n;

/** The limit of `resource` in `mm` as rlim_t (RLIM_INFINITY where none), and its field. */
function limitOf(mm: Mm, resource: bigint): { value: bigint; field: keyof Mm } | undefined {
  if (resource === BigInt(RLIMIT_MEMLOCK))
    return { value: mm.rlimitMemlock ?? RLIM_INFINITY, field: 'rlimitMemlock' };
  if (resource === BigInt(RLIMIT_DATA))
    return { value: mm.rlimitData ?? RLIM_INFINITY, field: 'rlimitData' };
  return undefined;
}

/** The state's form of a limit: RLIM_INFINITY is null (RLIMIT_MEMLOCK) or absent (RLIMIT_DATA). */
function stored(mm: Mm, field: keyof Mm, limit: bigint): boolean {
  if (field === 'rlimitMemlock')
    return mm.rlimitMemlock === (limit === RLIM_INFINITY ? null : limit);
  return mm.rlimitData === (limit === RLIM_INFINITY ? undefined : limit);
}

export const setrlimitPostcondition: TransitionInvariant = {
  kind: 'transition',
  calls: ['setrlimit'],
  name: 'setrlimitPostcondition',
  source: 'kernel/sys.c:do_prlimit',
  holds: ({ before, call, result, after }) => {
    const mm = before.procs.at(-1);
    if (call.call !== 'setrlimit' || mm === undefined) return true;
    const resource = call.args[0] ?? 0n;
    const limit = BigInt.asUintN(64, call.args[1] ?? 0n);
    const refused = (errno: string): boolean =>
      result.kind === 'errno' && result.errno === errno && onlyFieldsChanged(before, after, []);
    if (resource >= RLIM_NLIMITS) return refused('EINVAL');
    const old = limitOf(mm, resource);
    // A resource the model keeps no limit for: the resolver refuses such a trace.
    if (old === undefined) return true;
    if (limit > old.value) return refused('EPERM');
    if (result.kind !== 'value' || result.value !== 0n) return false;
    const a = after.procs.at(-1);
    return (
      a !== undefined &&
      stored(a, old.field, limit) &&
      onlyFieldsChanged(before, after, [old.field])
    );
  },
  // No observable states a limit: the calls after it show it (their limit checks).
  restate: () => ({
    checks: [],
    notes: [
      'setrlimit above must lower the limit (0) or refuse a raise (EPERM): later calls meet the new limit',
    ],
  }),
};
