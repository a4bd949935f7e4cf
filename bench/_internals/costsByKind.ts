// Where a transition's CPU goes, by kind of transition: the measuring stick of
// bench/transitionCosts.ts. Each state a search expands is decoded and its successors made by
// the system; the time from one emitted transition to the next is the system's making of the
// next one (the step, its call and the bounded state), and the judging of each is timed as the
// expander judges it (judgedBy, the judgement, each property's holdsOn). Transitions are sorted
// by whether the step changed the state, the call, and the kind of result with its errno.

import type { BoundedState } from '../../src/check/boundedState.js';
import type { KernelSystem } from '../../src/check/kernelSystem.js';
import type { Letter } from '../../src/check/letter.js';
import { Decoder } from '../../src/explore/decoder.js';

export interface KindCost {
  /** `changes mmap value`, `unchanged mlock ENOMEM`, ... */
  readonly kind: string;
  transitions: number;
  /** Nanoseconds in all, of making the transitions and of judging them. */
  stepNs: number;
  judgeNs: number;
  /** Properties asked. */
  asked: number;
}

/** Every kind of transition met, over `passes` passes (the last one's times kept). */
export function costsByKind(
  system: KernelSystem,
  keys: readonly Int32Array[],
  passes: number,
  signal: AbortSignal,
): KindCost[] {
  const decode = system.decode?.bind(system);
  if (decode === undefined) throw new Error('costsByKind: the system has no decoder');
  const props = system.transitionProperties ?? [];
  const holdsOn = props.map((p) => p.holdsOn);
  const every = props.map((_, k) => k);
  const judgedBy = system.judgedBy?.bind(system);
  const judgement = system.judgement?.bind(system);
  const isSelfLoop = system.isSelfLoop?.bind(system);
  const decoder = new Decoder();
  let kinds = new Map<string, KindCost>();
  const kindOf = (from: BoundedState, to: BoundedState): KindCost => {
    const r = to.result;
    const result =
      r === null ? 'none' : r.kind === 'errno' ? r.errno : r.kind === 'signal' ? r.signal : r.kind;
    const changed = isSelfLoop?.(from, to) === true ? 'unchanged' : 'changes';
    const kind = `${changed} ${to.call?.call ?? 'none'} ${result}`;
    let k = kinds.get(kind);
    if (k === undefined) {
      k = { kind, transitions: 0, stepNs: 0, judgeNs: 0, asked: 0 };
      kinds.set(kind, k);
    }
    return k;
  };
  for (let pass = 0; pass < passes; pass++) {
    kinds = new Map();
    for (const key of keys) {
      if (signal.aborted) break;
      const from = decode(decoder.reset(key));
      let last = performance.now();
      system.successors(from, (letter: Letter, to: BoundedState) => {
        const made = performance.now();
        const asked = judgedBy === undefined ? every : judgedBy(letter, from, to);
        const j = judgement?.(from, letter, to);
        for (let i = 0; i < asked.length; i++) {
          const k = asked[i] ?? 0;
          const on = holdsOn[k];
          if (j !== undefined && on !== undefined) {
            if (j !== null) on(j);
          } else props[k]?.holds(from, letter, to);
        }
        const judged = performance.now();
        const cost = kindOf(from, to);
        cost.transitions++;
        cost.stepNs += (made - last) * 1e6;
        cost.judgeNs += (judged - made) * 1e6;
        cost.asked += asked.length;
        last = performance.now();
      });
    }
  }
  return [...kinds.values()].sort((a, b) => b.stepNs + b.judgeNs - (a.stepNs + a.judgeNs));
}
