// The checker's canonical encoding, timed on its own (issue 15): every state a bound expands up
// to `depth - 1` is decoded from its key, its successors are made, and each successor that
// changes the state is encoded as its region-symmetry representative (encodeCanonical), as the
// explorer does. Chunk by chunk, so that only a few thousand states are alive at once (holding
// them all puts most of the time in the collector). User and system CPU of the decoding and
// of the encoding are counted apart, a run at a time; the figures are the least and the median
// of the runs. `checksum` folds every key encoded: a change of the codec or of the symmetry
// reduction that keeps it keeps the same representatives.
//
// Figures (branch encode33, linux-6.18, regions=3,pages=4,depth=4: 3,265 states expanded,
// 93,316 successors encoded; 2 cores shared with other jobs, load 8-11, so relative only):
// integ 1b7aa28 encoded a successor in 3.2-3.7 us (least of 9-15 runs), encode33 in 2.5-2.9 us.

import { parseArgs } from 'node:util';
import type { BenchOutcome, Benchmark } from './benchmark.js';
import { resolveBound } from '../src/check/resolveBound.js';
import { kernelSystem } from '../src/check/kernelSystem.js';
import type { BoundedState } from '../src/check/boundedState.js';
import { Encoder } from '../src/explore/encoder.js';
import { Decoder } from '../src/explore/decoder.js';
import { getModel } from '../models/registry.js';
import { cpuMicrosSince, leastAndMedian } from './_internals/cpuTime.js';
import { expandedKeys } from './_internals/expandedKeys.js';

const MODEL = 'linux-6.18';
const CHUNK = 500;

export const encodingBenchmark: Benchmark = {
  name: 'encoding',
  description:
    "CPU of the checker's canonical encoding of a successor and of decoding a state (issue 15)",
  usage: '[regions=3,pages=4,depth=4,...] [--runs N]',
  async run(args, signal): Promise<BenchOutcome> {
    const { positionals, values } = parseArgs({
      args: [...args],
      options: { runs: { type: 'string', default: '7' } },
      allowPositionals: true,
    });
    const bound = resolveBound(positionals[0] ?? 'regions=3,pages=4,depth=4');
    const runs = Math.max(1, Number(values.runs));
    const system = kernelSystem(getModel(MODEL), bound);
    if (system.encodeCanonical === undefined || system.decode === undefined)
      throw new Error('encoding: the system has no symmetry or no decoder');
    const encodeCanonical = (s: BoundedState, out: Encoder): void =>
      system.encodeCanonical?.(s, out);
    const decode = (input: Decoder): BoundedState | undefined => system.decode?.(input);
    const words = system.encodedWords;
    const encoder = new Encoder(words);
    const encode = (s: BoundedState): Int32Array => {
      encoder.reset();
      encodeCanonical(s, encoder);
      encoder.finish();
      return encoder.words;
    };
    const keys = await expandedKeys(system, bound.depth, signal);
    const decoder = new Decoder();
    const decodeUs: number[] = [];
    const encodeUs: number[] = [];
    let encoded = 0;
    let checksum = 0;
    for (let run = 0; run < runs; run++) {
      let dec = 0;
      let enc = 0;
      encoded = 0;
      checksum = 0;
      for (let c = 0; c < keys.length; c += CHUNK) {
        const states: BoundedState[] = [];
        let t = process.cpuUsage();
        for (const key of keys.slice(c, c + CHUNK)) {
          const s = decode(decoder.reset(key));
          if (s !== undefined) states.push(s);
        }
        dec += cpuMicrosSince(t);
        const next: BoundedState[] = [];
        for (const s of states)
          system.successors(s, (_l, n) => {
            if (system.isSelfLoop?.(s, n) !== true) next.push(n);
          });
        t = process.cpuUsage();
        for (const n of next) {
          const w = encode(n);
          for (let i = 0; i < words; i++) checksum = (Math.imul(checksum, 31) + (w[i] ?? 0)) | 0;
        }
        enc += cpuMicrosSince(t);
        encoded += next.length;
      }
      decodeUs.push(dec / Math.max(1, keys.length));
      encodeUs.push(enc / Math.max(1, encoded));
    }
    const [encodeLeast, encodeMedian] = leastAndMedian(encodeUs);
    const [decodeLeast, decodeMedian] = leastAndMedian(decodeUs);
    const figures = {
      expanded: keys.length,
      encoded,
      checksum,
      encodeLeastMicroseconds: encodeLeast,
      encodeMedianMicroseconds: encodeMedian,
      decodeLeastMicroseconds: decodeLeast,
      decodeMedianMicroseconds: decodeMedian,
    };
    const us = (x: number): string => `${x.toFixed(2)} us`;
    const text = `encoding ${bound.name} depth ${bound.depth}: ${keys.length} states decoded, ${encoded} successors encoded (checksum ${checksum}), ${runs} runs: encodeCanonical ${us(encodeLeast)} least, ${us(encodeMedian)} median a successor (the checksum includes folding its words); decode ${us(decodeLeast)} least, ${us(decodeMedian)} median a state`;
    return { figures, text };
  },
};
