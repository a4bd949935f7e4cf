// The report of `mmspec table --verify`: a line a table (cells, disagreements, time), then each
// disagreement with the statements that differ and the trace of the cell on the kernel.

import type { Verification } from './verifyTable.js';
import { counted } from '../trace/counted.js';

export interface TimedVerification {
  readonly verification: Verification;
  readonly seconds: number;
  /** The kernel target as named (`host`, `linux-6.1`). */
  readonly target: string;
  /**
   * The model is the target's own version: a disagreement is a failure. Otherwise the target has
   * no model and what differs from the default model is only reported (observed only).
   */
  readonly own: boolean;
  /** Disagreements the kernel's record already holds (--expect): reported, not failures. */
  readonly expected?: ReadonlySet<string>;
  /** Recorded disagreements that agree now. */
  readonly nowAgree?: readonly string[];
}

/** The disagreements that fail the verification: on a modelled kernel, and not recorded. */
export function failures(r: TimedVerification): number {
  if (!r.own) return 0;
  return r.verification.disagreements.filter((d) => r.expected?.has(d.id) !== true).length;
}

export function renderVerification(runs: readonly TimedVerification[]): string {
  const out: string[] = [];
  for (const r of runs) {
    const { verification: v, seconds, target, own } = r;
    const recorded = r.expected?.size ?? 0;
    const what = own
      ? `${counted(v.disagreements.length, 'disagreement')}${recorded > 0 ? ` (${v.disagreements.length - failures(r)} as recorded)` : ''}`
      : `${counted(v.disagreements.length, 'difference')} (no model of ${target}: observed only)`;
    out.push(
      `${v.table}: ${counted(v.cells, 'cell')} on ${target} vs ${v.model}, ${what} (${seconds.toFixed(1)} s)`,
    );
    if ((r.nowAgree ?? []).length > 0)
      out.push(
        `  recorded as disagreeing, agreeing now (re-record): ${(r.nowAgree ?? []).join(' ')}`,
      );
    for (const d of v.disagreements) {
      out.push(`  line ${d.id}: ${d.reason}`);
      // A recorded disagreement is known: its trace is in the record, not repeated here.
      if (r.expected?.has(d.id) === true) continue;
      out.push(
        ...d.kernelTrace
          .trimEnd()
          .split('\n')
          .map((l) => `  | ${l}`),
      );
    }
  }
  const cells = runs.reduce((n, r) => n + r.verification.cells, 0);
  const count = (own: boolean) =>
    runs.filter((r) => r.own === own).reduce((n, r) => n + r.verification.disagreements.length, 0);
  const failing = runs.reduce((n, r) => n + failures(r), 0);
  const seconds = runs.reduce((n, r) => n + r.seconds, 0);
  const targets = [...new Set(runs.map((r) => r.target))];
  for (const t of targets) {
    const mine = runs.filter((r) => r.target === t);
    const s = mine.reduce((n, r) => n + r.seconds, 0);
    const c = mine.reduce((n, r) => n + r.verification.cells, 0);
    const d = mine.reduce((n, r) => n + r.verification.disagreements.length, 0);
    const m = mine[0]?.verification.model ?? '';
    const noun = mine[0]?.own === true ? 'disagreement' : 'difference';
    const observedOnly = mine[0]?.own === true ? '' : ' (observed only)';
    const k = mine[0]?.verification.kernel ?? t;
    out.push(
      `# ${t}: ${counted(c, 'cell')} vs ${m}, ${counted(d, noun)}${observedOnly} (${s.toFixed(1)} s); ${k}`,
    );
  }
  const observed = count(false);
  out.push(
    `# total: ${counted(runs.length, 'table')}, ${counted(cells, 'cell')}, ${counted(count(true), 'disagreement')} ` +
      `on ${targets.length} kernel${targets.length === 1 ? '' : 's'}` +
      `${failing < count(true) ? ` (${failing} not recorded)` : ''}` +
      `${observed > 0 ? `, ${counted(observed, 'difference')} on kernels without a model` : ''} (${seconds.toFixed(1)} s)`,
  );
  return `${out.join('\n')}\n`;
}
