// The laws of spec/laws checked on one model: every state a bound reaches (to `depth`) with a
// region mapped is a starting point; both sequences of a law run from it on the simulator,
// and what the law compares is read through the same observables as `mmspec diff`. The first
// state (in BFS order, so with the shortest prefix) where the two differ is the counterexample.

import type { KernelBound } from '../check/kernelBound.js';
import type { Letter } from '../check/letter.js';
import type { BoundedState } from '../check/boundedState.js';
import { describeLetter } from '../check/describeLetter.js';
import { kernelSystem } from '../check/kernelSystem.js';
import type { KernelCall } from '../kernel/call.js';
import type { KernelModel } from '../kernel/model.js';
import type { KernelState } from '../kernel/state.js';
import { step } from '../kernel/step.js';
import { regionHint } from '../uapi/engine.js';
import { LAWS, type Law, type LawCompare } from '../../spec/laws/index.js';
import { type Observation, observables } from './observables.js';
import { levelSearch } from './_internals/levelSearch.js';

export interface LawVerdict {
  readonly name: string;
  readonly statement: string;
  readonly verdict: 'holds' | 'broken';
  /** What of the two sides' states the law compares (spec/laws/law.ts). */
  readonly compare: LawCompare;
  /** States the law was tried from. */
  readonly tried: number;
  readonly counterexample?: {
    /** The calls that reach the starting state, as the bound's letters describe them. */
    readonly prefix: readonly string[];
    readonly differences: readonly { name: string; left: string; right: string }[];
  };
}

function project(o: Observation, compare: LawCompare): string | null {
  if (compare === 'everything') return o.value;
  const kind = o.what.kind;
  if (kind === 'pages')
    return compare === 'locking'
      ? o.value.replace(/[^L"[\]]/g, '.')
      : o.value.replace(/[^."[\]]/g, '#');
  if (compare === 'presence') return null;
  if (kind === 'vmflags' || kind === 'def_flags')
    return (
      o.value
        .split(' ')
        .filter((m) => m === 'lo' || m === 'lf')
        .join(' ') || '(none)'
    );
  return kind === 'VmLck' ? o.value : null;
}

function run(k: KernelState, model: KernelModel, calls: readonly KernelCall[]): KernelState {
  let s = k;
  for (const c of calls) s = step(model, s, c).state;
  return s;
}

function compareAfter(law: Law, model: KernelModel, k: KernelState, hints: number, pages: number) {
  const region = { addr: regionHint(0), len: BigInt(pages) * 4096n };
  const view = (s: KernelState) =>
    new Map(
      observables(s, hints, pages).flatMap((o) => {
        const v = project(o, law.compare);
        return v === null ? [] : [[o.name, v] as const];
      }),
    );
  const left = view(run(k, model, law.left(region)));
  const right = view(run(k, model, law.right(region)));
  const names = new Set([...left.keys(), ...right.keys()]);
  return [...names].flatMap((name) => {
    const l = left.get(name) ?? 'none';
    const r = right.get(name) ?? 'none';
    return l === r ? [] : [{ name, left: l, right: r }];
  });
}

/** Each law on `model`, from every state of `bound` to `depth` that has a region mapped. */
export function checkLaws(model: KernelModel, bound: KernelBound, depth: number): LawVerdict[] {
  // No symmetry reduction: the prefix printed is then the very run that reaches the state.
  const system = kernelSystem(model, bound, { properties: [], symmetry: false });
  const tried = new Map<string, number>();
  const broken = new Map<
    string,
    { index: number; differences: { name: string; left: string; right: string }[] }
  >();
  const search = levelSearch<BoundedState, Letter>(system, {
    maxDepth: depth,
    visit: (s, node) => {
      if (s.hints < 1) return false;
      for (const law of LAWS) {
        if (broken.has(law.name)) continue;
        tried.set(law.name, (tried.get(law.name) ?? 0) + 1);
        const differences = compareAfter(law, model, s.kernel, s.hints, bound.pages);
        if (differences.length > 0) broken.set(law.name, { index: node.index, differences });
      }
      return false;
    },
  });
  return LAWS.map((law): LawVerdict => {
    const b = broken.get(law.name);
    const base = {
      name: law.name,
      statement: law.statement,
      compare: law.compare,
      tried: tried.get(law.name) ?? 0,
    };
    if (b === undefined) return { ...base, verdict: 'holds' };
    const prefix = search.path(b.index).labels.map((l) => describeLetter(l));
    return { ...base, verdict: 'broken', counterexample: { prefix, differences: b.differences } };
  });
}
