// The bound a command's --bound names: a named bound of src/check/kernelBounds.ts, or
// `regions=3,pages=4,depth=5,...` over the default one (src/check/kernelBound.ts).

import { DEFAULT_KERNEL_BOUND, KERNEL_BOUNDS } from './kernelBounds.js';
import { type KernelBound, parseBound } from './kernelBound.js';

/** A --bound the explorer cannot use; the message names the known bounds. */
export class BadBoundError extends Error {}

export function resolveBound(text: string | undefined): KernelBound {
  if (text === undefined) return DEFAULT_KERNEL_BOUND;
  if (text.trim() === '')
    throw new BadBoundError(
      `--bound is empty (named bounds: ${KERNEL_BOUNDS.map((b) => b.name).join(', ')})`,
    );
  const named = KERNEL_BOUNDS.find((b) => b.name === text);
  if (named !== undefined) return named;
  try {
    return parseBound(text, DEFAULT_KERNEL_BOUND);
  } catch (error) {
    throw new BadBoundError(
      `${error instanceof Error ? error.message : String(error)} (named bounds: ${KERNEL_BOUNDS.map((b) => b.name).join(', ')})`,
    );
  }
}
