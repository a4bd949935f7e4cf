// `mmspec merge` as a library: the `--json` reports of the parts of one bound (`mmspec check
// --partition I/N`) combined into the report of the whole bound. Each run of the bound begins
// with one first call, which belongs to exactly one part, so a property is violated in the
// whole iff some part violates it, and its shortest counterexample is the shortest across the
// parts; it holds only if every part 1..N held.

import { type checkJson, VACUOUS_HOLDS, heldText } from './renderCheckReport.js';
import { counted } from '../trace/counted.js';
import { boundKey } from './boundKey.js';

/** One part's document, as `mmspec check --json` prints it. */
export type PartReport = ReturnType<typeof checkJson>;

/** A set of documents that are not parts of one bound; its message is the line the user sees. */
export class MergeError extends Error {}

export interface MergedProperty {
  readonly name: string;
  readonly verdict: 'holds' | 'violated' | 'unknown';
  /** Held with no call of the bound one it judges, as every part says (they share the alphabet). */
  readonly vacuous: boolean;
  /** A violation the model is known for (models/expectedVerdicts.ts), as the parts say it. */
  readonly expected: string | null;
  /** Why a verdict is unknown: the missing parts, or a part that stopped early. */
  readonly reason: string | null;
  /** An unknown verdict with every part present: each held on every run of up to this many calls. */
  readonly heldToDepth: number | null;
  readonly trace: string | null;
  readonly shortest: number | null;
  /** The part (1-based) whose counterexample is kept. */
  readonly part: number | null;
}

export interface MergedReport {
  readonly model: string;
  readonly bound: string;
  readonly parts: number;
  readonly present: readonly number[];
  readonly missing: readonly number[];
  /** Sums over the parts: a state reached through first calls of several parts counts in each. */
  readonly states: number;
  readonly transitions: number;
  readonly depth: number;
  /** Sum of the parts' exploration times (their CPU), and the longest part (the wall clock). */
  readonly seconds: number;
  readonly longestPartSeconds: number;
  readonly peakMB: number;
  readonly properties: readonly MergedProperty[];
  readonly coverage: { readonly calls: Record<string, number> };
}

const partOf = (r: PartReport): { part: number; of: number } => r.partition ?? { part: 1, of: 1 };

export function mergeReports(reports: readonly PartReport[]): MergedReport {
  const first = reports[0];
  if (first === undefined) throw new MergeError('no report to merge');
  const of = partOf(first).of;
  const byPart = new Map<number, PartReport>();
  for (const r of reports) {
    const p = partOf(r);
    if (r.model !== first.model || boundKey(r.bound) !== boundKey(first.bound) || p.of !== of)
      throw new MergeError(
        `reports of different searches: ${first.model} @ ${first.bound} in ${of} parts, and ${r.model} @ ${r.bound} in ${p.of} parts`,
      );
    if (byPart.has(p.part)) throw new MergeError(`part ${p.part} of ${of} given twice`);
    byPart.set(p.part, r);
  }
  const present = [...byPart.keys()].sort((a, b) => a - b);
  const missing: number[] = [];
  for (let k = 1; k <= of; k++) if (!byPart.has(k)) missing.push(k);
  const names = [...new Set(reports.flatMap((r) => r.properties.map((p) => p.name)))];
  const properties = names.map((name) => mergeProperty(name, present, byPart, missing));
  const calls: Record<string, number> = {};
  for (const r of reports)
    for (const [call, n] of Object.entries(r.coverage.calls)) calls[call] = (calls[call] ?? 0) + n;
  const sum = (f: (r: PartReport) => number): number => reports.reduce((a, r) => a + f(r), 0);
  return {
    model: first.model,
    bound: first.bound,
    parts: of,
    present,
    missing,
    states: sum((r) => r.states),
    transitions: sum((r) => r.transitions),
    depth: Math.max(...reports.map((r) => r.depth)),
    seconds: sum((r) => r.seconds),
    longestPartSeconds: Math.max(...reports.map((r) => r.seconds)),
    peakMB: Math.max(...reports.map((r) => r.peakMB)),
    properties,
    coverage: { calls },
  };
}

function mergeProperty(
  name: string,
  present: readonly number[],
  byPart: ReadonlyMap<number, PartReport>,
  missing: readonly number[],
): MergedProperty {
  let best: MergedProperty | null = null;
  const unknownIn: number[] = [];
  /** The least depth the undecided parts held to (a report without the figure: none). */
  let heldTo = Infinity;
  let vacuous = present.length > 0;
  for (const part of present) {
    const p = byPart.get(part)?.properties.find((q) => q.name === name);
    // A report from before the field: not known to be vacuous.
    vacuous &&= p !== undefined && 'vacuous' in p && p.vacuous;
    if (p === undefined || p.verdict === 'unknown') {
      unknownIn.push(part);
      heldTo = Math.min(heldTo, p?.heldToDepth ?? 0);
      continue;
    }
    if (p.verdict !== 'violated') continue;
    const shortest = p.shortest ?? Infinity;
    if (best === null || shortest < (best.shortest ?? Infinity))
      best = {
        name,
        verdict: 'violated',
        vacuous: false,
        expected: p.expected ?? null,
        reason: null,
        heldToDepth: null,
        trace: p.trace,
        shortest: p.shortest,
        part,
      };
  }
  if (best !== null) return best;
  const reason =
    missing.length > 0
      ? `missing part${missing.length === 1 ? '' : 's'} ${missing.join(', ')} of ${present.length + missing.length}`
      : unknownIn.length > 0
        ? `not decided in part${unknownIn.length === 1 ? '' : 's'} ${unknownIn.join(', ')}`
        : null;
  const none = { expected: null, trace: null, shortest: null, part: null };
  const heldToDepth = missing.length === 0 && heldTo > 0 && heldTo < Infinity ? heldTo : null;
  return reason === null
    ? { name, verdict: 'holds', vacuous, reason: null, heldToDepth: null, ...none }
    : { name, verdict: 'unknown', vacuous: false, reason, heldToDepth, ...none };
}

/**
 * The exit status `mmspec check` would give the whole bound: 0 when every property held or was
 * violated as the model is known to violate it, 1 otherwise (a new violation, or a verdict a
 * missing or stopped part leaves unknown).
 */
export function mergedStatus(m: MergedReport): number {
  return m.properties.every(
    (p) => p.verdict === 'holds' || (p.verdict === 'violated' && p.expected !== null),
  )
    ? 0
    : 1;
}

export function renderMergedText(m: MergedReport): string {
  const lines = [
    `mmspec merge: model ${m.model}, bound ${m.bound}, parts ${m.present.join(', ')} of ${m.parts}${m.missing.length > 0 ? ` (missing: ${m.missing.join(', ')})` : ''}`,
  ];
  for (const p of m.properties) {
    if (p.verdict === 'holds' && p.vacuous) lines.push(`  ${p.name}: ${VACUOUS_HOLDS}`);
    else if (p.verdict === 'holds')
      lines.push(`  ${p.name}: holds (every part to depth ${m.depth})`);
    else if (p.verdict === 'unknown')
      lines.push(`  ${p.name}: unknown (${p.reason ?? ''}${heldText(p.heldToDepth)})`);
    else {
      const said = p.expected === null ? 'VIOLATED' : 'violated as expected';
      lines.push(
        `  ${p.name}: ${said} (shortest run ${p.shortest === null ? '? steps' : counted(p.shortest, 'step')}, part ${p.part ?? '?'})`,
        ...(p.expected === null ? [] : [`    known: ${p.expected}`]),
      );
      if (p.trace !== null)
        lines.push(
          ...p.trace
            .trimEnd()
            .split('\n')
            .map((l) => `    ${l}`),
        );
    }
  }
  const count = (v: MergedProperty['verdict']) =>
    m.properties.filter((p) => p.verdict === v).length;
  const vacuous = m.properties.filter((p) => p.vacuous).length;
  lines.push(
    `${count('holds')} held${vacuous > 0 ? ` (${vacuous} vacuously)` : ''}, ${count('violated')} violated${count('unknown') > 0 ? `, ${count('unknown')} unknown` : ''}`,
    `states ${m.states}, transitions ${m.transitions} (sums over the parts: a state reached through first calls of several parts counts once in each), depth ${m.depth}, ${m.seconds.toFixed(1)} s over all parts, longest part ${m.longestPartSeconds.toFixed(1)} s, peak ${m.peakMB} MB`,
  );
  return `${lines.join('\n')}\n`;
}
