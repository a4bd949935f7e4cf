// The one registry of models every command, test and proof resolves a name through: the
// registered kernel versions and proposals (listed by `mmspec models`), the planted-bug models
// (`planted:NAME`, which exist to show the checks can fail), and a model given as the path of a
// TypeScript or JavaScript file of the user's own, which extends a registered one.

import { resolve as resolvePath } from 'node:path';
import type { KernelModel } from '../src/kernel/model.js';
import { linux618 } from './linux-6.18.js';
import { linux44 } from './linux-4.4.js';
import { linux43 } from './linux-4.3.js';
import { linux38 } from './linux-3.8.js';
import { rfcVmPopulate } from './rfc-vm-populate.js';
import { rfcLockonfaultV6 } from './rfc-lockonfault-v6.js';
import { proposalMapLockonfault } from './proposal-map-lockonfault.js';
import { proposalMapFaultpopulate } from './proposal-map-faultpopulate.js';
import { proposalMlockallTwoOnfault } from './proposal-mlockall-two-onfault.js';
import { proposalMlockallSymmetric } from './proposal-mlockall-symmetric.js';
import { rfcMadvPopulate } from './rfc-madv-populate.js';
import { linux612 } from './linux-6.12.js';
import { linux73 } from './linux-7.3.js';
import { linux61 } from './linux-6.1.js';
import { nommu } from './nommu.js';
import { linux510 } from './linux-5.10.js';
import { PLANTED } from './planted.js';
import { PLANTED_PROMISES } from './plantedPromises.js';
import { isModelPath, loadModelFile } from './_internals/loadModelFile.js';
import { modelFileErrorAt } from './_internals/blameTheFile.js';
import { packageFile } from '../src/package/packageRoot.js';
import { unknownName } from '../src/uapi/closest.js';

/** src/kernel/linuxDecisions.ts, for the flag-flow analysis (src/review/flagFlow.ts). */
export const LINUX_DECISIONS_SOURCE = packageFile('src', 'kernel', 'linuxDecisions.ts');

export { ModelFileError } from './modelFileError.js';
export { isModelPath } from './_internals/loadModelFile.js';

/** The model a trace runs on when neither the trace nor the command line names one. */
export const DEFAULT_MODEL = 'linux-6.18';

/** Kernel versions and proposed designs, in the order `mmspec models` lists them. */
export const REGISTERED: readonly KernelModel[] = [
  linux618,
  linux73,
  linux612,
  linux61,
  linux510,
  linux44,
  linux43,
  linux38,
  rfcVmPopulate,
  nommu,
  rfcLockonfaultV6,
  proposalMapLockonfault,
  proposalMapFaultpopulate,
  proposalMlockallTwoOnfault,
  proposalMlockallSymmetric,
  rfcMadvPopulate,
];

/** Thrown for a name no model has; the CLI prints it with the known names, exit status 2. */
export class UnknownModelError extends Error {
  constructor(
    readonly model: string,
    readonly known: readonly string[],
  ) {
    super(unknownName('model', model, known));
    this.name = 'UnknownModelError';
  }
}

export type ModelKind = 'registered' | 'planted' | 'file';

export interface ModelSummary {
  readonly name: string;
  readonly kind: ModelKind;
  readonly description: string;
  readonly provenance: string;
  /** The model it extends, and the decision points it replaces there. */
  readonly base?: string;
  readonly overrides: readonly string[];
  /** uapi names it adds to the trace language. */
  readonly constants: readonly string[];
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
    ...(m.base === undefined ? {} : { base: m.base }),
    overrides: m.overrides ?? [],
    constants: m.constants.map((c) => c.name),
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
/**
 * How another thread names the same model: a registered or planted name as it is, a file as
 * its absolute path (a worker resolves it the same way, whatever its directory).
 */
export function modelRef(nameOrPath: string): string {
  return isModelPath(nameOrPath) ? resolvePath(nameOrPath) : nameOrPath;
}

export async function resolveModel(nameOrPath: string): Promise<KernelModel> {
  if (!isModelPath(nameOrPath)) return getModel(nameOrPath);
  // A registered model's own file (models/NAME.ts) is that model: it imports its base by a
  // relative path, which a file loaded on its own cannot follow.
  const file = resolvePath(nameOrPath);
  const own = REGISTERED.find((m) => modelSource(m.name) === file);
  if (own !== undefined) return own;
  const model = await loadModelFile(nameOrPath);
  // Two models of one name would read as one in every report (review's A and B, run's header).
  if (findModel(model.name) !== undefined)
    throw modelFileErrorAt(
      file,
      `the model is named '${model.name}', as a registered model is: give it a name of its own`,
      { modelName: model.name },
    );
  return model;
}

/** The registered models that add the uapi name `name` (for "not on this model" messages). */
export function modelsAdding(name: string): readonly string[] {
  return REGISTERED.filter((m) => m.constants.some((c) => c.name === name)).map((m) => m.name);
}

/**
 * The TypeScript source a model is written in, for the analyses that read it with ts-morph:
 * models/NAME.ts for a registered model, models/planted.ts or plantedPromises.ts for a planted
 * one (the file that defines it), the file itself for a model file; undefined when there is
 * none to read.
 */
export function modelSource(nameOrPath: string): string | undefined {
  if (isModelPath(nameOrPath)) return resolvePath(nameOrPath);
  // The promise-breaking planted models have their own file; the rest are in planted.ts.
  if (PLANTED_PROMISES.some((m) => m.name === nameOrPath))
    return packageFile('models', 'plantedPromises.ts');
  if (PLANTED.some((m) => m.name === nameOrPath)) return packageFile('models', 'planted.ts');
  if (REGISTERED.some((m) => m.name === nameOrPath))
    return packageFile('models', `${nameOrPath}.ts`);
  return undefined;
}
