// The model a command's --model (or a trace's `model` directive) names: a registered model
// (models/), or a planted one named `planted:NAME` (proofs/plantedModels.ts), which only an
// explicit name reaches and `mmspec models` does not list.

import { findModel, MODELS } from '../../../models/index.js';
import { findPlanted } from '../../../proofs/plantedModels.js';
import type { KernelModel } from '../../kernel/model.js';
import { UnknownModelError } from '../../kernel/modelEngine.js';

export function resolveModel(name: string): KernelModel {
  const m = findModel(name) ?? findPlanted(name);
  if (m === undefined)
    throw new UnknownModelError(name, [
      ...MODELS.map((x) => x.name),
      'planted:NAME (proofs/plantedModels.ts)',
    ]);
  return m;
}
