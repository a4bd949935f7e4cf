// `mmspec spec [--bound RxP] [--depth N] [--model NAME] [--json]`: the conformance check of a
// model against the statecharts (src/graph). Exit status: 0 no mismatch; 1 mismatches;
// 2 bad arguments.

import { Command } from '@commander-js/extra-typings';
import { runConformance } from '../graph/conformance.js';
import type { ConformanceProgress, ConformanceReport } from '../graph/conformance.js';
import { jsonOption, modelOption } from './_internals/sharedOptions.js';
import type { CliContext } from './_internals/io.js';
import { DEFAULT_MODEL, resolveModel } from '../../models/registry.js';
import { isMisuse, Misuse, wholeOption } from './_internals/misuse.js';
import { counted } from '../trace/counted.js';

// The composed machine's states grow exponentially with regions and pages (1x4 takes ~25 s,
// 3x1 minutes), as the simple paths do with the depth: the ranges the help documents.
const MAX_REGIONS = 3;
const MAX_PAGES = 4;
const MAX_DEPTH = 5;

/** `2x2` -> 2 regions of 2 pages, each within its documented range. */
export function parseBound(text: string): { regions: number; pages: number } {
  const m = /^(\d+)x(\d+)$/.exec(text);
  const regions = Number(m?.[1]);
  const pages = Number(m?.[2]);
  if (m === null || !(regions >= 1 && regions <= MAX_REGIONS && pages >= 1 && pages <= MAX_PAGES))
    throw new Misuse(
      `--bound must be REGIONSxPAGES with 1-${MAX_REGIONS} regions and 1-${MAX_PAGES} pages (e.g. 2x2), got '${text}'`,
    );
  return { regions, pages };
}

function depthOption(text: string): number {
  const depth = wholeOption('depth', text) ?? 3;
  if (depth > MAX_DEPTH) throw new Misuse(`--depth takes 0 to ${MAX_DEPTH}, got ${depth}`);
  return depth;
}

/** On a terminal: what the check is doing, on one line of stderr, cleared at the end. */
function progressLine(ctx: CliContext): ((p: ConformanceProgress) => void) | undefined {
  if (!('isTTY' in ctx.stderr) || ctx.stderr.isTTY !== true) return undefined;
  return (p) =>
    ctx.stderr.write(
      p.phase === 'graph'
        ? '\r\x1b[Kbuilding the statechart graph...'
        : `\r\x1b[Kreplaying paths on the model: ${p.done} of ${p.total}`,
    );
}

/**
 * The mismatches grouped by what went wrong where (the kind, the invariant, the last event,
 * what each side shows), shortest path first in each: one planted bug reached by a hundred
 * paths is one finding.
 */
function sameMismatches(mismatches: ConformanceReport['mismatches']) {
  const groups = new Map<string, ConformanceReport['mismatches'][number][]>();
  for (const m of [...mismatches].sort((a, b) => a.step - b.step)) {
    const key = [m.kind, m.invariant, m.events.at(-1)?.type, m.expected, m.actual].join('\n');
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [m]);
    else group.push(m);
  }
  return [...groups.values()];
}

function renderText(r: ConformanceReport): string {
  const kinds = Object.entries(r.pathsByKind)
    .map(([k, n]) => `${k} ${n}`)
    .join(', ');
  const lines = [
    `${r.model}: ${r.shape.regions} regions x ${r.shape.pages} pages, simple paths up to ${r.simpleDepth} events`,
    `states ${r.states}, transitions ${r.transitions} (graph built in ${r.graphSeconds.toFixed(1)} s)`,
    `paths ${r.paths} (${kinds}), steps ${r.steps} (simulator ran ${r.simulatorSteps})`,
    `replayed in ${r.replaySeconds.toFixed(2)} s: ${Math.round(r.pathsPerSecond)} paths/s`,
    ...r.invariants.map(
      (i) =>
        `  ${i.verdict === 'holds' ? 'holds' : 'FAILS'}  ${i.name}${i.failures > 0 ? ` (${counted(i.failures, 'transition')})` : ''}`,
    ),
  ];
  const groups = sameMismatches(r.mismatches);
  for (const [m, ...more] of groups) {
    if (m === undefined) continue;
    const what = m.kind === 'invariant' ? `invariant ${m.invariant ?? ''} fails` : 'disagreement';
    const last = m.trace
      .trimEnd()
      .split('\n')
      .findLast((l) => !l.startsWith('check') && /^(\w+ = )?\w+\(/.test(l));
    lines.push(
      '',
      `${what} at step ${m.step}${last === undefined ? '' : ` (${last})`}${more.length > 0 ? `, and on ${more.length} longer path${more.length === 1 ? '' : 's'} alike` : ''}`,
      `  spec:      ${m.expected}`,
      `  simulator: ${m.actual}`,
      ...(m.kind === 'invariant' && m.expected === m.actual
        ? [
            '  (the statechart and the simulator agree on what both show: the invariant reads a part of the simulator state the abstraction leaves out)',
          ]
        : []),
      m.trace.trimEnd(),
    );
  }
  lines.push(
    `${counted(r.mismatches.length, 'mismatch', 'mismatches')}${groups.length < r.mismatches.length ? `, ${groups.length} distinct (each shown on its shortest path)` : ''}`,
  );
  return `${lines.join('\n')}\n`;
}

export function specCommand(ctx: CliContext, done: (status: number) => void) {
  return new Command('spec')
    .description(
      'replay every statechart path (shortest, every transition, simple up to --depth) on a model',
    )
    .option(
      '--bound <RxP>',
      `regions x pages of the composed machine, 1-${MAX_REGIONS} x 1-${MAX_PAGES}`,
      '2x2',
    )
    .option('--depth <n>', `longest simple path replayed, in events, 0-${MAX_DEPTH}`, '3')
    .addOption(modelOption('whose simulator replays the paths'))
    .addOption(jsonOption())
    .action(async (flags) => {
      let input;
      try {
        input = {
          model: await resolveModel(flags.model ?? DEFAULT_MODEL),
          shape: parseBound(flags.bound),
          simpleDepth: depthOption(flags.depth),
        };
      } catch (error) {
        if (!isMisuse(error)) throw error;
        ctx.stderr.write(`mmspec spec: ${error.message}\n`);
        return done(2);
      }
      const onProgress = progressLine(ctx);
      const r = runConformance(onProgress === undefined ? input : { ...input, onProgress });
      if (onProgress !== undefined) ctx.stderr.write('\r\x1b[K');
      if (flags.json === true) {
        const { states, paths, steps, mismatches, invariants } = r;
        const json = {
          states,
          paths,
          steps,
          simulatorSteps: r.simulatorSteps,
          pathsPerSecond: r.pathsPerSecond,
          mismatches,
          invariants,
        };
        ctx.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
      } else ctx.stdout.write(renderText(r));
      done(r.mismatches.length === 0 ? 0 : 1);
    });
}
