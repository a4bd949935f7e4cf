// How each worker thread of `mmspec check --workers N` builds the same kernel system as the
// command: a model's decisions are functions, which cannot cross threads, so the worker gets
// the model's name and resolves it as every command does.

import { compiledUrl } from '../../explore/compiledUrl.js';
import type { KernelBound } from '../../check/kernelBound.js';
import { kernelSystem } from '../../check/kernelSystem.js';
import type { KernelSystem, KernelSystemOptions } from '../../check/kernelSystem.js';
import type { SystemRef } from '../../explore/transitionSystem.js';
import { resolveModel } from '../../../models/registry.js';

/** `bound` and `options` as JSON (KernelBound and KernelSystemOptions are plain data). */
export async function kernelSystemFor(
  model: string,
  bound: string,
  options: string,
  against: string | null = null,
): Promise<KernelSystem> {
  return kernelSystem(await resolveModel(model), JSON.parse(bound) as KernelBound, {
    ...(JSON.parse(options) as KernelSystemOptions),
    ...(against === null ? {} : { against: await resolveModel(against) }),
  });
}

/** The SystemRef that makes a worker call `kernelSystemFor` with these. */
export function kernelSystemRef(
  model: string,
  bound: KernelBound,
  options: Omit<KernelSystemOptions, 'against'>,
  /** The base model of regression mode, by name (a model cannot cross threads). */
  against: string | null = null,
): SystemRef {
  return {
    module: compiledUrl('./kernelSystemFor.js', import.meta.url).href,
    factory: 'kernelSystemFor',
    args: [model, JSON.stringify(bound), JSON.stringify(options), against],
  };
}
