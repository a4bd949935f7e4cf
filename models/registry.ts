// The one registry of models every command, test and proof resolves a name through: the
// registered kernel versions and proposals (listed by `mmspec models`), the planted-bug models
// (`planted:NAME`, which exist to show the checks can fail), and a model given as the path of a
// TypeScript or JavaScript file of the user's own, which extends a registered one.

import type { KernelModel } from '../src/kernel/model.js';
import { linux618 } from './linux-6.18.js';
import { linux612 } from './linux-6.12.js';
import { linux73 } from './linux-7.3.js';
import { linux61 } from './linux-6.1.js';
import { PLANTED } from './planted.js';
import { isModelPath, loadModelFile } from './_internals/loadModelFile.js';

export { ModelFileError } from './modelFileError.js';

/** The model a trace runs on when neither the trace nor the command line names one. */
export const DEFAULT_MODEL = 'linux-6.18';

/** Kernel versions and proposed designs, in the order `mmspec models` lists them. */
export const REGISTERED: readonly KernelModel[] = [linux618, linux612, linux73, linux61];

/** Thrown for a name no model has; the CLI prints it with the known names, exit status 2. */
export class UnknownModelError extends Error {
  constructor(
    readonly model: string,
    readonly known: readonly string[],
  ) {
    super(`unknown model '${model}' (known: ${known.join(', ') || 'none'})`);
    this.name = 'UnknownModelError';
  }
}

export type ModelKind = 'registered' | 'planted' | 'file';

export interface ModelSummary {
  readonly name: string;
  readonly kind: ModelKind;
  readonly description: string;
  readonly provenance: string;
}

/** Every name `findModel` knows: the registered models, then the planted ones. */
export function modelNames(): readonly string[] {
  return [...REGISTERED, ...PLANTED].map((m) => m.name);
}

export function listModels(): readonly ModelSummary[] {
  const summary = (kind: ModelKind) => (m: KernelModel) => ({
    name: m.name,
    kind,
    description: m.description,
    provenance: m.provenance,
  });
  return [...REGISTERED.map(summary('registered')), ...PLANTED.map(summary('planted'))];
}

/** A registered or planted model by name, or undefined. Files need `resolveModel`. */
export function findModel(name: string): KernelModel | undefined {
  return REGISTERED.find((m) => m.name === name) ?? PLANTED.find((m) => m.name === name);
}

/** A registered or planted model by name; throws UnknownModelError for any other name. */
export function getModel(name: string): KernelModel {
  const model = findModel(name);
  if (model === undefined) throw new UnknownModelError(name, modelNames());
  return model;
}

/**
 * What a command's `--model`, a trace's `model` directive or a worker thread names: a
 * registered or planted model, or a file (`./my-proposal.ts`, anything with a `/` or ending in
 * `.ts`, `.mts`, `.js`, `.mjs`). Throws UnknownModelError, or ModelFileError for a file that
 * cannot be loaded.
 */
export async function resolveModel(nameOrPath: string): Promise<KernelModel> {
  if (isModelPath(nameOrPath)) return loadModelFile(nameOrPath);
  return getModel(nameOrPath);
}
