// `mmspec diff` as a library: explore two models side by side within a bound; if some run of
// the bound's letters lets a trace tell them apart, turn the shortest such run into a real one
// (concretizePair) and that into a trace and the list of what differs (diffFinding).

import { explore } from '../explore/explore.js';
import type { SearchOptions } from '../explore/exploreOptions.js';
import { type SearchFigures, searchFigures } from '../explore/exploreReport.js';
import type { KernelBound } from '../check/kernelBound.js';
import type { KernelModel } from '../kernel/model.js';
import { concretizePair } from './concretizePair.js';
import { type DiffFinding, type ModelNames, diffFinding } from './diffFinding.js';
import { diffSystem } from './diffSystem.js';

/** `same`: no run of the bound tells them apart; `unknown`: stopped before covering the bound. */
export type DiffVerdict = 'same' | 'differ' | 'unknown';

export interface DiffReport extends SearchFigures {
  readonly a: string;
  readonly b: string;
  readonly bound: KernelBound;
  readonly verdict: DiffVerdict;
  readonly alphabet: number;
  readonly finding?: DiffFinding;
}

/** `workers` above 1 needs `systemRef`, which must build this same pair system. */
export interface DiffOptions extends SearchOptions {
  readonly symmetry?: boolean;
  /** How the printed commands name the models (a model file by the path the user gave). */
  readonly names?: ModelNames;
}

export async function diffModels(
  a: KernelModel,
  b: KernelModel,
  bound: KernelBound,
  options: DiffOptions = {},
): Promise<DiffReport> {
  const { symmetry, names, ...search } = options;
  const system = diffSystem(a, b, bound, symmetry === undefined ? {} : { symmetry });
  const report = await explore(system, { ...search, maxDepth: bound.depth });
  const v = report.properties[0]?.verdict ?? { status: 'holds' as const };
  let verdict: DiffVerdict;
  let finding: DiffFinding | undefined;
  if (v.status === 'violated') {
    verdict = 'differ';
    const real = concretizePair(system, v.trace);
    finding = diffFinding(system, real.setup, real.letters, names);
  } else {
    // Every state to the bound's depth was checked: within the bound, no trace tells them apart.
    verdict = v.status === 'holds' || v.reason === 'max-depth' ? 'same' : 'unknown';
  }
  return {
    a: a.name,
    b: b.name,
    bound,
    verdict,
    ...searchFigures(report),
    alphabet: system.alphabet.length,
    ...(finding === undefined ? {} : { finding }),
  };
}
