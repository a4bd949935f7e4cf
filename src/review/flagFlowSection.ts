// The flag-flow section of a review, for one model: the decision points it overrides (along
// its chain of bases) with the kernel names each override reads and the system calls that
// reach it (src/review/decisionCallers.ts), the uapi names the model adds and which overrides
// read each, and the names no call consults. Its type is what flagFlowSection returns:
// - overrides: decision, `by` (the model whose file overrides it: the model or a base), `at`
//   (file:line), reads (kernel names), calls (the system calls that reach it);
// - constants: name, value (hex), readBy (`decision (file:line)` of each override reading it);
// - unconsulted: names the model adds that no decision point reads, so no call consults them.

import type { KernelModel } from '../kernel/model.js';
import { decisionCallers } from './decisionCallers.js';
import { overrideChain } from './flagFlow.js';

export type FlagFlowSection = ReturnType<typeof flagFlowSection>;

export function flagFlowSection(model: KernelModel, file?: string) {
  const callers = decisionCallers();
  const chain = overrideChain(model, file);
  // A decision overridden twice along the chain: the nearest override is the one that runs.
  const nearest = chain.filter((o, i) => chain.findIndex((p) => p.decision === o.decision) === i);
  const where = (o: (typeof chain)[number]) => `${o.file.split('/').slice(-2).join('/')}:${o.line}`;
  const overrides = nearest.map((o) => ({
    decision: o.decision,
    by: o.model,
    at: where(o),
    reads: o.reads,
    calls: callers.get(o.decision) ?? [],
  }));
  const constants = model.constants.map((c) => ({
    name: c.name,
    value: `0x${c.value.toString(16)}`,
    readBy: nearest
      .filter((o) => o.reads.includes(c.name))
      .map((o) => `${o.decision} (${where(o)})`),
  }));
  return {
    model: model.name,
    overrides,
    constants,
    unconsulted: constants.filter((c) => c.readBy.length === 0).map((c) => c.name),
  };
}
