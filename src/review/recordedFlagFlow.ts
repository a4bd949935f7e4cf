// The flag flow of the registered and planted models, recorded once from their source
// (src/review/_internals/flagFlowFacts.json, written by `npm run facts`) so that check, diff and
// review widen an alphabet without loading ts-morph: the TypeScript compiler costs about 0.3 s
// of CPU to load and parse with, before a search of a bound can start. A model file of the
// user's own is still read from its source, and so is any registered model whose source has
// changed since the facts were recorded (its SHA-256 no longer matches), so a stale record
// never gives a different alphabet; test/review/recordedFlagFlow.test.ts keeps it fresh.

import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import type { KernelModel } from '../kernel/model.js';
import { packageFile, packageRoot } from '../package/packageRoot.js';
import {
  LINUX_DECISIONS_SOURCE,
  findModel,
  modelNames,
  modelSource,
} from '../../models/registry.js';
import { type DecisionReads, type FlagFlow, linuxReads, overridesOf } from './flagFlow.js';
import recorded from './_internals/flagFlowFacts.json' with { type: 'json' };

export interface FlagFlowFacts {
  /** Each source file read, relative to the package root, with the SHA-256 of its text. */
  readonly sources: readonly { readonly file: string; readonly sha256: string }[];
  /** Each model that extends a base: its file and what its own overrides read (overridesOf). */
  readonly models: readonly {
    readonly name: string;
    readonly file: string;
    readonly overrides: readonly DecisionReads[];
  }[];
  /** What Linux 6.18's own choice of each decision reads (linuxReads). */
  readonly linux: Readonly<Record<string, readonly string[]>>;
}

/** The record `npm run facts` wrote: recordFlagFlow's answer, which its test keeps equal. */
export const FLAG_FLOW_FACTS: FlagFlowFacts = recorded;

const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');
const packagePath = (path: string) => relative(packageRoot(), path).split('\\').join('/');

/** The facts as the sources say today, read with ts-morph (for `npm run facts` and its test). */
export function recordFlagFlow(): FlagFlowFacts {
  const models = modelNames().flatMap((name) => {
    const model = findModel(name);
    const file = modelSource(name);
    if (model?.base === undefined || file === undefined) return [];
    const overrides = overridesOf(model, file).map(({ decision, reads, delegates }) => ({
      decision,
      reads,
      delegates,
    }));
    return [{ name, file: packagePath(file), overrides }];
  });
  const files = [...new Set([...models.map((m) => m.file), packagePath(LINUX_DECISIONS_SOURCE)])];
  return {
    sources: files.map((file) => ({ file, sha256: sha256(packageFile(file)) })),
    models,
    linux: Object.fromEntries(linuxReads()),
  };
}

/**
 * The flag flow from `facts` where they still describe the source: a file whose text changed
 * is read with ts-morph again. A file that is absent (an installed package ships dist/ only)
 * is taken as recorded.
 */
export function recordedFlagFlow(facts: FlagFlowFacts = FLAG_FLOW_FACTS): FlagFlow {
  const fresh = new Map<string, boolean>();
  const isFresh = (file: string): boolean => {
    let known = fresh.get(file);
    if (known === undefined) {
      const path = packageFile(file);
      const recorded = facts.sources.find((s) => s.file === file)?.sha256;
      known = recorded !== undefined && (!existsSync(path) || sha256(path) === recorded);
      fresh.set(file, known);
    }
    return known;
  };
  const ownOverrides = (model: KernelModel, file: string | undefined): readonly DecisionReads[] => {
    // Recorded for this model's registered source, not for a model file of the same name.
    const recorded = facts.models.find(
      (m) => m.name === model.name && file !== undefined && resolve(file) === packageFile(m.file),
    );
    return recorded !== undefined && isFresh(recorded.file)
      ? recorded.overrides
      : overridesOf(model, file);
  };
  return {
    // overrideChain's walk: the model from `file`, each base from its registered source.
    chain: (model, file) => {
      const out: DecisionReads[] = [];
      let m: KernelModel | undefined = model;
      let f = file ?? modelSource(model.name);
      while (m !== undefined && m.base !== undefined) {
        out.push(...ownOverrides(m, f));
        m = findModel(m.base);
        f = m === undefined ? undefined : modelSource(m.name);
      }
      return out;
    },
    linux: () =>
      isFresh(packagePath(LINUX_DECISIONS_SOURCE))
        ? new Map(Object.entries(facts.linux))
        : linuxReads(),
  };
}
