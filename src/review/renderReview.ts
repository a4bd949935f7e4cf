// `mmspec review` output: text for the terminal, markdown to paste into a mail or a page of
// spec/reviews, and the JSON document. Same sections in the same order in all three.

import type { ReviewReport } from './reviewModels.js';
import type { LawCompare } from '../../spec/laws/index.js';
import { counted } from '../trace/counted.js';
import { boundShape } from '../check/kernelBound.js';

export type ReviewFormat = 'text' | 'markdown';

function code(format: ReviewFormat, text: string): string[] {
  const lines = text.trimEnd().split('\n');
  return format === 'markdown' ? ['```', ...lines, '```'] : lines.map((l) => `    | ${l}`);
}

function heading(format: ReviewFormat, text: string): string {
  return format === 'markdown' ? `\n## ${text}\n` : `\n${text}`;
}

function differenceLines(r: ReviewReport, f: ReviewFormat): string[] {
  const d = r.differences;
  const lines = [
    heading(f, `Differences (${counted(d.kinds.length, 'kind')})`),
    `agreeing pairs of states ${d.states}, transitions ${d.transitions}, depth ${d.depth}, ${d.seconds.toFixed(1)} s, ${d.alphabet} letters, stopped: ${d.stopped}`,
  ];
  if (d.kinds.length === 0) lines.push('no observable difference within the bound');
  for (const [i, k] of d.kinds.entries()) {
    lines.push(
      '',
      `${f === 'markdown' ? '### ' : ''}${i + 1}. ${k.kind}: first seen after ${counted(k.shortest.steps.length, 'step')}, on ${counted(k.count, 'step')} from an agreeing pair`,
      ...code(f, k.shortest.trace.text),
      ...k.shortest.differences.map(
        (x) => `${f === 'markdown' ? '- ' : '    '}${x.observable}  A: ${x.a}, B: ${x.b}`,
      ),
    );
  }
  return lines;
}

function invariantLines(r: ReviewReport, f: ReviewFormat): string[] {
  const width = Math.max(...r.invariants.map((i) => i.name.length), 9);
  const figures = r.checkFigures.map((c) => {
    const extras = (c.bound.extraFlags ?? []).map((x) => x.text);
    const widened = extras.length === 0 ? '' : `, alphabet widened by ${extras.join(', ')}`;
    return `${c.states} states, ${c.seconds.toFixed(1)} s${widened}`;
  });
  const rows =
    f === 'markdown'
      ? [
          `| invariant | ${r.a} | ${r.b} | |`,
          '|---|---|---|---|',
          ...r.invariants.map(
            (i) => `| ${i.name} | ${i.a} | ${i.b} | ${i.a === i.b ? '' : '**differs**'} |`,
          ),
        ]
      : [
          `${'invariant'.padEnd(width)}  A ${r.a} / B ${r.b}`,
          ...r.invariants.map(
            (i) => `${i.name.padEnd(width)}  ${i.a} / ${i.b}${i.a === i.b ? '' : '   <- differs'}`,
          ),
        ];
  // Where the two models part, the shortest run breaking the invariant, as the differences
  // above give theirs: a trace to replay with `mmspec run --model`.
  const traces = r.invariants.flatMap((i) => {
    if (i.a === i.b) return [];
    return (
      [
        ['A', r.a, i.traceA],
        ['B', r.b, i.traceB],
      ] as const
    ).flatMap(([side, model, trace]) =>
      trace === undefined
        ? []
        : ['', `${i.name} violated on ${side} (${model}):`, ...code(f, trace)],
    );
  });
  // The invariants state the kernel's semantics as it is: a design that changes them on purpose
  // (a new flag's meaning) breaks those that speak of what it changes, and that break is the
  // design itself, not a fault of it. Said once, above the traces that show which.
  const onPurpose =
    traces.length === 0
      ? []
      : [
          '',
          'An invariant states the semantics of the kernel as it is: where a design changes them on purpose (what a new flag means), its violation is that change. Each trace below shows what the invariant expected instead.',
        ];
  return [
    heading(f, 'Invariants on A and B'),
    `A: ${figures[0] ?? ''}; B: ${figures[1] ?? ''}`,
    ...rows,
    ...onPurpose,
    ...traces,
  ];
}

/** How a law's pages read, by what it compares (spec/laws/law.ts). */
const COMPARED: Readonly<Record<LawCompare, string>> = {
  everything: 'pages as mmspec diff reads them',
  locking: 'the lock state alone: L a page mlocked, . one that is not',
  presence: 'presence alone: # a page present, . one that is not',
};

/** What a law compares, after its statement (nothing where it compares everything). */
const COMPARES: Record<LawCompare, string> = {
  everything: '',
  locking: '  (the locking compared)',
  presence: '  (which pages are present compared)',
};

function lawLines(r: ReviewReport, f: ReviewFormat): string[] {
  const lines = [
    heading(f, 'Laws of the design'),
    `each law from every state of the bound to depth ${r.lawDepth} with a region mapped${r.lawDepthAsked !== undefined && r.lawDepthAsked > r.lawDepth ? ` (--law-depth ${r.lawDepthAsked} asked: the bound's calls stop at ${r.lawDepth})` : ''}`,
  ];
  // Markdown nests the counterexamples under the law's list item: two spaces, blank lines
  // around each block, so that a renderer keeps them in the item.
  const nested = (text: string): string[] =>
    f === 'markdown' ? ['', `  ${text}`] : [`    ${text}`];
  const block = (text: string): string[] =>
    f === 'markdown' ? ['', ...code(f, text).map((l) => `  ${l}`)] : code(f, text);
  for (const l of r.laws) {
    lines.push(
      `${f === 'markdown' ? '- ' : ''}${l.name}: ${l.statement}${COMPARES[l.a.compare]}  A ${l.a.verdict}, B ${l.b.verdict}`,
    );
    for (const [side, v] of [
      ['A', l.a],
      ['B', l.b],
    ] as const) {
      const c = v.counterexample;
      if (c === undefined) continue;
      // What each side leaves, then each side as a trace: the run to the state the sides
      // part from, the side's calls, and checks of its values (src/review/lawTrace.ts).
      const diff = c.differences
        .map((d) => `${d.name}: the left side leaves ${d.left}, the right side ${d.right}`)
        .join('; ');
      // A prefix that opens a fork block and does not close it leaves the sides in the child.
      const inChild =
        c.prefix.filter((p) => p.trimEnd().endsWith('{')).length >
        c.prefix.filter((p) => p.trim() === '}').length;
      lines.push(
        ...nested(
          `${side}: ${diff}${c.differences.some((d) => d.name.startsWith('pages')) ? ` (${COMPARED[v.compare]})` : ''}`,
        ),
        ...(inChild
          ? nested(
              'both sides run in the child of the fork above: it shares its pages copy-on-write with the parent, whose locks still hold them',
            )
          : []),
        ...nested('the left side as a trace:'),
        ...block(c.traces.left),
        ...nested('the right side:'),
        ...block(c.traces.right),
      );
    }
    if (f === 'markdown' && (l.a.counterexample !== undefined || l.b.counterexample !== undefined))
      lines.push('');
  }
  return lines;
}

function flowLines(r: ReviewReport, f: ReviewFormat): string[] {
  const lines = [heading(f, 'Flag flow')];
  for (const s of r.flagFlow) {
    lines.push(`${f === 'markdown' ? '### ' : ''}${s.model}`);
    if (s.overrides.length === 0) lines.push('  overrides no decision point');
    for (const o of s.overrides)
      lines.push(
        `  ${o.decision} (${o.by}, ${o.at}): reached by ${o.calls.join(', ') || 'no call'}; reads ${o.reads.join(', ') || 'no kernel name'}`,
      );
    for (const c of s.constants)
      lines.push(
        `  adds ${c.name} = ${c.value}: read by ${c.readBy.join(', ') || 'NO decision point'}`,
      );
    if (s.unconsulted.length > 0)
      lines.push(`  flags no call consults: ${s.unconsulted.join(', ')}`);
  }
  const extras = r.bound.extraFlags ?? [];
  if (extras.length > 0) lines.push(`alphabet widened by: ${extras.map((e) => e.name).join(', ')}`);
  lines.push(
    r.neverReached.length === 0
      ? 'every overridden decision point was reached within the bound'
      : `overridden decision points the bound never reached: ${r.neverReached.join(', ')}`,
  );
  return lines;
}

export function renderReview(r: ReviewReport, format: ReviewFormat): string {
  const b = r.bound;
  const title = `mmspec review: model A ${r.a}, model B ${r.b}`;
  return `${[
    format === 'markdown' ? `# ${title}` : title,
    `bound ${b.name} (${boundShape(b)})`,
    ...differenceLines(r, format),
    ...invariantLines(r, format),
    ...lawLines(r, format),
    ...flowLines(r, format),
  ].join('\n')}\n`;
}

export function reviewJson(r: ReviewReport) {
  const d = r.differences;
  return {
    a: r.a,
    b: r.b,
    bound: r.bound.name,
    extraFlags: r.bound.extraFlags ?? [],
    differences: {
      states: d.states,
      transitions: d.transitions,
      depth: d.depth,
      seconds: d.seconds,
      stopped: d.stopped,
      kinds: d.kinds.map((k) => ({
        kind: k.kind,
        call: k.call,
        observables: k.observables,
        count: k.count,
        steps: k.shortest.steps.length,
        trace: k.shortest.trace.text,
        differences: k.shortest.differences,
      })),
    },
    invariants: r.invariants,
    lawDepth: r.lawDepth,
    laws: r.laws.map((l) => ({ name: l.name, statement: l.statement, a: l.a, b: l.b })),
    flagFlow: r.flagFlow,
    overridden: r.overridden,
    neverReached: r.neverReached,
  };
}
