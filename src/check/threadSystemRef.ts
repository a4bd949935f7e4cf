// How each worker thread of `mmspec check --bound ...,threads=2 --workers N` builds the same
// threads system as the command (threadSystem.ts): a model's decisions are functions, which
// cannot cross threads, so a worker gets the model's name (or file) and resolves it again.

import { compiledUrl } from '../explore/compiledUrl.js';
import type { SystemRef } from '../explore/transitionSystem.js';
import { resolveModel } from '../../models/registry.js';
import type { KernelBound } from './kernelBound.js';
import { type ThreadSystem, type ThreadSystemOptions, threadSystem } from './threadSystem.js';

/** `bound` and `options` as JSON (KernelBound and ThreadSystemOptions are plain data). */
export async function threadSystemFor(
  model: string,
  bound: string,
  options: string,
): Promise<ThreadSystem> {
  return threadSystem(
    await resolveModel(model),
    JSON.parse(bound) as KernelBound,
    JSON.parse(options) as ThreadSystemOptions,
  );
}

/** The SystemRef that makes a worker call `threadSystemFor` with these. */
export function threadSystemRef(
  model: string,
  bound: KernelBound,
  options: ThreadSystemOptions,
): SystemRef {
  return {
    module: compiledUrl('./threadSystemRef.js', import.meta.url).href,
    factory: 'threadSystemFor',
    args: [model, JSON.stringify(bound), JSON.stringify(options)],
  };
}
