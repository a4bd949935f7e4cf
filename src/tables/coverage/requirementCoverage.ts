// Requirement coverage: for every call, each errno the model can return and each error branch
// of its validation, the litmus traces, table cells and man-page claims that exercise it; and
// what nothing exercises. Every run is made on the model under V8's block coverage.

import type { Program } from '../../trace/ast.js';
import type { Constants } from '../../trace/bindings.js';
import { runProgram } from '../../trace/runner.js';
import type { Engine } from '../../uapi/engine.js';
import { callErrnos } from '../manpages/checkClaims.js';
import type { ErrorSite } from './errorSites.js';
import { SiteCoverage } from './siteCoverage.js';

export interface LabelledProgram {
  /** `spec/litmus/X.mmt`, `mmspec table NAME --trace ID`, `spec/manpages/X.mmt` */
  readonly label: string;
  readonly kind: 'litmus' | 'table' | 'claim';
  readonly program: Program;
  readonly constants: Constants;
}

export interface CallCoverage {
  readonly call: string;
  /** errno -> the runs that got it from this call */
  readonly errnos: ReadonlyMap<string, readonly string[]>;
  /** The call's error branches, each with the runs that went through it. */
  readonly sites: readonly { readonly site: ErrorSite; readonly runs: readonly string[] }[];
}

export interface RequirementCoverage {
  readonly runs: number;
  readonly calls: readonly CallCoverage[];
}

export async function requirementCoverage(
  programs: readonly LabelledProgram[],
  sites: readonly ErrorSite[],
  model: Engine,
  onRun?: () => void,
): Promise<RequirementCoverage> {
  const bySite = new Map<string, string[]>(sites.map((s) => [s.id, []]));
  const byErrno = new Map<string, Map<string, string[]>>();
  const coverage = new SiteCoverage();
  await coverage.start();
  try {
    await coverage.take(sites);
    for (const p of programs) {
      const outcome = await runProgram(p.program, model, { constants: p.constants });
      for (const id of await coverage.take(sites)) bySite.get(id)?.push(p.label);
      for (const { call, errno } of callErrnos(p.program.body, outcome)) {
        const perCall = byErrno.get(call) ?? new Map<string, string[]>();
        byErrno.set(call, perCall);
        const list = perCall.get(errno) ?? [];
        if (list.at(-1) !== p.label) list.push(p.label);
        perCall.set(errno, list);
      }
      onRun?.();
    }
  } finally {
    await coverage.stop();
  }
  const calls = [...new Set(sites.flatMap((s) => s.calls))].sort().map((call): CallCoverage => {
    const mine = sites.filter((s) => s.calls.includes(call));
    const possible = [...new Set(mine.flatMap((s) => s.errnos))].sort();
    const seen = byErrno.get(call) ?? new Map<string, string[]>();
    const errnos = new Map(possible.map((e) => [e, seen.get(e) ?? []]));
    for (const [e, runs] of seen) if (!errnos.has(e)) errnos.set(e, runs);
    return { call, errnos, sites: mine.map((site) => ({ site, runs: bySite.get(site.id) ?? [] })) };
  });
  return { runs: programs.length, calls };
}
