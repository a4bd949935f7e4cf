// A model given as a file of the user's own: a module whose default export (or export named
// `model`) is a KernelModel, made with `extend` from a registered model. The file is loaded
// as it is; nothing of the repository is edited.

import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { KernelModel } from '../../src/kernel/model.js';
import { ModelFileError } from '../modelFileError.js';
import { MMSPEC_API_URL } from './mmspecModule.js';
import { blamingTheFile, evaluationError } from './blameTheFile.js';

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

const TYPESCRIPT = /\.m?ts$/;

/** How a model file is compiled (with an inline source map): a compiled copy of another form is not used. */
const EMITTED_AS = 'esm+inline-source-map';

/**
 * A TypeScript model file, type-checked and compiled once per content: the JavaScript is kept
 * under the system's temporary directory by a hash of the source, so worker threads (and the
 * next command) import it without checking it again.
 */
async function compiled(file: string): Promise<string> {
  let source: string;
  try {
    source = await readFile(file, 'utf8');
  } catch (error) {
    const code = error instanceof Error && 'code' in error ? String(error.code) : 'unreadable';
    throw new ModelFileError(file, `cannot read the model (${code})`);
  }
  // The compiled file imports this installation's 'mmspec' by its URL: another installation
  // (another clone, another version) compiles its own copy.
  const hash = createHash('sha256')
    .update(EMITTED_AS)
    .update(MMSPEC_API_URL)
    .update('\0')
    .update(file)
    .update('\0')
    .update(source)
    .digest('hex');
  const dir = join(tmpdir(), 'mmspec-models');
  const out = join(dir, `${hash.slice(0, 24)}.mjs`);
  if (existsSync(out)) return out;
  const { emitModelFile, typeCheckModelFile } = await import('./compileModelFile.js');
  typeCheckModelFile(file, source);
  await mkdir(dir, { recursive: true });
  await writeFile(out, emitModelFile(file, source));
  return out;
}

async function importModel(file: string): Promise<KernelModel> {
  let module: unknown;
  const typescript = TYPESCRIPT.test(file);
  const target = typescript ? await compiled(file) : file;
  // Stack frames in the compiled module read as lines of the file (blamingTheFile).
  if (typescript) process.setSourceMapsEnabled(true);
  try {
    module = await import(pathToFileURL(target).href);
  } catch (error) {
    throw evaluationError(file, error);
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
  return { ...blamingTheFile(file, candidate), file };
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
