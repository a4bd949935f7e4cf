// Errno values a model returned that the call's page does not list: gathered from every run
// the report saw (claims, table cells, litmus traces), each with the first trace that shows it.

import type { Program } from '../../trace/ast.js';
import type { Outcome } from '../../uapi/outcome.js';
import { callErrnos } from './checkClaims.js';
import { DOCUMENTED_ERRNOS, SOURCE_ONLY_ERRNOS } from '../../uapi/documentedErrnos.js';

export interface ErrnoOmission {
  readonly call: string;
  readonly errno: string;
  readonly page: string;
  /** The trace that returned it (a file or a table line), or the source it was read in. */
  readonly evidence: string;
  readonly byTrace: boolean;
}

export interface SeenRun {
  readonly label: string;
  readonly program: Program;
  readonly outcome: Outcome;
}

export function errnoOmissions(runs: readonly SeenRun[]): ErrnoOmission[] {
  const found = new Map<string, ErrnoOmission>();
  for (const run of runs)
    for (const { call, errno } of callErrnos(run.program.body, run.outcome)) {
      const doc = DOCUMENTED_ERRNOS[call];
      if (doc === undefined || doc.errnos.includes(errno)) continue;
      const key = `${call} ${errno}`;
      if (!found.has(key))
        found.set(key, { call, errno, page: doc.page, evidence: run.label, byTrace: true });
    }
  for (const s of SOURCE_ONLY_ERRNOS) {
    const doc = DOCUMENTED_ERRNOS[s.call];
    const key = `${s.call} ${s.errno}`;
    if (!found.has(key) && doc !== undefined && !doc.errnos.includes(s.errno))
      found.set(key, {
        call: s.call,
        errno: s.errno,
        page: doc.page,
        evidence: s.source,
        byTrace: false,
      });
  }
  return [...found.values()].sort((a, b) =>
    `${a.call} ${a.errno}`.localeCompare(`${b.call} ${b.errno}`),
  );
}
