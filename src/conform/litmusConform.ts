// Part 1 of conform: the litmus corpus, each trace compared statement by statement on both
// engines. A litmus trace is already short and readable, so a disagreement is reported as the
// comparison itself (the trace, each statement with both sides' results), under its file name.

import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Program } from '../trace/ast.js';
import type { Constants } from '../trace/bindings.js';
import { renderComparisonText } from '../trace/compareReport.js';
import { parse } from '../trace/parser.js';
import { resolveProgram } from '../trace/resolve.js';
import type { ConformContext } from './conformContext.js';
import type { Disagreement } from './conformReport.js';
import { differential } from './differential.js';
import type { PartResult } from './exhaustive.js';
import { forEachLimited } from './_internals/forEachLimited.js';
import { Tally } from './_internals/tally.js';

/** The corpus: every .mmt file of the folder, in name order. */
export async function litmusFiles(dir: string): Promise<string[]> {
  const names = await readdir(dir);
  return names
    .filter((n) => n.endsWith('.mmt'))
    .sort()
    .map((n) => join(dir, n));
}

type Loaded =
  | { readonly ok: true; readonly program: Program; readonly constants: Constants }
  | { readonly ok: false; readonly reason: string };

/** A trace that does not parse or resolve is the corpus's fault; `mmspec run` points at it. */
function load({ file, source }: LitmusSource, ctx: ConformContext): Loaded {
  try {
    const program = parse(source, file);
    return {
      ok: true,
      program,
      constants: resolveProgram(program, { extraConstants: ctx.constants }),
    };
  } catch (error) {
    return {
      ok: false,
      reason: error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error),
    };
  }
}

export interface LitmusSource {
  readonly file: string;
  readonly source: string;
}

export async function conformLitmus(
  files: readonly LitmusSource[],
  ctx: ConformContext,
  reasons: Map<string, number>,
): Promise<PartResult> {
  const started = performance.now();
  const tally = new Tally(reasons);
  const found: Disagreement[] = [];
  await forEachLimited(
    files,
    ctx.jobs,
    async (litmus) => {
      const { file } = litmus;
      const loaded = load(litmus, ctx);
      if (!loaded.ok) {
        tally.record({ kind: 'unsupported', reason: `${file}: ${loaded.reason}` });
        return;
      }
      const { program, constants } = loaded;
      const verdict = await differential(program, constants, ctx.engines);
      tally.record(verdict);
      if (verdict.kind === 'disagree') {
        const run = {
          program,
          kernel: verdict.reference,
          model: verdict.candidate,
          comparison: verdict.comparison,
        };
        found.push({
          part: 'litmus',
          label: file,
          steps: program.body.length,
          trace: renderComparisonText(run),
          alsoSeen: 0,
        });
      }
      const { run: done, disagreed } = tally.counts;
      ctx.onProgress?.({ part: 'litmus', done, total: files.length, disagreed });
    },
    ctx.signal,
  );
  const seconds = (performance.now() - started) / 1000;
  return { summary: { part: 'litmus', ...tally.counts, seconds }, disagreements: found };
}
