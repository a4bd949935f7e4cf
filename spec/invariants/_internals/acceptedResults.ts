// A counterexample's demand on the last call's result, asked of the property itself: the
// outcomes its man page allows (success, each listed errno) that the property accepts with the
// rest of the transition as it is. So the demand is exactly the property's, with no second
// statement of its rules to drift from the first (test/spec/resultDemands.test.ts holds every
// demand to what linux-6.18 returns).

import type { Result } from '../../../src/kernel/result.js';
import type { Expectation, SingleExpectation } from '../../../src/trace/ast.js';
import {
  expectErrno,
  expectNoneOf,
  expectOneOf,
  expectValue,
  expectationOf,
} from '../../../src/trace/syntax.js';
import { isErrno } from '../../../src/uapi/errno.js';
import type { Transition, TransitionInvariant } from '../specInvariant.js';
import { listedErrnos } from './listedErrnos.js';

/** Calls whose success is an address: a trace cannot expect one before the call makes it. */
const RETURNS_ADDRESS: ReadonlySet<string> = new Set(['mmap', 'mremap']);

/**
 * `{ result: = {0, -1 EAGAIN} }` or `{ result: != -1 ENOMEM }`, to spread into a Restatement:
 * the outcomes `prop` accepts for `t`'s call among success, each listed errno and the errno the
 * call returned, written as the shorter of what it accepts and what it refuses. An address call
 * whose success is accepted can only be written by what is refused. Nothing where the property
 * accepts every outcome or none (its demand is then on the state, not the result).
 */
export function acceptedResults(
  prop: Pick<TransitionInvariant, 'holds'>,
  t: Transition,
): { result?: Expectation } {
  const accepts = (result: Result) => prop.holds({ ...t, result });
  const address = RETURNS_ADDRESS.has(t.call.call);
  // A success of an address call, at the address the call asked for (its hint).
  const success: Result = { kind: 'value', value: address ? (t.call.args[0] ?? 0n) : 0n };
  const returned = t.result.kind === 'errno' ? [t.result.errno] : [];
  const errnos = [...new Set([...listedErrnos(t.call.call), ...returned])].filter(isErrno);
  const successAccepted = accepts(success);
  const [acceptedErrnos, refusedErrnos] = partition(errnos, (errno) =>
    accepts({ kind: 'errno', errno }),
  );
  const accepted = [
    ...(successAccepted ? [expectValue(0)] : []),
    ...acceptedErrnos.map(expectErrno),
  ];
  // The call's own result, refused, when no outcome above is it (a hang, a signal, a value):
  // a `!=` must name it too, or it would hold on the very result the property refuses.
  const own = expectationOf(t.call.call, t.result);
  const ownOutside =
    own !== undefined && own.kind !== 'errno' && !sameValue(own, success) && !accepts(t.result);
  const refused = [
    ...(successAccepted ? [] : [expectValue(0)]),
    ...refusedErrnos.map(expectErrno),
    ...(ownOutside ? [own] : []),
  ];
  if (accepted.length === 0 || refused.length === 0) return {};
  if (address)
    return successAccepted
      ? { result: expectNoneOf(refused) }
      : { result: expectOneOf(acceptedErrnos.map(expectErrno)) };
  return refused.length < accepted.length
    ? { result: expectNoneOf(refused) }
    : { result: expectOneOf(accepted) };
}

/** `e` is `= VALUE` for the value of `r`, a success. */
const sameValue = (e: SingleExpectation, r: Result): boolean =>
  e.kind === 'value' &&
  e.value.kind === 'number' &&
  r.kind === 'value' &&
  e.value.value === r.value;

/** The members of `xs` that `keep` keeps, then the others. */
function partition<T>(xs: readonly T[], keep: (x: T) => boolean): [T[], T[]] {
  const kept: T[] = [];
  const left: T[] = [];
  for (const x of xs) (keep(x) ? kept : left).push(x);
  return [kept, left];
}
