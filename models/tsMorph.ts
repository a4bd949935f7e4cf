// ts-morph, loaded on first use. It carries the whole TypeScript compiler (about 0.4 s of CPU
// to load), and only model files, `new-model` and review's flag flow need it: every other
// command — `run` above all — starts without it, and check and diff widen the alphabet of a
// registered model from the facts recorded from its source (src/review/recordedFlagFlow.ts).

import { createRequire } from 'node:module';
import type * as TsMorphModule from 'ts-morph';

type TsMorph = typeof TsMorphModule;

let loaded: TsMorph | undefined;

/** The ts-morph module (CommonJS, so it loads synchronously), required the first time. */
export function tsMorph(): TsMorph {
  loaded ??= createRequire(import.meta.url)('ts-morph') as TsMorph;
  return loaded;
}
