// Restatements that speak page by page: for each region of the trace, a `pages` check with
// the letter the invariant demands at the pages it picks and `?` elsewhere.

import type { CheckStmt } from '../../../src/trace/ast.js';
import { checkPages } from '../../../src/trace/syntax.js';
import type { TraceView } from '../specInvariant.js';

/** `pick(vpn)`: the letter (or `[...]` class) demanded at that page, null for any. */
export function pagePatterns(trace: TraceView, pick: (vpn: number) => string | null): CheckStmt[] {
  const checks: CheckStmt[] = [];
  for (const r of trace.regions) {
    let picked = false;
    let pattern = '';
    for (let i = 0; i < r.pages; i++) {
      const want = pick(r.firstVpn + i);
      if (want !== null) picked = true;
      pattern += want ?? '?';
    }
    if (picked) checks.push(checkPages(r.at(0), r.pages, pattern));
  }
  return checks;
}
