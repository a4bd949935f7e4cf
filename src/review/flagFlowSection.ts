// The flag-flow section of a review, for one model: the decision points it overrides (along
// its chain of bases) with the kernel names each override reads and the system calls that
// reach it (src/review/decisionCallers.ts), the uapi names the model adds and which overrides
// read each, and the names no call consults.

import type { KernelModel } from '../kernel/model.js';
import { decisionCallers } from './decisionCallers.js';
import { overrideChain } from './flagFlow.js';

export interface OverrideFlow {
  readonly decision: string;
  /** The model whose file overrides it (the model itself or one of its bases). */
  readonly by: string;
  readonly at: string;
  readonly reads: readonly string[];
  readonly calls: readonly string[];
}

export interface ConstantFlow {
  readonly name: string;
  readonly value: string;
  /** `decision (file:line)` for each override that reads the name. */
  readonly readBy: readonly string[];
}

export interface FlagFlowSection {
  readonly model: string;
  readonly overrides: readonly OverrideFlow[];
  readonly constants: readonly ConstantFlow[];
  /** Names the model adds that no decision point reads: no call consults them. */
  readonly unconsulted: readonly string[];
}

export function flagFlowSection(model: KernelModel, file?: string): FlagFlowSection {
  const callers = decisionCallers();
  const chain = overrideChain(model, file);
  // A decision overridden twice along the chain: the nearest override is the one that runs.
  const nearest = chain.filter((o, i) => chain.findIndex((p) => p.decision === o.decision) === i);
  const overrides = nearest.map((o) => ({
    decision: o.decision,
    by: o.model,
    at: `${o.file.split('/').slice(-2).join('/')}:${o.line}`,
    reads: o.reads,
    calls: callers.get(o.decision) ?? [],
  }));
  const constants = model.constants.map((c) => ({
    name: c.name,
    value: `0x${c.value.toString(16)}`,
    readBy: nearest
      .filter((o) => o.reads.includes(c.name))
      .map((o) => `${o.decision} (${o.file.split('/').slice(-2).join('/')}:${o.line})`),
  }));
  return {
    model: model.name,
    overrides,
    constants,
    unconsulted: constants.filter((c) => c.readBy.length === 0).map((c) => c.name),
  };
}
