// The packed states of the threads bound (src/check/_internals/threadSlotCodec.ts): every state
// the search reaches decodes to a state that encodes to the same words and has the same
// successors, and worker threads explore exactly what one thread explores. Worker threads load
// the compiled JavaScript test/buildDist.ts builds.

import { describe, expect, it } from 'vitest';
import { checkThreads } from '../../src/check/checkThreads.js';
import { parseBound } from '../../src/check/parseBound.js';
import { DEFAULT_KERNEL_BOUND, THREADS_KERNEL_BOUND } from '../../src/check/kernelBounds.js';
import {
  DEFAULT_THREAD_REDUCTIONS,
  type ThreadReduction,
  type ThreadsState,
  threadSystem,
} from '../../src/check/threadSystem.js';
import { Decoder } from '../../src/explore/decoder.js';
import { Encoder } from '../../src/explore/encoder.js';
import { getModel } from '../../models/registry.js';

const CASES: readonly (readonly [base: 'threads' | 'default', bound: string])[] = [
  ['threads', 'depth=3'],
  ['threads', 'calls=mmap+mlock,depth=2,env=noprogress'],
  ['default', 'regions=2,pages=2,depth=2,threads=2'],
];
const bound = (base: string, text: string) =>
  parseBound(text, base === 'threads' ? THREADS_KERNEL_BOUND : DEFAULT_KERNEL_BOUND);

describe('the threads bound packed', () => {
  for (const [base, text] of CASES)
    for (const reduce of [[], DEFAULT_THREAD_REDUCTIONS] as const)
      it(`decodes every state it reaches to the same state: ${base} + ${text}, reduce ${reduce.join('+') || 'none'}`, () => {
        const system = threadSystem(getModel('linux-6.18'), bound(base, text), { reduce });
        if (system.decode === undefined) throw new Error('the threads system has no decode');
        const decode = (input: Decoder) => system.decode?.(input);
        const encoder = new Encoder(system.encodedWords);
        const key = (s: ThreadsState): string => {
          encoder.reset();
          system.encode(system.canonicalize?.(s) ?? s, encoder);
          encoder.finish();
          return encoder.words.join(',');
        };
        const successors = (s: ThreadsState): string[] => {
          const out: string[] = [];
          system.successors(s, (_l, next) => out.push(key(next)));
          return out;
        };
        const seen = new Set<string>();
        const queue = [...system.initial()];
        let groups = 0;
        for (let s = queue.shift(); s !== undefined; s = queue.shift()) {
          const k = key(s);
          if (seen.has(k)) continue;
          seen.add(k);
          if (s.threads?.some((t) => t.population !== null) === true) groups++;
          encoder.reset();
          system.encode(system.canonicalize?.(s) ?? s, encoder);
          encoder.finish();
          const back = decode(new Decoder().reset(encoder.words.slice()));
          if (back === undefined) throw new Error('no decode');
          expect(key(back)).toBe(k);
          expect(successors(back)).toEqual(successors(system.canonicalize?.(s) ?? s));
          system.successors(s, (_l, next) => {
            if (system.isLeaf?.(next) !== true) queue.push(next);
          });
        }
        expect(groups).toBeGreaterThan(10);
      }, 120_000);
});

async function run(
  base: string,
  text: string,
  workers: number,
  reduce: readonly ThreadReduction[],
) {
  const r = await checkThreads(getModel('linux-6.18'), bound(base, text), { workers, reduce });
  return {
    states: r.states,
    transitions: r.transitions,
    verdicts: r.properties.map((p) => [p.name, p.verdict, p.counterexample?.shortest ?? null]),
    decisions: [...r.coverage.decisions].sort(([a], [b]) => a.localeCompare(b)),
  };
}

describe('the threads bound on worker threads', () => {
  for (const [base, text] of CASES)
    it(`explores what one thread explores: ${base} + ${text}`, async () => {
      for (const reduce of [[], DEFAULT_THREAD_REDUCTIONS]) {
        const one = await run(base, text, 1, reduce);
        const two = await run(base, text, 2, reduce);
        expect(two).toEqual(one);
      }
    }, 120_000);
});
