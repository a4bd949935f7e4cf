// How each worker thread of `mmspec diff --workers N` builds the same pair system as the
// command: models travel by name (their decisions are functions), bounds as JSON.

import { compiledUrl } from '../../explore/compiledUrl.js';
import type { KernelBound } from '../../check/kernelBound.js';
import type { SystemRef } from '../../explore/transitionSystem.js';
import { type DiffSystem, type DiffSystemOptions, diffSystem } from '../../review/diffSystem.js';
import { resolveModel } from '../../../models/registry.js';

export async function diffSystemFor(
  a: string,
  b: string,
  bound: string,
  options: string,
): Promise<DiffSystem> {
  return diffSystem(
    await resolveModel(a),
    await resolveModel(b),
    JSON.parse(bound) as KernelBound,
    JSON.parse(options) as DiffSystemOptions,
  );
}

/** The SystemRef that makes a worker call `diffSystemFor` with these. */
export function diffSystemRef(
  a: string,
  b: string,
  bound: KernelBound,
  options: DiffSystemOptions,
): SystemRef {
  return {
    module: compiledUrl('./diffSystemFor.js', import.meta.url).href,
    factory: 'diffSystemFor',
    args: [a, b, JSON.stringify(bound), JSON.stringify(options)],
  };
}
