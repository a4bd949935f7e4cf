// Loads the real-kernel engine lazily: `--kernel` needs src/oracle, a plain run does not, and
// the CLI must build and run before (or without) the oracle. A Debian target (`linux-6.1`) is
// fetched and booted here, before any trace, so that a missing qemu, a failed download or an
// unknown target is one message and exit 2, and the report can name the guest that ran.

import type { Engine } from '../../uapi/engine.js';

/** Thrown when the oracle cannot be loaded; the CLI prints the message and exits 2. */
export class KernelEngineUnavailable extends Error {}

// A variable, not a literal, so the compiler does not require the module to exist.
const ORACLE_MODULE = '../../oracle/kernelEngine.js';

interface GuestSummary {
  readonly release: string;
  readonly bootMs: number;
  readonly accel: { readonly accel: string; readonly why: string };
  readonly image: {
    readonly target: string;
    readonly package: string;
    readonly version: string;
    readonly fallback?: string;
  };
}

interface OracleModule {
  kernelEngine(options: {
    target: unknown;
    progress: (line: string) => void;
  }): Engine & { guest(): Promise<GuestSummary | undefined>; close(): Promise<void> };
  parseKernelTarget(name: string | true | undefined): unknown;
}

function isOracle(mod: unknown): mod is OracleModule {
  return (
    typeof mod === 'object' &&
    mod !== null &&
    'kernelEngine' in mod &&
    typeof mod.kernelEngine === 'function' &&
    'parseKernelTarget' in mod &&
    typeof mod.parseKernelTarget === 'function'
  );
}

/** The line a report prints about the guest that ran (stderr: stdout keeps its format). */
export function guestLine(g: GuestSummary): string {
  const fellBack =
    g.image.fallback === undefined ? ' (pinned)' : ` (NOT the pinned version: ${g.image.fallback})`;
  return (
    `# kernel ${g.image.target}: Debian ${g.image.package} ${g.image.version}${fellBack}; ` +
    `uname -r ${g.release}; qemu ${g.accel.accel} (${g.accel.why}); booted in ${(g.bootMs / 1000).toFixed(1)} s\n`
  );
}

/**
 * The kernel of `target`: `host` or undefined for this machine, `linux-X.Y` for a Debian kernel
 * under qemu. `progress` gets the fetch and boot lines.
 */
export async function loadKernelEngine(
  target?: string,
  progress: (line: string) => void = () => undefined,
): Promise<Engine> {
  let mod: unknown;
  try {
    mod = await import(ORACLE_MODULE);
  } catch (error) {
    const why = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new KernelEngineUnavailable(
      `the real-kernel engine (src/oracle/kernelEngine.ts) is not available: ${why ?? ''}`,
    );
  }
  if (!isOracle(mod)) {
    throw new KernelEngineUnavailable('src/oracle/kernelEngine.ts does not export kernelEngine()');
  }
  let parsed: unknown;
  try {
    parsed = mod.parseKernelTarget(target);
  } catch (error) {
    throw new KernelEngineUnavailable(error instanceof Error ? error.message : String(error));
  }
  const engine = mod.kernelEngine({ target: parsed, progress: (l) => progress(`${l}\n`) });
  try {
    const guest = await engine.guest();
    if (guest !== undefined) progress(guestLine(guest));
  } catch (error) {
    await engine.close();
    const name = error instanceof Error ? error.name : '';
    if (name === 'GuestBootError' || name === 'KernelFetchError' || name === 'ExecutorBuildError')
      throw new KernelEngineUnavailable((error as Error).message);
    throw error;
  }
  return engine;
}
