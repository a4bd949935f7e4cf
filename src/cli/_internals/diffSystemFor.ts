// How each worker thread of `mmspec diff --workers N` builds the same pair system as the
// command: models travel by name (their decisions are functions), bounds as JSON.

import { compiledUrl } from '../../check/_internals/compiledUrl.js';
import type { KernelBound } from '../../check/kernel/kernelBound.js';
import type { SystemRef } from '../../check/transitionSystem.js';
import { type DiffSystem, type DiffSystemOptions, diffSystem } from '../../review/diffSystem.js';
import { resolveModel } from './resolveModel.js';

export function diffSystemFor(a: string, b: string, bound: string, options: string): DiffSystem {
  return diffSystem(
    resolveModel(a),
    resolveModel(b),
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
