// A model given as a file of the user's own: a module whose default export (or export named
// `model`) is a KernelModel, made with `extend` from a registered model. The file is loaded
// as it is; nothing of the repository is edited.

import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { KernelModel } from '../../src/kernel/model.js';
import { ModelFileError } from '../modelFileError.js';
import { MMSPEC_API_URL } from './mmspecModule.js';
import { sourceCaret } from './sourceCaret.js';

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
  return blamingTheFile(file, candidate);
}

/**
 * The model with each decision it overrides wrapped: an exception thrown by the file's own code
 * is the file's error (exit 2, `file: decision mmapPopulates threw: boom`), not an internal
 * error of mmspec nor a call the engine could not run.
 */
function blamingTheFile(file: string, model: KernelModel): KernelModel {
  const own = new Set<string>(model.overrides ?? Object.keys(model.decisions));
  const decisions: Record<string, unknown> = { ...model.decisions };
  for (const [name, decision] of Object.entries(model.decisions)) {
    if (!own.has(name) || typeof decision !== 'function') continue;
    const f = decision as (...args: unknown[]) => unknown;
    decisions[name] = (...args: unknown[]) => {
      try {
        return f(...args);
      } catch (error) {
        const why = error instanceof Error ? error.message : String(error);
        const message = `decision ${name} threw: ${why}`;
        const at = thrownAt(file, error);
        if (at === undefined) throw new ModelFileError(file, message);
        const word = /^\w*/.exec(at.lineText.slice(at.column - 1))?.[0].length ?? 1;
        const located = sourceCaret(file, at.source, at.line, at.column, word, message);
        throw new ModelFileError(file, located, true);
      }
    };
  }
  return { ...model, decisions: decisions as unknown as KernelModel['decisions'] };
}

/**
 * Where in `file` the exception was made: the first frame of its stack in the file (for an
 * error thrown by mmspec's own code, the file's line that called it), with the file's text
 * (read again, as the file is now). Undefined where no frame is in the file.
 */
function thrownAt(
  file: string,
  error: unknown,
): { line: number; column: number; source: string; lineText: string } | undefined {
  if (!(error instanceof Error) || error.stack === undefined) return undefined;
  for (const frame of error.stack.split('\n').slice(1)) {
    // `at f (PATH:L:C)` or `at PATH:L:C`; PATH may hold spaces and parentheses.
    const text = frame.trim();
    const m = /\((.+):(\d+):(\d+)\)$/.exec(text) ?? /^at (.+):(\d+):(\d+)$/.exec(text);
    const path = m?.[1] ?? '';
    if (m === null || resolve(path.startsWith('file:') ? fileURLToPath(path) : path) !== file)
      continue;
    let source: string;
    try {
      source = readFileSync(file, 'utf8');
    } catch {
      return undefined;
    }
    const line = Number(m[2]);
    const column = Number(m[3]);
    return { line, column, source, lineText: source.split('\n')[line - 1] ?? '' };
  }
  return undefined;
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
