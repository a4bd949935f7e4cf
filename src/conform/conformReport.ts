// What `mmspec conform` found: per part (litmus corpus, every trace to a depth, random traces)
// how many traces ran, agreed, disagreed and could not run; the distinct disagreements, each as
// a trace to re-run, shortest first; and the reasons traces were unsupported.

import type { Json } from '../trace/json.js';
import type { CoverageSummary } from './_internals/featureCoverage.js';
import { counted } from '../trace/counted.js';

export type Part = 'litmus' | 'depth' | 'random';

export interface Disagreement {
  readonly part: Part;
  /** The litmus file, or where a generated trace came from (its number, its seed and path). */
  readonly label: string;
  /** Steps after the prefix (a non-default setup counts one); litmus: statements. */
  readonly steps: number;
  /** The trace to re-run with `mmspec run --compare`. */
  readonly trace: string;
  /** Later traces that showed it again (their steps contain its steps in order). */
  readonly alsoSeen: number;
}

export interface PartSummary {
  readonly part: Part;
  readonly run: number;
  readonly agreed: number;
  readonly disagreed: number;
  readonly unsupported: number;
  readonly seconds: number;
  /** Random: the seed that replays the part; the shrink runs are not counted in `run`. */
  readonly seed?: number;
  readonly shrinkRuns?: number;
  /** Random: the calls and flag values of the random alphabet the traces used. */
  readonly coverage?: CoverageSummary;
}

export interface ConformReport {
  readonly reference: string;
  readonly candidate: string;
  readonly parts: readonly PartSummary[];
  readonly disagreements: readonly Disagreement[];
  readonly unsupported: readonly { readonly reason: string; readonly count: number }[];
  readonly seconds: number;
}

export function conformExitStatus(report: ConformReport): 0 | 1 {
  return report.parts.some((p) => p.disagreed > 0) ? 1 : 0;
}

function rate(run: number, seconds: number): string {
  return seconds > 0 ? (run / seconds).toFixed(1) : '-';
}

function partLines(p: PartSummary): string[] {
  const seed = p.seed === undefined ? '' : `, seed ${p.seed}`;
  const shrinks = p.shrinkRuns ? `, ${p.shrinkRuns} shrink runs` : '';
  const c = p.coverage;
  const coverage =
    c === undefined
      ? []
      : [
          `# ${p.part} coverage: ${c.covered} of ${c.features} calls and flag values` +
            (c.missing.length === 0
              ? ' (every call and flag of the alphabet)'
              : `; never drawn: ${c.missing.join(', ')}`),
        ];
  return [
    `# ${p.part}: ${counted(p.run, 'trace')}, ${p.agreed} agreed, ${p.disagreed} disagreed, ` +
      `${p.unsupported} unsupported; ${p.seconds.toFixed(1)} s, ${rate(p.run, p.seconds)} traces/s` +
      `${seed}${shrinks}`,
    ...coverage,
  ];
}

export function renderConformText(report: ConformReport): string {
  const out: string[] = [`# conform: model ${report.candidate} against ${report.reference}`];
  report.disagreements.forEach((d, i) => {
    const again =
      d.alsoSeen > 0
        ? ` (and ${counted(d.alsoSeen, 'longer trace', 'longer traces')} like it)`
        : '';
    out.push(
      '',
      `## disagreement ${i + 1}: ${d.part}, ${d.label}, ${counted(d.steps, 'step')}${again}`,
    );
    out.push(...d.trace.trimEnd().split('\n'));
  });
  if (report.unsupported.length > 0) out.push('', '# unsupported:');
  for (const u of report.unsupported) out.push(`#   ${u.count} x ${u.reason}`);
  out.push('', ...report.parts.flatMap(partLines));
  const run = report.parts.reduce((n, p) => n + p.run, 0);
  const sum = (k: 'agreed' | 'disagreed' | 'unsupported') =>
    report.parts.reduce((n, p) => n + p[k], 0);
  out.push(
    `# total: ${counted(run, 'trace')}, ${sum('agreed')} agreed, ${sum('disagreed')} disagreed ` +
      `(${report.disagreements.length} distinct), ${sum('unsupported')} unsupported; ` +
      `${report.seconds.toFixed(1)} s, ${rate(run, report.seconds)} traces/s`,
  );
  return out.map((l) => `${l}\n`).join('');
}

export function conformJson(report: ConformReport): Json {
  return {
    reference: report.reference,
    candidate: report.candidate,
    parts: report.parts.map(({ coverage, ...p }) => ({
      ...p,
      tracesPerSecond: p.seconds > 0 ? p.run / p.seconds : null,
      ...(coverage === undefined
        ? {}
        : {
            coverage: {
              features: coverage.features,
              covered: coverage.covered,
              missing: [...coverage.missing],
            },
          }),
    })),
    disagreements: report.disagreements.map((d) => ({ ...d })),
    unsupported: report.unsupported.map((u) => ({ ...u })),
    seconds: report.seconds,
    exitStatus: conformExitStatus(report),
  };
}
