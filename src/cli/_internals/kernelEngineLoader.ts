// Loads the real-kernel engine lazily: `--kernel` needs src/oracle, a plain run does not, and
// the CLI must build and run before (or without) the oracle.

import type { Engine } from '../../uapi/engine.js';

/** Thrown when the oracle cannot be loaded; the CLI prints the message and exits 2. */
export class KernelEngineUnavailable extends Error {}

// A variable, not a literal, so the compiler does not require the module to exist.
const ORACLE_MODULE = '../../oracle/kernelEngine.js';

export async function loadKernelEngine(): Promise<Engine> {
  let mod: unknown;
  try {
    mod = await import(ORACLE_MODULE);
  } catch (error) {
    const why = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new KernelEngineUnavailable(
      `the real-kernel engine (src/oracle/kernelEngine.ts) is not available: ${why ?? ''}`,
    );
  }
  const factory =
    typeof mod === 'object' && mod !== null && 'kernelEngine' in mod ? mod.kernelEngine : undefined;
  if (typeof factory !== 'function') {
    throw new KernelEngineUnavailable('src/oracle/kernelEngine.ts does not export kernelEngine()');
  }
  return (factory as () => Engine)();
}
