// Runs traces on a model of the kernel: the Engine of src/trace/engine.ts over the pure step
// function. (Stub until the simulator lands: every model name is unknown.)

import type { Engine } from '../trace/engine.js';

/** The model a trace runs on when neither the trace nor the command line names one. */
export const DEFAULT_MODEL = 'linux-6.18';

/** Thrown when a model name is not registered; the CLI prints it with the known names. */
export class UnknownModelError extends Error {
  constructor(
    readonly model: string,
    readonly known: readonly string[],
  ) {
    super(`unknown model '${model}' (known: ${known.join(', ') || 'none'})`);
  }
}

export interface ModelSummary {
  readonly name: string;
  readonly description: string;
  readonly provenance: string;
}

export function listModels(): readonly ModelSummary[] {
  return [];
}

export function modelEngine(name: string): Engine {
  throw new UnknownModelError(name, []);
}
