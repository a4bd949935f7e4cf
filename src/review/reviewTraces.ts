// Every trace a review prints, as files to run (`mmspec review --traces DIR`): a reviewer runs
// them on the models and on real kernels (`mmspec run --kernel host DIR/*.mmt`) to see which
// design a kernel behaves as. Each file is named after what it shows.

import type { ReviewReport } from './reviewModels.js';

export interface ReviewTrace {
  /** `difference-1-mmap.mmt`, `invariant-NAME-A.mmt`, `law-NAME-B-left.mmt`. */
  readonly file: string;
  readonly text: string;
}

export function reviewTraces(r: ReviewReport): ReviewTrace[] {
  const out: ReviewTrace[] = [];
  // Numbered to the width of the count, so that the files sort as the report lists them.
  const width = String(r.differences.kinds.length).length;
  for (const [i, k] of r.differences.kinds.entries())
    out.push({
      file: `difference-${String(i + 1).padStart(width, '0')}-${k.call.split(' ')[0]}.mmt`,
      text: k.shortest.trace.text,
    });
  for (const inv of r.invariants) {
    if (inv.traceA !== undefined)
      out.push({ file: `invariant-${inv.name}-A.mmt`, text: inv.traceA });
    if (inv.traceB !== undefined)
      out.push({ file: `invariant-${inv.name}-B.mmt`, text: inv.traceB });
  }
  for (const l of r.laws)
    for (const [side, v] of [
      ['A', l.a],
      ['B', l.b],
    ] as const) {
      const traces = v.counterexample?.traces;
      if (traces === undefined) continue;
      out.push({ file: `law-${l.name}-${side}-left.mmt`, text: traces.left });
      out.push({ file: `law-${l.name}-${side}-right.mmt`, text: traces.right });
    }
  return out;
}
