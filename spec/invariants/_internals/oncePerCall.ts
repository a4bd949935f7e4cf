// What a property reads from a call's arguments alone, read once a call: the explorer reuses
// its call objects across states, so a property judging millions of transitions would
// otherwise parse the same arguments again at each.

import type { KernelCall } from '../../../src/kernel/call.js';

/** `read`, remembered per call object. */
export function oncePerCall<T>(read: (call: KernelCall) => T): (call: KernelCall) => T {
  const known = new WeakMap<KernelCall, T>();
  return (call) => {
    const hit = known.get(call);
    if (hit !== undefined) return hit;
    const value = read(call);
    known.set(call, value);
    return value;
  };
}
