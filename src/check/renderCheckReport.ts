// `mmspec check` output: text for people (verdicts, traces, statistics, coverage) and the JSON
// document scripts read: {"states", "transitions", "depth", "seconds", "properties": [...]}.

import type { CheckReport, PropertyVerdict } from './checkKernel.js';
import type { RandomReport } from './randomCheck.js';
import { describeConfiguration } from './swarmConfiguration.js';
import { counted } from '../trace/counted.js';
import { boundShape } from './kernelBound.js';

/** `; held on every run of up to 4 calls` after why a verdict is unknown, where it is known. */
export const heldText = (depth: number | null | undefined): string =>
  depth === null || depth === undefined
    ? ''
    : `; held on every run of up to ${counted(depth, 'call')}`;

/** What a property that held without being asked once says (PropertyVerdict.vacuous). */
export const VACUOUS_HOLDS = 'holds vacuously (no call of the bound is one it judges: never asked)';

function verdictLines(p: PropertyVerdict, holdsText: string, run = 'shortest'): string[] {
  if (p.verdict === 'holds' && p.vacuous === true) return [`  ${p.name}: ${VACUOUS_HOLDS}`];
  if (p.verdict === 'holds') return [`  ${p.name}: holds ${holdsText}`];
  if (p.verdict === 'unknown')
    return [`  ${p.name}: unknown (${p.reason ?? 'stopped'}${heldText(p.heldToDepth)})`];
  const c = p.counterexample;
  const lines = [
    `  ${p.name}: ${p.expected === undefined ? 'VIOLATED' : 'violated as expected'}${c === undefined ? '' : ` (${run} ${counted(c.shortest, 'step')}, shrunk to ${c.steps.length})`}${p.foundAfter === undefined ? '' : `, found at state ${p.foundAfter.states} of the search, ${p.foundAfter.seconds.toFixed(2)} s`}`,
    ...(p.expected === undefined ? [] : [`    known: ${p.expected}`]),
  ];
  if (c !== undefined)
    lines.push(
      ...c.trace.text
        .trimEnd()
        .split('\n')
        .map((l) => `    | ${l}`),
    );
  return lines;
}

const sortedEntries = (m: ReadonlyMap<string, number>): [string, number][] =>
  [...m.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1));

export function renderCheckText(r: CheckReport): string {
  const b = r.bound;
  const lines = [
    `mmspec check: model ${r.model}${r.against === undefined ? '' : ` against ${r.against} (violations it shares from the same state left out)`}, bound ${b.name} (${boundShape(b, r.alphabet)})`,
    ...(r.partition === undefined
      ? []
      : [
          `part ${r.partition.index + 1} of ${r.partition.count}: only the runs whose first call falls in this part; combine the --json reports of every part with mmspec merge`,
        ]),
    ...r.properties.flatMap((p) => verdictLines(p, `(every state to depth ${r.depth})`)),
    `states ${r.states}, transitions ${r.transitions}, depth ${r.depth}, ${r.seconds.toFixed(1)} s, ${Math.round(r.statesPerSecond)} states/s, ${r.workers} worker${r.workers === 1 ? '' : 's'}, peak ${r.peakRssMB} MB, stopped: ${r.stopReason}`,
  ];
  const bs = r.bitstate;
  if (bs !== undefined)
    lines.push(
      `bit-state search: 2^${Math.log2(bs.bits)} bits, ${bs.hashes} hash functions, hash factor ${bs.hashFactor.toFixed(1)}, expected omissions ${bs.expectedOmissions.toPrecision(3)} (probability of any ${bs.omissionProbability.toPrecision(3)}), ${bs.bytesPerState.toFixed(1)} bytes/state${(bs.spilledBytes ?? 0) > 0 ? `, up to ${((bs.spilledBytes ?? 0) / 2 ** 20).toFixed(1)} MB of a level on disk` : ''}: the counts are lower bounds and 'holds' covers the states reached`,
    );
  const calls = sortedEntries(r.coverage.calls);
  lines.push(`coverage of calls: ${calls.map(([k, n]) => `${k} ${n}`).join(', ')}`);
  const decisions = [...r.coverage.decisions.entries()];
  const never = decisions.filter(([, n]) => n === 0).map(([k]) => k);
  lines.push(
    `decision points reached: ${decisions
      .filter(([, n]) => n > 0)
      .map(([k, n]) => `${k} ${n}`)
      .join(', ')}`,
  );
  if (never.length > 0) lines.push(`decision points never reached: ${never.join(', ')}`);
  const count = (v: PropertyVerdict['verdict']) =>
    r.properties.filter((p) => p.verdict === v).length;
  const unknown = count('unknown');
  const vacuous = r.properties.filter((p) => p.vacuous === true).length;
  lines.push(
    `${count('holds')} held${vacuous > 0 ? ` (${vacuous} vacuously)` : ''}, ${count('violated')} violated${unknown > 0 ? `, ${unknown} unknown` : ''}`,
  );
  return `${lines.join('\n')}\n`;
}

export function renderRandomText(r: RandomReport): string {
  const b = r.bound;
  const lines = [
    `mmspec check --random ${r.runs} --seed ${r.seed}: model ${r.model}, bound ${b.name} (${boundShape(b)}), ${r.mode} runs`,
    ...r.properties.flatMap((p) => [
      ...verdictLines(p, `(no counterexample in ${counted(r.done, 'run')})`, 'random run of'),
      ...(p.found === undefined
        ? []
        : [
            `    found in run ${p.found.run}: fast-check seed ${p.found.seed}, path ${p.found.path}`,
            `    configuration: ${describeConfiguration(p.found.configuration)}`,
          ]),
    ]),
    `${counted(r.done, 'run')}, ${r.seconds.toFixed(1)} s; replay with --random ${r.runs} --seed ${r.seed}`,
  ];
  return `${lines.join('\n')}\n`;
}

const propertyJson = (p: PropertyVerdict) => ({
  name: p.name,
  verdict: p.verdict,
  /** Held without being asked once: no call of the bound is one it judges. */
  vacuous: p.vacuous === true,
  expected: p.expected ?? null,
  /** An unknown verdict: every run of up to this many calls was checked before the stop. */
  heldToDepth: p.heldToDepth ?? null,
  trace: p.counterexample?.trace.text ?? null,
  /** Steps of the shortest (BFS) run, before shrinking: what `mmspec merge` compares. */
  shortest: p.counterexample?.shortest ?? null,
  /** The violating state's place in BFS order (with worker threads, it may vary a little). */
  foundAtState: p.foundAfter?.states ?? null,
});

/** How large and how fast the search was, as `check --json` and `npm run bench -- check` name it. */
export const searchFigures = (r: CheckReport) => ({
  states: r.states,
  transitions: r.transitions,
  depth: r.depth,
  seconds: r.seconds,
  statesPerSecond: r.statesPerSecond,
  peakMB: r.peakRssMB,
});

export function checkJson(r: CheckReport) {
  return {
    model: r.model,
    against: r.against ?? null,
    bound: r.bound.name,
    ...searchFigures(r),
    workers: r.workers,
    stopReason: r.stopReason,
    // 1-based, as on the command line: part I of N.
    partition:
      r.partition === undefined ? null : { part: r.partition.index + 1, of: r.partition.count },
    bitstate: r.bitstate ?? null,
    properties: r.properties.map(propertyJson),
    // Sorted: worker threads meet the calls in another order, and the document must not vary.
    coverage: {
      calls: Object.fromEntries(sortedEntries(r.coverage.calls)),
      decisions: Object.fromEntries(r.coverage.decisions),
    },
  };
}

export function randomJson(r: RandomReport) {
  return {
    model: r.model,
    seed: r.seed,
    runs: r.runs,
    done: r.done,
    mode: r.mode,
    bound: r.bound.name,
    seconds: r.seconds,
    properties: r.properties.map((p) => ({
      ...propertyJson(p),
      firstRun: p.firstRun ?? null,
      found:
        p.found === undefined
          ? null
          : {
              run: p.found.run,
              seed: p.found.seed,
              path: p.found.path,
              configuration: describeConfiguration(p.found.configuration),
            },
    })),
  };
}
