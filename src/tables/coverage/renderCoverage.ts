// `mmspec coverage` as text: a section a call (its errno values and error branches, each with
// how many litmus traces, table cells and claims reach it and the first few), then everything
// nothing exercises.

import type { RequirementCoverage } from './requirementCoverage.js';
import { counted } from '../../trace/counted.js';

const SHOWN = 3;

function evidence(runs: readonly string[]): string {
  if (runs.length === 0) return 'NOTHING';
  const litmus = runs.filter((r) => r.startsWith('spec/litmus')).length;
  const cells = runs.filter((r) => r.startsWith('mmspec table')).length;
  const claims = runs.filter((r) => r.startsWith('spec/manpages')).length;
  const first = runs.slice(0, SHOWN).join('; ');
  return `${litmus} litmus, ${cells} cells, ${claims} claims: ${first}${runs.length > SHOWN ? '; ...' : ''}`;
}

export function renderCoverage(c: RequirementCoverage): string {
  const out: string[] = [`mmspec coverage: ${counted(c.runs, 'trace')} run on the model`];
  const missing: string[] = [];
  for (const call of c.calls) {
    out.push('', `${call.call}`);
    for (const [errno, runs] of call.errnos) {
      out.push(`  returns ${errno}: ${evidence(runs)}`);
      if (runs.length === 0) missing.push(`${call.call} never returned ${errno}`);
    }
    for (const { site, runs } of call.sites) {
      out.push(`  branch ${site.id} [${site.errnos.join('/')}] ${site.source}`);
      out.push(`    ${evidence(runs)}`);
      if (runs.length === 0)
        missing.push(`${call.call}: branch ${site.id} [${site.errnos.join('/')}] ${site.source}`);
    }
  }
  const unique = [...new Set(missing)];
  out.push('', `Exercised by nothing (${unique.length}):`, ...unique.map((m) => `  ${m}`));
  const branches = new Set(c.calls.flatMap((k) => k.sites.map((s) => s.site.id)));
  const hit = new Set(
    c.calls.flatMap((k) => k.sites.filter((s) => s.runs.length > 0).map((s) => s.site.id)),
  );
  out.push(
    '',
    `# total: ${hit.size} of ${branches.size} error branches exercised; ${unique.length} gaps listed`,
  );
  return `${out.join('\n')}\n`;
}
