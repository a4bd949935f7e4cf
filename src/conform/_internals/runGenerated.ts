// A generated trace from its steps to its verdict: rendered, resolved against the candidate's
// vocabulary, run on both engines.

import { resolveProgram } from '../../trace/resolve.js';
import type { ConformContext } from '../conformContext.js';
import { differential, type Verdict } from '../differential.js';
import type { ConformTrace } from '../op.js';
import { renderTrace, type RenderedTrace } from '../renderTrace.js';
import { reproducer } from '../reproducer.js';

export interface GeneratedRun {
  readonly rendered: RenderedTrace;
  readonly verdict: Verdict;
  /** The reproducer, for a disagreement. */
  readonly reproducer?: string;
}

export async function runGenerated(
  trace: ConformTrace,
  ctx: ConformContext,
  file = '<conform>',
): Promise<GeneratedRun> {
  const rendered = renderTrace(trace, file);
  const constants = resolveProgram(rendered.program, { extraConstants: ctx.constants });
  const verdict = await differential(rendered.program, constants, ctx.engines);
  if (verdict.kind !== 'disagree') return { rendered, verdict };
  return { rendered, verdict, reproducer: reproducer(rendered.program, verdict, constants) };
}

/** Steps after the prefix; a non-default setup is one. */
export function depthOf(rendered: RenderedTrace): number {
  return rendered.steps.length + (rendered.directives.length > 0 ? 1 : 0);
}
