// oncePerCall (spec/invariants/_internals/oncePerCall.ts): a call's arguments read once a call
// object, the last one asked kept in front of the WeakMap. Each call object must get its own
// value whatever the order of the asks, and `read` must run once for each.

import { describe, expect, it } from 'vitest';
import type { KernelCall } from '../../src/kernel/call.js';
import { oncePerCall } from '../../spec/invariants/_internals/oncePerCall.js';

const mlock = (len: bigint): KernelCall => ({ call: 'mlock', args: [0x10000n, len] });

describe('oncePerCall', () => {
  it('gives each call object its own value and reads it once', () => {
    const reads: bigint[] = [];
    const lenOf = oncePerCall((call) => {
      const len = call.args[1] ?? 0n;
      reads.push(len);
      return { len };
    });
    const a = mlock(4096n);
    const b = mlock(8192n);
    // The same arguments in another object: read again (the cache is by object, not value).
    const a2 = mlock(4096n);
    const order = [a, b, a, a, b, b, a2, a, a2];
    expect(order.map((c) => lenOf(c).len)).toEqual(order.map((c) => c.args[1]));
    expect(reads).toEqual([4096n, 8192n, 4096n]);
    // The very value object each time, from the last-call slot or from the WeakMap.
    const first = lenOf(a);
    expect(lenOf(a)).toBe(first);
    lenOf(b);
    expect(lenOf(a)).toBe(first);
  });
});
