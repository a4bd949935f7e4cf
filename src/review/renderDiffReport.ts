// `mmspec diff` output: text for people (the two models, the bound, statistics, the verdict,
// the shortest differing trace and what differs) and the JSON document scripts read.

import type { DiffReport } from './diffModels.js';
import { counted } from '../trace/counted.js';
import { boundShape } from '../check/kernelBound.js';

export function renderDiffText(r: DiffReport): string {
  const b = r.bound;
  const lines = [
    `mmspec diff: model A ${r.a}, model B ${r.b}`,
    `bound ${b.name} (${boundShape(b, r.alphabet)})`,
    `states ${r.states}, transitions ${r.transitions}, depth ${r.depth}, ${r.seconds.toFixed(1)} s, ${Math.round(r.statesPerSecond)} states/s, ${r.workers} worker${r.workers === 1 ? '' : 's'}, peak ${r.peakRssMB} MB, stopped: ${r.stopReason}`,
  ];
  const f = r.finding;
  if (r.verdict === 'same') lines.push('no observable difference within the bound');
  else if (r.verdict === 'unknown' || f === undefined)
    lines.push(
      `no difference found, but the bound was not covered (stopped: ${r.stopReason}): unknown`,
    );
  else {
    lines.push(
      `they differ: the shortest run that tells them apart has ${counted(f.steps.length, 'step')}`,
    );
    lines.push(
      ...f.trace.text
        .trimEnd()
        .split('\n')
        .map((l) => `  | ${l}`),
    );
    const width = Math.max(...f.differences.map((d) => d.observable.length));
    lines.push(
      ...f.differences.map((d) => `  ${d.observable.padEnd(width)}  A: ${d.a}, B: ${d.b}`),
    );
  }
  return `${lines.join('\n')}\n`;
}

export function diffJson(r: DiffReport) {
  return {
    a: r.a,
    b: r.b,
    bound: r.bound.name,
    states: r.states,
    transitions: r.transitions,
    depth: r.depth,
    seconds: r.seconds,
    workers: r.workers,
    stopReason: r.stopReason,
    verdict: r.verdict,
    ...(r.finding === undefined
      ? {}
      : { trace: r.finding.trace.text, differences: r.finding.differences }),
  };
}
