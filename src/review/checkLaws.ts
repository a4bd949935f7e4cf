// The laws of spec/laws checked on one model: every state a bound reaches (to `depth`) with a
// region mapped is a starting point; both sequences of a law run from it on the simulator,
// and what the law compares is read through the same observables as `mmspec diff`. The first
// state (in BFS order, so with the shortest prefix) where the two differ is the counterexample,
// given as two traces to run: the prefix and each side, with what each side leaves.

import type { KernelBound } from '../check/kernelBound.js';
import type { Letter } from '../check/letter.js';
import type { BoundedState } from '../check/boundedState.js';
import { describeLetter } from '../check/describeLetter.js';
import { kernelSystem } from '../check/kernelSystem.js';
import { replayLetters } from '../check/replayLetters.js';
import type { KernelModel } from '../kernel/model.js';
import type { KernelState } from '../kernel/state.js';
import { step } from '../kernel/step.js';
import { regionHint } from '../uapi/engine.js';
import {
  LAWS,
  type Law,
  type LawCall,
  type LawCompare,
  kernelCallOf,
} from '../../spec/laws/index.js';
import { type Observation, observables, observationOf } from './observables.js';
import { lawView } from './lawView.js';
import { type LawSideStep, lawTrace } from './lawTrace.js';
import { levelSearch } from './_internals/levelSearch.js';

/** One observable the two sides leave differently, as the law reads it. */
export interface LawDifference {
  readonly name: string;
  /** As the review prints it. */
  readonly left: string;
  readonly right: string;
}

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
    readonly differences: readonly LawDifference[];
    /**
     * Each side as a trace: the prefix, the side's calls with the results the model gives,
     * and checks of what the side leaves where the other leaves otherwise. Each passes on
     * the model; each fails on the other's checks.
     */
    readonly traces: { readonly left: string; readonly right: string };
  };
}

/** Both sides' views of every observable the law reads on which they differ. */
interface SidesApart {
  readonly name: string;
  readonly left: Observation;
  readonly right: Observation;
}

/** The law's region: region a, as long as the bound's regions. */
const lawRegion = (pages: number) => ({ addr: regionHint(0), len: BigInt(pages) * 4096n });

function runSide(k: KernelState, model: KernelModel, calls: readonly LawCall[], pages: number) {
  const steps: LawSideStep[] = [];
  let s = k;
  for (const c of calls) {
    const r = step(model, s, kernelCallOf(c, lawRegion(pages)));
    steps.push({ call: c, result: r.result });
    s = r.state;
  }
  return { state: s, steps };
}

/** Where the two sides differ as the law reads them, each side's observation in its view. */
function sidesApart(law: Law, left: KernelState, right: KernelState, hints: number, pages: number) {
  const view = (s: KernelState) => new Map(observables(s, hints, pages).map((o) => [o.name, o]));
  const onLeft = view(left);
  const onRight = view(right);
  const apart: SidesApart[] = [];
  for (const name of new Set([...onLeft.keys(), ...onRight.keys()])) {
    // A VMA that starts at an address on one side only is read at that address on the other.
    const l =
      onLeft.get(name) ?? observationOf(left, (onRight.get(name) as Observation).what, name);
    const r = onRight.get(name) ?? observationOf(right, l.what, name);
    const lv = lawView(l, law.compare);
    const rv = lawView(r, law.compare);
    if (lv === null || rv === null || lv.value === rv.value) continue;
    apart.push({ name, left: lv, right: rv });
  }
  return apart;
}

/** Each law on `model`, from every state of `bound` to `depth` that has a region mapped. */
export function checkLaws(model: KernelModel, bound: KernelBound, depth: number): LawVerdict[] {
  // No symmetry reduction: the prefix printed is then the very run that reaches the state.
  const system = kernelSystem(model, bound, { properties: [], symmetry: false });
  const tried = new Map<string, number>();
  const broken = new Map<string, { index: number; setup: number }>();
  const search = levelSearch<BoundedState, Letter>(system, {
    maxDepth: depth,
    visit: (s, node) => {
      if (s.hints < 1) return false;
      for (const law of LAWS) {
        if (broken.has(law.name)) continue;
        tried.set(law.name, (tried.get(law.name) ?? 0) + 1);
        const left = runSide(s.kernel, model, law.left, bound.pages).state;
        const right = runSide(s.kernel, model, law.right, bound.pages).state;
        if (sidesApart(law, left, right, s.hints, bound.pages).length > 0)
          broken.set(law.name, { index: node.index, setup: s.setup });
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
    const letters = search.path(b.index).labels;
    const replay = replayLetters(system, b.setup, letters, null);
    if (replay === null) throw new RangeError(`checkLaws: the run to ${law.name}'s state replays`);
    const start = replay.steps.at(-1)?.after;
    if (start === undefined) throw new RangeError(`checkLaws: ${law.name} broken with no region`);
    const left = runSide(start.kernel, model, law.left, bound.pages);
    const right = runSide(start.kernel, model, law.right, bound.pages);
    const apart = sidesApart(law, left.state, right.state, start.hints, bound.pages);
    const trace = (side: 'left' | 'right') =>
      lawTrace({
        bound,
        setup: b.setup,
        prefix: replay.steps,
        law,
        side,
        model,
        steps: side === 'left' ? left.steps : right.steps,
        checks: apart.map((d) =>
          side === 'left'
            ? { name: d.name, a: d.left, b: d.right }
            : { name: d.name, a: d.right, b: d.left },
        ),
      });
    const differences = apart.map((d) => ({
      name: d.name,
      left: d.left.value,
      right: d.right.value,
    }));
    const prefix = letters.map((l) => describeLetter(l));
    const traces = { left: trace('left'), right: trace('right') };
    return { ...base, verdict: 'broken', counterexample: { prefix, differences, traces } };
  });
}
