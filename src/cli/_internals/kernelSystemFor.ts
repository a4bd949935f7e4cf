// How each worker thread of `mmspec check --workers N` builds the same kernel system as the
// command: a model's decisions are functions, which cannot cross threads, so the worker gets
// the model's name and resolves it as every command does.

import { compiledUrl } from '../../check/_internals/compiledUrl.js';
import type { KernelBound } from '../../check/kernel/kernelBound.js';
import { kernelSystem } from '../../check/kernel/kernelSystem.js';
import type { KernelSystem, KernelSystemOptions } from '../../check/kernel/kernelSystem.js';
import type { SystemRef } from '../../check/transitionSystem.js';
import { resolveModel } from './resolveModel.js';

/** `bound` and `options` as JSON (KernelBound and KernelSystemOptions are plain data). */
export function kernelSystemFor(model: string, bound: string, options: string): KernelSystem {
  return kernelSystem(
    resolveModel(model),
    JSON.parse(bound) as KernelBound,
    JSON.parse(options) as KernelSystemOptions,
  );
}

/** The SystemRef that makes a worker call `kernelSystemFor` with these. */
export function kernelSystemRef(
  model: string,
  bound: KernelBound,
  options: KernelSystemOptions,
): SystemRef {
  return {
    module: compiledUrl('./kernelSystemFor.js', import.meta.url).href,
    factory: 'kernelSystemFor',
    args: [model, JSON.stringify(bound), JSON.stringify(options)],
  };
}
