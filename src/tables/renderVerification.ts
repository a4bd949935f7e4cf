// The report of `mmspec table --verify`: a line a table (cells, disagreements, time), then each
// disagreement with the statements that differ and the trace of the cell on the kernel.

import type { Verification } from './verifyTable.js';

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
}

export function renderVerification(runs: readonly TimedVerification[]): string {
  const out: string[] = [];
  for (const { verification: v, seconds, target, own } of runs) {
    const what = own
      ? `${v.disagreements.length} disagreements`
      : `${v.disagreements.length} differences (no model of ${target}: observed only)`;
    out.push(
      `${v.table}: ${v.cells} cells on ${target} vs ${v.model}, ${what} (${seconds.toFixed(1)} s)`,
    );
    for (const d of v.disagreements) {
      out.push(`  line ${d.id}: ${d.reason}`);
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
  const seconds = runs.reduce((n, r) => n + r.seconds, 0);
  const targets = [...new Set(runs.map((r) => r.target))];
  for (const t of targets) {
    const mine = runs.filter((r) => r.target === t);
    const s = mine.reduce((n, r) => n + r.seconds, 0);
    const c = mine.reduce((n, r) => n + r.verification.cells, 0);
    const d = mine.reduce((n, r) => n + r.verification.disagreements.length, 0);
    const m = mine[0]?.verification.model ?? '';
    const noun = mine[0]?.own === true ? 'disagreements' : 'differences (observed only)';
    const k = mine[0]?.verification.kernel ?? t;
    out.push(`# ${t}: ${c} cells vs ${m}, ${d} ${noun} (${s.toFixed(1)} s); ${k}`);
  }
  const observed = count(false);
  out.push(
    `# total: ${runs.length} tables, ${cells} cells, ${count(true)} disagreements ` +
      `on ${targets.length} kernel${targets.length === 1 ? '' : 's'}` +
      `${observed > 0 ? `, ${observed} differences on kernels without a model` : ''} (${seconds.toFixed(1)} s)`,
  );
  return `${out.join('\n')}\n`;
}
