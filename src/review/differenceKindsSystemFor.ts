// How each worker thread of `mmspec review --workers N` builds the same system of difference
// kinds as the calling thread: models travel by name or file path (their decisions are
// functions), the bound as JSON.

import { compiledUrl } from '../explore/compiledUrl.js';
import type { KernelBound } from '../check/kernelBound.js';
import type { SystemRef } from '../explore/transitionSystem.js';
import { resolveModel } from '../../models/registry.js';
import { type DifferenceKindsSystem, differenceKindsSystem } from './differenceKindsSystem.js';

export async function differenceKindsSystemFor(
  a: string,
  b: string,
  bound: string,
): Promise<DifferenceKindsSystem> {
  return differenceKindsSystem(
    await resolveModel(a),
    await resolveModel(b),
    JSON.parse(bound) as KernelBound,
  );
}

/** The SystemRef that makes a worker call `differenceKindsSystemFor` with these. */
export function differenceKindsSystemRef(a: string, b: string, bound: KernelBound): SystemRef {
  return {
    module: compiledUrl('./differenceKindsSystemFor.js', import.meta.url).href,
    factory: 'differenceKindsSystemFor',
    args: [a, b, JSON.stringify(bound)],
  };
}
