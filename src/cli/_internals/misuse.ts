// What the commands report as misuse, one line and exit status 2, rather than as an internal
// error: a bad option value, an unknown model, a bad bound, no kernel executor.

import { KernelEngineUnavailable } from './kernelEngineLoader.js';
import { BadBoundError } from '../../check/resolveBound.js';
import { UnknownModelError } from '../../../models/registry.js';
import { ModelFileError } from '../../../models/modelFileError.js';

/** A command-line value a command cannot use; its message is the line the user sees. */
export class Misuse extends Error {}

export function isMisuse(error: unknown): error is Error {
  return (
    error instanceof Misuse ||
    error instanceof UnknownModelError ||
    error instanceof ModelFileError ||
    error instanceof BadBoundError ||
    error instanceof KernelEngineUnavailable
  );
}

/** `--option`'s value as a whole number of at least `min`; undefined when the option is absent. */
export function wholeOption(option: string, text: string | undefined, min = 0): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(n) || n < min)
    throw new Misuse(
      `--${option} takes a ${min > 0 ? 'positive ' : ''}whole number, got '${text}'`,
    );
  return n;
}

/**
 * What `read` returns, or undefined once its misuse is printed as `mmspec COMMAND: message`
 * (the command then exits 2); any other error is mmspec's own and goes on.
 */
export async function orMisuse<T>(
  command: string,
  stderr: { write(text: string): unknown },
  read: () => Promise<T>,
): Promise<T | undefined> {
  try {
    return await read();
  } catch (error) {
    if (!isMisuse(error)) throw error;
    stderr.write(`mmspec ${command}: ${error.message}\n`);
    return undefined;
  }
}
