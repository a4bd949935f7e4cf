// A counterexample's demand on the last call's result, asked of the property itself: the
// outcomes its man page allows (success, each listed errno) that the property accepts with the
// rest of the transition as it is. So the demand is exactly the property's, with no second
// statement of its rules to drift from the first (test/spec/resultDemands.test.ts holds every
// demand to what linux-6.18 returns).

import type { Result } from '../../../src/kernel/result.js';
import type { Expectation } from '../../../src/trace/ast.js';
import { expectErrno, expectOneOf, expectValue } from '../../../src/trace/syntax.js';
import { isErrno } from '../../../src/uapi/errno.js';
import type { Transition, TransitionInvariant } from '../specInvariant.js';
import { listedErrnos } from './listedErrnos.js';

/** Calls whose success is an address: a trace cannot expect one before the call makes it. */
const RETURNS_ADDRESS: ReadonlySet<string> = new Set(['mmap', 'mremap']);

/**
 * `{ result: = {0, -1 EAGAIN} }`, to spread into a Restatement: the outcomes `prop` accepts for
 * `t`'s call; nothing where no expectation can say them (none accepted, or an address-returning
 * call whose success is accepted).
 */
export function acceptedResults(
  prop: Pick<TransitionInvariant, 'holds'>,
  t: Transition,
): { result?: Expectation } {
  const accepts = (result: Result) => prop.holds({ ...t, result });
  const address = RETURNS_ADDRESS.has(t.call.call);
  // A success of an address call, at the address the call asked for (its hint).
  const success: Result = { kind: 'value', value: address ? (t.call.args[0] ?? 0n) : 0n };
  if (address && accepts(success)) return {};
  const errnos = listedErrnos(t.call.call).filter(isErrno);
  const accepted = [
    ...(!address && accepts(success) ? [expectValue(0)] : []),
    ...errnos.filter((errno) => accepts({ kind: 'errno', errno })).map(expectErrno),
  ];
  return accepted.length === 0 ? {} : { result: expectOneOf(accepted) };
}
