// The fuzzer's cases, in one stream: which generator makes each, and the run of a batch of
// them with a tally of findings. `npm test` runs a few thousand with a fixed seed
// (test/fuzz/fuzz.test.ts); `npm run fuzz -- --runs 100000` runs the long campaign.

import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { faultyArgv } from './argvInputs.js';
import { type CaseResult, type Finding, runArgvCase, runTraceCase } from './runCase.js';
import { byteTrace, grammarTrace, mutatedCorpus } from './traceInputs.js';

export type CaseKind = 'corpus' | 'grammar' | 'bytes' | 'argv';

export type FuzzCase =
  | { readonly kind: 'corpus' | 'grammar' | 'bytes'; readonly source: string }
  | { readonly kind: 'argv'; readonly argv: string[] };

/** The litmus corpus, read from the package's spec/litmus. */
export function litmusCorpus(root: string): string[] {
  const dir = join(root, 'spec', 'litmus');
  return readdirSync(dir)
    .filter((n) => n.endsWith('.mmt'))
    .sort()
    .map((n) => readFileSync(join(dir, n), 'utf8'));
}

export function fuzzCase(corpus: readonly string[]): fc.Arbitrary<FuzzCase> {
  return fc.oneof(
    {
      weight: 5,
      arbitrary: mutatedCorpus(corpus).map((source): FuzzCase => ({ kind: 'corpus', source })),
    },
    { weight: 2, arbitrary: grammarTrace.map((source): FuzzCase => ({ kind: 'grammar', source })) },
    { weight: 1, arbitrary: byteTrace.map((source): FuzzCase => ({ kind: 'bytes', source })) },
    { weight: 2, arbitrary: faultyArgv.map((argv): FuzzCase => ({ kind: 'argv', argv })) },
  );
}

export function runFuzzCase(c: FuzzCase): Promise<CaseResult> {
  return c.kind === 'argv' ? runArgvCase(c.argv) : runTraceCase(c.source);
}

export interface FuzzTally {
  runs: number;
  byKind: Record<CaseKind, number>;
  byStatus: Record<string, number>;
  findings: Record<Finding, number>;
  slowestMs: number;
  /** The first few findings, to reproduce. */
  examples: { kind: CaseKind; findings: readonly Finding[]; input: string; excerpt: string }[];
}

export function emptyTally(): FuzzTally {
  return {
    runs: 0,
    byKind: { corpus: 0, grammar: 0, bytes: 0, argv: 0 },
    byStatus: {},
    findings: { uncaught: 0, internal: 0, slow: 0, status: 0, lines: 0, control: 0 },
    slowestMs: 0,
    examples: [],
  };
}

/** Runs `runs` cases from `seed`, lazily (one case in memory at a time), into `tally`. */
export async function fuzz(
  corpus: readonly string[],
  options: {
    readonly runs: number;
    readonly seed: number;
    readonly onCase?: (t: FuzzTally) => void;
  },
  tally: FuzzTally = emptyTally(),
): Promise<FuzzTally> {
  await fc.assert(
    fc.asyncProperty(fuzzCase(corpus), async (c) => {
      const r = await runFuzzCase(c);
      tally.runs++;
      tally.byKind[c.kind]++;
      const status = String(r.status);
      tally.byStatus[status] = (tally.byStatus[status] ?? 0) + 1;
      tally.slowestMs = Math.max(tally.slowestMs, r.ms);
      for (const f of r.findings) tally.findings[f]++;
      if (r.findings.length > 0 && tally.examples.length < 10) {
        const input =
          c.kind === 'argv' ? JSON.stringify(c.argv) : JSON.stringify(c.source.slice(0, 400));
        tally.examples.push({ kind: c.kind, findings: r.findings, input, excerpt: r.excerpt });
      }
      options.onCase?.(tally);
      // Never fails: every case is tallied, none is shrunk.
      return true;
    }),
    { numRuns: options.runs, seed: options.seed, endOnFailure: true },
  );
  return tally;
}
