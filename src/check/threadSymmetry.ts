// Thread symmetry of the threads bound (`--reduce symmetry`, spec/reduction.md). Threads A and B
// run the same alphabet and the properties never name a thread (they judge a population step by
// the kernel before and after, its call's `foreign` pages and its progress figures), so a state
// and its image with the two slots swapped have the same futures up to renaming: the search
// stores one of them (threadSystem.ts: `canonicalize`, the smaller slot first).
//
// The one asymmetry of the system as the traces need it, that only thread A places regions
// (NULL hints are resolved at the group's start, A's first), becomes a state field under
// symmetry: the first thread to place is the group's placer and only it places again. A run in
// which B placed first is a run with A placing once the threads are renamed, so the traces
// stay as they were.
//
// A search with a representative a class finds runs whose steps go from representative to
// representative, each label read in its representative's naming. `concreteThreadRun` maps such
// a run back to one the system takes from its initial state, step by step, then renames it so
// that A is the placer: the printed trace runs as found.

import type { Trace, TraceStep } from '../explore/exploreReport.js';
import { Encoder } from '../explore/encoder.js';
import { placesRegion } from './boundedState.js';
import type { ThreadLabel, ThreadSystem, ThreadsState } from './threadSystem.js';

const other = (i: number): number => (i < 0 ? i : 1 - i);

/** The state with threads A and B renamed into each other. */
export function swapThreads(s: ThreadsState): ThreadsState {
  if (s.threads === null) return s;
  return {
    ...s,
    threads: [s.threads[1], s.threads[0]],
    placer: s.placer === null ? null : other(s.placer),
    info: s.info === null ? null : { ...s.info, thread: other(s.info.thread) },
  };
}

const swapLabel = (l: ThreadLabel): ThreadLabel => ({ ...l, thread: other(l.thread) });

/**
 * The run of the system a symmetry-reduced search's run stands for: each step taken from the
 * concrete state the run has reached, in that state's naming of the threads; then the threads
 * renamed where B placed the group's regions.
 */
export function concreteThreadRun(
  system: ThreadSystem,
  run: Trace<ThreadsState, ThreadLabel>,
): Trace<ThreadsState, ThreadLabel> {
  // Without symmetry too: the stored states are decoded ones, which carry no step (`info`,
  // the call and its result); the run stepped again from them does.
  const encoder = new Encoder(system.encodedWords, 'concreteThreadRun');
  const key = (s: ThreadsState): string => {
    encoder.reset();
    system.encode(s, encoder);
    encoder.finish();
    return encoder.words.join(',');
  };
  const steps: TraceStep<ThreadsState, ThreadLabel>[] = [];
  let from = run.initial;
  // Whether the concrete state reached is the run's stored state with the threads swapped.
  let swapped = false;
  for (const { label, state } of run.steps) {
    let next: ThreadsState | null = null;
    system.successors(from, (l, to) => {
      if (next === null && l.thread === label.thread && l.letter === label.letter) next = to;
    });
    if (next === null)
      throw new Error(
        `concreteThreadRun: '${system.describeLabel(label)}' is not a step of the run`,
      );
    const stepped: ThreadsState = next;
    const kept = key(stepped) === key(state);
    if (!kept && key(swapThreads(stepped)) !== key(state))
      throw new Error('concreteThreadRun: a step reaches neither the stored state nor its image');
    steps.push(
      swapped
        ? { label: swapLabel(label), state: swapThreads(stepped) }
        : { label, state: stepped },
    );
    // The stored state is the representative of what `from` reached: continue from it.
    from = state;
    if (!kept) swapped = !swapped;
  }
  const placedByB = steps.some(
    (s) => s.label.thread === 1 && s.label.letter !== null && placesRegion(s.label.letter),
  );
  if (!placedByB) return { initial: run.initial, steps };
  return {
    initial: run.initial,
    steps: steps.map((s) => ({ label: swapLabel(s.label), state: swapThreads(s.state) })),
  };
}
