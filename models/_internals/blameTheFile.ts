// A model file's own faults, reported at the file's line and column with the line and a caret
// (exit 2): an exception its code throws while the module is evaluated or while a decision
// runs, a decision that returns undefined, a change `extend` refuses. Not an internal error of
// mmspec, nor a call the engine could not run.

import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { KernelModel } from '../../src/kernel/model.js';
import { ModelFileError } from '../modelFileError.js';
import { sourceCaret } from './sourceCaret.js';
import { whereInModelFile, type ModelPart, type SourceSpan } from './whereInModelFile.js';

/** The file's text as it is now, or undefined when it can no longer be read. */
function sourceOf(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** `message` at the span `where` finds in the file's source; undefined where it finds none. */
function errorAt(
  file: string,
  message: string,
  where: (source: string) => SourceSpan | undefined,
): ModelFileError | undefined {
  const source = sourceOf(file);
  const at = source === undefined ? undefined : where(source);
  if (source === undefined || at === undefined) return undefined;
  return new ModelFileError(
    file,
    sourceCaret(file, source, at.line, at.column, at.width, message),
    true,
  );
}

const partAt = (file: string, message: string, part: ModelPart) =>
  errorAt(file, message, (source) => whereInModelFile(file, source, part));

/**
 * `message` at the part of the model the file writes (its name, a constant, an override), or
 * at the file alone where it does not write that part literally.
 */
export function modelFileErrorAt(file: string, message: string, part: ModelPart): ModelFileError {
  return partAt(file, message, part) ?? new ModelFileError(file, message);
}

/** `message` where `error` was made in the file (its stack), the word there underlined. */
function thrownError(file: string, error: unknown, message: string): ModelFileError | undefined {
  return errorAt(file, message, (source) => {
    const at = thrownAt(file, error);
    if (at === undefined) return undefined;
    const lineText = source.split('\n')[at.line - 1] ?? '';
    const width = /^\w*/.exec(lineText.slice(at.column - 1))?.[0].length ?? 1;
    return { ...at, width };
  });
}

/**
 * Why the file's module could not be evaluated: a change `extend` refused, at the constant it
 * names (its name or its value); any other exception where the file threw it or called what
 * threw (`getModel('linux-6.81')`); at the file alone when no frame of the stack is in it.
 */
export function evaluationError(file: string, error: unknown): ModelFileError {
  const why = error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
  // By name, not instanceof: the file runs against the compiled mmspec (dist/), which under
  // vitest is another copy of ModelChangeError than the one this module would import.
  const change = error as { name?: unknown; constant?: unknown; field?: unknown };
  if (
    change.name === 'ModelChangeError' &&
    typeof change.constant === 'string' &&
    (change.field === 'name' || change.field === 'value')
  ) {
    const located = partAt(file, why, { constant: change.constant, field: change.field });
    if (located !== undefined) return located;
  }
  return (
    thrownError(file, error, `cannot load the model: ${why}`) ??
    new ModelFileError(file, `cannot load the model (${why})`)
  );
}

/**
 * The model with each decision it overrides wrapped, so that the file's faults are the file's
 * errors: `decision mmapPopulates threw: boom` where it threw, `decision mmapVmFlagBits
 * returned undefined` at the override (an `as any` hides a missing value from the type check,
 * and the simulator would read it as no flags). Registered models are type-checked code of the
 * repository and go unwrapped: the explorer's hot path pays one `=== undefined` for a file.
 */
export function blamingTheFile(file: string, model: KernelModel): KernelModel {
  const own = new Set<string>(model.overrides ?? Object.keys(model.decisions));
  const decisions: Record<string, unknown> = { ...model.decisions };
  for (const [name, decision] of Object.entries(model.decisions)) {
    if (!own.has(name)) continue;
    if (decision === undefined)
      throw modelFileErrorAt(file, `decision ${name} is undefined: expected a value of its type`, {
        decision: name,
      });
    if (typeof decision !== 'function') continue;
    const f = decision as (...args: unknown[]) => unknown;
    decisions[name] = (...args: unknown[]) => {
      let result: unknown;
      try {
        result = f(...args);
      } catch (error) {
        const message = `decision ${name} threw: ${error instanceof Error ? error.message : String(error)}`;
        throw thrownError(file, error, message) ?? new ModelFileError(file, message);
      }
      // undefined only: null is a value several decision points return (mlockallVmaLockBits:
      // leave the VMAs as they are; populateGupFlags: populate nothing).
      if (result === undefined)
        throw modelFileErrorAt(
          file,
          `decision ${name} returned undefined: expected a value of its type for every input`,
          { decision: name },
        );
      return result;
    };
  }
  return { ...model, decisions: decisions as unknown as KernelModel['decisions'] };
}

/**
 * Where in `file` the exception was made: the first frame of its stack in the file (for an
 * error thrown by mmspec's own code, the file's line that called it). Undefined where no frame
 * is in the file.
 */
function thrownAt(file: string, error: unknown): { line: number; column: number } | undefined {
  if (!(error instanceof Error) || error.stack === undefined) return undefined;
  for (const frame of error.stack.split('\n').slice(1)) {
    // `at f (PATH:L:C)` or `at PATH:L:C`; PATH may hold spaces and parentheses.
    const text = frame.trim();
    const m = /\((.+):(\d+):(\d+)\)$/.exec(text) ?? /^at (.+):(\d+):(\d+)$/.exec(text);
    const path = m?.[1] ?? '';
    if (m === null || resolve(path.startsWith('file:') ? fileURLToPath(path) : path) !== file)
      continue;
    return { line: Number(m[2]), column: Number(m[3]) };
  }
  return undefined;
}
