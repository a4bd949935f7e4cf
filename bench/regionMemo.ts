// Would a region-local memo of the step pay (issue 15)? Explores a bound on one thread and, for
// every transition of a letter that names one region (no mremap target), keys it by the letter
// and what the call can read (bench/_internals/regionKey.ts): the hit rate a memo would get is
// 1 - distinct keys / such transitions. One such transition in 32 is also replayed outside the
// search to time the step, the key and the transition properties, so the saving a memo could
// reach is estimated as hits x (step + properties) - every transition's key.
//
// Figures (linux-6.18, default bound, branch speed15, one thread, on 2 cores shared with six
// other jobs at load 8-30, so the times in microseconds are relative only and the sampled
// property times run cold on a rebuilt state: the profile of `check --workers 1` puts the
// step at 29% of the CPU and the properties at 22-25%):
// - depth 4: 34,517 states, 157,040 transitions, 92,663 region-local (59.0%); 47,614 keys with
//   every global (48.6% hits), 19,969 with the globals each call reads (78.4% hits);
// - depth 5: 385,788 states, 1,875,246 transitions, 1,194,644 region-local (63.7%, 47.4% of them
//   self-loops); 420,337 keys with every global (64.8% hits, the same for every call: a key is
//   a region's content, and every region call is tried on every region), 142,241 with the
//   globals each call reads (88.1% hits; by call, in a variant keying pages by value rather
//   than by identity: 91% for munlock, munmap, mprotect, madvise, read and write, which read
//   none of them, 86% for mlock and mlock2, 79% for mmap; that variant also counts 4,536
//   distinct region contents); no call had another outcome than the first call under its key (the key holds
//   everything the step read, on this model and bound); 109,644 region-local calls (9.2%)
//   changed another region, 27,884 of them from a state whose mlock batch held pages (the
//   drain reaches them), the rest through the page cache two file-mapping regions share;
// - depth 6 (an earlier build of this benchmark, without the outcome check): 4,539,173 states,
//   22,928,836 transitions, 15,390,779 region-local (67.1%, 45.7% of them self-loops);
//   3,687,976 keys with every global (76.0% hits), 1,007,742 with the globals read (93.5%);
//   639 s user, 2.0 GB peak (the keys as text), 49 min wall at load ~30.
// What it says: a memo hit could skip the step and, for properties shown region-local, their
// checks on 0.637 x 0.881 = 56% of the transitions at depth 5 (0.671 x 0.935 = 63% at depth 6),
// about 30-35% of the CPU at best (1.4-1.5x), less
// the key (a text key costs as much as the step; a real one must be built incrementally) and
// the rebuilding of each hit's successor (page ids, the cache and batch effects above). The
// encoding, the symmetry reduction and the store stay per transition. A 3x needs the hits to
// skip those too: states as tuples of interned region contents and globals (SPIN's collapse
// compression; 4,536 contents at depth 5), symmetry by sorting the tuple, and the memo mapping
// (letter, content, globals read) to (result, content, globals' change, verdicts).

import { parseArgs } from 'node:util';
import type { BenchOutcome, Benchmark } from './benchmark.js';
import { resolveBound } from '../src/check/resolveBound.js';
import { kernelSystem } from '../src/check/kernelSystem.js';
import { type BoundedState, callOf } from '../src/check/boundedState.js';
import type { Letter } from '../src/check/letter.js';
import { step } from '../src/kernel/step.js';
import { explore } from '../src/explore/explore.js';
import { getModel } from '../models/registry.js';
import { regionKey, regionOutcome, touchedOthers } from './_internals/regionKey.js';

const MODEL = 'linux-6.18';
/** One region-local transition in SAMPLE_EVERY is replayed to time its parts. */
const SAMPLE_EVERY = 32;

/** Microseconds since `t0` (performance.now()). */
const since = (t0: number): number => (performance.now() - t0) * 1000;

export const regionMemoBenchmark: Benchmark = {
  name: 'region-memo',
  description:
    'hit rate of a region-local memo of the step on a bound (issue 15), and the costs it weighs',
  usage: '[regions=3,pages=4,depth=5,...]',
  slow: true,
  async run(args, signal): Promise<BenchOutcome> {
    const { positionals } = parseArgs({ args: [...args], options: {}, allowPositionals: true });
    const bound = resolveBound(positionals[0]);
    const model = getModel(MODEL);
    const system = kernelSystem(model, bound);
    const props = system.transitionProperties ?? [];
    // Keyed with every global, and with only the globals the call reads (regionKey's mmReads).
    const keys = new Set<string>();
    // Each read key with the outcome of the first call made under it: a later call under the
    // same key with another outcome shows a read the key leaves out (a memo would be unsound).
    const readKeys = new Map<string, string>();
    let conflicts = 0;
    let touching = 0;
    let touchingWithBatch = 0;
    const letterIndex = new Map<Letter, number>(system.alphabet.map((l, i) => [l, i]));
    let all = 0;
    let local = 0;
    let selfLoops = 0;
    let sampled = 0;
    let stepUs = 0;
    let keyUs = 0;
    let propsUs = 0;
    const note = (s: BoundedState, letter: Letter, next: BoundedState): void => {
      all++;
      if (letter.region === undefined || letter.target !== undefined) return;
      local++;
      if (next.kernel === s.kernel) selfLoops++;
      const t0 = performance.now();
      const letterKey = `${letterIndex.get(letter)}\n`;
      keys.add(letterKey + regionKey(s.kernel, letter.region));
      keyUs += since(t0);
      const readKey = letterKey + regionKey(s.kernel, letter.region, letter.call);
      const result = next.result;
      if (result !== null) {
        const outcome = regionOutcome(s.kernel, next.kernel, letter.region, result);
        const first = readKeys.get(readKey);
        if (first === undefined) readKeys.set(readKey, outcome);
        else if (first !== outcome) conflicts++;
      }
      if (touchedOthers(s.kernel, next.kernel, letter.region, s.hints)) {
        touching++;
        // The per-CPU mlock batch the call drains may hold pages of other regions.
        if (s.kernel.mlockBatch.length > 0) touchingWithBatch++;
      }
      if (local % SAMPLE_EVERY !== 0) return;
      const call = callOf(letter, s, bound.regions);
      if (call === null) return;
      sampled++;
      const t1 = performance.now();
      const r = step(model, s.kernel, call);
      stepUs += since(t1);
      const to: BoundedState = { ...next, kernel: r.state, result: r.result, call };
      const t2 = performance.now();
      for (const p of props) p.holds(s, letter, to);
      propsUs += since(t2);
    };
    const successors = system.successors.bind(system);
    const measured = {
      ...system,
      successors: (s: BoundedState, emit: (l: Letter, next: BoundedState) => void) =>
        successors(s, (letter, next) => {
          note(s, letter, next);
          emit(letter, next);
        }),
    };
    const r = await explore(measured, { maxDepth: bound.depth, exhaustive: true, signal });
    const hitRate = local === 0 ? 0 : 1 - keys.size / local;
    const readHitRate = local === 0 ? 0 : 1 - readKeys.size / local;
    const perStep = sampled === 0 ? 0 : stepUs / sampled;
    const perProps = sampled === 0 ? 0 : propsUs / sampled;
    const perKey = local === 0 ? 0 : keyUs / local;
    const figures = {
      states: r.states,
      transitions: r.transitions,
      regionLocal: local,
      regionLocalSelfLoops: selfLoops,
      distinctKeys: keys.size,
      hitRate,
      distinctReadKeys: readKeys.size,
      readHitRate,
      conflicts,
      touchingOthers: touching,
      touchingWithBatch,
      stepMicroseconds: perStep,
      propertiesMicroseconds: perProps,
      keyMicroseconds: perKey,
    };
    const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;
    const text = `region-memo ${bound.name} depth ${bound.depth}: ${r.states} states, ${r.transitions} transitions (${all} seen), ${local} region-local (${pct(local / Math.max(1, all))}, ${pct(selfLoops / Math.max(1, local))} of them self-loops), ${keys.size} distinct keys: hit rate ${pct(hitRate)}; keyed on the globals each call reads ${readKeys.size}: ${pct(readHitRate)}, ${conflicts} calls with another outcome than their key's first, ${touching} changing another region (${touchingWithBatch} of them from a state with a non-empty mlock batch); per region-local transition (${sampled} sampled): step ${perStep.toFixed(2)} us, properties ${perProps.toFixed(2)} us, key ${perKey.toFixed(2)} us`;
    return { figures, text };
  },
};
