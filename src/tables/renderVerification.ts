// The report of `mmspec table --verify`: a line a table (cells, disagreements, time), then each
// disagreement with the statements that differ and the trace of the cell on the kernel.

import type { Verification } from './verifyTable.js';

export interface TimedVerification {
  readonly verification: Verification;
  readonly seconds: number;
}

export function renderVerification(runs: readonly TimedVerification[]): string {
  const out: string[] = [];
  for (const { verification: v, seconds } of runs) {
    out.push(
      `${v.table}: ${v.cells} cells on ${v.kernel} vs ${v.model}, ` +
        `${v.disagreements.length} disagreements (${seconds.toFixed(1)} s)`,
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
  const bad = runs.reduce((n, r) => n + r.verification.disagreements.length, 0);
  const seconds = runs.reduce((n, r) => n + r.seconds, 0);
  out.push(
    `# total: ${runs.length} tables, ${cells} cells, ${bad} disagreements (${seconds.toFixed(1)} s)`,
  );
  return `${out.join('\n')}\n`;
}
