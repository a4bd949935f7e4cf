// A model given as a file of the user's own: a module whose default export (or export named
// `model`) is a KernelModel, made with `extend` from a registered model. The file is loaded
// as it is; nothing of the repository is edited.

import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { KernelModel } from '../../src/kernel/model.js';
import { ModelFileError } from '../modelFileError.js';

const MODEL_FILE = /\.(?:[cm]?[jt]s)$/;

/** A `--model` value names a file when it has a path separator or a script's extension. */
export function isModelPath(nameOrPath: string): boolean {
  return nameOrPath.includes('/') || MODEL_FILE.test(nameOrPath);
}

const loaded = new Map<string, Promise<KernelModel>>();

/** The model a file exports; loaded once per process, so workers and commands share it. */
export function loadModelFile(path: string): Promise<KernelModel> {
  const file = resolve(path);
  let model = loaded.get(file);
  if (model === undefined) {
    model = importModel(file);
    loaded.set(file, model);
  }
  return model;
}

async function importModel(file: string): Promise<KernelModel> {
  let module: unknown;
  try {
    module = await import(pathToFileURL(file).href);
  } catch (error) {
    const why = error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
    throw new ModelFileError(file, `cannot load the model (${why})`);
  }
  const exports = (typeof module === 'object' && module !== null ? module : {}) as Record<
    string,
    unknown
  >;
  const candidate = exports['default'] ?? exports['model'];
  if (!isKernelModel(candidate))
    throw new ModelFileError(
      file,
      'exports no model: expected `export default extend(base, { name, description, provenance, decisions })`',
    );
  return candidate;
}

function isKernelModel(value: unknown): value is KernelModel {
  if (typeof value !== 'object' || value === null) return false;
  const m = value as Record<string, unknown>;
  return (
    typeof m['name'] === 'string' &&
    typeof m['decisions'] === 'object' &&
    m['decisions'] !== null &&
    Array.isArray(m['constants'])
  );
}
