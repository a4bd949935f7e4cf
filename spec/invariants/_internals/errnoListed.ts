// What the "fails only with a listed errno" properties share (issue 14, errno fidelity): a
// transition property that judges the failures of one call and holds when the errno is a known
// one in the man page's list. A failure that names no errno a program could read, or one the
// page does not list, breaks it; successes and other calls are not judged.

import type { KernelCall } from '../../../src/kernel/call.js';
import { isErrno } from '../../../src/uapi/errno.js';
import type { TransitionInvariant } from '../specInvariant.js';
import { acceptedResults } from './acceptedResults.js';
import { listedErrnos } from './listedErrnos.js';

export function errnoListed(
  name: string,
  call: KernelCall['call'],
  source: string,
  page: string,
): TransitionInvariant {
  const known: ReadonlySet<string> = new Set(listedErrnos(call));
  const property: TransitionInvariant = {
    kind: 'transition',
    calls: [call],
    name,
    source,
    holds: ({ call: c, result }) =>
      c.call !== call ||
      result.kind !== 'errno' ||
      (typeof result.errno === 'string' && isErrno(result.errno) && known.has(result.errno)),
    // A listed errno, or success where the call returns no address, is the call's expectation.
    restate: (t) => ({
      ...acceptedResults(property, t),
      checks: [],
      notes: [`the ${call} above must fail, if at all, with an errno ${page} lists`],
    }),
  };
  return property;
}
