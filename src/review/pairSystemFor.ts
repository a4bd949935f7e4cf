// How each worker thread of `mmspec diff` or `mmspec review` builds the same side-by-side
// system as the calling thread: models travel by registered name or file path (their
// decisions are functions), the bound and options as JSON.

import { compiledUrl } from '../explore/compiledUrl.js';
import type { KernelBound } from '../check/kernelBound.js';
import type { SystemRef } from '../explore/transitionSystem.js';
import { resolveModel } from '../../models/registry.js';
import { type DiffSystem, type DiffSystemOptions, diffSystem } from './diffSystem.js';
import { type DifferenceKindsSystem, differenceKindsSystem } from './differenceKindsSystem.js';

/** `diff`: the pair system of `mmspec diff`; `kinds`: review's system of difference kinds. */
export type PairSystemKind = 'diff' | 'kinds';

export async function pairSystemFor(
  kind: PairSystemKind,
  a: string,
  b: string,
  bound: string,
  options: string,
): Promise<DiffSystem | DifferenceKindsSystem> {
  const ma = await resolveModel(a);
  const mb = await resolveModel(b);
  const parsed = JSON.parse(bound) as KernelBound;
  return kind === 'kinds'
    ? differenceKindsSystem(ma, mb, parsed)
    : diffSystem(ma, mb, parsed, JSON.parse(options) as DiffSystemOptions);
}

/** The SystemRef that makes a worker call `pairSystemFor` with these. */
export function pairSystemRef(
  kind: PairSystemKind,
  a: string,
  b: string,
  bound: KernelBound,
  options: DiffSystemOptions = {},
): SystemRef {
  return {
    module: compiledUrl('./pairSystemFor.js', import.meta.url).href,
    factory: 'pairSystemFor',
    args: [kind, a, b, JSON.stringify(bound), JSON.stringify(options)],
  };
}
